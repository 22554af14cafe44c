// ChordNode, maintenance rounds: stabilize, check-predecessor, fix-fingers, and the probes of
// successors and peers it lost (replica exchange and arc pulls: ChordNodeArcs.cpp).
#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace Chord {

using namespace detail;

// ---- maintenance -------------------------------------------------------------------------

QCoro::Task<> ChordNode::maintenanceRound() {
    // Paused by time control: a neighbour's poke (POST /dht/stabilize) waits too, so that the
    // learner steps the repair.
    if (m_leaving || m_joining || m_roundsPaused)
        co_return;
    if (m_maintenanceRunning) {
        m_stabilizeAgain = true; // a poke (a joiner's, a leaver's) while this round runs
        co_return;
    }
    m_maintenanceRunning = true;
    ++m_round;
    ++m_stats.stabilizeRounds;
    co_await stabilize();
    co_await checkPredecessor();
    // The paper's fix_fingers: one finger a round.
    co_await fixFingers(m_config.protocol == Protocol::Original ? 1 : FingerLookupsPerRound);
    // Off the round, like the replica sync below: a full exchange waits up to the bulk timeout
    // (30 s) on a replica whose answer was lost, and stabilize and the fingers must go on
    // meanwhile (chord-sim --seed 125 --mix net: a round held for 30 s left the ring split).
    if (m_arcPending && !m_pulling && m_scheduler->nowNs() >= m_arcPendingUntilNs) {
        [](ChordNode *node) -> QCoro::Task<> {
            co_await node->pullArc();
        }(this);
    }
    if (!m_syncingReplicas) {
        m_syncingReplicas = true;
        [](ChordNode *node) -> QCoro::Task<> {
            co_await node->syncReplicas();
            node->m_syncingReplicas = false;
        }(this);
    }
    if (!m_pushingStrays) {
        m_pushingStrays = true;
        [](ChordNode *node) -> QCoro::Task<> {
            co_await node->pushStrays(); // returns at once when there is none
            node->m_pushingStrays = false;
        }(this);
    }
    if (!m_lost.isEmpty() && !m_probingLost && m_round % LostProbeRounds == 0) {
        m_probingLost = true;
        [](ChordNode *node) -> QCoro::Task<> {
            co_await node->probeLostPeers();
            node->m_probingLost = false;
        }(this);
    }
    if (m_round % 10 == 0 && m_pred && !m_retiringStale) {
        m_retiringStale = true;
        [](ChordNode *node) -> QCoro::Task<> {
            co_await node->retireStale();
            node->m_retiringStale = false;
        }(this);
    }
    m_store.sync();
    // Asked for a round while this one ran: the news (a node joined right after us) may have
    // come after our stabilize, so stabilize again now rather than a whole period later.
    while (m_stabilizeAgain && !m_leaving && !m_joining) {
        m_stabilizeAgain = false;
        co_await stabilize();
    }
    m_maintenanceRunning = false;
}

QCoro::Task<PeerResult<Neighbors>> ChordNode::callSuccessor(NodeRef succ) {
    const qint64 lease = leaseMs();
    const qint64 sentNs = m_scheduler->nowNs();
    const StabilizeCall call = stabilizeCall(lease);
    // Our own stamps under this lease stay at or below ownCap (call.versionCap covers it).
    const quint64 ownCap = m_store.clock() + (quint64(lease) << 16);
    PeerResult<Neighbors> r = co_await m_client->neighbors(succ, call);
    if (r.ok()) {
        sampleClock(succ, r->clockMs, m_scheduler->nowNs());
        if (r->ringToken == m_ringToken)
            m_store.advanceClock(r->versionClock);
        // The lease runs from when we asked: the successor's promise started later.
        if (r->leaseGranted && r->self.id == succ.id && m_successors.front().sameEndpoint(succ)) {
            m_leaseUntilNs = std::max(m_leaseUntilNs, sentNs + lease * 1000000);
            m_leaseGrantor = r->self;
            m_versionCap = std::max(m_versionCap, ownCap);
        }
    }
    co_return r;
}

