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

QList<HealthCheck> check(const RingSnapshot &ring) {
    // The invariants are checked by Chord::checkRing (as chordctl and the tests do); here they
    // are grouped in four and told in the app's language.
    QList<Chord::RingMemberView> live;
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.isLive() && n.everSeen)
            live.append(viewOf(n));
    }
    HealthCheck ordered{QCoreApplication::translate("RingHealth", "One ordered ring"), true, {}};
    HealthCheck agree{
        QCoreApplication::translate("RingHealth", "Predecessor and successor agree"), true, {}};
    HealthCheck lists{
        QCoreApplication::translate("RingHealth", "Successor lists hold the next live nodes"),
        true,
        {}};
    HealthCheck fingers{
        QCoreApplication::translate("RingHealth", "Fingers point to successor(n + 2^i)"), true, {}};
    const auto fail = [](HealthCheck &c, const QString &detail) {
        if (c.ok) // the first counter-example
            c = {c.name, false, detail};
    };
    using Kind = Chord::RingViolation::Kind;
    for (const Chord::RingViolation &v : Chord::checkRing(Chord::IdSpace(ring.bits), live, 0)) {
        const QString node = v.node.name;
        switch (v.kind) {
        case Kind::NoMembers:
            fail(ordered, QCoreApplication::translate("RingHealth", "no live node"));
            break;
        case Kind::SameId:
            fail(ordered, QCoreApplication::translate("RingHealth", "%1 and %2 hold the same id")
                              .arg(node, nameOf(v.actual)));
            break;
        case Kind::Successor:
        case Kind::NotAlone:
            fail(ordered, QCoreApplication::translate("RingHealth", "succ(%1) is %2, expected %3")
                              .arg(node, nameOf(v.actual), nameOf(v.expected)));
            break;
        case Kind::Predecessor:
            fail(agree, QCoreApplication::translate("RingHealth", "pred(%1) is %2, expected %3")
                            .arg(node, nameOf(v.actual), nameOf(v.expected)));
            break;
        case Kind::SuccessorList:
            fail(lists, v.index < 0 ? QCoreApplication::translate("RingHealth",
                                                                  "%1 has an empty successor list")
                                          .arg(node)
                                    : QCoreApplication::translate(
                                          "RingHealth", "successor %1 of %2 is %3, expected %4")
                                          .arg(v.index + 1)
                                          .arg(node, nameOf(v.actual), nameOf(v.expected)));
            break;
        case Kind::Finger:
            fail(fingers,
                 QCoreApplication::translate("RingHealth", "finger %1 of %2 is %3, expected %4")
                     .arg(v.index)
                     .arg(node, nameOf(v.actual), nameOf(v.expected)));
            break;
        }
    }
    return {ordered, agree, lists, fingers};
}

} // namespace ChordLab::RingHealth
