#pragma once

#include <QtGlobal>

namespace Chord {

// splitmix64: tiny, fast, and the same sequence on every platform and library version, which
// std::uniform_*_distribution does not promise. One seed replays one run (the simulator) or one
// sequence of link-fault draws (LinkFaults) exactly.
class SplitMix64 {
public:
    explicit SplitMix64(quint64 seed = 0)
        : m_state(seed) {}

    quint64 next() {
        quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // [0, 1).
    double unit() { return double(next() >> 11) * 0x1.0p-53; }

private:
    quint64 m_state;
};

} // namespace Chord
