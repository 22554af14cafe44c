#include "RingSnapshot.h"

#include <algorithm>

namespace ChordLab {

int RingSnapshot::indexOf(const QString &address) const {
    for (int i = 0; i < nodes.size(); ++i) {
        if (nodes[i].address() == address)
            return i;
    }
    return -1;
}

const NodeSnapshot *RingSnapshot::find(const QString &address) const {
    const int i = indexOf(address);
    return i < 0 ? nullptr : &nodes[i];
}

int RingSnapshot::liveCount() const {
    return int(std::count_if(nodes.cbegin(), nodes.cend(),
                             [](const NodeSnapshot &n) { return n.isLive(); }));
}

} // namespace ChordLab
