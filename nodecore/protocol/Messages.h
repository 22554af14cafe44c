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
    // The answering node's monotonic clock (ms) when it answered: lets the initiator give the
    // node a deadline in its own time (OwnerWrite::deadlineMs).
    qint64 clockMs = 0;
};

// What a node tells its successor on every stabilize (docs/CONSISTENCY.md, "leases"): who it
// is, and what the successor must wait for before it may take the caller's arc over.
struct StabilizeCall {
    // The asking node's id when it asks as our predecessor (stabilize); none for a plain look.
    // (Not 0 for "none": 0 is an id like any other.)
    std::optional<Id> caller;
    quint64 ringToken = 0;
    // The lease asked for: the caller serves its arc for this long after sending the call.
    int leaseMs = 0;
    // How long from now leases granted behind the caller (by it to its predecessor, and so on)
    // may still run: a successor that takes the arc over waits at least this long.
    int horizonMs = 0;
    // No version stamped under this lease, or under leases granted behind the caller, exceeds
    // this: a successor that takes the arc over stamps above it (clocks may differ by hosts).
    quint64 versionCap = 0;
    // The caller's predecessors (its predecessor first), as far as it knows them, up to r - 1:
    // a successor that takes arcs over knows whose copies it holds and whose it does not.
    QList<Id> predChain;
    // The caller's version clock (every version it stamped or holds is at or below it): the
    // successor's clock moves past it, so that the ring's clocks agree within a few rounds and a
    // write after two parts of a ring merged orders after what either part stamped.
    quint64 versionClock = 0;
};

// The ring maintenance a node runs (issue 12; docs/CONSISTENCY.md, "The original protocol
// beside Zave's"): Zave's corrected Chord (the default), or Chord as the SIGCOMM 2001 paper
// published it, kept beside it to show its failures. Every member of a ring runs the same one.
enum class Protocol { Zave, Original };

inline QString protocolName(Protocol p) {
    return p == Protocol::Original ? QStringLiteral("original") : QStringLiteral("zave");
}

inline std::optional<Protocol> parseProtocol(const QString &name) {
    if (name == QLatin1String("zave"))
        return Protocol::Zave;
    if (name == QLatin1String("original"))
        return Protocol::Original;
    return std::nullopt;
}

// A node's view of its neighbourhood, used by stabilize, joins and ring walks.
struct Neighbors {
    NodeRef self;
    OptionalNode pred;
    QList<NodeRef> successors;
    int bits = 64;
    quint64 ringToken = 0;
    int primaryKeys = 0;
    int replicaKeys = 0;
    // Answer to a StabilizeCall: the answering node has the caller as its live predecessor and
    // promises not to take the caller's arc over before the lease (and horizon) ran out.
    bool leaseGranted = false;
    qint64 clockMs = 0; // the answering node's monotonic clock, as in StepAnswer
    // The answering node may have been taken over itself (it was stalled, or its successor no
    // longer has it) and has not confirmed its place since.
    bool unsure = false;
    // How long ago the answering node came back from its last stall (a pause); -1: never. Sure
    // of its place again or not, a node that was stopped while we were has not served our arc
    // meanwhile (ChordNode::resumeSources).
    qint64 resumedAgoMs = -1;
    // The answering node is joining a ring, or was started with --join and has not joined yet:
    // not a ring to join through (its own ring of one is about to go away).
    bool joining = false;
    // The answering node's version clock (see StabilizeCall::versionClock); 0 in a plain look.
    quint64 versionClock = 0;
    // The ring maintenance the answering node runs: a joiner must run the same.
    Protocol protocol = Protocol::Zave;
};

// The part of an arc whose copies are all on nodes that are away (crashed, stopped or cut
// off): its owner answers 503 for a key there unless the copy it holds was written since
// (version above `since`). Empty when from == to. Travels with the arc when it moves.
struct UncoveredRange {
    Id from = 0;
    Id to = 0; // the range is (from, to]
    quint64 since = 0;
    bool empty() const { return from == to; }
};

