#pragma once

#include "Item.h"
#include "NodeRef.h"

#include <QList>
#include <QString>

#include <optional>

namespace Chord {

// What one node answers to one iterative routing step: either the successor of the id
// (done) or the next node the initiator should ask.
struct StepAnswer {
    bool done = false;
    NodeRef node;
};

// A node's view of its neighbourhood, used by stabilize, joins and ring walks.
struct Neighbors {
    NodeRef self;
    OptionalNode pred;
    QList<NodeRef> successors;
    int bits = 64;
    quint64 ringToken = 0;
    int primaryKeys = 0;
    int replicaKeys = 0;
};

struct RectifyAnswer {
    bool accepted = false;
    // Copies the answering node held as primary that the new predecessor now owns.
    QList<Item> handoff;
};

// Sent by a leaving node to its neighbours so that they route around it at once.
struct LeaveNotice {
    NodeRef leaver;
    OptionalNode pred;
    QList<NodeRef> successors;
};

// Owner-to-replica anti-entropy: first the digest of the owner's arc; on mismatch the full
// set, to which the replica answers with any copy in the arc it holds newer.
struct ReplicateRequest {
    NodeRef owner;
    Id from = 0;
    Id to = 0;
    quint64 digest = 0;
    bool full = false;
    QList<Item> items;
};

struct ReplicateAnswer {
    bool match = false;
    QList<Item> newer;
};

struct FetchAnswer {
    bool found = false;
    Item item;
    // Whether the answering node is the key's primary (its arc (pred, self] holds the id).
    // An initiator that used a cached owner routes again when this is false.
    bool primary = true;
};

struct OwnerWrite {
    QString key;
    QByteArray value;
    bool deleted = false;
    // Sent to a cached owner: accepted only by a node that knows its arc (pred, self] holds
    // the key. A node whose predecessor is momentarily unknown would otherwise take any key.
    bool cached = false;
};

struct WriteAnswer {
    // False when the asked node is not the owner (its arc moved): route again.
    bool owner = true;
    quint64 version = 0;
    int copies = 0;
    // Set when a live replica refused the copy: the write is not acknowledged.
    QString error;
};

struct Hop {
    NodeRef node;
    bool done = false;
    bool failed = false;
    NodeRef next;
    double ms = 0;
};

struct LookupResult {
    bool ok = false;
    QString error;
    QString key;
    Id id = 0;
    NodeRef owner;
    double ms = 0;
    QList<Hop> hops;
};

} // namespace Chord
