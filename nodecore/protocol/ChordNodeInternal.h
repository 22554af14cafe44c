#pragma once

// Shared by the ChordNode*.cpp files only: constants and small helpers of the protocol.

#include "Messages.h"

#include <QLoggingCategory>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcRing)
Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace Chord::detail {

inline constexpr int MaxLookupHops = 160;
inline constexpr int LookupAttempts = 4;
inline constexpr int FingerLookupsPerRound = 3;
// Replicas not confirmed by their owner for this many rounds (and at least StaleReplicaMinMs)
// are dropped.
inline constexpr int StaleReplicaRounds = 40;
inline constexpr qint64 StaleReplicaMinMs = 30000;
// An owner whose replica matched its arc asks again after this many rounds (sooner when the
// arc or its content changes).
inline constexpr quint64 ReplicaRecheckRounds = 8;
// A successor that already has us as predecessor is told again (rectify) this often.
inline constexpr quint64 RectifyRefreshRounds = 8;
// A node back from a stall asks at most this many nodes after it for what it missed.
inline constexpr int ResumeWalkLimit = 64;
// Peers dropped as unreachable: at most this many are remembered, for at most an hour, and
// one of them is probed every few rounds (ChordNode::probeLostPeers).
inline constexpr int LostPeerLimit = 8;
inline constexpr qint64 LostPeerKeepMs = 3600 * 1000;
inline constexpr quint64 LostProbeRounds = 4;
// Identifiers of members whose arcs we took over, refused to joiners for LostPeerKeepMs
// (ChordNode::rememberSilentIds): at most this many.
inline constexpr int SilentIdLimit = 16;
// Leave notices kept as the heir of a node that was not our predecessor
// (ChordNode::holdDeparture): at most this many, for at most LostPeerKeepMs.
inline constexpr int HeldDepartureLimit = 8;

inline bool isStandalone(const Neighbors &n) {
    return !n.pred && n.successors.front().sameEndpoint(n.self);
}

inline bool contains(const QList<NodeRef> &list, const NodeRef &node) {
    return std::any_of(list.begin(), list.end(),
                       [&](const NodeRef &n) { return n.sameEndpoint(node); });
}

// The leaver vouched for its copies of the arcs before its own and handed them to `node`
// (LeaveNotice::copiesFrom, copiesTo).
inline bool handedCopiesTo(const LeaveNotice &notice, const NodeRef &node) {
    return notice.copiesFrom && contains(notice.copiesTo, node);
}
} // namespace Chord::detail
