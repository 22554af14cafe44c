// ChordNode, membership: join, leave, ring walks and manual wiring.
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

QCoro::Task<Outcome<bool>> ChordNode::join(Endpoint bootstrap) {
    if (m_joining || m_leaving)
        co_return Outcome<bool>::failure(NodeError::Busy,
                                         QString::fromUtf8("a join or leave is already under way"));
    if (bootstrap.host == m_self.host && bootstrap.port == m_self.port)
        co_return Outcome<bool>::failure(NodeError::BadRequest,
                                         QString::fromUtf8("a node cannot join through itself"));
    const PeerResult<Neighbors> boot = co_await resolve(bootstrap);
    if (!boot.ok())
        co_return Outcome<bool>::failure(NodeError::Unreachable,
                                         QString::fromUtf8("bootstrap %1 did not answer: %2")
                                             .arg(bootstrap.address(), boot.error));
    // A bootstrap that is itself still joining is alone for now, and leaves that ring of one
    // once its own join is done: a joiner that joined it would be left alone (chord-sim --seed
    // 167 --mix all: a node joined a restarted node whose own join waited for a paused one).
    if (boot->joining)
        co_return Outcome<bool>::failure(
            NodeError::Unavailable,
            QString::fromUtf8("bootstrap %1 has not joined its ring yet; retry")
                .arg(bootstrap.address()));
    if (boot->bits != m_space.bits())
        co_return Outcome<bool>::failure(
            NodeError::Conflict,
            QString::fromUtf8("ring uses %1-bit identifiers, this node %2 bits")
                .arg(boot->bits)
                .arg(m_space.bits()));
    if (boot->ringToken == m_ringToken && !isAlone()) {
        // Same ring identity. Either already a member, or the two halves of a ring that a
        // network split cut apart: then the bootstrap's side does not route our id to us.
        const Route probe = co_await route(boot->self, m_self.id, m_ringToken);
        if (probe.ok && probe.owner.sameEndpoint(m_self))
            co_return Outcome<bool>{true}; // already a member of that ring
        qCInfo(lcRing).noquote() << "same ring identity as" << describe(boot->self)
                                 << "but not reachable through it: rejoining";
    }
    m_joining = true;
    auto done = qScopeGuard([this] { m_joining = false; });

    // Leave the current ring first (a node is in one ring at a time).
    if (!isAlone()) {
        m_joining = false;
        const Outcome<bool> left = co_await leave();
        m_joining = true;
        if (!left.ok())
            co_return left;
    }

    const NodeRef bootRef = boot->self;
    const quint64 oldToken = m_ringToken;
    const Id oldId = m_self.id;
    const quint64 token = boot->ringToken;
    // Placement is retried when the successor turns the joiner down (rectify): another node
    // joined into the same arc at the same moment.
    QList<Item> replicaCopies; // taken once what we brought in has gone to its owners
    for (int attempt = 1;; ++attempt) {
        Id newId = m_self.id;
        if (!m_config.explicitId) {
            // Load balance: take the middle of the widest arc of a sample of the ring. The
            // sample starts at a random place, so that joiners do not all crowd into the arcs
            // next to the bootstrap node.
            const PeerResult<NodeRef> sampleStart =
                co_await routeFrom(bootRef, m_space.reduce(m_scheduler->random64()), token);
            // A bounded sample of the ring: walking all of it made booting N nodes cost O(N^2)
            // calls (55 s for 128 nodes); 32 consecutive arcs choose nearly as well.
            const PeerResult<Neighbors> first =
                co_await m_client->neighbors(sampleStart.ok() ? *sampleStart : bootRef);
            const RingWalk walk = first.ok() ? co_await walkFrom(*first, 32) : RingWalk{};
            if (walk.nodes.isEmpty())
                co_return Outcome<bool>::failure(NodeError::Unreachable,
                                                 QString::fromUtf8("could not walk the ring"));
            // Arcs are measured back from each node to its predecessor: rectify updates that
            // pointer during a join, whereas the predecessor's successor pointer only catches up
            // at its next stabilize, so a walk along successors can miss a node that just joined.
            quint64 widest = 0;
            for (const Neighbors &nb : walk.nodes) {
                const Id to = nb.self.id;
                const Id from = nb.pred ? nb.pred->id : to;
                quint64 gap = m_space.distance(from, to);
                if (gap == 0)
                    gap = m_space.mask(); // a ring of one: the whole circle
                if (gap > widest) {
                    widest = gap;
                    newId = pickInArc(from, to);
                }
            }
        }

        // successor(newId) through the ring, asked the bootstrap way: the initiator contacts
        // each node itself, starting at the bootstrap node.
        const PeerResult<NodeRef> routed = co_await routeFrom(bootRef, newId, token);
        if (!routed.ok())
            co_return Outcome<bool>::failure(NodeError::Unreachable, routed.error);
        const NodeRef owner = *routed;
        PeerResult<Neighbors> ownerView = co_await m_client->neighbors(owner);
        if (!ownerView.ok())
            co_return Outcome<bool>::failure(
                NodeError::Unreachable,
                QString::fromUtf8("successor %1 did not answer").arg(describe(owner)));
        // The ring named a node that is not there any more: a new process answers on its
        // address (it crashed and was restarted), or it left, or it is joining elsewhere. Its
        // ring of one is no place to join (chord-sim --seed 317 --mix all: the joiner was left
        // with a dead successor for good); the ring repairs the pointer, so retry.
        if (ownerView->self.id != owner.id || ownerView->ringToken != token || ownerView->joining)
            co_return Outcome<bool>::failure(
                NodeError::Unavailable,
                QString::fromUtf8("successor %1 named by the ring is not in it now; retry")
                    .arg(describe(owner)));
        // A member whose predecessor is momentarily unknown (check-predecessor just timed out)
        // cannot tell us its arc: give the ring a moment to settle.
        for (int wait = 0; wait < 5 && ownerView.ok() && !ownerView->pred &&
                           !ownerView->successors.front().sameEndpoint(owner);
             ++wait) {
            co_await m_scheduler->sleep(std::chrono::milliseconds(m_config.stabilizeMs));
            ownerView = co_await m_client->neighbors(owner);
        }
        if (!ownerView.ok())
            co_return Outcome<bool>::failure(
                NodeError::Unreachable,
                QString::fromUtf8("successor %1 did not answer").arg(describe(owner)));
        if (!m_config.explicitId && ownerView->pred) {
            // Settle on the middle of the arc actually found, (pred(owner), owner]: another
            // joiner may have split the arc the walk saw.
            newId = pickInArc(ownerView->pred->id, owner.id);
        } else if (!m_config.explicitId && ownerView->successors.front().sameEndpoint(owner)) {
            newId = pickInArc(owner.id, owner.id); // a ring of one: across from the member
        }
        if (owner.id == newId && !owner.sameEndpoint(m_self))
            co_return Outcome<bool>::failure(
                NodeError::Conflict, QString::fromUtf8("identifier %1 is already held by %2")
                                         .arg(newId)
                                         .arg(describe(owner)));
        if (ownerView->pred && ownerView->pred->id == newId &&
            !ownerView->pred->sameEndpoint(m_self))
            co_return Outcome<bool>::failure(
                NodeError::Conflict, QString::fromUtf8("identifier %1 is already held by %2")
                                         .arg(newId)
                                         .arg(describe(*ownerView->pred)));

        // Take the place: id, ring, successor list copied from the successor (Zave's join).
        m_self.id = newId;
        m_ringToken = token;
        m_fingers = QList<OptionalNode>(m_space.bits());
        QList<NodeRef> list{owner};
        list.append(ownerView->successors);
        setSuccessors(list, QString::fromUtf8("join"));
        if (ownerView->pred && !ownerView->pred->sameEndpoint(m_self) &&
            Interval::containsOpenOpen(m_space, ownerView->pred->id, owner.id, newId))
            setPredecessor(ownerView->pred, QString::fromUtf8("join"));
        else if (ownerView->successors.front().sameEndpoint(owner))
            setPredecessor(owner, QString::fromUtf8("join (ring of one)"));
        // Not served until the replicas were asked for every acknowledged copy (pullArc).
        m_arcPending = true;
        m_arcPendingUntilNs = 0;
        record({.type = QString::fromUtf8("join"),
                .detail = oldId != newId
                              ? QString::fromUtf8("took id %1 (was %2)").arg(newId).arg(oldId)
                              : QString(),
                .node = owner});

        // Rectify at the successor now rather than at the next stabilize, and take the keys
        // it hands over.
        const PeerResult<RectifyAnswer> r = co_await m_client->rectify(owner, m_self, m_ringToken);
        if (!r.ok() || !r->accepted) {
            // Turned down: someone else took this place first. Back to standalone and retry.
            becomeAlone();
            m_self.id = oldId;
            m_ringToken = oldToken;
            const QString why =
                r.ok()
                    ? QString::fromUtf8("successor %1 turned the joiner down").arg(describe(owner))
                    : r.error;
            if (m_config.explicitId || attempt >= 6)
                co_return Outcome<bool>::failure(
                    r.ok() ? NodeError::Conflict : NodeError::Unreachable, why);
            qCInfo(lcRing).noquote() << "join attempt" << attempt << "failed:" << why;
            co_await m_scheduler->sleep(std::chrono::milliseconds(50 + m_scheduler->bounded(250)));
            continue;
        }
        takeHandoff(*r, owner);
        replicaCopies = r->replicas;
        // A joiner holds nothing of the arc it takes: where its successor had no copy either,
        // neither has it (chord-sim --seed 750 --mix all: a node restarted empty read "absent"
        // where its successor had answered 503). A member that already served the arc keeps
        // its own view (its copies are what the mark says nobody has).
        addUncovered(r->uncovered);
        break;
    }
    co_await callSuccessor(m_successors.front()); // our lease, from the node that took us
    if (m_pred)
        co_await m_client->poke(*m_pred);
    m_departed = false;
    m_wiredByHand = false;
    co_await pushForeignItems();
    takeReplicaCopies(replicaCopies);
    co_await pullArc();
    co_await syncReplicas();
    co_return Outcome<bool>{true};
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

std::optional<Id> ChordNode::copyRangeStart() const {
    // We keep copies of (p_r, self]: our arc and the arcs of the r - 1 predecessors before us
    // (we are their replicas). p_2.. come from our predecessor's stabilize calls (predChain).
    if (!m_pred)
        return std::nullopt;
    const int r = m_config.replicas;
    if (r < 2)
        return m_pred->id;
    if (m_predChain.size() < r - 1)
        return std::nullopt; // not known yet
    for (qsizetype i = 0; i <= r - 2; ++i) {
        if (m_predChain[i] == m_self.id)
            return std::nullopt; // a ring of r nodes or fewer: every node keeps everything
    }
    return m_predChain[r - 2];
}

QCoro::Task<> ChordNode::pushStrays() {
    // Copies beyond the arcs we keep copies of: what a separated part of the ring held while
    // it was apart (a partition healed), or what a failed hand-off left here. Each goes to its
    // owner once, merged there by version. It stays here: an owner whose successor list is
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
    // owner took it.
    if (!m_pred)
        co_return;
    const qint64 cutoff =
        m_scheduler->wallMs() -
        std::max(StaleReplicaMinMs, qint64(StaleReplicaRounds) * m_config.stabilizeMs);
    const QList<Item> stale = m_store.staleIn(m_pred->id, m_self.id, cutoff);
    if (stale.isEmpty())
        co_return;
    const int moved = co_await pushToOwners(stale, true);
    if (moved)
        qCInfo(lcStore) << "handed" << moved << "replicas no owner confirmed to their owners";
}

QCoro::Task<int> ChordNode::pushToOwners(QList<Item> items, bool drop) {
    int moved = 0;
    for (const Item &item : items) {
        const LookupResult route = co_await lookup(item.id, item.key, false);
        if (!route.ok || route.owner.sameEndpoint(m_self))
            continue;
        const PeerResult<bool> r =
            co_await m_client->storeItems(route.owner, QList<Item>(1, item), m_ringToken);
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

QCoro::Task<Outcome<bool>> ChordNode::leave() {
    if (isAlone())
        co_return Outcome<bool>{true};
    if (m_leaving)
        co_return Outcome<bool>::failure(NodeError::Busy, QString::fromUtf8("already leaving"));
    m_leaving = true;
    auto done = qScopeGuard([this] { m_leaving = false; });

    // 1. Hand the primary copies to the successor, which will own them once its
    //    predecessor pointer skips this node. Try further successors if one is dead.
    const QList<Item> mine = primaryItems(true);
    OptionalNode heir;
    for (const NodeRef &s : QList<NodeRef>(m_successors)) {
        if (s.sameEndpoint(m_self))
            break;
        const PeerResult<bool> r = co_await m_client->storeItems(s, mine, m_ringToken);
        if (r.ok()) {
            heir = s;
            break;
        }
        forgetPeer(s, QString::fromUtf8("hand-off failed"));
    }
    if (!heir && !mine.isEmpty() && !m_successors.front().sameEndpoint(m_self))
        co_return Outcome<bool>::failure(NodeError::Unreachable,
                                         QString::fromUtf8("no successor took the keys"));
    if (heir) {
        m_stats.handoffItemsOut += mine.size();
        record({.type = QString::fromUtf8("handoff-out"),
                .detail = QString::fromUtf8("leave"),
                .node = heir,
                .count = int(mine.size())});
    }
    // 1b. Our copies of our predecessors' arcs go to the successors that replace us as their
    //     replicas: otherwise a key whose owner is paused and whose other holders leave at the
    //     same moment has no copy left in the ring (chord-sim --seed 330 --mix all). Best
    //     effort: an owner that runs re-replicates anyway, and copies a successor does not
    //     keep go on to the owners (pushStrays).
    if (heir && m_pred) {
        const QList<Item> copies = m_store.itemsIn(m_self.id, m_pred->id); // not our arc
        int sent = 0;
        for (const NodeRef &s : QList<NodeRef>(m_successors)) {
            if (copies.isEmpty() || sent >= m_config.replicas - 1 || s.sameEndpoint(m_self))
                break;
            if ((co_await m_client->storeItems(s, copies, m_ringToken)).ok())
                ++sent;
        }
    }

    // 2. Our predecessor pointer may be stale (it left or crashed a moment ago): the notice
    //    must reach the node whose successor we really are, or it keeps routing to us.
    if (heir) {
        const PeerResult<Neighbors> p =
            m_pred ? co_await m_client->neighbors(*m_pred) : PeerResult<Neighbors>::failure({});
        if (!p.ok() || p->ringToken != m_ringToken || !p->successors.front().sameEndpoint(m_self)) {
            // The node that answers "done: us" for our own id is our predecessor.
            const Route r = co_await route(*heir, m_self.id, m_ringToken);
            if (r.ok && r.owner.sameEndpoint(m_self) && !r.last.sameEndpoint(m_self))
                setPredecessor(r.last, QString::fromUtf8("found while leaving"));
        }
    }

    // 3. Rewire: the successor's predecessor becomes ours, our predecessor's successor
    //    list continues with ours. The heir inherits our promise to the predecessor.
    const LeaveNotice notice{m_self,
                             m_pred,
                             m_successors,
                             horizonMs(),
                             std::max(m_predCap, m_store.clock()),
                             uncoveredWithin(arcStart(), m_self.id)};
    if (heir)
        co_await m_client->notifyLeave(*heir, notice);
    if (m_pred && !m_pred->sameEndpoint(m_self))
        co_await m_client->notifyLeave(*m_pred, notice);
    if (m_pred)
        co_await m_client->poke(*m_pred);
    if (heir)
        co_await m_client->poke(*heir);

    // 4. Standalone from now on, with a fresh ring identity so that stale fingers elsewhere
    //    pointing here fail over instead of being answered.
    record({.type = QString::fromUtf8("leave"), .node = heir});
    becomeAlone();
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
    m_ringToken = m_scheduler->random64();
    m_departed = true;
    co_return Outcome<bool>{true};
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
        co_return Outcome<NodeRef>::failure(
            NodeError::Unreachable,
            QString::fromUtf8("%1 did not answer: %2").arg(peer.address(), nb.error));
    setPredecessor(nb->self, QString::fromUtf8("set by hand"));
    m_wiredByHand = true;
    co_return Outcome<NodeRef>{nb->self};
}

QCoro::Task<Outcome<NodeRef>> ChordNode::setSuccessorByHand(Endpoint peer) {
    const PeerResult<Neighbors> nb = co_await resolve(peer);
    if (!nb.ok())
        co_return Outcome<NodeRef>::failure(
            NodeError::Unreachable,
            QString::fromUtf8("%1 did not answer: %2").arg(peer.address(), nb.error));
    if (nb->bits != m_space.bits())
        co_return Outcome<NodeRef>::failure(
            NodeError::Conflict, QString::fromUtf8("peer uses %1-bit identifiers").arg(nb->bits));
    // Wiring by hand merges this node into the peer's ring.
    m_ringToken = nb->ringToken;
    QList<NodeRef> list{nb->self};
    list.append(nb->successors);
    setSuccessors(list, QString::fromUtf8("set by hand"));
    m_departed = false;
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
        co_return Outcome<bool>::failure(
            alive.status >= 400 && alive.status < 500 ? NodeError::Conflict
                                                      : NodeError::Unreachable,
            QString::fromUtf8("joiner %1: %2").arg(joiner.address(), alive.error));
    const PeerResult<bool> r =
        co_await m_client->askToJoin(peer, Endpoint{m_self.host, m_self.port, m_self.name});
    if (!r.ok())
        co_return Outcome<bool>::failure(
            r.status >= 400 && r.status < 500 ? NodeError::Conflict : NodeError::Unreachable,
            QString::fromUtf8("joiner %1: %2").arg(joiner.address(), r.error));
    co_return Outcome<bool>{true};
}

} // namespace Chord