QCoro::Task<std::optional<Neighbors>> ChordNode::liveSuccessorView(quint64 *ring) {
    // Find the first live successor; a dead one is dropped from the list (Zave), except the
    // last: a node never falls back on its predecessor or itself while it is in a ring.
    // A leave or join while we wait on a peer ends this round: what it learnt is of the ring
    // we were in (chord-sim --seed 182 --mix all: a node that had left re-wired itself into
    // its old ring when a call made before the leave timed out).
    while (true) {
        const NodeRef succ = m_successors.front();
        if (succ.sameEndpoint(m_self))
            co_return std::nullopt; // alone (a joiner's rectify makes it a ring of two)
        const PeerResult<Neighbors> r = co_await callSuccessor(succ);
        if (!stillIn(*ring))
            co_return std::nullopt;
        if (r.ok() && r->ringToken == m_ringToken && r->self.id == succ.id)
            co_return *r;
        if (r.ok() && r->self.id == succ.id && r->ringToken != m_ringToken &&
            ((m_wiredByHand && !isStandalone(*r)) ||
             (r->pred && r->pred->sameEndpoint(m_self) && r->pred->id == m_self.id))) {
            // Rings joined by hand (PUT /succ, --succ) start with different tokens: agree on
            // the smaller one once the successor has us as its predecessor; it spreads
            // backwards around the ring through stabilize. A stale pointer to a node of
            // another ring never has us as predecessor, so it never merges two rings.
            m_ringToken = std::min(m_ringToken, r->ringToken);
            *ring = m_ringToken;
            co_return *r;
        }
        const bool last = m_successors.size() == 1;
        forgetPeer(succ, r.ok() ? QString::fromUtf8("successor left the ring or restarted")
                                : QString::fromUtf8("successor unreachable: ") + r.error);
        if (last) {
            // The original protocol has nothing to fall back on (a joiner whose only
            // successor fails is cut off: Zave).
            if (m_config.protocol == Protocol::Zave)
                co_await findSuccessorElsewhere();
            co_return std::nullopt;
        }
    }
}

void ChordNode::checkSuccessorHasUs(const Neighbors &view) {
    // The successor has someone before us as its predecessor (or none): our arc may have been
    // taken over while we were away (paused, cut off). Not served again until the successor
    // has taken us back (rectify, with its handoff) and the replicas were asked (pullArc).
    if (view.pred &&
        (view.pred->sameEndpoint(m_self) ||
         Interval::containsOpenOpen(m_space, m_self.id, view.self.id, view.pred->id))) {
        // (Not after a stall this answer may predate: noteStall marks it first.)
        if (!m_placeUnsure && !noteStall())
            m_placeSureNs = m_scheduler->nowNs();
        return;
    }
    if (!m_arcPending)
        qCInfo(lcRing).noquote() << "successor" << describe(view.self)
                                 << "does not have us as predecessor: arc unconfirmed";
    markPlaceUnsure(false);
}

QCoro::Task<> ChordNode::stabilize() {
    if (m_config.protocol == Protocol::Original) {
        co_await stabilizeAsPublished();
        co_return;
    }
    quint64 ring = m_ringToken;
    const std::optional<Neighbors> view = co_await liveSuccessorView(&ring);
    if (!view)
        co_return;
    if (const OptionalNode twin = twinToYieldTo(*view)) {
        // Off the round, like a leave asked for over HTTP.
        [](ChordNode *node, NodeRef t, NodeRef s) -> QCoro::Task<> {
            co_await node->yieldId(t, s);
        }(this, *twin, view->self);
        co_return;
    }
    checkSuccessorHasUs(*view);
    NodeRef succ = view->self;
    QList<NodeRef> list{succ};
    list.append(view->successors);
    if (view->pred && !view->pred->sameEndpoint(m_self) &&
        Interval::containsOpenOpen(m_space, m_self.id, succ.id, view->pred->id)) {
        // Someone joined between us and our successor: adopt it if it is alive, in our ring,
        // and still the node that was named (a new process on an old address is not).
        const PeerResult<Neighbors> x = co_await m_client->neighbors(*view->pred);
        if (!stillIn(ring))
            co_return;
        if (x.ok() && x->ringToken == m_ringToken && x->self.id == view->pred->id) {
            succ = x->self;
            list = {succ};
            list.append(x->successors);
        }
    }
    setSuccessors(list, QString::fromUtf8("stabilize"));
    if (m_successors.front().sameEndpoint(m_self))
        co_return;
    // The successor already has us as its predecessor: rectify would change nothing. It is
    // still sent now and then, as a keep-alive and so that a successor that lost us hears.
    const bool known = succ.sameEndpoint(view->self) && view->pred &&
                       view->pred->sameEndpoint(m_self) && view->pred->id == m_self.id;
    if (known && m_round % RectifyRefreshRounds != 0)
        co_return;
    const PeerResult<RectifyAnswer> r =
        co_await rectifyAt(m_successors.front(), m_wiredByHand ? 0 : m_ringToken);
    if (!stillIn(ring))
        co_return;
    if (r.ok() && r->accepted) {
        if (!known)
            co_await callSuccessor(m_successors.front()); // the lease, now that it has us
    } else if (!r.ok() && r.status == 0 && !known) {
        // No answer: the successor may have taken us as its predecessor and handed keys over
        // in the answer we lost. It keeps copies of them: pull the arc before serving it.
        m_arcPending = true;
    }
}

