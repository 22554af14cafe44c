// Identifiers, one node each (docs/CONSISTENCY.md, "Zave's rules, faithfully"): a joiner may
// not take the id of a member that went silent (rememberSilentIds), and of two members found
// with one id, one yields it (twinToYieldTo, yieldId).
#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <QScopeGuard>

#include <chrono>

namespace Chord {

using namespace detail;

void ChordNode::rememberSilentIds(const NodeRef &candidate) {
    // We take the arc of our dead predecessor over, and with it the arcs of the nodes between
    // the candidate and it. Those nodes stopped answering, which is not the same as gone: a
    // paused one comes back with its id. A joiner that took the same id in the arc meanwhile
    // (the middle of the arc we now serve is where a joiner looks first) would leave the ring
    // with two nodes of one id for good (chord-sim --seed 1095 --mix all). Their endpoints, where
    // known, let the same node (resumed, or restarted on its address) back in.
    QList<Id> ids{m_pred->id};
    for (const Id id : m_predChain) {
        if (Interval::containsOpenOpen(m_space, candidate.id, m_pred->id, id))
            ids.append(id);
    }
    const qint64 now = m_scheduler->nowNs();
    m_silentIds.removeIf(
        [now](const SilentId &s) { return now - s.sinceNs > LostPeerKeepMs * 1000000; });
    for (const Id id : ids) {
        m_silentIds.removeIf([id](const SilentId &s) { return s.id == id; });
        if (m_silentIds.size() >= SilentIdLimit)
            m_silentIds.removeFirst();
        m_silentIds.append({id, knownNode(id), now});
    }
}

bool ChordNode::isSilentId(const NodeRef &joiner) const {
    const qint64 now = m_scheduler->nowNs();
    for (const SilentId &s : m_silentIds) {
        if (s.id == joiner.id && now - s.sinceNs <= LostPeerKeepMs * 1000000 &&
            !(s.node && s.node->sameEndpoint(joiner)))
            return true;
    }
    return false;
}

void ChordNode::forgetSilentId(Id id) {
    m_silentIds.removeIf([id](const SilentId &s) { return s.id == id; });
}

OptionalNode ChordNode::twinToYieldTo(const Neighbors &view) const {
    // Rectify refuses a joiner whose id its predecessor holds, but two parts of a split ring
    // (or a ring and an appendage) each have a successor for that id, and both may place a
    // joiner there; with few id bits that happens (chord-sim --seed 4713 --mix all: two
    // joiners took id 134 of 8 bits on either side of a partition, which then healed). Once
    // the parts are one ring, their common successor has one of them as its predecessor and
    // refuses the other: the other yields.
    if (view.pred && view.pred->id == m_self.id && !view.pred->sameEndpoint(m_self))
        return view.pred;
    // Our successor has our id: we yield, unless we are its successor too (a ring of the two):
    // then the later address does.
    if (view.self.id == m_self.id && !view.self.sameEndpoint(m_self)) {
        const bool mutual =
            !view.successors.isEmpty() && view.successors.front().sameEndpoint(m_self);
        if (!mutual || m_self.address() > view.self.address())
            return view.self;
    }
    return std::nullopt;
}

QCoro::Task<> ChordNode::yieldId(NodeRef twin, NodeRef successor) {
    if (m_yieldingId || m_leaving || m_joining)
        co_return;
    m_yieldingId = true;
    auto done = qScopeGuard([this] { m_yieldingId = false; });
    // Only to a live twin of our ring that still has the id: a dead one's id is ours to keep.
    const quint64 ring = m_ringToken;
    const PeerResult<Neighbors> x = co_await m_client->neighbors(twin);
    if (!stillIn(ring) || !x.ok() || x->ringToken != m_ringToken || x->self.id != m_self.id ||
        x->joining)
        co_return;
    const bool rejoin = !m_config.explicitId;
    const QString why =
        rejoin ? QString::fromUtf8("id %1 is %2's too: leaving, to join again with another id")
                     .arg(m_self.id)
                     .arg(describe(twin))
               : QString::fromUtf8("--id %1 is %2's too: leaving the ring; start this node "
                                   "with another --id")
                     .arg(m_self.id)
                     .arg(describe(twin));
    qCWarning(lcRing).noquote() << why;
    record(
        {.type = QString::fromUtf8("id-conflict"), .detail = why, .node = twin, .id = m_self.id});
    // Our arc is the twin's: our keys go to it first. The leave's hand-off goes to our
    // successor, which keeps what lies in the twin's arc as the twin's replica, and the twin
    // read those keys "absent" until its next replica sync (tst_link_faults
    // twinsJoinedInTwoPartsOneYields: writes acknowledged in our part of a split ring).
    // (No predecessor: what we served is all we hold; what lies outside the twin's arc goes on
    // from there to its owners as strays.)
    const QList<Item> mine = m_store.itemsIn(arcStart(), m_self.id);
    if (!mine.isEmpty() && (co_await m_client->storeItems(twin, mine, ring, StoreAs::Handoff)).ok())
        record({.type = QString::fromUtf8("handoff-out"),
                .detail = QString::fromUtf8("to the twin that keeps id %1").arg(m_self.id),
                .node = twin,
                .count = int(mine.size())});
    if (!stillIn(ring))
        co_return;
    // A leave like any other: our keys to the successor too (it keeps what lies in the arcs it
    // keeps copies of and passes the rest on to the owners), the predecessor rewired past us.
    const Outcome<bool> left = co_await leave();
    if (!left.ok()) {
        qCWarning(lcRing).noquote()
            << "could not leave to yield id" << m_self.id << ":" << left.message;
        co_return;
    }
    if (!rejoin)
        co_return;
    const QList<NodeRef> via{successor, twin};
    for (int attempt = 0; attempt < 2 * int(via.size()); ++attempt) {
        const NodeRef &b = via[attempt % via.size()];
        const Outcome<bool> joined = co_await join(Endpoint{b.host, b.port, b.name});
        if (joined.ok())
            co_return;
        co_await m_scheduler->sleep(std::chrono::milliseconds(200 * (attempt + 1)));
    }
    qCWarning(lcRing).noquote() << "yielded id, but could not join again: alone";
}

} // namespace Chord
