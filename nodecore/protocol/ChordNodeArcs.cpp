// ChordNode, the arc it serves: taking a successor's hand-off and replica copies after rectify,
// pulling the arc a resumed or re-placed node must confirm before it serves it (from its
// successors, or from the node at the start of what it was handed), and the periodic replica
// exchange (docs/CONSISTENCY.md, "Taking an arc over", "Replicas vouch").
#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <chrono>
#include <vector>

namespace Chord {

using namespace detail;

QCoro::Task<PeerResult<RectifyAnswer>> ChordNode::rectifyAt(NodeRef target, quint64 ringToken) {
    const quint64 ring = m_ringToken;
    PeerResult<RectifyAnswer> r = co_await m_client->rectify(target, m_self, ringToken, false);
    if (r.ok() && r->accepted && stillIn(ring)) {
        takeHandoff(*r, target);
        takeReplicaCopies(r->replicas);
        // The node that served the arc up to us vouches for its copies: the part of our
        // uncovered range it handed over is covered again (its nodes are back).
        if (r->vouched && r->from)
            shrinkUncovered(*r->from);
    }
    co_return r;
}

void ChordNode::takeHandoff(const RectifyAnswer &answer, const NodeRef &from) {
    // (A hand-off that covers more than the arcs we keep copies of, when two parts of a ring
    // merge, goes on to the owners from the next round: pushStrays.)
    // A successor that hands us less than our arc had a node after our predecessor before us
    // (chord-sim --seed 9522 --mix all: two joiners at once; the second kept its older
    // predecessor and, granted its lease, served the first one's arc too: a stale read).
    if (m_pred && answer.from && *answer.from != m_pred->id &&
        Interval::containsOpenOpen(m_space, m_pred->id, m_self.id, *answer.from)) {
        m_arcFloor = answer.from;
        m_arcPending = true;
    }
    // A successor not sure of its own place hands over an arc that the node which took its
    // arc over may have served meanwhile: confirmed as after a pause (resumeSources).
    // So are the nodes it waits for: one of them may have taken the arc over and been stopped
    // with every copy written since (chord-sim --seed 78722 --mix all: a joiner handed part of
    // a resumed node's arc walked past the stopped nodes that held it and read "absent").
    if (answer.unsure && answer.from) {
        markPlaceUnsure(true);
        for (const NodeRef &n : answer.waitFor) {
            if (!n.sameEndpoint(m_self) && !contains(m_stallSuccessors, n))
                m_stallSuccessors.append(n);
        }
    }
    // What the successor had promised our new predecessor is ours to keep now.
    m_predHorizonUntilNs =
        std::max(m_predHorizonUntilNs, m_scheduler->nowNs() + qint64(answer.horizonMs) * 1000000);
    m_predCap = std::max(m_predCap, answer.versionCap);
    m_store.advanceClock(answer.versionCap);
    // The nodes before our predecessor, as our successor knew them: known before our
    // predecessor first calls us (it may never: chord-sim --seed 4736 --mix all).
    if (m_pred && m_pred->id == answer.from) {
        if (m_predChain.isEmpty())
            setPredChain(answer.predChain.mid(0, m_config.replicas));
        // A joiner holds of the arcs before ours what the successor handed it (chord-sim --seed
        // 4937 --mix all: a joiner vouched, by its place, for a part its successor had no copy
        // of). A member keeps what it held: bounded by the hand-off of a merge, the nodes that
        // had held a crashed node's arc before a split held nothing of it after (chord-sim
        // --seed 142265 --mix all: the restarted owner's mark waited for them for good).
        if (m_joining)
            narrowHeldFrom(answer.replicasFrom.value_or(*answer.from));
        keepSyncedFromInRange();
    }
    if (answer.handoff.isEmpty())
        return;
    storeItems(answer.handoff);
    m_stats.handoffItemsIn += answer.handoff.size();
    record({.type = QString::fromUtf8("handoff-in"),
            .node = from,
            .count = int(answer.handoff.size())});
}

void ChordNode::takeReplicaCopies(const QList<Item> &items) {
    // Copies of the arcs before ours, from the node whose place as their replica we took.
    // Merged by version: an older one changes nothing; one its owner no longer confirms goes
    // back to its owner in time (retireStale).
    if (const int merged = storeItems(items))
        qCInfo(lcStore) << "took" << merged << "replica copies from our successor";
}

QCoro::Task<bool> ChordNode::pullArc() {
    if (!m_arcPending)
        co_return true;
    if (m_pulling)
        co_return false; // the one under way will clear it
    m_pulling = true;
    const bool done = co_await pullArcOnce();
    m_pulling = false;
    co_return done;
}

QCoro::Task<bool> ChordNode::pullArcOnce() {
    if (isAlone() || !m_pred) {
        m_arcPending = isAlone() ? false : m_arcPending;
        co_return !m_arcPending;
    }
    // Every copy acknowledged in this arc is on the replica targets (the write quorum), or
    // was handed to us: one full exchange with each brings the newest here before we serve.
    if (m_arcFloor && !co_await findArcFloor())
        co_return false;
    const Id from = m_pred->id;
    const Id to = m_self.id;
    QList<NodeRef> sources = replicaTargets();
    if (m_placeUnsure) {
        // The ring must route our own id to us again: while we were away a node may have joined
        // between our (stale) predecessor and us, and it serves part of what we believe is our
        // arc (chord-sim --seed 1230 --mix all). Until stabilize and rectify have put us back
        // in its place, nothing is confirmed.
        const PeerResult<NodeRef> me =
            co_await routeFrom(m_successors.front(), m_self.id, m_ringToken);
        if (!me.ok() || !me->sameEndpoint(m_self) || me->id != m_self.id)
            co_return false;
        // We may have been taken over meanwhile: by the first node after us that was running,
        // and it kept what it was sent for our arc since.
        const std::optional<QList<NodeRef>> downstream = co_await resumeSources();
        if (!downstream)
            co_return false;
        for (const NodeRef &n : *downstream) {
            if (!contains(sources, n))
                sources.append(n);
        }
    }
    int merged = 0;
    for (const NodeRef &target : sources) {
        // A quick look first: the full exchange has the bulk timeout (30 s), far too long to
        // wait on a replica that was stopped.
        const PeerResult<Neighbors> alive = co_await m_client->neighbors(target);
        // Not forgotten on one lost answer: a successor dropped so would shrink the ring we
        // believe in, and with it the write quorum (chord-sim --seed 12674 --mix all: a write
        // acknowledged with 2 copies, neither on the real successor, read "absent" later).
        // A refused connection is a process gone.
        if (!alive.ok() || alive->self.id != target.id) {
            if (alive.connectionRefused())
                forgetPeer(target, QString::fromUtf8("replica unreachable: ") + alive.error);
            co_return false;
        }
        ReplicateRequest request{m_self, from, to, 0, true, m_store.itemsIn(from, to), {}};
        const PeerResult<ReplicateAnswer> a = co_await m_client->replicate(target, request);
        if (!a.ok())
            co_return false; // asked again next time (it answered the quick look just now: a
                             // lost or slow bulk answer says nothing about whether it is alive)
        if (!m_pred || m_pred->id != from)
            co_return false; // the arc moved meanwhile
        merged += storeItems(a->newer);
        takeReplicaVouch(target, *a, from, to);
    }
    m_arcPending = false;
    m_placeUnsure = false;
    m_stallSuccessors.clear();
    m_replicaMatched.clear();
    record({.type = QString::fromUtf8("arc-confirmed"),
            .detail =
                QString::fromUtf8("took over or joined; %1 newer copies from replicas").arg(merged),
            .count = merged});
    co_return true;
}

QCoro::Task<bool> ChordNode::findArcFloor() {
    // The ring's owner of the floor's id: that node itself, or a node after it, lies between
    // our predecessor and us, and becomes our predecessor (as for Zave's rectify). Ourselves:
    // the node at the floor is gone, and its arc is ours once the lease our successor granted
    // it has run out (the promise it handed on with the arc). Until then nothing is confirmed.
    const Id floor = *m_arcFloor;
    const PeerResult<NodeRef> node = co_await routeFrom(m_successors.front(), floor, m_ringToken);
    if (!node.ok() || !m_pred || m_arcFloor != floor)
        co_return !m_arcFloor;
    if (node->sameEndpoint(m_self)) {
        m_arcFloor.reset();
        beginTakeover(m_predHorizonUntilNs, m_predCap,
                      QString::fromUtf8("the node at %1 handed over before us is gone").arg(floor));
        co_return false; // pulled once the fence has passed
    }
    if (!Interval::containsOpenOpen(m_space, m_pred->id, m_self.id, node->id))
        co_return false;
    const PeerResult<Neighbors> view = co_await m_client->neighbors(*node);
    if (view.ok() && view->self.id == node->id && m_pred &&
        Interval::containsOpenOpen(m_space, m_pred->id, m_self.id, node->id))
        setPredecessor(*node, QString::fromUtf8("the arc handed to us starts at %1").arg(floor));
    co_return !m_arcFloor;
}

QCoro::Task<std::optional<QList<NodeRef>>> ChordNode::resumeSources() {
    // The nodes from our successor up to the first one that is sure of its place (it was not
    // stopped with us): whatever was written in our arc while we were away is on them. That
    // node must not claim our arc any more (its predecessor is us or after us): until the
    // ring took us back (stabilize, rectify), nothing is confirmed.
    QList<NodeRef> walked;
    // A successor we had when we stopped that is silent now (not gone: a timeout, not a
    // refused connection) may be stopped too, holding our arc taken over and what was written
    // in it since, with its replicas stopped as well; the successors we have now may have
    // joined after (chord-sim --seed 7054 --mix all: read "absent"). Wait for it. Once it
    // answers it is a source: it holds what its predecessor wrote in our arc as one of that
    // node's replicas even when it no longer serves the arc itself (chord-sim --seed 16090
    // --mix all: the node that took the arc over was killed, its replicas had been stopped
    // with it, and the resumed owner served an old value).
    // (A copy: a rectify answer read while we wait may add to the list, and a pull that ends the
    // doubt clears it; iterating the member crashed chord-sim under a variant that did not land.)
    for (const NodeRef &earlier : QList<NodeRef>(m_stallSuccessors)) {
        if (earlier.sameEndpoint(m_self) || contains(m_successors, earlier))
            continue;
        const PeerResult<Neighbors> nb = co_await m_client->neighbors(earlier);
        if (!nb.ok() && nb.status == 0 && !nb.connectionRefused())
            co_return std::nullopt;
        if (nb.ok() && nb->self.id == earlier.id && !contains(walked, earlier))
            walked.append(earlier);
    }
    QList<NodeRef> ahead = m_successors;
    while (!ahead.isEmpty() && walked.size() < ResumeWalkLimit) {
        const NodeRef next = ahead.takeFirst();
        if (next.sameEndpoint(m_self))
            break; // around the ring: every node was stopped, so nobody took anything over
        if (contains(walked, next))
            continue;
        const PeerResult<Neighbors> nb = co_await m_client->neighbors(next);
        if (!nb.ok() || nb->self.id != next.id)
            continue; // dead or stopped: it holds nothing the others lack
        // Not in our ring (yet): a new process on a successor's address with its id, still
        // joining, or a node that left. It holds nothing of our arc and is sure of no place in
        // our ring; the node that took our arc over is further on (chord-sim --seed 27205
        // --mix all: the walk ended at a successor restarted without its data, and the resumed
        // owner read "absent" for a write the node after it held).
        if (nb->ringToken != m_ringToken || nb->joining)
            continue;
        walked.append(next);
        // Sure of its place again, but stopped since our doubt began: it confirmed its own arc
        // through the nodes after it, and never held ours. The node that took ours over ran on
        // further along (chord-sim --seed 192 --nodes 10 --mix pause: four nodes stopped
        // together, the node after them took their arcs and a write; back, each confirmed
        // through the next one, and the first served the older value its replicas, stopped
        // with it, still had).
        const bool stoppedSince =
            nb->resumedAgoMs >= 0 &&
            m_scheduler->nowNs() - nb->resumedAgoMs * 1000000 >= m_unsureSinceNs;
        if (!nb->unsure && !stoppedSince) {
            if (!nb->pred || nb->pred->sameEndpoint(m_self) ||
                Interval::containsOpenOpen(m_space, m_self.id, next.id, nb->pred->id))
                co_return walked;
            co_return std::nullopt; // it still serves our arc
        }
        if (ahead.isEmpty())
            ahead = nb->successors;
    }
    co_return walked;
}

QCoro::Task<> ChordNode::syncReplicas() {
    if (!m_pred || m_leaving)
        co_return;
    const QList<NodeRef> targets = replicaTargets();
    const Id from = m_pred->id;
    const Id to = m_self.id;
    // Digest every round is cheap; the full set only goes out on a mismatch.
    const quint64 digest = m_store.digestIn(from, to);
    for (const NodeRef &target : targets) {
        // A target that matched this very arc and content lately is asked again only every
        // few rounds (it drops unconfirmed copies only after StaleReplicaRounds and at least
        // StaleReplicaMinMs, far longer).
        const auto matched = m_replicaMatched.constFind(target.address());
        if (matched != m_replicaMatched.cend() && matched->targetId == target.id &&
            matched->from == from && matched->to == to && matched->digest == digest &&
            m_round - matched->round < ReplicaRecheckRounds)
            continue;
        ReplicateRequest request{m_self, from, to, digest, false, {}, confirmedStart()};
        PeerResult<ReplicateAnswer> a = co_await m_client->replicate(target, request);
        // Under a stream of writes a mismatch is most often a copy still on its way to the
        // replica: then the digest is asked once more before the whole arc goes out (a full
        // sync costs the arc's every item, encoded, sent and merged; this one small message).
        // Under ~3,000 writes/s on 16 nodes, full syncs went from ~25/s to 3-6/s.
        if (a.ok() && !a->match && m_pred && m_pred->id == from && m_lastWriteNs >= 0 &&
            m_scheduler->nowNs() - m_lastWriteNs < qint64(m_config.stabilizeMs) * 1000000) {
            request.digest = m_store.digestIn(from, to);
            a = co_await m_client->replicate(target, request);
        }
        if (a.ok() && a->match) {
            m_replicaMatched.insert(target.address(),
                                    ReplicaMatch{target.id, from, to, request.digest, m_round});
            takeReplicaVouch(target, *a, from, to);
        } else
            m_replicaMatched.remove(target.address());
        if (!a.ok() || a->match)
            continue;
        if (!m_pred || m_pred->id != from)
            co_return; // the arc moved meanwhile; next round
        request.full = true;
        request.items = m_store.itemsIn(from, to);
        const PeerResult<ReplicateAnswer> full = co_await m_client->replicate(target, request);
        if (full.ok() && !full->newer.isEmpty()) {
            const int changed = storeItems(full->newer);
            if (changed)
                record({.type = QString::fromUtf8("promote"),
                        .detail = QString::fromUtf8("newer copies from replica"),
                        .node = target,
                        .count = changed});
        }
        if (full.ok())
            takeReplicaVouch(target, *full, from, to);
        ++m_stats.replicationSyncs;
    }
}

} // namespace Chord
