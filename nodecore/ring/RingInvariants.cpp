#include "RingInvariants.h"

#include <algorithm>

namespace Chord {

namespace {
bool same(const NodeRef &a, const NodeRef &b) {
    return a.sameEndpoint(b) && a.id == b.id;
}

bool same(const OptionalNode &a, const NodeRef &b) {
    return a && same(*a, b);
}

QString named(const OptionalNode &n) {
    return n ? QStringLiteral("%1@%2").arg(n->name).arg(n->id) : QStringLiteral("none");
}
} // namespace

QList<RingViolation> checkRing(const IdSpace &space, QList<RingMemberView> members,
                               int successorListLength) {
    using Kind = RingViolation::Kind;
    if (members.isEmpty())
        return {{Kind::NoMembers, {}, -1, {}, {}}};
    std::sort(members.begin(), members.end(), [](const RingMemberView &a, const RingMemberView &b) {
        return a.self.id < b.self.id;
    });
    QList<RingViolation> out;
    const qsizetype n = members.size();
    for (qsizetype i = 1; i < n; ++i) {
        if (members[i].self.id == members[i - 1].self.id)
            out.append({Kind::SameId, members[i - 1].self, -1, members[i].self, {}});
    }
    const auto at = [&](qsizetype i) -> const NodeRef & {
        return members[i % n].self;
    };
    // successor(id): the first member at or after id.
    const auto successorOf = [&](Id id) -> const NodeRef & {
        const auto it =
            std::lower_bound(members.cbegin(), members.cend(), id,
                             [](const RingMemberView &m, Id x) { return m.self.id < x; });
        return it == members.cend() ? members.front().self : it->self;
    };
    for (qsizetype i = 0; i < n; ++i) {
        const RingMemberView &m = members[i];
        if (n == 1) {
            const bool listOk = m.successors.isEmpty() ||
                                (m.successors.size() == 1 && same(m.successors[0], m.self));
            if (m.pred || !listOk)
                out.append({Kind::NotAlone,
                            m.self,
                            -1,
                            m.pred ? m.pred : (listOk ? OptionalNode() : m.successors.front()),
                            {}});
            continue;
        }
        const NodeRef &next = at(i + 1);
        const NodeRef &prev = at(i + n - 1);
        const OptionalNode first = m.successors.isEmpty() ? OptionalNode() : m.successors.front();
        if (!same(first, next))
            out.append({Kind::Successor, m.self, 0, first, next});
        if (!same(m.pred, prev))
            out.append({Kind::Predecessor, m.self, -1, m.pred, prev});
        const qsizetype want = successorListLength > 0
                                   ? std::min<qsizetype>(successorListLength, n - 1)
                                   : std::min<qsizetype>(m.successors.size(), n - 1);
        if (successorListLength > 0 ? m.successors.size() != want : m.successors.isEmpty()) {
            out.append({Kind::SuccessorList, m.self, -1, {}, {}});
        } else {
            for (qsizetype k = 1; k < want; ++k) { // (entry 0 is the successor, above)
                if (!same(m.successors[k], at(i + 1 + k))) {
                    out.append(
                        {Kind::SuccessorList, m.self, int(k), m.successors[k], at(i + 1 + k)});
                    break;
                }
            }
        }
        for (qsizetype f = 0; f < m.fingers.size() && f < space.bits(); ++f) {
            const NodeRef &expected = successorOf(space.fingerStart(m.self.id, int(f)));
            if (!same(m.fingers[f], expected))
                out.append({Kind::Finger, m.self, int(f), m.fingers[f], expected});
        }
    }
    return out;
}

QString describe(const RingViolation &v) {
    using Kind = RingViolation::Kind;
    const QString node = named(v.node);
    switch (v.kind) {
    case Kind::NoMembers:
        return QStringLiteral("no members");
    case Kind::SameId:
        return QStringLiteral("%1 and %2 hold the same id").arg(node, named(v.actual));
    case Kind::Successor:
        return QStringLiteral("%1: successor is %2, expected %3")
            .arg(node, named(v.actual), named(v.expected));
    case Kind::Predecessor:
        return QStringLiteral("%1: predecessor is %2, expected %3")
            .arg(node, named(v.actual), named(v.expected));
    case Kind::SuccessorList:
        if (v.index < 0)
            return QStringLiteral("%1: successor list of the wrong length").arg(node);
        return QStringLiteral("%1: successor %2 is %3, expected %4")
            .arg(node)
            .arg(v.index + 1)
            .arg(named(v.actual), named(v.expected));
    case Kind::Finger:
        return QStringLiteral("%1: finger %2 is %3, expected %4")
            .arg(node)
            .arg(v.index)
            .arg(named(v.actual), named(v.expected));
    case Kind::NotAlone:
        return QStringLiteral("%1 is the only member but points at %2").arg(node, named(v.actual));
    }
    return {};
}

} // namespace Chord
