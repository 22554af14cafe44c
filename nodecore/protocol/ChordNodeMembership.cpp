// ChordNode, membership: leave, strays, ring walks and manual wiring (join: ChordNodeJoin.cpp).
#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <QSet>

#include <chrono>
#include <vector>

namespace Chord {

using namespace detail;

QCoro::Task<PeerResult<Neighbors>> ChordNode::resolve(Endpoint peer) {
    NodeRef ref{peer.name, peer.host, peer.port, 0};
    co_return co_await m_client->neighbors(ref);
}

QCoro::Task<PeerResult<NodeRef>> ChordNode::routeFrom(NodeRef start, Id id, quint64 ringToken) {
    const Route r = co_await route(start, id, ringToken);
    if (r.ok)
        co_return PeerResult<NodeRef>{r.owner};
    co_return PeerResult<NodeRef>::failure(r.error, r.status);
}

Id ChordNode::pickInArc(Id from, Id to) const {
    // The middle third of the arc, at random: as balanced as the midpoint, but two nodes that
    // join into the same arc at the same moment do not pick the same identifier.
    const quint64 gap = from == to ? m_space.mask() : m_space.distance(from, to);
    if (gap < 6)
        return m_space.midpoint(from, to);
    const quint64 third = gap / 3;
    return m_space.add(from, third + m_scheduler->bounded(third + 1));
}

QCoro::Task<> ChordNode::pushForeignItems() {
    // A node that held keys before it joined brings them in: every copy outside its own arc
    // goes to its rightful owner, then is dropped here.
    if (!m_pred)
        co_return;
    const int moved = co_await pushToOwners(m_store.itemsIn(m_self.id, m_pred->id), true);
    if (moved)
        record({.type = QString::fromUtf8("handoff-out"),
                .detail = QString::fromUtf8("keys brought in by joining"),
                .count = moved});
}

QCoro::Task<> ChordNode::pushStrays() {
    // Copies beyond the arcs we keep copies of: what a separated part of the ring held while
    // it was apart (a partition healed), or what a failed hand-off left here. Each goes to its
    // owner once, merged there by version, and again if a node hands it back (takeCopies: the
    // node a lookup named took us for the owner). It stays here: an owner whose successor list is
    // briefly wrong may place a real replica on us, and only the owner's silence
    // (retireStale) tells a stray from that.
    const std::optional<Id> start = copyRangeStart();
    if (!start)
        co_return;
    QList<Item> strays;
    for (const Item &item : m_store.itemsIn(m_self.id, *start)) {
        const auto pushed = m_strayPushed.constFind(item.key);
        if (pushed == m_strayPushed.cend() || *pushed != item.version)
            strays.append(item);
    }
    if (m_strayPushed.size() > 4 * m_store.size() + 64)
        m_strayPushed.clear(); // forget keys dropped since; at worst they are pushed again
    const int moved = co_await pushToOwners(strays, false);
    if (moved)
        record({.type = QString::fromUtf8("handoff-out"),
                .detail = QString::fromUtf8("copies outside the arcs kept here"),
                .count = moved});
}

QCoro::Task<> ChordNode::retireStale() {
    // Copies outside our arc that no owner confirmed for a long time (no replica sync touched
    // them): junk of an arc that moved on, or the last copy of a key whose owner has not
    // synchronised with us yet -- a node that took 30 s to join (chord-sim --seed 1357 --mix
    // all lost a key that way). Each goes to its owner first, and is dropped only once an
    // owner took it. Not while our predecessor is dead: its arc is ours to take over, our
    // copies of it are what we will serve, and no owner confirms them meanwhile (chord-sim
    // --seed 1030 --mix all with heirs asked again: the dead node's successor handed its copy
    // to a node that a lookup through stale pointers named, dropped it, took the arc over a
    // moment later and read "absent").
    if (!m_pred || m_predDead)
        co_return;
    const qint64 cutoff = m_scheduler->wallMs() - staleReplicaMs();
    const QList<Item> stale = m_store.staleIn(m_pred->id, m_self.id, cutoff);
    if (stale.isEmpty())
        co_return;
    const int moved = co_await pushToOwners(stale, true);
    if (moved)
        qCInfo(lcStore) << "handed" << moved << "replicas no owner confirmed to their owners";
}

qint64 ChordNode::staleReplicaMs() const {
    return std::max(StaleReplicaMinMs, qint64(StaleReplicaRounds) * m_config.stabilizeMs);
}

QCoro::Task<int> ChordNode::pushToOwners(QList<Item> items, bool drop) {
    int moved = 0;
    for (const Item &item : items) {
        const LookupResult route = co_await lookup(item.id, item.key, false);
        if (!route.ok || route.owner.sameEndpoint(m_self))
            continue;
        const PeerResult<bool> r = co_await m_client->storeItems(route.owner, QList<Item>(1, item),
                                                                 m_ringToken, StoreAs::Handoff);
        if (!r.ok())
            continue;
        ++moved;
        if (!drop) {
            m_strayPushed.insert(item.key, item.version);
            continue;
        }
        const auto still = m_store.find(item.key);
        if (still && still->version == item.version && !isPrimaryFor(still->id))
            m_store.erase(item.key); // unless ours now (the arc may have moved meanwhile)
    }
    co_return moved;
}

QCoro::Task<OptionalNode> ChordNode::handOffArc(QList<Item> mine) {
    // The primary copies go to the successor, which will own them once its predecessor pointer
    // skips this node; further successors are tried if one is dead.
    QList<NodeRef> tried;
    for (const NodeRef &listed : QList<NodeRef>(m_successors)) {
        if (listed.sameEndpoint(m_self))
            break;
        const OptionalNode found = co_await trueSuccessorFrom(listed, tried);
        if (!found) {
            tried.append(listed); // silent: as a hand-off that timed out, it stays listed
            continue;
        }
        const NodeRef s = *found;
        if (contains(tried, s))
            continue;
        tried.append(s);
        const PeerResult<bool> r = co_await handOffTo(s, mine, QString::fromUtf8("leave"));
        if (r.ok())
            co_return s;
        // Gone (refused, closed) or not in our ring (it answered 409): dropped. One that timed
        // out may be stopped and stays: dropped, the list could end on a node that left, and
        // this node, its leave failed, stayed cut off from the ring for good (chord-sim
        // --seed 1012 --nodes 8 --mix all).
        if (r.status != 0 || r.connectionRefused() || r.connectionClosed())
            forgetPeer(s, QString::fromUtf8("hand-off failed: ") + r.error);
    }
    co_return std::nullopt;
}

QCoro::Task<PeerResult<bool>> ChordNode::handOffTo(NodeRef to, QList<Item> items, QString detail) {
    const PeerResult<bool> r =
        co_await m_client->storeItems(to, items, m_ringToken, StoreAs::Handoff);
    if (r.ok()) {
        m_stats.handoffItemsOut += items.size();
        record({.type = QString::fromUtf8("handoff-out"),
                .detail = detail,
                .node = to,
                .count = int(items.size())});
    }
    co_return r;
}

QCoro::Task<OptionalNode> ChordNode::trueSuccessorFrom(NodeRef listed, QList<NodeRef> tried) {
    // A list left stale (two parts of a ring merged a moment ago) may name a node further on
    // than our successor: one whose predecessor lies between us and it. That node, or one
    // before it, is our successor; the keys handed past it are served by nobody (chord-sim
    // --seed 447457 --mix all: two neighbours left right after a partition healed, both handed
    // their arcs to a node three places on, and the node that took the arcs over marked them
    // 503 for good). Not onto a node that is gone (a dead predecessor stays named until a
    // candidate comes), nor back to one that already failed or refused them (leaving).
    // (Not asked: the successor that granted us the lease we hold. It had us as its predecessor
    // then; one that took a node between since hands our keys on as strays, and that node
    // asks us for our departure.)
    if (m_leaseGrantor && m_leaseGrantor->sameEndpoint(listed) && m_leaseGrantor->id == listed.id &&
        m_scheduler->nowNs() < m_leaseUntilNs)
        co_return listed;
    auto inOurRing = [&](const PeerResult<Neighbors> &nb, const NodeRef &n) {
        return nb.ok() && nb->self.id == n.id && nb->ringToken == m_ringToken;
    };
    NodeRef s = listed;
    PeerResult<Neighbors> nb = co_await m_client->neighbors(s);
    // Silent (not gone): a hand-off to it would wait as long again; the next node is tried.
    if (!nb.ok() && nb.status == 0 && !nb.connectionRefused() && !nb.connectionClosed())
        co_return std::nullopt;
    for (int steps = 0; steps < m_config.successorListLength; ++steps) {
        if (!inOurRing(nb, s) || !nb->pred || nb->pred->sameEndpoint(m_self) ||
            contains(tried, *nb->pred) ||
            !Interval::containsOpenOpen(m_space, m_self.id, s.id, nb->pred->id))
            break;
        const NodeRef pred = *nb->pred;
        PeerResult<Neighbors> before = co_await m_client->neighbors(pred);
        // Gone (a refused connection) or in another ring: the node named is the nearest.
        // Silent: it may be stopped, and our successor all the same.
        if ((before.ok() && !inOurRing(before, pred)) || before.connectionRefused())
            break;
        s = pred;
        nb = std::move(before);
    }
    co_return s;
}

QCoro::Task<std::optional<QList<Item>>> ChordNode::handOnGrownArc(NodeRef heir, QList<Item> mine) {
    // (No predecessor: primaryItems would be every copy we hold, not an arc that grew.)
    if (!m_pred)
        co_return mine;
    QHash<QString, qsizetype> handed;
    for (qsizetype i = 0; i < mine.size(); ++i)
        handed.insert(mine[i].key, i);
    QList<Item> grown;
    for (const Item &item : primaryItems(true)) {
        const auto at = handed.constFind(item.key);
        if (at == handed.cend() || mine[*at].version != item.version)
            grown.append(item);
    }
    if (grown.isEmpty())
        co_return mine;
    if (!(co_await handOffTo(heir, grown, QString::fromUtf8("leave: the arc grew meanwhile"))).ok())
        co_return std::nullopt;
    for (const Item &item : std::as_const(grown)) {
        const auto at = handed.constFind(item.key);
        if (at == handed.cend())
            mine.append(item);
        else
            mine[*at] = item;
    }
    co_return mine;
}

QCoro::Task<QList<NodeRef>> ChordNode::handOffReplicaCopies() {
    // Our copies of our predecessors' arcs go to the successors that replace us as their
    // replicas: otherwise a key whose owner is paused and whose other holders leave at the
    // same moment has no copy left in the ring (chord-sim --seed 330 --mix all). Best effort:
    // an owner that runs re-replicates anyway, and copies a successor does not keep go on to
    // the owners (pushStrays).
    const QList<Item> copies = m_store.itemsIn(m_self.id, m_pred->id); // not our arc
    QList<NodeRef> took;
    for (const NodeRef &s : QList<NodeRef>(m_successors)) {
        if (took.size() >= m_config.replicas - 1 || s.sameEndpoint(m_self))
            break;
        // (None to send: every successor holds all of them.)
        if (copies.isEmpty() ||
            (co_await m_client->storeItems(s, copies, m_ringToken, StoreAs::Handoff)).ok())
            took.append(s);
    }
    co_return took;
}

QCoro::Task<OptionalNode> ChordNode::findTruePredecessor(NodeRef heir) {
    // Our predecessor pointer may be stale (it left or crashed a moment ago): the leave notice
    // must reach the node whose successor we really are, or it keeps routing to us.
    const PeerResult<Neighbors> p =
        m_pred ? co_await m_client->neighbors(*m_pred) : PeerResult<Neighbors>::failure({});
    if (p.ok() && p->ringToken == m_ringToken && p->successors.front().sameEndpoint(m_self))
        co_return std::nullopt;
    // The node that answers "done: us" for our own id is our predecessor.
    const Route r = co_await route(heir, m_self.id, m_ringToken);
    if (!r.ok || !r.owner.sameEndpoint(m_self) || r.last.sameEndpoint(m_self))
        co_return std::nullopt;
    // Before our predecessor: that one is dead and we never took its arc over (no fence for
    // the lease we granted it, no account of the copies nobody reachable holds). The heir
    // does, as for any dead predecessor; handing it the arc from there would have it answer
    // "absent" for keys whose every copy is on stopped nodes (chord-sim --seed 997 --nodes 10
    // --mix all).
    if (m_pred && Interval::containsOpenOpen(m_space, r.last.id, m_self.id, m_pred->id))
        co_return r.last;
    setPredecessor(r.last, QString::fromUtf8("found while leaving"));
    co_return std::nullopt;
}

void ChordNode::keepOnlyOwnKeys(const QList<Item> &mine) {
    // Alone now, the node serves exactly the keys it owned as primary (pipelinedht contract):
    // its replica copies of other nodes' keys go.
    QSet<QString> kept;
    for (const Item &item : mine)
        kept.insert(item.key);
    int dropped = 0;
    for (const Item &item : m_store.allItems(true)) {
        if (!kept.contains(item.key)) {
            m_store.erase(item.key);
            ++dropped;
        }
    }
    if (dropped)
        qCInfo(lcStore) << "left the ring: dropped" << dropped << "replica copies";
}

QCoro::Task<Outcome<bool>> ChordNode::leave() {
    if (isAlone()) {
        // Alone by its pointers (the others left, or do not answer), it leaves all the same:
        // with a fresh ring identity, so that members of its ring that come back do not take it
        // in again as one of theirs (chord-sim --seed 36396 --mix all: a node alone during a
        // partition was asked to leave, and was back in the ring once the partition healed).
        if (!m_departed) {
            record({.type = QString::fromUtf8("leave")});
            m_ringToken = m_scheduler->random64();
            m_departed = true;
            m_departure.reset();
        }
        co_return Outcome<bool>{true};
    }
    if (m_leaving)
        co_return Outcome<bool>::failure(NodeError::Busy, QString::fromUtf8("already leaving"));
    // What we vouch for as a replica, known before we start leaving (then we vouch for nothing).
    const std::optional<Id> vouched = vouchedCopyStart();
    m_leaving = true;
    auto done = qScopeGuard([this] { m_leaving = false; });

    // 1. Our keys to the successor, our copies of the arcs before ours to the nodes that
    //    replace us as their replicas.
    QList<Item> mine = primaryItems(true);
    const OptionalNode heir = co_await handOffArc(mine);
    if (!heir && !mine.isEmpty() && !m_successors.front().sameEndpoint(m_self)) {
        // A member again, after a hand-off that may have waited long on successors that do not
        // answer: meanwhile the ring may have taken our arc over and written in it. As after a
        // stall, the arc is confirmed through the nodes after us before it is served
        // (chord-sim --seed 36396 --mix all: a leave across a partition failed after 12 s, and
        // the node served its old copy of a key rewritten since).
        markPlaceUnsure(true);
        co_return Outcome<bool>::failure(NodeError::Unreachable,
                                         QString::fromUtf8("no successor took the keys"));
    }
    QList<NodeRef> copiesTo;
    if (heir && m_pred)
        copiesTo = co_await handOffReplicaCopies();
    // 2. The node whose successor we really are.
    OptionalNode beforeDeadPred;
    if (heir)
        beforeDeadPred = co_await findTruePredecessor(*heir);
    // Our arc may have grown meanwhile: a predecessor that left handed us its keys before we
    // began, and its notice came while we were handing ours on. Those go to the heir as well,
    // or they would leave with us (chord-sim --seed 460 --mix all: read "absent").
    if (heir) {
        std::optional<QList<Item>> all = co_await handOnGrownArc(*heir, mine);
        if (!all) {
            markPlaceUnsure(true);
            co_return Outcome<bool>::failure(
                NodeError::Unreachable, QString::fromUtf8("the successor did not take the keys"));
        }
        mine = std::move(*all);
    }

    // 3. Rewire: the successor's predecessor becomes ours, our predecessor's successor
    //    list continues with ours. The heir inherits our promise to the predecessor.
    LeaveNotice notice{m_self,
                       m_pred,
                       m_successors,
                       horizonMs(),
                       std::max(m_predCap, m_store.clock()),
                       uncoveredWithin(arcStart(), m_self.id)};
    // The copies handed on tell their new holders what they hold (applyLeaveNotice): without
    // it, a node whose chain of predecessors the leave left short took its dead predecessor's
    // arc for uncovered although the leaver had handed it the copies (chord-sim --seed 3318
    // --mix all: 503 for good).
    // The parts of a split ring find each other through the peers each lost (probeLostPeers):
    // ours go on with the notice, or a part whose only links to the other were us stays apart
    // for good (chord-sim --seed 18191 --mix all: two nodes that joined a part during a
    // partition knew no node of the other; its old members left right after the heal, and the
    // two rings answered for the same keys).
    for (const LostPeer &l : std::as_const(m_lost))
        notice.lost.append(l.node);
    if (vouched && m_pred &&
        !Interval::containsOpenClosed(m_space, m_pred->id, m_self.id, *vouched)) {
        notice.copiesFrom = vouched;
        notice.copiesTo = copiesTo;
    }
    if (heir)
        co_await m_client->notifyLeave(*heir, notice);
    // (Not the dead predecessor, when the node before it has us next: it would only time out.)
    const OptionalNode told = beforeDeadPred ? beforeDeadPred : m_pred;
    if (told && !told->sameEndpoint(m_self))
        co_await m_client->notifyLeave(*told, notice);
    if (told)
        co_await m_client->poke(*told);
    if (heir)
        co_await m_client->poke(*heir);

    // 4. Standalone from now on, with a fresh ring identity so that stale fingers elsewhere
    //    pointing here fail over instead of being answered.
    record({.type = QString::fromUtf8("leave"), .node = heir});
    m_departure = {m_ringToken, Departure{notice, mine}};
    becomeAlone();
    keepOnlyOwnKeys(mine);
    m_ringToken = m_scheduler->random64();
    m_departed = true;
    co_return Outcome<bool>{true};
}

QCoro::Task<Outcome<bool>> ChordNode::leaveBeforeExit() {
    // Its keys die with the process: a leave that found no taker is worth a few more tries.
    // Rounds run in between so that the successor list heals (chord-sim --seed 139435 --mix
    // all: right after a partition healed, two neighbours got SIGTERM at once; the first knew
    // only the second, which refused as it was leaving too, and exited with its keys).
    // Bounded: a leave whose calls time out (a partition) has waited long enough, and the
    // longer this node stays a leaving member, the longer its arc waits (chord-sim --seed 77407
    // --mix all: tries of 6 s each kept a leaver 37 s in the ring, which settled too late).
    constexpr int Attempts = 3;
    const qint64 deadlineMs = m_scheduler->nowMs() + 8 * qint64(m_config.stabilizeMs);
    stopMaintenance();
    Outcome<bool> r = co_await leave();
    for (int attempt = 1; attempt < Attempts && !r.ok() && r.error == NodeError::Unreachable &&
                          !isAlone() && m_scheduler->nowMs() < deadlineMs;
         ++attempt) {
        startMaintenance();
        co_await m_scheduler->sleep(std::chrono::milliseconds(2 * m_config.stabilizeMs));
        stopMaintenance();
        r = co_await leave();
    }
    co_return r;
}

QCoro::Task<RingWalk> ChordNode::walkRing(int maxNodes) {
    co_return co_await walkFrom(neighbors(), maxNodes);
}

QCoro::Task<RingWalk> ChordNode::walkFrom(Neighbors first, int maxNodes) {
    RingWalk walk;
    const NodeRef start = first.self;
    NodeRef current = first.successors.front();
    walk.nodes.append(std::move(first));
    while (!current.sameEndpoint(start) && walk.nodes.size() < maxNodes) {
        const PeerResult<Neighbors> nb = co_await m_client->neighbors(current);
        if (!nb.ok())
            co_return walk;
        walk.nodes.append(*nb);
        current = nb->successors.front();
        for (const Neighbors &seen : walk.nodes) {
            if (seen.self.sameEndpoint(current) && !current.sameEndpoint(start))
                co_return walk; // a loop that does not come back to the start: not one ring
        }
    }
    walk.complete = current.sameEndpoint(start);
    co_return walk;
}

QCoro::Task<Outcome<NodeRef>> ChordNode::setPredecessorByHand(Endpoint peer) {
    const PeerResult<Neighbors> nb = co_await resolve(peer);
    if (!nb.ok())
        co_return Outcome<NodeRef>::peerFailure(
            nb, QString::fromUtf8("%1 did not answer: %2").arg(peer.address(), nb.error));
    setPredecessor(nb->self, QString::fromUtf8("set by hand"));
    m_wiredByHand = true;
    co_return Outcome<NodeRef>{nb->self};
}

QCoro::Task<Outcome<NodeRef>> ChordNode::setSuccessorByHand(Endpoint peer) {
    const PeerResult<Neighbors> nb = co_await resolve(peer);
    if (!nb.ok())
        co_return Outcome<NodeRef>::peerFailure(
            nb, QString::fromUtf8("%1 did not answer: %2").arg(peer.address(), nb.error));
    if (nb->bits != m_space.bits())
        co_return Outcome<NodeRef>::failure(
            NodeError::Conflict, QString::fromUtf8("peer uses %1-bit identifiers").arg(nb->bits));
    // Wiring by hand merges this node into the peer's ring.
    m_ringToken = nb->ringToken;
    QList<NodeRef> list{nb->self};
    list.append(nb->successors);
    setSuccessors(list, QString::fromUtf8("set by hand"));
    m_departed = false;
    m_departure.reset();
    m_wiredByHand = true;
    co_return Outcome<NodeRef>{nb->self};
}

QCoro::Task<Outcome<bool>> ChordNode::placeJoiner(Endpoint joiner) {
    if (joiner.host == m_self.host && joiner.port == m_self.port)
        co_return Outcome<bool>::failure(NodeError::BadRequest,
                                         QString::fromUtf8("a node cannot place itself"));
    NodeRef peer{joiner.name, joiner.host, joiner.port, 0};
    // A quick look first, so that a peer that accepts connections but never answers fails
    // within the short timeout rather than the long one a join may need.
    const PeerResult<Neighbors> alive = co_await m_client->neighbors(peer);
    if (!alive.ok())
        co_return Outcome<bool>::peerFailure(
            alive, QString::fromUtf8("joiner %1: %2").arg(joiner.address(), alive.error));
    const PeerResult<bool> r =
        co_await m_client->askToJoin(peer, Endpoint{m_self.host, m_self.port, m_self.name});
    if (!r.ok())
        co_return Outcome<bool>::peerFailure(
            r, QString::fromUtf8("joiner %1: %2").arg(joiner.address(), r.error));
    co_return Outcome<bool>{true};
}

} // namespace Chord
