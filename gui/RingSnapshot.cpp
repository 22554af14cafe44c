#include "RingSnapshot.h"

#include <algorithm>

namespace ChordLab {

void NodeSnapshot::takeNodeInfo(const NodeSnapshot &info) {
    ref = info.ref;
    pred = info.pred;
    succ = info.succ;
    successors = info.successors;
    fingers = info.fingers;
    primaryKeys = info.primaryKeys;
    replicaKeys = info.replicaKeys;
    protocolState = info.protocolState;
    uptimeMs = info.uptimeMs;
}

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
