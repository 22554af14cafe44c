#include "SimRingCheck.h"

#include "RingInvariants.h"
#include "SimWorld.h"

#include <algorithm>

namespace Chord::Sim {

namespace {
QString name(const NodeRef &n) {
    return QStringLiteral("%1@%2").arg(n.name).arg(n.id);
}
} // namespace

QStringList SimRingCheck::check(SimWorld &world) {
    QStringList out;
    std::vector<const ChordNode *> members;
    for (const auto &n : world.nodes()) {
        if (!n->alive)
            continue;
        if (n->outOfRing()) {
            // Left (POST /dht/leave, or an --id found taken) and still up: out once alone.
            if (!n->chord->isAlone())
                out << QStringLiteral("%1 is still leaving").arg(name(n->chord->self()));
            continue;
        }
        if (!n->ready) {
            out << QStringLiteral("%1 is still joining").arg(name(n->chord->self()));
            continue;
        }
        members.push_back(n->chord.get());
    }
    if (members.empty())
        return out << QStringLiteral("no live member");
    // The pointers: the one checker of every tool (nodecore/ring/RingInvariants.h).
    QList<RingMemberView> views;
    for (const ChordNode *n : members)
        views.append({n->self(), n->predecessor(), n->successors(), {}});
    for (const RingViolation &v :
         checkRing(members.front()->space(), views, members.front()->config().successorListLength))
        out << describe(v);
    std::sort(members.begin(), members.end(),
              [](const ChordNode *a, const ChordNode *b) { return a->self().id < b->self().id; });
    const int count = int(members.size());
    const quint64 token = members.front()->ringToken();
    for (const ChordNode *n : members) {
        if (n->ringToken() != token)
            out << QStringLiteral("%1 has ring token %2, %3 has %4")
                       .arg(name(n->self()))
                       .arg(n->ringToken())
                       .arg(name(members.front()->self()))
                       .arg(token);
    }
    // One ring: following successors from the first member visits every member once.
    if (count > 1 && out.isEmpty()) {
        const ChordNode *at = members.front();
        for (int step = 0; step < count; ++step) {
            const NodeRef next = at->successor();
            SimNode *live = world.live(next.address());
            if (!live || live->chord->self().id != next.id) {
                out << QStringLiteral("%1 points at %2, not a live member")
                           .arg(name(at->self()), name(next));
                break;
            }
            at = live->chord.get();
        }
        if (at != members.front())
            out << QStringLiteral("successor pointers do not form one ring");
    }
    return out;
}

} // namespace Chord::Sim
