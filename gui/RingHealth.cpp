#include "RingHealth.h"

#include "IdSpace.h"
#include "RingInvariants.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace ChordLab::RingHealth {

namespace {
QString nameOf(const Chord::OptionalNode &n) {
    return n ? n->name : QCoreApplication::translate("RingHealth", "none");
}

Chord::RingMemberView viewOf(const NodeSnapshot &n) {
    Chord::RingMemberView v{n.ref, n.pred, n.successors, {}};
    if (v.successors.isEmpty() && n.succ && !n.succ->sameEndpoint(n.ref))
        v.successors.append(*n.succ);
    for (const FingerEntry &e : n.fingers) {
        if (e.i >= v.fingers.size())
            v.fingers.resize(e.i + 1);
        v.fingers[e.i] = e.node;
    }
    return v;
}
} // namespace

double expectedMeanHops(int nodes) {
    return nodes > 1 ? 0.5 * std::log2(double(nodes)) : 0.0;
}

namespace {

using Kind = Chord::RingViolation::Kind;

// Which of the four checks of `check` a violation of the invariants belongs to.
int groupOf(Kind kind) {
    switch (kind) {
    case Kind::NoMembers:
    case Kind::SameId:
    case Kind::Successor:
    case Kind::NotAlone:
        return 0;
    case Kind::Predecessor:
        return 1;
    case Kind::SuccessorList:
        return 2;
    case Kind::Finger:
        return 3;
    }
    return 0;
}

// The violation in the app's language.
QString detailOf(const Chord::RingViolation &v) {
    const QString node = v.node.name;
    switch (v.kind) {
    case Kind::NoMembers:
        return QCoreApplication::translate("RingHealth", "no live node");
    case Kind::SameId:
        return QCoreApplication::translate("RingHealth", "%1 and %2 hold the same id")
            .arg(node, nameOf(v.actual));
    case Kind::Successor:
    case Kind::NotAlone:
        return QCoreApplication::translate("RingHealth", "succ(%1) is %2, expected %3")
            .arg(node, nameOf(v.actual), nameOf(v.expected));
    case Kind::Predecessor:
        return QCoreApplication::translate("RingHealth", "pred(%1) is %2, expected %3")
            .arg(node, nameOf(v.actual), nameOf(v.expected));
    case Kind::SuccessorList:
        return v.index < 0
                   ? QCoreApplication::translate("RingHealth", "%1 has an empty successor list")
                         .arg(node)
                   : QCoreApplication::translate("RingHealth",
                                                 "successor %1 of %2 is %3, expected %4")
                         .arg(v.index + 1)
                         .arg(node, nameOf(v.actual), nameOf(v.expected));
    case Kind::Finger:
        return QCoreApplication::translate("RingHealth", "finger %1 of %2 is %3, expected %4")
            .arg(v.index)
            .arg(node, nameOf(v.actual), nameOf(v.expected));
    }
    return {};
}

} // namespace

QList<HealthCheck> check(const RingSnapshot &ring) {
    // The invariants are checked by Chord::checkRing (as chordctl and the tests do); here they
    // are grouped in four and told in the app's language. A node that left (by the app's Leave
    // or anybody's GET /dht/leave) is alone by choice: it is not a member the ring misses.
    QList<Chord::RingMemberView> live;
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.isLive() && n.everSeen && !n.left)
            live.append(viewOf(n));
    }
    QList<HealthCheck> checks{
        {QCoreApplication::translate("RingHealth", "One ordered ring"), true, {}},
        {QCoreApplication::translate("RingHealth", "Predecessor and successor agree"), true, {}},
        {QCoreApplication::translate("RingHealth", "Successor lists hold the next live nodes"),
         true,
         {}},
        {QCoreApplication::translate("RingHealth", "Fingers point to successor(n + 2^i)"),
         true,
         {}},
    };
    for (const Chord::RingViolation &v : Chord::checkRing(Chord::IdSpace(ring.bits), live, 0)) {
        HealthCheck &c = checks[groupOf(v.kind)];
        if (c.ok) // the first counter-example
            c = {c.name, false, detailOf(v)};
    }
    return checks;
}

} // namespace ChordLab::RingHealth