QCoro::Task<> ChordNode::stabilizeAsPublished() {
    // The SIGCOMM 2001 paper's stabilize, with the successor lists of its section 5:
    //   x = successor.predecessor; if x in (n, successor) then successor = x;
    //   successor.notify(n)
    // The successor is the first live entry of the list (dead ones dropped), and the list is
    // that successor's list with the successor put first; an x adopted goes in front of it,
    // taken on trust as the paper does (not asked whether it is alive: Zave).
    quint64 ring = m_ringToken;
    const std::optional<Neighbors> view = co_await liveSuccessorView(&ring);
    if (!view)
        co_return;
    QList<NodeRef> list{view->self};
    list.append(view->successors);
    const OptionalNode &x = view->pred;
    if (x && !x->sameEndpoint(m_self) &&
        Interval::containsOpenOpen(m_space, m_self.id, view->self.id, x->id))
        list.prepend(*x);
    setSuccessors(list, QString::fromUtf8("stabilize"));
    if (m_successors.front().sameEndpoint(m_self))
        co_return;
    co_await rectifyAt(m_successors.front(), m_wiredByHand ? 0 : m_ringToken); // notify
}

QCoro::Task<> ChordNode::findSuccessorElsewhere() {
    // Every successor we know is unreachable (a block of dead or paused nodes, or a forged
    // leave notice that named dead addresses). The live nodes we know (predecessor, fingers)
    // list their own successors: the closest of those after us that answers, in our ring and
    // with the id it was named with, becomes our successor. Never our predecessor or ourselves
    // (Zave: no falling back); nothing found, we keep waiting for the last successor.
    QList<NodeRef> via;
    if (m_pred && !m_predDead)
        via.append(*m_pred);
    for (const OptionalNode &f : m_fingers) {
        if (f && !f->sameEndpoint(m_self) && !contains(via, *f))
            via.append(*f);
    }
    // And the peers dropped lately: one lost request on a lossy link drops a live node, and
    // with every list pointing at a node that left, they may be the only way back
    // (chord-sim --seed 66 --mix all).
    for (const LostPeer &l : m_lost) {
        if (!contains(via, l.node) && !contains(m_successors, l.node))
            via.append(l.node);
    }
    const QList<NodeRef> dead = m_successors;
    const quint64 ring = m_ringToken;
    QList<NodeRef> candidates;
    for (const NodeRef &start : via) {
        const PeerResult<Neighbors> nb = co_await m_client->neighbors(start);
        if (!stillIn(ring))
            co_return;
        if (!nb.ok() || nb->ringToken != m_ringToken)
            continue;
        // Its predecessor too: a live node we never heard of may be the one right after us
        // (chord-sim --seed 855 --mix all: our only successor's address had a new process,
        // whose predecessor was the node we needed).
        QList<NodeRef> named{nb->self};
        if (nb->pred)
            named.append(*nb->pred);
        named.append(nb->successors);
        for (const NodeRef &n : named) {
            // (A dead successor is the process it was: a new one on its address is not.)
            const bool wasDead = std::any_of(dead.begin(), dead.end(), [&](const NodeRef &d) {
                return d.sameEndpoint(n) && d.id == n.id;
            });
            if (!n.sameEndpoint(m_self) && !wasDead && !contains(candidates, n) &&
                !(m_pred && n.sameEndpoint(*m_pred)))
                candidates.append(n);
        }
    }
    std::sort(candidates.begin(), candidates.end(), [this](const NodeRef &a, const NodeRef &b) {
        return m_space.distance(m_self.id, a.id) < m_space.distance(m_self.id, b.id);
    });
    for (const NodeRef &c : candidates) {
        const PeerResult<Neighbors> nb = co_await m_client->neighbors(c);
        if (!stillIn(ring))
            co_return;
        if (!nb.ok() || nb->ringToken != m_ringToken || nb->self.id != c.id)
            continue;
        if (m_successors != dead)
            co_return; // something else repaired the list meanwhile
        QList<NodeRef> list{nb->self};
        list.append(nb->successors);
        setSuccessors(list, QString::fromUtf8("successors unreachable; %1 found through the "
                                              "ring")
                                .arg(describe(c)));
        co_return;
    }
}

