// The answering side of the node-to-node protocol: what a node does when a peer's maintenance
// reaches it. Stabilize's call (neighbours, and the lease it grants), Zave's rectify (with the
// hand-off and the takeover of a dead predecessor's arc), a leaver's notice, and the replica
// exchange (docs/CONSISTENCY.md, "Leases on arcs", "Taking an arc over", "Replicas vouch").
#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <QLoggingCategory>

namespace Chord {

using namespace detail;

Neighbors ChordNode::answerNeighbors(const StabilizeCall &call) {
    Neighbors n = neighbors();
    n.clockMs = m_scheduler->nowMs();
    const bool stalled = noteStall();
    n.unsure = stalled || m_placeUnsure;
    if (m_stallSeenNs != 0)
        n.resumedAgoMs = (m_scheduler->nowNs() - m_stallSeenNs) / 1000000;
    n.joining = m_joining || m_joinPending;
    if (call.caller && call.ringToken == m_ringToken) {
        m_store.advanceClock(call.versionClock);
        n.versionClock = m_store.clock();
    }
    if (!call.caller || !m_pred || m_pred->id != *call.caller || call.ringToken != m_ringToken ||
        m_leaving)
        return n;
    notePredHeard();
    m_predDead = false;
    m_joinHandoff.reset(); // it has its answer
    setPredChain(call.predChain);
    // A node that cannot vouch for its own place (its arc is being taken over or confirmed,
    // or it was stalled: paused, and perhaps taken over meanwhile) vouches for nobody.
    if (stalled || m_arcPending)
        return n;
    // Grant the lease: promise not to take the caller's arc over before it (and every lease
    // granted behind it) ran out. 10% and 100 ms over cover clock rates and the answer's way.
    const qint64 now = m_scheduler->nowNs();
    const qint64 lease = call.leaseMs;
    m_grantUntilNs = std::max(m_grantUntilNs, now + (lease + lease / 10 + 100) * 1000000);
    m_predHorizonUntilNs = std::max(m_predHorizonUntilNs, now + qint64(call.horizonMs) * 1000000);
    m_predCap = std::max(m_predCap, call.versionCap);
    n.leaseGranted = true;
    return n;
}

Neighbors ChordNode::neighbors() const {
    Neighbors n{m_self,      m_pred,         m_successors,  m_space.bits(),
                m_ringToken, primaryCount(), replicaCount()};
    n.protocol = m_config.protocol;
    return n;
}

bool ChordNode::refusesRectify(const NodeRef &candidate, quint64 ringToken) const {
    if (candidate.sameEndpoint(m_self) || m_leaving)
        return true;
    // A node that left must not be pulled back by its old neighbours' stale pointers; a
    // joiner (which has adopted this node's ring token) is welcome.
    if (m_departed && ringToken != 0 && ringToken != m_ringToken)
        return true;
    // A candidate from another ring is a stale pointer: it never merges two rings, not even
    // into a ring of one (0: a ring wired by hand, whose nodes agree on a token through
    // stabilize). A process restarted on a dead node's address with its id is alone until its
    // join is done; its old neighbours' pointers name it with the right id, and accepting
    // their rectify merged it, and then the whole ring, into its fresh token, which left a
    // paused node outside for good (chord-sim --seed 1441 --mix all). Joiners adopt the token
    // of the ring they join before they rectify.
    return ringToken != 0 && ringToken != m_ringToken;
}

bool ChordNode::takeoverWaits(const NodeRef &candidate, bool between) {
    if (!m_pred || between)
        return false;
    if (!m_predDead) {
        // The candidate says our predecessor is gone for it: if we have not heard from it
        // lately, find out now, so that the candidate's next rectify need not wait a round.
        checkPredecessorIfSilent(m_config.stabilizeMs);
        return true;
    }
    // The predecessor is dead, but the candidate lies before the node that predecessor had as
    // its own predecessor: the candidate lost that node from its successor list (a lossy
    // link), and taking its arc over would serve keys a live node serves too (chord-sim --seed
    // 5022 --mix lossy: a stale read). Not before that node is found dead; alive, it rectifies
    // us itself.
    const std::optional<NodeRef> skipped = skippedPredecessor(candidate);
    if (!skipped)
        return false;
    if (!m_checkingSkipped) {
        m_checkingSkipped = true;
        [](ChordNode *node, NodeRef n) -> QCoro::Task<> {
            co_await node->checkSkipped(n);
            node->m_checkingSkipped = false;
        }(this, *skipped);
    }
    return true;
}

RectifyAnswer ChordNode::handOverTo(const NodeRef &candidate) {
    // The candidate takes part of our arc: hand it over, with what we promised the node before
    // it (it is the candidate's predecessor now).
    RectifyAnswer answer{true, {}, 0, 0};
    answer.handoff = m_store.itemsIn(arcStart(), candidate.id);
    answer.from = arcStart();
    // Not sure of our own place: the node that may have taken our arc over may have served the
    // candidate's part too (chord-sim --seed 1095 --mix all: a node resumed after a pause
    // handed a joiner an arc another node had taken over and written to meanwhile, and the
    // joiner served an old value).
    answer.unsure = m_placeUnsure || recentlyStalled();
    if (answer.unsure)
        answer.waitFor = m_stallSuccessors;
    answer.uncovered = uncoveredWithin(arcStart(), candidate.id);
    answer.vouched = answer.uncovered.empty();
    // The candidate takes our place as the replica of the arcs before it: a joiner was never
    // sent them, and would take a dead predecessor's arc over believing it held its copies
    // (chord-sim --seed 3002 --mix all: read "absent").
    if (const std::optional<Id> keepFrom = copyRangeStart())
        answer.replicas = m_store.itemsIn(*keepFrom, arcStart());
    else if (m_pred)
        // No range by our place (a ring of r nodes or fewer, where every node keeps every copy,
        // or a chain not known yet): every copy we keep outside our arc. The candidate vouches
        // for what replicasFrom says, and needs those copies (chord-sim --seed 6864 --mix all
        // with the digest asked again after every mismatch: none was sent while the answer
        // said "from 107", and a later joiner took that part over with no copy of it and read
        // "absent").
        answer.replicas = m_store.itemsIn(m_self.id, arcStart());
    answer.replicasFrom = heldBeforeArc();
    // Chain not known (our predecessor changed since it last called): what we held before the
    // change bounds our copies, as it does for a takeover of our own (markUncovered), and the
    // joiner takes our place as their replica with that bound. Without it the joiner held
    // nothing before its arc although it was handed every copy, and when its predecessor died
    // before it ever called, took that arc over and marked it unavailable for good (chord-sim
    // --seed 91871 --mix all).
    if (!answer.replicasFrom && m_pred && m_predChain.size() < m_config.replicas - 1 &&
        m_heldFrom && !Interval::containsOpenClosed(m_space, m_pred->id, m_self.id, *m_heldFrom))
        answer.replicasFrom = m_heldFrom;
    answer.predChain = m_predChain;
    answer.horizonMs = horizonMs();
    answer.versionCap = m_predCap;
    return answer;
}

QList<Id> ChordNode::chainAfterRectify(const NodeRef &candidate, bool between) const {
    // The chain of ids before our new predecessor, known at once (see applyLeaveNotice): a
    // candidate between puts the old predecessor first; a takeover from a candidate in the
    // chain keeps what follows the candidate in it.
    QList<Id> chain;
    if (between) {
        chain = m_predChain;
        chain.prepend(m_pred->id);
        chain = chain.mid(0, m_config.replicas);
    } else if (m_pred) {
        const qsizetype at = m_predChain.indexOf(candidate.id);
        if (at >= 0)
            chain = m_predChain.mid(at + 1);
    }
    return chain;
}

void ChordNode::markArcNeverHanded(const NodeRef &candidate) {
    // The first predecessor after a join that handed us no arc (we restarted with our old id
    // and address, and our successor took us for the node we were): we served, with the data
    // we kept, what our successor knew as our arc; the part of (candidate, self] before that
    // was served by nodes that may be stopped, cut off or gone with the only copies. It stays
    // uncovered until a node that served it hands it over or replicas vouch for it (chord-sim
    // --seed 14745 and 19264 --mix all: a restarted node adopted a predecessor further back
    // and read "absent" for a key it was never sent).
    if (m_joinedFrom)
        return;
    // Nor were we sent copies of the arcs before it: whatever we keep of them (nothing, or
    // what our data directory kept) dates from before the restart (chord-sim --seed 175840
    // --mix all: a node restarted without its data vouched, by its place, for the arcs before
    // its own, and its predecessor cleared a mark on that word and read "absent").
    narrowHeldFrom(candidate.id);
    if (!m_servedFrom)
        addUncovered({candidate.id, m_self.id, m_store.clock()});
    else if (candidate.id != *m_servedFrom &&
             !Interval::containsOpenOpen(m_space, *m_servedFrom, m_self.id, candidate.id))
        addUncovered({candidate.id, *m_servedFrom, m_store.clock()});
}

RectifyAnswer ChordNode::rectify(const NodeRef &candidate, quint64 ringToken, bool joining) {
    // Zave's rectify: adopt the candidate as predecessor when there is none or it lies
    // between the current one and this node. Whatever the new predecessor now owns is
    // handed over in the answer; this node keeps those copies as the first replica.
    if (refusesRectify(candidate, ringToken))
        return {};
    if (m_pred && m_pred->sameEndpoint(candidate)) {
        if (m_pred->id == candidate.id) {
            notePredHeard();
            m_predDead = false;
            // A joiner that asks again lost our answer: the same hand-off, with the part of
            // it nobody holds (chord-sim --seed 100713 --mix all: without its mark, the
            // joiner confirmed the arc from replicas that never held it and read "absent").
            if (joining && m_joinHandoff)
                return *m_joinHandoff;
            // Where we knew its arc to begin: a node restarted with its old id and address
            // learns what it served before (markArcNeverHanded).
            RectifyAnswer same{true, {}, 0, 0};
            same.predChain = m_predChain.mid(0, 1);
            return same;
        }
        // Same address, new identifier: the old predecessor crashed and a new node was
        // started on its port. A stranger, placed by the rule below; the old one is dead.
        m_predDead = true;
    } else if (candidate.id == m_self.id || (m_pred && m_pred->id == candidate.id) ||
               (joining && isSilentId(candidate))) {
        // That identifier is taken: a concurrent joiner picked it too, or a member that went
        // silent (paused, cut off) holds it and may come back.
        return {};
    }
    // Zave's rectify: adopt the candidate when it lies between the predecessor and us, or
    // when the predecessor is dead (checked by check-predecessor). Then our arc grows over the
    // dead node's: a takeover, fenced by the lease we granted it.
    const bool between =
        m_pred && Interval::containsOpenOpen(m_space, m_pred->id, m_self.id, candidate.id);
    // The original protocol's notify (SIGCOMM 2001): a candidate replaces a predecessor only
    // when it lies between; a dead one stays until check_predecessor has cleared it.
    if (m_config.protocol == Protocol::Original ? m_pred && !between
                                                : takeoverWaits(candidate, between))
        return {};
    // The first predecessor after a join that handed us no arc: nothing to hand over (we hold
    // nothing of the candidate's arc either), and what it brings is marked (below). Also while
    // the join is still finishing (chord-sim --seed 449422 --mix all: the predecessor came
    // during the joiner's first stabilize, was handed over to as if the arc were ours, and the
    // joiner served a paused node's arc as its own and read "absent").
    const bool firstAfterJoin = !m_pred && m_joinedWithoutArc && !isAlone();
    RectifyAnswer answer{true, {}, 0, 0};
    if (!firstAfterJoin && (!m_pred || between)) {
        answer = handOverTo(candidate);
    } else if (!firstAfterJoin) {
        beginTakeover(takeoverFenceNs(), m_predCap,
                      QString::fromUtf8("predecessor %1 dead").arg(describe(*m_pred)));
        markUncovered(candidate.id, m_pred->id);
        rememberSilentIds(candidate);
    }
    const QList<Id> chain = chainAfterRectify(candidate, between);
    setPredecessor(candidate, QString::fromUtf8("rectify"));
    setPredChain(chain);
    // Of the candidate's arc we keep copies as its replica now, but none of the part of our
    // mark we handed it: what we vouch for begins after that part. (A mark handed whole goes
    // with setPredecessor's narrowing; this is for one that straddles the candidate, the rest
    // of it staying here. chord-sim --seed 175840 --mix all --ops 60 once owners' copies counted
    // only at replicas by place: a node restarted without data, its held range widened by its
    // predecessor's sync, handed part of its mark on, cleared the rest, and vouched for the
    // handed part by its place; its predecessor cleared the mark on that word, read "absent".)
    if (!answer.uncovered.empty())
        narrowHeldFrom(answer.uncovered.to);
    forgetSilentId(candidate.id);
    if (firstAfterJoin)
        markArcNeverHanded(candidate);
    m_predDead = false;
    m_grantUntilNs = 0;
    m_predHorizonUntilNs = 0;
    m_predCap = 0;
    m_departed = false;
    m_departure.reset();
    if (m_successors.front().sameEndpoint(m_self))
        setSuccessors({candidate}, QString::fromUtf8("first peer"));
    if (joining && answer.from)
        m_joinHandoff = answer;
    if (!answer.handoff.isEmpty()) {
        m_stats.handoffItemsOut += answer.handoff.size();
        record({.type = QString::fromUtf8("handoff-out"),
                .node = candidate,
                .count = int(answer.handoff.size())});
    }
    return answer;
}

std::optional<Departure> ChordNode::departureFrom(quint64 ringToken) const {
    if (!m_departed || !m_departure || m_departure->first != ringToken)
        return std::nullopt;
    return m_departure->second;
}

void ChordNode::holdDeparture(const LeaveNotice &notice) {
    // We are the heir of a leaver that was not our predecessor: its hand-off and notice went
    // past the node between us (it did not answer: paused, cut off). That node, when it finds
    // the leaver gone, asks us (recoverDepartureFromHeir). Only a leaver our chain of
    // predecessors names, for as long as a lost peer is remembered.
    if (!notice.pred || !m_pred || !m_predChain.contains(notice.leaver.id))
        return;
    const qint64 now = m_scheduler->nowNs();
    m_heldDepartures.removeIf([&](const HeldDeparture &h) {
        return now - h.sinceNs > LostPeerKeepMs * 1000000 ||
               h.notice.leaver.sameEndpoint(notice.leaver);
    });
    if (m_heldDepartures.size() >= HeldDepartureLimit)
        m_heldDepartures.removeFirst();
    m_heldDepartures.append({m_ringToken, notice, now});
}

std::optional<Departure> ChordNode::heldDepartureOf(quint64 ringToken,
                                                    const QString &address) const {
    const qint64 now = m_scheduler->nowNs();
    for (const HeldDeparture &h : m_heldDepartures) {
        if (h.ring != ringToken || h.notice.leaver.address() != address ||
            now - h.sinceNs > LostPeerKeepMs * 1000000)
            continue;
        // Named among the nodes the leaver handed its copies of the arcs before its own to, we
        // hand those on too: the node that asks takes the leaver's place as their replica
        // (chord-sim --seed 419 --nodes 8 --mix all: it was handed none, took the arc of the
        // leaver's crashed predecessor over and kept it 503 for good, its copies on us).
        const Id from = handedCopiesTo(h.notice, m_self) ? *h.notice.copiesFrom : h.notice.pred->id;
        return Departure{h.notice, m_store.itemsIn(from, h.notice.leaver.id)};
    }
    return std::nullopt;
}

void ChordNode::applyLeaveNotice(const LeaveNotice &notice, bool copiesHere) {
    if (notice.leaver.sameEndpoint(m_self))
        return;
    if (!(m_pred && m_pred->sameEndpoint(notice.leaver)))
        holdDeparture(notice);
    for (const NodeRef &n : notice.lost)
        rememberLost(n);
    if (m_pred && m_pred->sameEndpoint(notice.leaver)) {
        const OptionalNode next =
            notice.pred && !notice.pred->sameEndpoint(notice.leaver) ? notice.pred : std::nullopt;
        // The leaver stopped taking writes and handed us its keys before this notice; what it
        // had promised its own predecessor is ours to keep now.
        const QList<Id> chain = m_predChain;
        setPredecessor(next, QString::fromUtf8("%1 left").arg(notice.leaver.name));
        // The chain of predecessors before ours is the leaver's, one shorter: known at once, so
        // that a takeover before the new predecessor first calls knows what we hold.
        if (next && !chain.isEmpty() && chain.front() == next->id)
            setPredChain(chain.mid(1));
        m_predDead = false;
        m_grantUntilNs = 0;
        m_predHorizonUntilNs = m_scheduler->nowNs() + qint64(notice.horizonMs) * 1000000;
        m_predCap = notice.versionCap;
        m_store.advanceClock(notice.versionCap);
        addUncovered(notice.uncovered);
        // The leaver's copies of the arcs before its own came here complete.
        if (next && notice.copiesFrom && (copiesHere || handedCopiesTo(notice, m_self)))
            noteSynced(*notice.copiesFrom, next->id);
    }
    if (contains(m_successors, notice.leaver)) {
        QList<NodeRef> list;
        for (const NodeRef &n : m_successors) {
            if (n.sameEndpoint(notice.leaver)) {
                for (const NodeRef &s : notice.successors) {
                    if (!s.sameEndpoint(notice.leaver))
                        list.append(s);
                }
                break;
            }
            list.append(n);
        }
        // The leaver's list continues with us: the nodes it names after us are our successors
        // (chord-sim --seed 1698 --mix all: they were paused, and without them the one node
        // still running became alone, owning every id, and read "absent"). Nobody after us:
        // we are alone indeed.
        if (!list.isEmpty() && list.front().sameEndpoint(m_self))
            list.removeFirst();
        setSuccessors(list, QString::fromUtf8("%1 left").arg(notice.leaver.name));
    }
    for (OptionalNode &f : m_fingers) {
        if (f && f->sameEndpoint(notice.leaver))
            f.reset();
    }
    if (m_successors.front().sameEndpoint(m_self) && m_pred)
        setSuccessors({*m_pred}, QString::fromUtf8("last peer"));
}

Outcome<int> ChordNode::takeCopies(const QList<Item> &items, quint64 ringToken, StoreAs as) {
    if (!inRing(ringToken))
        return Outcome<int>::ringMismatch();
    if (m_leaving)
        return Outcome<int>::failure(NodeError::Conflict,
                                     QStringLiteral("this node is leaving the ring; hand the "
                                                    "copies to the next node"),
                                     QStringLiteral("leaving"));
    if (m_departed)
        return Outcome<int>::failure(NodeError::Conflict,
                                     QStringLiteral("this node left its ring and keeps only the "
                                                    "keys it owned then; copies go to the ring's "
                                                    "members"),
                                     QStringLiteral("left the ring"));
    // A copy of an owner's write counts toward its quorum only at a replica by place.
    if (as == StoreAs::Replica && !keepsCopiesOf(items))
        return Outcome<int>::failure(NodeError::Conflict,
                                     QStringLiteral("this node does not keep copies of that "
                                                    "key's arc by its place in the ring"),
                                     QStringLiteral("not a replica"));
    // A copy handed here is news to pass on even when we had pushed the same version away as a
    // stray: the node we pushed it to took us for its owner (while two parts of a ring merge,
    // lookups name nodes that own nothing in the merged ring). Without this it stayed among
    // nodes that each thought it delivered, and the merged ring's owner read "absent" for 30 s
    // (chord-sim --seed 325508 --mix all).
    for (const Item &item : items)
        m_strayPushed.remove(item.key);
    return Outcome<int>{storeItems(items)};
}

int ChordNode::storeItems(const QList<Item> &items) {
    int changed = 0;
    for (const Item &item : items)
        changed += m_store.merge(item) ? 1 : 0;
    m_store.sync(); // durable (with --data-dir) before the sender is told
    return changed;
}

ReplicateAnswer ChordNode::replicate(const ReplicateRequest &request) {
    const qint64 now = m_scheduler->wallMs();
    if (m_pred && m_pred->sameEndpoint(request.owner) && m_pred->id == request.owner.id)
        notePredHeard();
    // A node that left keeps only the keys it owned then (the leave contract): a neighbour
    // that has not heard of the leave yet syncs with it, and what it sent would be served here,
    // never updated again (found on real processes: two adjacent leaves, a resumed
    // predecessor's sync). It takes nothing, and answers a digest as matched: it holds no
    // replica to repair, and vouches for nothing.
    if (m_departed && !request.full)
        return {true, {}, std::nullopt};
    if (request.to == request.owner.id)
        noteOwnerArc(request.owner.id, request.from);
    if (!request.full) {
        const bool match = m_store.digestIn(request.from, request.to) == request.digest;
        if (match) {
            m_store.touchIn(request.from, request.to, now);
            if (request.confirmedFrom)
                noteSynced(*request.confirmedFrom, request.to);
            if (request.to == request.owner.id)
                noteJoinerSynced(request.owner.id, request.from);
        }
        return {match, {}, vouchedCopyStart()};
    }
    // Full sync: take every newer copy, and hand back the copies this node has newer (or
    // that the owner lacks) so that an acknowledged write survives whichever side kept it.
    // Copies that differ from the owner's after the merge (newer, or equal in version and
    // winning the tie) go back, so that both sides settle on the same copy.
    QHash<QString, const Item *> ownerItems;
    for (const Item &item : request.items) {
        ownerItems.insert(item.key, &item);
        if (!m_departed)
            m_store.merge(item);
    }
    ReplicateAnswer answer{true, {}, vouchedCopyStart()};
    for (const Item &mine : m_store.itemsIn(request.from, request.to)) {
        const Item *theirs = ownerItems.value(mine.key);
        if (!theirs || theirs->version != mine.version || theirs->deleted != mine.deleted ||
            (!mine.deleted && theirs->value != mine.value))
            answer.newer.append(mine);
    }
    m_store.touchIn(request.from, request.to, now);
    if (request.confirmedFrom)
        noteSynced(*request.confirmedFrom, request.to);
    if (request.to == request.owner.id && !m_departed)
        noteJoinerSynced(request.owner.id, request.from);
    m_store.sync();
    ++m_stats.replicationSyncs;
    return answer;
}

std::optional<NodeRef> ChordNode::skippedPredecessor(const NodeRef &candidate) const {
    if (m_predChain.isEmpty() || !m_pred)
        return std::nullopt;
    const Id before = m_predChain.first();
    if (before == candidate.id || before == m_self.id || m_skippedDead.contains(before) ||
        !Interval::containsOpenOpen(m_space, candidate.id, m_pred->id, before))
        return std::nullopt;
    return knownNode(before); // unknown: nothing to check, the candidate is taken as before
}

QCoro::Task<> ChordNode::checkSkipped(NodeRef node) {
    const quint64 ring = m_ringToken;
    const PeerResult<Neighbors> r = co_await m_client->neighbors(node);
    if (!stillIn(ring))
        co_return;
    if (!r.ok() || r->self.id != node.id || r->ringToken != m_ringToken) {
        m_skippedDead.insert(node.id);
        co_return;
    }
    qCInfo(lcRing).noquote() << "a rectify candidate skips" << describe(node)
                             << "which is alive: waiting for it to rectify us";
}

} // namespace Chord
