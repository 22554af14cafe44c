#pragma once

#include "RingSnapshot.h"

#include <QList>
#include <QString>

namespace ChordLab {

// The invariants of a quiet Chord ring (after Zave), checked on a snapshot of the
// live nodes. During churn they fail for a moment and come back as stabilization repairs
// the ring; a check that stays red is a bug or a partition.
struct HealthCheck {
    QString name;
    bool ok = true;
    QString detail; // the first counter-example when !ok
};

namespace RingHealth {
// One ordered ring; pred/succ agree; successor lists hold the next live nodes; fingers
// point to successor(n + 2^i).
QList<HealthCheck> check(const RingSnapshot &ring);
// 1/2 log2 N: the mean hop count Chord promises for N nodes.
double expectedMeanHops(int nodes);
} // namespace RingHealth

} // namespace ChordLab