void ChordNode::rememberLost(const NodeRef &peer) {
    if (peer.sameEndpoint(m_self) || m_leaving || m_departed)
        return;
    for (const LostPeer &l : m_lost) {
        if (l.node.sameEndpoint(peer) && l.node.id == peer.id)
            return;
    }
    if (m_lost.size() >= LostPeerLimit)
        m_lost.removeFirst();
    m_lost.append({peer, m_scheduler->nowNs()});
}

QCoro::Task<> ChordNode::probeLostPeers() {
    const qint64 now = m_scheduler->nowNs();
    m_lost.removeIf([&](const LostPeer &l) { return now - l.sinceNs > LostPeerKeepMs * 1000000; });
    if (m_lost.isEmpty() || m_leaving || m_joining)
        co_return;
    // Round robin: the oldest goes to the back.
    const LostPeer lost = m_lost.takeFirst();
    m_lost.append(lost);
    auto drop = [this, &lost] {
        m_lost.removeIf([&](const LostPeer &l) {
            return l.node.sameEndpoint(lost.node) && l.node.id == lost.node.id;
        });
    };
    const quint64 ring = m_ringToken;
    const PeerResult<Neighbors> nb = co_await m_client->neighbors(lost.node);
    if (!stillIn(ring))
        co_return;
    if (!nb.ok())
        co_return; // still unreachable
    if (nb->self.id != lost.node.id || nb->ringToken != m_ringToken) {
        drop(); // a new process on its address, or a node of another ring now: nothing to merge
        co_return;
    }
    // It answers and is in our ring (a partition healed, or it was only slow). Where does our
    // id fall in its part of the ring? In ours, successor(self) is ourselves.
    const PeerResult<NodeRef> found = co_await routeFrom(nb->self, m_self.id, m_ringToken);
    // (Alone too: a node whose neighbours all left while it was cut off from the rest is a
    // part of its own; m_departed nodes remember no lost peers.)
    if (!stillIn(ring))
        co_return;
    if (!found.ok())
        co_return; // asked again later
    const NodeRef there = *found;
    if (there.sameEndpoint(m_self)) {
        drop();
        co_return; // one ring
    }
    const NodeRef succ = m_successors.front();
    if (there.sameEndpoint(succ)) {
        drop();
        co_return;
    }
    // Two rings with one token, or only a stale pointer on the way. The node after us over
    // there comes before our successor (then it is our successor now), or it should have us
    // as its predecessor: either way one pointer crosses, and stabilize zips the rest.
    const PeerResult<Neighbors> x = co_await m_client->neighbors(there);
    if (!stillIn(ring))
        co_return;
    if (!x.ok()) {
        // It routes us to a node that does not answer, the only one in its successor list: its
        // part of a split ring died around it (chord-sim --seed 189 --mix all: left with a dead
        // successor and a dead predecessor, it was never found again). Offered as its
        // predecessor, it takes us if its own is dead (Zave's rectify), and its stabilize then
        // learns our successors through us. Asked again later.
        if (std::all_of(nb->successors.begin(), nb->successors.end(),
                        [&](const NodeRef &s) { return s.sameEndpoint(there); }))
            co_await rescueStranded(nb->self);
        co_return;
    }
    drop();
    if (x->ringToken != m_ringToken || x->self.id != there.id ||
        !m_successors.front().sameEndpoint(succ))
        co_return;
    const bool closer = Interval::containsOpenOpen(m_space, m_self.id, succ.id, there.id);
    const bool oursToTake = x->pred && !x->pred->sameEndpoint(m_self) &&
                            Interval::containsOpenOpen(m_space, x->pred->id, there.id, m_self.id);
    if (!closer && !oursToTake)
        co_return; // consistent as far as we can tell
    qCInfo(lcRing).noquote() << "lost peer" << describe(lost.node)
                             << "is back in a separate part of the ring: merging through"
                             << describe(there);
    record({.type = QString::fromUtf8("merge"),
            .detail = QString::fromUtf8("a separated part of the ring is back"),
            .node = there});
    if (closer) {
        QList<NodeRef> list{x->self};
        list.append(x->successors);
        setSuccessors(list, QString::fromUtf8("merge with a separated part of the ring"));
    }
    co_await rectifyAt(there, m_ringToken); // what it hands over beyond our arcs: pushStrays
}

