#pragma once

#include "IdSpace.h"
#include "NodeRef.h"

#include <QList>
#include <QString>

namespace Chord {

// What one member of a ring says of its pointers, however it was learned (a survey over HTTP,
// the app's polls, the simulator's or a test's direct look).
struct RingMemberView {
    NodeRef self;
    OptionalNode pred;
    QList<NodeRef> successors;
    // Finger i at index i (none: not set); an empty list is not checked.
    QList<OptionalNode> fingers;
};

// One broken invariant: `node`'s pointer (its successor-list entry or finger `index`) is
// `actual` where the quiet ring has `expected`.
struct RingViolation {
    enum class Kind {
        NoMembers,     // nothing to check
        SameId,        // two members hold one id (node, actual: the other one)
        Successor,     // the first successor
        Predecessor,   //
        SuccessorList, // entry `index` (or the length, index -1) of the successor list
        Finger,        // finger `index`
        NotAlone,      // the only member has a predecessor or another successor
    };
    Kind kind;
    NodeRef node;
    int index = -1;
    OptionalNode actual;
    OptionalNode expected;
};

// Zave's invariants of a quiet ring, against the ring that the members should form: all of
// them, ordered by id. A pointer is right when it names the same process (address and id: a
// new process on an old address is another node). successorListLength: how long every list
// must be (capped at the members after one); 0: only the entries present are checked.
// The one checker behind `chordctl check` (RingCheck), the app's health panel (RingHealth),
// the simulator (SimRingCheck) and the protocol tests.
QList<RingViolation> checkRing(const IdSpace &space, QList<RingMemberView> members,
                               int successorListLength);

// One line of English for a violation (chordctl, tests, the simulator's report).
QString describe(const RingViolation &violation);

} // namespace Chord
