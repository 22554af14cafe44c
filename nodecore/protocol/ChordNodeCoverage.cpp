// What a node holds copies of and vouches for, and the "uncovered" part of its arc
// (docs/CONSISTENCY.md, "Taking an arc over" and "Replicas vouch"): the copy range judged from
// the node's place, what owners synchronised and what the node was handed, the mark of what no
// reachable node holds, and the vouching that clears it.
#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <algorithm>

namespace Chord {

using namespace detail;

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

std::optional<Id> ChordNode::heldCopyStart() const {
    // As copyRangeStart, with a ring of r nodes or fewer as the whole ring, (self, self].
    if (!m_pred || m_predChain.size() < m_config.replicas - 1)
        return std::nullopt;
    const std::optional<Id> start = copyRangeStart();
    return start ? start : std::optional<Id>(m_self.id);
}

bool ChordNode::keepsCopiesOf(const QList<Item> &items) const {
    // (start == self: a ring of r nodes or fewer, where every node keeps every arc.)
    const std::optional<Id> start = heldCopyStart();
    if (!start || *start == m_self.id)
        return true;
    return std::all_of(items.begin(), items.end(), [&](const Item &item) {
        // (The id from the key: items that came over HTTP carry none.)
        return Interval::containsOpenClosed(m_space, *start, m_self.id, m_space.hashKey(item.key));
    });
}

void ChordNode::markUncovered(Id from, Id deadPred) {
    // We hold copies of the arcs of our predecessor and of the r - 2 before it (we are their
    // replicas): of the arc gained (from, deadPred], the part before the r-th predecessor
    // back has no copy here. Every node that held it is among the dead: reads there are 503,
    // not "absent", until its nodes come back; writes are taken (stamped above anything they
    // could hold), and a key written since can be read.
    const int r = m_config.replicas;
    if (r < 2)
        return;
    // Chain not known (our predecessor changed since it last called): what we held before
    // the change (m_heldFrom) is all we can vouch for (chord-sim --seed 7943 --mix all: a
    // part of a partitioned ring took the other part's arcs over and read "absent").
    if (m_predChain.size() < r - 1) {
        if (m_heldFrom && Interval::containsOpenClosed(m_space, from, deadPred, *m_heldFrom))
            addUncovered({from, *m_heldFrom, m_store.clock()}, from);
        return;
    }
    // Copies of a part that our predecessors' arcs grew by are here only once its owner
    // synchronised it (m_syncedFrom).
    Id coverStart = m_predChain[r - 2];
    if (m_syncedFrom && Interval::containsOpenClosed(m_space, coverStart, deadPred, *m_syncedFrom))
        coverStart = *m_syncedFrom;
    // Nor before what we were handed when we joined (m_heldFrom): the chain says where our copies
    // should begin, not that we were ever sent them.
    if (m_heldFrom && Interval::containsOpenClosed(m_space, coverStart, deadPred, *m_heldFrom))
        coverStart = *m_heldFrom;
    coverStart = heldThroughDepartures(coverStart);
    if (!Interval::containsOpenClosed(m_space, from, deadPred, coverStart))
        return;
    // (After the takeover's version cap: versions above the clock are written since.)
    addUncovered({from, coverStart, m_store.clock()}, from);
}

Id ChordNode::heldThroughDepartures(Id coverStart) const {
    // A leaver our chain names that handed its arc to us (its heir: the notice came here and
    // the leaver was not our predecessor, holdDeparture) gave us every acknowledged write of
    // (pred, leaver]: it stopped taking writes before the hand-off. Where our copies begin at
    // such a leaver, they reach back to its predecessor, and on through the leaves before it.
    // Only while the chain still names the leaver with that predecessor before it (no node
    // between took the leaver's arc over since: its pred would have replaced the leaver in the
    // chain), and only while the hand-off's copies cannot have been retired as stale (chord-sim
    // --seed 81241 and 103691 --mix all: the heir of two leaves took its dead predecessor's arc
    // over and marked the leavers' arcs, which it held, unavailable for good).
    const qint64 now = m_scheduler->nowNs();
    for (qsizetype steps = 0; steps < m_predChain.size(); ++steps) {
        const qsizetype at = m_predChain.indexOf(coverStart);
        if (at < 0)
            break;
        const auto handed = std::find_if(
            m_heldDepartures.cbegin(), m_heldDepartures.cend(), [&](const HeldDeparture &h) {
                const LeaveNotice &n = h.notice;
                return h.ring == m_ringToken && now - h.sinceNs <= staleReplicaMs() * 1000000 &&
                       n.leaver.id == coverStart && n.pred && n.pred->id != n.leaver.id &&
                       !contains(m_successors, n.leaver) &&
                       (at + 1 >= m_predChain.size() || m_predChain[at + 1] == n.pred->id);
            });
        if (handed == m_heldDepartures.cend())
            break;
        const LeaveNotice &n = handed->notice;
        if (!n.uncovered.empty())
            return n.uncovered.to == n.leaver.id ? coverStart : n.uncovered.to;
        coverStart = n.pred->id;
    }
    return coverStart;
}

void ChordNode::setPredChain(QList<Id> chain) {
    // The arcs we keep copies of grow back when a node before us took a dead node's arc over:
    // that part is here only once its owner synchronised it with us (chord-sim --seed 1517
    // --mix all: the one sync was lost, a partition followed, and this node took the arc over
    // believing it held it, and read an old value).
    // (Chain not known before, as right after a takeover: what we held then, m_heldFrom.
    // chord-sim --seed 15700 --mix all: a node took over a predecessor whose own predecessor's
    // arc it had never been sent, took that one over too, and read "absent".)
    const std::optional<Id> before =
        m_predChain.size() < m_config.replicas - 1 ? m_heldFrom : copyRangeStart();
    const std::optional<Id> heldBefore = heldCopyStart();
    m_predChain = std::move(chain);
    const std::optional<Id> after = copyRangeStart();
    if (before && after && *before != *after &&
        Interval::containsOpenOpen(m_space, *after, m_self.id, *before) && !m_syncedFrom)
        m_syncedFrom = *before;
    if (heldBefore)
        narrowHeldFrom(*heldBefore);
    keepSyncedFromInRange();
}

void ChordNode::noteSynced(Id from, Id to) {
    // An owner that holds every acknowledged write of (from, to] synchronised it with us: what
    // we hold is confirmed back to `from` (not the owner's whole arc: chord-sim --seed 2118
    // --mix all, an owner with an uncovered mark synchronised its arc, and the replica then
    // vouched the mark away). An owner whose mark reaches its own id confirms nothing: (to, to]
    // would read as the whole circle (chord-sim --seed 748 --mix all: replicas read it so,
    // narrowed what they vouch for to the owner's id, and its mark was never cleared).
    if (from == to)
        return;
    if (m_syncedFrom && Interval::containsOpenClosed(m_space, from, to, *m_syncedFrom))
        m_syncedFrom = from;
    if (m_heldFrom && Interval::containsOpenClosed(m_space, from, to, *m_heldFrom)) {
        m_heldFrom = from;
        m_joinerNarrowing.reset();
    }
    keepSyncedFromInRange();
}

void ChordNode::noteOwnerArc(Id owner, Id from) {
    // The owners we keep copies for are our predecessor and the r - 2 before it; the arc of the
    // one at place k begins, by our chain, at the chain's k-th id. An owner whose arc begins
    // after that has a node before it that joined since our chain was told (its predecessor
    // stopped before it passed the news on): the part up to that node's start is not ours to
    // vouch for. (Found under schedules that did not land, docs/CONSISTENCY.md: the node took a
    // paused block's arcs over believing it held the joiner's arc, and served an old value.)
    if (!m_pred)
        return;
    const QList<Id> owners = QList<Id>{m_pred->id} + m_predChain.mid(0, m_config.replicas - 2);
    const qsizetype place = owners.indexOf(owner);
    if (place < 0 || place >= m_predChain.size())
        return;
    const Id expected = m_predChain[place];
    if (from == expected || !Interval::containsOpenOpen(m_space, expected, owner, from))
        return;
    const std::optional<Id> before = m_heldFrom;
    narrowHeldFrom(from);
    if (m_heldFrom != before)
        m_joinerNarrowing = JoinerNarrowing{from, before};
}

void ChordNode::noteJoinerSynced(Id joiner, Id from) {
    // What noteOwnerArc feared is the joiner's own writes going past us. Its sync of its arc
    // just matched ours, or we merged all it holds there: every write it acknowledged there is
    // here too, confirmed arc or not (chord-sim --seed 369872 --mix all: a node resumed, took its
    // arc back unconfirmed and was killed; its successor died too, and the one node left with
    // every copy of that arc vouched for none of it, so the arc stayed 503 for good).
    // Back to what we held before, but no further back than its sync: (from, joiner].
    if (!m_joinerNarrowing || m_joinerNarrowing->joiner != joiner || m_heldFrom != joiner)
        return;
    m_heldFrom = narrower(m_joinerNarrowing->heldBefore, from);
    m_joinerNarrowing.reset();
    keepSyncedFromInRange();
}

void ChordNode::keepSyncedFromInRange() {
    const std::optional<Id> start = copyRangeStart();
    if (m_syncedFrom &&
        (!start || !Interval::containsOpenOpen(m_space, *start, m_self.id, *m_syncedFrom)))
        m_syncedFrom.reset();
    // (Kept while the chain is not known: none would mean the whole range is held.)
    const std::optional<Id> held = heldCopyStart();
    if (m_heldFrom && held && !Interval::containsOpenOpen(m_space, *held, m_self.id, *m_heldFrom)) {
        m_heldFrom.reset();
        m_joinerNarrowing.reset();
    }
}

Id ChordNode::arcStart() const {
    return m_pred ? m_pred->id : m_self.id;
}

quint64 ChordNode::arcPos(Id x, std::optional<Id> start) const {
    // Distances from the start of our arc turn ranges inside it into intervals of a line.
    return m_space.distance(start.value_or(arcStart()), x);
}

quint64 ChordNode::arcPosFrom(Id x, std::optional<Id> start) const {
    // The start of a range, which may lie before our arc: then the arc's start.
    const Id from = start.value_or(arcStart());
    return Interval::containsOpenClosed(m_space, from, m_self.id, x) ? arcPos(x, from) : 0;
}

void ChordNode::shrinkUncovered(Id coveredFrom) {
    // (coveredFrom, self] is covered: what is left of the range is the part before it
    // (chord-sim --seed 305 --mix all: a joiner took the mark while the old owner was paused,
    // and kept it after the owner resumed and handed its copies over).
    if (m_uncovered.empty())
        return;
    const quint64 covered = arcPos(coveredFrom);
    if (covered <= arcPosFrom(m_uncovered.from))
        m_uncovered = {};
    else if (covered < arcPos(m_uncovered.to))
        m_uncovered.to = coveredFrom;
    else
        return;
    record({.type = QString::fromUtf8("available"),
            .detail = QString::fromUtf8("copies of the ids after %1 are back").arg(coveredFrom)});
}

bool ChordNode::vouchingPaused() const {
    return m_leaving || m_joining || m_joinPending || m_arcPending || m_placeUnsure;
}

std::optional<Id> ChordNode::vouchedCopyStart() {
    // (A stall the heartbeat has not noted yet is noted here.)
    if (vouchingPaused() || noteStall())
        return std::nullopt;
    return vouchedCopies();
}

std::optional<Id> ChordNode::vouchedCopies() const {
    if (vouchingPaused() || stallJustEnded())
        return std::nullopt;
    // A mark in our own arc: we vouch for what comes after it, and for nothing when it reaches
    // us ((self, self] would read as the whole circle: chord-sim --seed 15509 --mix all).
    if (!m_uncovered.empty())
        return m_uncovered.to == m_self.id ? std::nullopt : std::optional<Id>(m_uncovered.to);
    return heldStart();
}

std::optional<Id> ChordNode::heldStart() const {
    // The narrowest of what our place says (heldCopyStart), what owners synchronised
    // (m_syncedFrom) and what we were handed (m_heldFrom).
    std::optional<Id> start = heldCopyStart();
    if (!start)
        return std::nullopt;
    for (const std::optional<Id> &narrower : {m_syncedFrom, m_heldFrom}) {
        // (start == self: the whole circle, wider than any other start.)
        if (narrower && *narrower != m_self.id &&
            (*start == m_self.id ||
             m_space.distance(*narrower, m_self.id) < m_space.distance(*start, m_self.id)))
            start = narrower;
    }
    return start;
}

void ChordNode::narrowHeldFrom(Id start) {
    if (start == m_self.id)
        return;
    if (!m_heldFrom ||
        m_space.distance(start, m_self.id) < m_space.distance(*m_heldFrom, m_self.id)) {
        m_heldFrom = start;
        m_joinerNarrowing.reset();
    } else if (m_joinerNarrowing && start != m_joinerNarrowing->joiner) {
        // Narrower already (at the joiner): what is given back when it syncs is narrowed too.
        m_joinerNarrowing->heldBefore = narrower(m_joinerNarrowing->heldBefore, start);
    }
}

Id ChordNode::narrower(std::optional<Id> start, Id other) const {
    // Of two starts of ranges that end at us, the one nearer us (none: the widest).
    return start && m_space.distance(*start, m_self.id) < m_space.distance(other, m_self.id)
               ? *start
               : other;
}

std::optional<Id> ChordNode::heldBeforeArc() const {
    const std::optional<Id> start = heldStart();
    if (!start || !m_pred || Interval::containsOpenClosed(m_space, m_pred->id, m_self.id, *start))
        return std::nullopt;
    return start;
}

std::optional<Id> ChordNode::confirmedStart() const {
    if (!m_pred || m_arcPending || m_leaving)
        return std::nullopt;
    if (m_uncovered.empty())
        return m_pred->id;
    return m_uncovered.to == m_self.id ? std::nullopt : std::optional<Id>(m_uncovered.to);
}

void ChordNode::takeReplicaVouch(const NodeRef &replica, const ReplicateAnswer &answer, Id from,
                                 Id to) {
    // The replica's range (vouchFrom, replica] must reach back past us to cover any of our arc
    // (chord-sim --seed 692 --mix all: the owner's successors had held the arc of a node killed
    // while the owner was paused, and the owner's mark waited for that node for good).
    if (!answer.vouchFrom || *answer.vouchFrom == replica.id || m_uncovered.empty() || !m_pred ||
        m_pred->id != from || to != m_self.id ||
        !Interval::containsOpenOpen(m_space, *answer.vouchFrom, replica.id, m_self.id))
        return;
    shrinkUncovered(Interval::containsOpenOpen(m_space, from, to, *answer.vouchFrom)
                        ? *answer.vouchFrom
                        : from);
}

UncoveredRange ChordNode::forgetUnavailable() {
    const UncoveredRange dropped = m_uncovered;
    if (dropped.empty())
        return dropped;
    m_uncovered = {};
    record({.type = QString::fromUtf8("unavailable-released"),
            .detail = QString::fromUtf8("the operator declared the nodes that held the ids in "
                                        "(%1, %2] gone for good: serving what the ring holds")
                          .arg(dropped.from)
                          .arg(dropped.to)});
    return dropped;
}

UncoveredRange ChordNode::uncoveredWithin(Id from, Id to) const {
    // Both ranges lie in our arc, so their intersection is one piece.
    if (m_uncovered.empty())
        return {};
    const quint64 lo = std::max(arcPosFrom(m_uncovered.from), arcPos(from));
    const quint64 hi = std::min(arcPos(m_uncovered.to), arcPos(to));
    if (lo >= hi)
        return {};
    return {m_space.add(arcStart(), lo), m_space.add(arcStart(), hi), m_uncovered.since};
}

void ChordNode::addUncovered(const UncoveredRange &range, std::optional<Id> arcFrom) {
    if (range.empty())
        return;
    if (m_uncovered.empty()) {
        m_uncovered = range;
    } else {
        // Two pieces of our arc: keep one range that spans both (a covered key between them
        // is 503 a little longer; none without a copy is ever read as absent). Measured from
        // where the arc begins once the range is ours: from the old start, a takeover's mark
        // before it came out as a range that ended before it began, and the next shrink
        // cleared all of it (chord-sim --seed 48865 --mix all: a stale read).
        const Id start = arcFrom.value_or(arcStart());
        m_uncovered = {
            m_space.add(start, std::min(arcPosFrom(m_uncovered.from, start),
                                        arcPosFrom(range.from, start))),
            m_space.add(start, std::max(arcPos(m_uncovered.to, start), arcPos(range.to, start))),
            std::max(m_uncovered.since, range.since)};
    }
    m_store.advanceClock(m_uncovered.since);
    record({.type = QString::fromUtf8("unavailable"),
            .detail = QString::fromUtf8("no copy of the ids in (%1, %2]: unavailable until their "
                                        "nodes come back")
                          .arg(m_uncovered.from)
                          .arg(m_uncovered.to)});
}

} // namespace Chord
