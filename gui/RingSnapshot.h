#pragma once

#include "LinkFaults.h"
#include "NodeRef.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ChordLab {

// How a node looks from the app: the process state (for nodes the app started) combined
// with whether it answers HTTP.
enum class NodeHealth { Starting, Alive, Paused, Leaving, Unreachable, Dead };

struct FingerEntry {
    int i = 0;
    Chord::Id start = 0;
    Chord::Id end = 0; // exclusive: the interval is [start, end)
    Chord::NodeRef node;

    bool operator==(const FingerEntry &other) const = default;
};

// A range (from, to] of ids.
struct IdRange {
    Chord::Id from = 0;
    Chord::Id to = 0;
    bool operator==(const IdRange &other) const = default;
};

// One node as last seen: its /nodeinfo plus what the app knows about its process.
struct NodeSnapshot {
    Chord::NodeRef ref;
    Chord::OptionalNode pred;
    Chord::OptionalNode succ;
    QList<Chord::NodeRef> successors;
    QList<FingerEntry> fingers;
    int primaryKeys = 0;
    int replicaKeys = 0;
    QStringList keys; // primary keys, when fetched
    QString protocolState;
    // It left the ring (GET /nodeinfo's "left") and is alone by choice until it joins again:
    // not a member, so the ring's invariants are checked without it.
    bool left = false;
    QString protocol; // the ring maintenance it runs: "zave" or "original" (GET /nodeinfo)
    NodeHealth health = NodeHealth::Starting;
    qint64 pid = 0; // 0: not started by this app
    qint64 uptimeMs = 0;
    bool everSeen = false; // answered /nodeinfo at least once
    // The part of its arc that no reachable node holds copies of (GET /nodeinfo's
    // "unavailable", docs/API.md "Unavailable keys"): its keys answer 503.
    std::optional<IdRange> unavailable;
    // The start of the range (copiesFrom, id] of which it holds every acknowledged write, as
    // owner or replica (GET /nodeinfo's "copiesFrom"); none while it vouches for nothing
    // (joining, leaving, taking an arc over, just back from a pause).
    std::optional<Chord::Id> copiesFrom;
    // Its link faults (GET /dht/faults, polled now and then; issue 12): empty when healed.
    Chord::LinkFaultTable faults;

    QString address() const { return ref.address(); }
    bool isLive() const { return health == NodeHealth::Alive; }
    bool hasFaults() const { return !faults.links.isEmpty() || !faults.partition.isEmpty(); }
    // Takes what a node says about itself (NodeClient::nodeInfo, GET /nodeinfo) from `info`:
    // ref, pointers, fingers, key counts, state and uptime; the rest stays.
    void takeNodeInfo(const NodeSnapshot &info);
    bool operator==(const NodeSnapshot &other) const = default;
};

// Every node the app knows, ordered by id (ring order from 0).
struct RingSnapshot {
    int bits = 64;
    QList<NodeSnapshot> nodes;

    int indexOf(const QString &address) const;
    const NodeSnapshot *find(const QString &address) const;
    int liveCount() const;
    // Live nodes that are ring members: those that left (NodeSnapshot::left) are not.
    int memberCount() const;
    // The maintenance the live nodes run: "zave", "original", "mixed", or empty (none known).
    QString protocol() const;
};

} // namespace ChordLab
