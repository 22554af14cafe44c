#include "SimRingCheck.h"

#include "SimWorld.h"

#include <algorithm>

namespace Chord::Sim {

namespace {
QString name(const NodeRef &n) {
    return QStringLiteral("%1@%2").arg(n.name).arg(n.id);
}
QString names(const QList<NodeRef> &list) {
    QStringList out;
    for (const NodeRef &n : list)
        out << name(n);
    return out.join(QLatin1Char(','));
}
bool same(const NodeRef &a, const NodeRef &b) {
    return a.sameEndpoint(b) && a.id == b.id;
}
} // namespace

QStringList SimRingCheck::check(SimWorld &world) {
    QStringList out;
    std::vector<const ChordNode *> members;
    for (const auto &n : world.nodes()) {
        if (!n->alive)
            continue;
        if (n->exiting) {
            // Left with POST /dht/leave and still up: out of the ring once alone.
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
    std::sort(members.begin(), members.end(),
              [](const ChordNode *a, const ChordNode *b) { return a->self().id < b->self().id; });
    const int count = int(members.size());
    for (int i = 1; i < count; ++i) {
        if (members[i]->self().id == members[i - 1]->self().id)
            out << QStringLiteral("%1 and %2 hold the same id")
                       .arg(name(members[i - 1]->self()), name(members[i]->self()));
    }
    const quint64 token = members.front()->ringToken();
    for (int i = 0; i < count; ++i) {
        const ChordNode *n = members[i];
        if (n->ringToken() != token)
            out << QStringLiteral("%1 has ring token %2, %3 has %4")
                       .arg(name(n->self()))
                       .arg(n->ringToken())
                       .arg(name(members.front()->self()))
                       .arg(token);
        QList<NodeRef> expected;
        for (int k = 1; k < count && expected.size() < n->config().successorListLength; ++k)
            expected.append(members[(i + k) % count]->self());
        const QList<NodeRef> &actual = n->successors();
        bool listOk = count == 1 ? actual.size() == 1 && same(actual.front(), n->self())
                                 : actual.size() == expected.size();
        for (int k = 0; listOk && count > 1 && k < expected.size(); ++k)
            listOk = same(actual[k], expected[k]);
        if (!listOk)
            out << QStringLiteral("%1 successor list [%2], expected [%3]")
                       .arg(name(n->self()), names(actual),
                            count == 1 ? name(n->self()) : names(expected));
        if (count == 1) {
            if (n->predecessor())
                out << QStringLiteral("%1 alone but has predecessor %2")
                           .arg(name(n->self()), name(*n->predecessor()));
            continue;
        }
        const NodeRef &pred = members[(i + count - 1) % count]->self();
        if (!n->predecessor() || !same(*n->predecessor(), pred))
            out << QStringLiteral("%1 predecessor %2, expected %3")
                       .arg(name(n->self()),
                            n->predecessor() ? name(*n->predecessor()) : QStringLiteral("none"),
                            name(pred));
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