void ChordNode::notePredHeard() {
    m_predHeardRound = qint64(m_round);
    m_predHeardNs = m_scheduler->nowNs();
}

void ChordNode::checkPredecessorIfSilent(qint64 ms) {
    // Only with timers running: maintenance driven by hand (tests, a paused ring) does each
    // step when asked.
    if (!m_config.autoMaintenance || !m_pred || m_predDead || m_checkingPred || m_leaving ||
        m_joining || m_scheduler->nowNs() - m_predHeardNs <= ms * 1000000)
        return;
    [](ChordNode *node) -> QCoro::Task<> {
        co_await node->probePredecessor();
    }(this);
}

QCoro::Task<> ChordNode::checkPredecessor() {
    // It called us (stabilize, rectify or replica sync) this round or the last: alive and in
    // our ring.
    if (qint64(m_round) - m_predHeardRound > 1)
        co_await probePredecessor();
}

QCoro::Task<> ChordNode::probePredecessor() {
    if (!m_pred || m_checkingPred)
        co_return;
    const NodeRef pred = *m_pred;
    // Alive is not enough: a predecessor that left (it keeps running, alone, in a ring of its
    // own) or was replaced by a new process on its address is dead to us too. Dead, the
    // pointer stays (the arc keeps its start) until rectify brings the live predecessor.
    // Every answer awaited below may come after the pointer moved on: then this check is over.
    const auto predMoved = [this, &pred] {
        return !m_pred || !m_pred->sameEndpoint(pred);
    };
    m_checkingPred = true;
    const PeerResult<Neighbors> r = co_await m_client->neighbors(pred);
    m_checkingPred = false;
    if (predMoved())
        co_return;
    bool dead = false;
    QString why;
    if (!r.ok()) {
        ++m_stats.peerFailures;
        // Its process is gone or going: it may have left and exited, its notice sent past us,
        // and its heir has it. Asked again while the pointer stays on it, each successor once:
        // our successors may reach the heir only later (chord-sim --seed 1440 --nodes 8 --mix
        // all: the first ask went to successors left over from a partition, and 23 s later the
        // arc was taken over as a crashed node's, 503 for good, the heir our second successor
        // by then). Those asks go off the round: a departure answer has the bulk timeout, and
        // a lost one held the round, and with it stabilize, for 30 s (seed 13130).
        if (r.connectionRefused() || r.connectionClosed()) {
            if (!m_predDead) {
                if (co_await recoverDepartureFromHeir(pred) || predMoved())
                    co_return;
            } else {
                [](ChordNode *node, NodeRef p) -> QCoro::Task<> {
                    co_await node->recoverDepartureFromHeir(p);
                }(this, pred);
            }
        }
        dead = true;
        why = QString::fromUtf8("predecessor unreachable: ") + r.error;
    } else if (r->self.id != pred.id) {
        // Another node on its address: a restart with a new id, or a joiner that took another
        // id on a retry. That one cannot tell of our predecessor's leave (asked, a lost answer
        // held this check and the arc for a bulk timeout: chord-sim --seed 19499 --mix all);
        // the heir can, if it left before its process went.
        if (co_await recoverDepartureFromHeir(pred) || predMoved())
            co_return;
        dead = true;
        why = QString::fromUtf8("predecessor replaced by a new node");
    } else if (r->ringToken != m_ringToken && isStandalone(*r)) {
        // Left on purpose: it handed its arc on and told its neighbours. A notice that never
        // came (lost, or sent to a node it took for its successor) is asked for now; with it
        // the arc moves as on a leave, with no takeover and no guess at what we hold
        // (docs/CONSISTENCY.md, "A leave whose notice was missed"). A leaver that exits right
        // after its leave (SIGTERM) may be gone before it answers: then its heir is asked.
        if (co_await recoverDeparture(pred) || predMoved())
            co_return;
        if (co_await recoverDepartureFromHeir(pred) || predMoved())
            co_return;
        dead = true;
        why = QString::fromUtf8("predecessor left the ring");
    }
    if (dead && m_config.protocol == Protocol::Original) {
        // The paper's check_predecessor: a failed predecessor is set to nil.
        record({.type = QString::fromUtf8("pred-dead"), .detail = why, .node = pred});
        setPredecessor(std::nullopt, why);
    } else if (dead && !m_predDead) {
        m_predDead = true;
        if (!r.ok())
            rememberLost(pred);
        record({.type = QString::fromUtf8("pred-dead"), .detail = why, .node = pred});
    } else if (!dead) {
        m_predDead = false;
    }
}