struct RectifyAnswer {
    bool accepted = false;
    // Copies the answering node held as primary that the new predecessor now owns.
    QList<Item> handoff;
    // What the answering node had promised the node before the new predecessor (a joiner
    // inherits it): do not take that node's arc over for horizonMs, stamp above versionCap.
    int horizonMs = 0;
    quint64 versionCap = 0;
    // The handed-over arc is (from, candidate] (none: the candidate's arc is unchanged, the
    // answering node took a dead predecessor's arc over); the part of it that no reachable node
    // holds copies of; vouched: the answering node is sure it holds every copy of that arc.
    std::optional<Id> from;
    UncoveredRange uncovered;
    bool vouched = false;
    // The answering node's copies of the arcs before `from` that it kept as a replica: the new
    // predecessor is their replica now, in its place.
    QList<Item> replicas;
    // The ids before `from` (its predecessor, and so on): the new predecessor's chain.
    QList<Id> predChain;
    // The replicas hold every acknowledged write of (replicasFrom, from]; none: nothing before
    // `from` is vouched for.
    std::optional<Id> replicasFrom;
    // The answering node was not sure of its own place (stopped a moment ago, or a node after
    // it may have taken its arc over): that node may have served the arc handed over meanwhile,
    // so the new predecessor confirms it as a node resumed after a pause does.
    bool unsure = false;
    // With unsure: the successors the answering node had when it was stopped, which it waits
    // for before it confirms its own arc (one of them may have taken that arc over and been
    // stopped in turn with the writes made since). The new predecessor waits for them too.
    QList<NodeRef> waitFor;
};

// Sent by a leaving node to its neighbours so that they route around it at once.
struct LeaveNotice {
    NodeRef leaver;
    OptionalNode pred;
    QList<NodeRef> successors;
    // The leaver's promise to its predecessor, which the heir inherits (see RectifyAnswer).
    int horizonMs = 0;
    quint64 versionCap = 0;
    UncoveredRange uncovered; // of the leaver's arc, which the heir takes
    // The leaver vouched for its copies of the arcs before its own, (copiesFrom, pred], and
    // handed them all to copiesTo: those nodes hold them now. None: nothing vouched for.
    std::optional<Id> copiesFrom;
    QList<NodeRef> copiesTo;
    // The peers the leaver dropped as unreachable and had not found again (a partition not
    // merged yet): its neighbours probe them in its place.
    QList<NodeRef> lost;
};

// What a node that left its ring gracefully tells a node of that ring that asks afterwards
// (its successor, which missed the leave notice): the notice, and the keys it owned as
// primary when it left, with their versions (it stopped taking writes before).
struct Departure {
    LeaveNotice notice;
    QList<Item> items;
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
    // The owner holds every acknowledged write of (confirmedFrom, to]: none while it is taking
    // the arc over, the end of its uncovered mark when it has one, else `from`.
    std::optional<Id> confirmedFrom;
};

struct ReplicateAnswer {
    bool match = false;
    QList<Item> newer;
    // The replica holds every acknowledged write of (vouchFrom, replica], judged from its place
    // (docs/CONSISTENCY.md, "Taking an arc over"); none while its place is unconfirmed.
    std::optional<Id> vouchFrom;
};

struct FetchAnswer {
    bool found = false;
    Item item;
    // Whether the answering node is the key's primary (its arc (pred, self] holds the id).
    // An initiator that used a cached owner routes again when this is false.
    bool primary = true;
    // The node owns the key by its pointers but cannot vouch for the copy now (its lease ran
    // out, or it is taking the arc over): the read must be answered 503, not guessed.
    bool unconfirmed = false;
    qint64 clockMs = 0;
};

// An owner carries out a write only within this many ms of its own clock after the sender
// read it (OwnerWrite::deadlineMs); a sender's timeout for the attempt must be longer.
inline constexpr int OwnerWriteBudgetMs = 4000;

struct OwnerWrite {
    QString key;
    QByteArray value;
    bool deleted = false;
    // Sent to a cached owner: accepted only by a node that knows its arc (pred, self] holds
    // the key. A node whose predecessor is momentarily unknown would otherwise take any key.
    bool cached = false;
    // The latest moment, on the owner's own monotonic clock (ms), at which the owner may still
    // carry the write out; 0: no deadline. The sender gives up on this attempt after it, so a
    // request that waited longer (in a paused owner's socket) is dropped, never applied late.
    qint64 deadlineMs = 0;
    // The same for every attempt of one client write (its entry node picks it; 0: none). The
    // owner carries a write id out once: a repeat (a retry, a request delivered twice) gets the
    // first answer, or the same version copied again, never a second version.
    quint64 writeId = 0;
    // Which send of that write this is (1, 2, ...; 0: not counted). A copy of an attempt that
    // the owner refused once is refused again, also one that was waiting here meanwhile: its
    // sender took the refusal and may have written elsewhere since.
    int attempt = 0;
    // The client operation it belongs to, for the owner's event (Event::op).
    QString op;
};

struct WriteAnswer {
    // False when the asked node is not the owner (its arc moved): route again.
    bool owner = true;
    quint64 version = 0;
    // Copies that hold the write (owner included) and how many the write quorum needs.
    int copies = 0;
    int needed = 0;
    // Set when the write is not acknowledged: fewer than `needed` copies, the owner could not
    // vouch for its arc, or the request waited past its deadline. Answered 503.
    QString error;
    qint64 clockMs = 0;

    bool acknowledged() const { return owner && error.isEmpty(); }
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
