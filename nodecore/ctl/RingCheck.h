#pragma once

#include "IdSpace.h"
#include "NodeRef.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <optional>

namespace Chord {

// A snapshot of a quiet ring, as gathered from /nodeinfo and /db of every member.
struct NodeSnapshot {
    NodeRef self;
    std::optional<NodeRef> pred;
    QList<NodeRef> successors;
    QList<std::optional<NodeRef>> fingers;
    QStringList primaryKeys;
    QStringList allKeys;
};

// The invariants of a quiet Chord ring (checkRing, nodecore/ring/RingInvariants.h) and the key
// placement rule, checked on a snapshot.
// Pure: used by `chordctl check` and the integration and fault tests (the app's health panel
// has its own, gui/RingHealth, on what it polls).
class RingCheck {
public:
    RingCheck(IdSpace space, int successorListLength, int replicas);

    // members: the snapshots in ring order (as /dht/ring walks). expectedMembers: how many
    // live nodes should be in the ring (-1 to skip that check).
    QStringList problems(const QList<NodeSnapshot> &members, int expectedMembers = -1,
                         bool checkFingers = true, bool checkKeys = true) const;

    // The member that owns id: the first member at or after it.
    static int ownerIndex(const QList<Id> &sortedIds, Id id);

private:
    IdSpace m_space;
    int m_successorListLength;
    int m_replicas;
};

} // namespace Chord
