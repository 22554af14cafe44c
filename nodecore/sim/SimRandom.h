#pragma once

#include "SplitMix64.h"

namespace Chord::Sim {

// The simulator's generator: SplitMix64 with the draws a run needs. One seed must replay one
// run exactly.
class SimRandom : public SplitMix64 {
public:
    using SplitMix64::SplitMix64;

    // [0, bound); 0 when bound is 0. The modulo bias is irrelevant for a simulator.
    quint64 below(quint64 bound) { return bound == 0 ? 0 : next() % bound; }
    // [lo, hi], inclusive.
    qint64 between(qint64 lo, qint64 hi) { return lo + qint64(below(quint64(hi - lo) + 1)); }
    // True with probability p.
    bool chance(double p) { return unit() < p; }
    // A new independent generator, for a node or a phase of the run.
    SimRandom split() { return SimRandom(next()); }
};

} // namespace Chord::Sim
