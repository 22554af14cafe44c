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
    left = info.left;
    protocol = info.protocol;
    unavailable = info.unavailable;
    copiesFrom = info.copiesFrom;
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

QString RingSnapshot::protocol() const {
    QString seen;
    for (const NodeSnapshot &n : nodes) {
        if (!n.isLive() || n.protocol.isEmpty())
            continue;
        if (!seen.isEmpty() && seen != n.protocol)
            return QStringLiteral("mixed");
        seen = n.protocol;
    }
    return seen;
}

int RingSnapshot::liveCount() const {
    return int(std::count_if(nodes.cbegin(), nodes.cend(),
                             [](const NodeSnapshot &n) { return n.isLive(); }));
}

int RingSnapshot::memberCount() const {
    return int(std::count_if(nodes.cbegin(), nodes.cend(),
                             [](const NodeSnapshot &n) { return n.isLive() && !n.left; }));
}

} // namespace ChordLab
