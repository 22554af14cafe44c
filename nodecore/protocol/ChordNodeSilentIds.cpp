// Identifiers of members that went silent (ChordNode::rememberSilentIds): a joiner may not
// take one. docs/CONSISTENCY.md, "Zave's rules, faithfully".
#include "ChordNode.h"
#include "ChordNodeInternal.h"

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

} // namespace Chord
