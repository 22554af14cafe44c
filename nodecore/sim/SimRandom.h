#pragma once

#include <QtGlobal>

namespace Chord::Sim {

// splitmix64: tiny, fast, and the same sequence on every platform and library version, which
// std::uniform_*_distribution does not promise. One seed must replay one run exactly.
class SimRandom {
public:
    explicit SimRandom(quint64 seed = 0)
        : m_state(seed) {}

    quint64 next() {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // [0, bound); 0 when bound is 0. The modulo bias is irrelevant for a simulator.
    quint64 below(quint64 bound) { return bound == 0 ? 0 : next() % bound; }
    // [lo, hi], inclusive.
    qint64 between(qint64 lo, qint64 hi) { return lo + qint64(below(quint64(hi - lo) + 1)); }
    // True with probability p.
    bool chance(double p) { return double(next() >> 11) * 0x1.0p-53 < p; }
    double unit() { return double(next() >> 11) * 0x1.0p-53; }
    // A new independent generator, for a node or a phase of the run.
    SimRandom split() { return SimRandom(next()); }

private:
    quint64 m_state;
};

} // namespace Chord::Sim
