#pragma once

// The ring the GUI benchmarks draw and record: n nodes spread over 2^bits, with correct
// successor lists and complete finger tables.
#include "IdSpace.h"
#include "RingSnapshot.h"

#include <algorithm>

namespace ChordLab::Bench {

using namespace Qt::StringLiterals;

// A ring of n nodes spread over 2^bits with complete, correct finger tables.
inline RingSnapshot makeRing(int n, int bits) {
    const Chord::IdSpace space(bits);
    RingSnapshot s;
    s.bits = bits;
    for (int i = 0; i < n; ++i) {
        NodeSnapshot node;
        node.ref.name = u"n%1"_s.arg(i + 1);
        node.ref.host = u"127.0.0.1"_s;
        node.ref.port = quint16(5000 + i);
        node.ref.id = space.hash(QByteArray::number(i));
        node.health = NodeHealth::Alive;
        node.everSeen = true;
        s.nodes.append(node);
    }
    std::sort(s.nodes.begin(), s.nodes.end(),
              [](const NodeSnapshot &a, const NodeSnapshot &b) { return a.ref.id < b.ref.id; });
    auto successorOf = [&](Chord::Id id) -> const NodeSnapshot & {
        for (const NodeSnapshot &x : s.nodes) {
            if (x.ref.id >= id)
                return x;
        }
        return s.nodes.first();
    };
    for (int i = 0; i < n; ++i) {
        NodeSnapshot &node = s.nodes[i];
        node.succ = s.nodes[(i + 1) % n].ref;
        node.pred = s.nodes[(i + n - 1) % n].ref;
        for (int k = 1; k <= 4; ++k)
            node.successors.append(s.nodes[(i + k) % n].ref);
        for (int f = 0; f < bits; ++f) {
            const Chord::Id start = space.fingerStart(node.ref.id, f);
            const Chord::Id end =
                f + 1 < bits ? space.fingerStart(node.ref.id, f + 1) : node.ref.id;
            node.fingers.append({f, start, end, successorOf(start).ref});
        }
    }
    return s;
}

} // namespace ChordLab::Bench