QCoro::Task<> ChordNode::rescueStranded(NodeRef peer) {
    qCInfo(lcRing).noquote() << "lost peer" << describe(peer)
                             << "knows no live successor: offered as its predecessor";
    co_await rectifyAt(peer, m_ringToken);
}

QCoro::Task<bool> ChordNode::recoverDeparture(NodeRef pred) {
    m_checkingPred = true;
    const PeerResult<Departure> d = co_await m_client->departure(pred, m_ringToken, std::nullopt);
    m_checkingPred = false;
    co_return takeDeparture(pred, d,
                            QString::fromUtf8("the leave of %1, asked for").arg(pred.name));
}

QCoro::Task<bool> ChordNode::recoverDepartureFromHeir(NodeRef pred) {
    // A leaver hands its keys and notice to the first successor that takes them; ours come
    // after us (chord-sim --seed 244 --mix all: we were stalled while our predecessor left
    // with SIGTERM and exited, and we took its arc over as a crashed node's, 503 for good).
    const quint64 ring = m_ringToken;
    // We may be the heir ourselves: it left while a node between us was its successor (paused,
    // cut off, leaving too), and that node's own leave names it as our predecessor now
    // (chord-sim --seed 4255 --mix all: we took its arc over as a crashed node's).
    if (const std::optional<Departure> held = heldDepartureOf(ring, pred.address());
        held && held->notice.leaver.id == pred.id)
        co_return takeDeparture(
            pred, PeerResult<Departure>{*held},
            QString::fromUtf8("the leave of %1, held here as its heir").arg(pred.name),
            handedCopiesTo(held->notice, m_self));
    m_checkingPred = true;
    auto done = qScopeGuard([this] { m_checkingPred = false; });
    if (m_heirsAskedFor != pred.id) {
        m_heirsAskedFor = pred.id;
        m_heirsAsked.clear();
    }
    for (const NodeRef &s : QList<NodeRef>(m_successors).mid(0, m_config.replicas - 1)) {
        if (s.sameEndpoint(m_self) || s.sameEndpoint(pred))
            break;
        if (contains(m_heirsAsked, s))
            continue;
        // (Asked only of a successor that answers at once: the answer may be long, and a slow
        // one would hold our check of the predecessor for the bulk timeout.)
        const PeerResult<Neighbors> up = co_await m_client->neighbors(s);
        if (!stillIn(ring))
            co_return false;
        if (!up.ok() || up->ringToken != ring)
            continue;
        const PeerResult<Departure> d = co_await m_client->departure(s, ring, pred);
        if (!stillIn(ring))
            co_return false;
        if (d.status != 0 && m_heirsAskedFor == pred.id)
            m_heirsAsked.append(s); // it answered: not its heir (or it is, below)
        // (An heir the leaver handed its copies of the arcs before its own to sends them on.)
        if (d.ok())
            co_return takeDeparture(
                pred, d,
                QString::fromUtf8("the leave of %1, asked of its heir %2").arg(pred.name, s.name),
                handedCopiesTo(d->notice, s));
    }
    co_return false;
}

bool ChordNode::takeDeparture(const NodeRef &pred, const PeerResult<Departure> &d,
                              const QString &how, bool copiesHere) {
    if (!d.ok() || !d->notice.leaver.sameEndpoint(pred) || d->notice.leaver.id != pred.id ||
        !m_pred || !m_pred->sameEndpoint(pred) || m_pred->id != pred.id || m_leaving)
        return false;
    storeItems(d->items);
    record({.type = QString::fromUtf8("handoff-in"),
            .detail = how,
            .node = pred,
            .count = int(d->items.size())});
    applyLeaveNotice(d->notice, copiesHere);
    return true;
}

QCoro::Task<> ChordNode::fixFingers(int lookups) {
    // finger[i] = successor(self + 2^i). Starts inside (self, succ] need no lookup; a lookup's
    // answer also serves every later start that falls before it.
    //
    // A finger that is still right is confirmed with one request (the finger answers the
    // routing step for its start itself) instead of a whole lookup. After a pass that changed
    // no finger the table is settled, and one finger a round keeps checking it: an idle ring
    // of 128 nodes would otherwise spend most of its CPU re-finding the same fingers. Any
    // change of finger, successor or predecessor, or a failed lookup, goes back to `lookups`
    // fingers a round.
    if (m_fingersSettled)
        lookups = 1;
    const quint64 ring = m_ringToken;
    const int m = m_space.bits();
    auto set = [this](int i, const OptionalNode &n) {
        if (m_fingers[i] != n) {
            m_fingers[i] = n;
            m_fingerPassChanged = true;
            m_fingersSettled = false;
        }
    };
    int done = 0;
    for (int step = 0; step < m && done < lookups; ++step) {
        const int i = m_nextFinger;
        m_nextFinger = (m_nextFinger + 1) % m;
        if (i == 0) { // a pass begins: settled if the last one changed nothing
            m_fingersSettled = !m_fingerPassChanged;
            m_fingerPassChanged = false;
        }
        const Id start = m_space.fingerStart(m_self.id, i);
        const NodeRef &succ = m_successors.front();
        if (succ.sameEndpoint(m_self)) {
            set(i, m_self);
            continue;
        }
        if (Interval::containsOpenClosed(m_space, m_self.id, succ.id, start)) {
            set(i, succ);
            continue;
        }
        // successor(start) is the previous finger when start lies before it: no node sits
        // between the previous start and the previous finger.
        if (i > 0 && m_fingers[i - 1] &&
            Interval::containsOpenClosed(m_space, m_self.id, m_fingers[i - 1]->id, start)) {
            set(i, m_fingers[i - 1]);
            continue;
        }
        ++done;
        if (const OptionalNode current = m_fingers[i]; current && !current->sameEndpoint(m_self)) {
            const PeerResult<StepAnswer> check =
                co_await m_client->findSuccessorStep(*current, start, ring);
            if (i >= m_fingers.size() || !stillIn(ring))
                co_return; // the table was reset meanwhile (join or leave)
            if (check.ok() && check->done && check->node.sameEndpoint(*current) &&
                check->node.id == current->id)
                continue; // start is in (pred(finger), finger]: still successor(start)
        }
        const LookupResult r = co_await lookup(start, {}, false);
        if (i >= m_fingers.size() || !stillIn(ring))
            co_return; // the table was reset meanwhile (join or leave)
        if (r.ok) {
            set(i, r.owner);
        } else {
            m_fingerPassChanged = true;
            m_fingersSettled = false;
        }
    }
}

} // namespace Chord
