#include "RingCheck.h"

#include <QSet>

#include <algorithm>

namespace Chord {

RingCheck::RingCheck(IdSpace space, int successorListLength, int replicas)
    : m_space(space)
    , m_successorListLength(successorListLength)
    , m_replicas(replicas) {}

int RingCheck::ownerIndex(const QList<Id> &sortedIds, Id id) {
    const auto it = std::lower_bound(sortedIds.begin(), sortedIds.end(), id);
    return it == sortedIds.end() ? 0 : int(it - sortedIds.begin());
}

QStringList RingCheck::problems(const QList<NodeSnapshot> &members, int expectedMembers,
                                bool checkFingers, bool checkKeys) const {
    QStringList out;
    const int n = int(members.size());
    if (n == 0)
        return {QStringLiteral("no members")};
    if (expectedMembers >= 0 && n != expectedMembers)
        out << QStringLiteral("ring has %1 members, expected %2").arg(n).arg(expectedMembers);

    // One ordered ring: walking successors, ids increase with exactly one wrap.
    int wraps = 0;
    for (int i = 0; i < n; ++i) {
        if (members[(i + 1) % n].self.id <= members[i].self.id && n > 1)
            ++wraps;
    }
    if (n > 1 && wraps != 1)
        out << QStringLiteral("ring order wraps %1 times (not one ordered ring)").arg(wraps);

    for (int i = 0; i < n; ++i) {
        const NodeSnapshot &m = members[i];
        const NodeRef &next = members[(i + 1) % n].self;
        const NodeRef &prev = members[(i + n - 1) % n].self;
        if (n == 1) {
            if (m.pred)
                out << QStringLiteral("%1 is alone but has predecessor %2")
                           .arg(m.self.name, m.pred->name);
            continue;
        }
        if (m.successors.isEmpty() || !m.successors.first().sameEndpoint(next))
            out << QStringLiteral("%1: successor is %2, expected %3")
                       .arg(m.self.name,
                            m.successors.isEmpty() ? QStringLiteral("-")
                                                   : m.successors.first().name,
                            next.name);
        if (!m.pred || !m.pred->sameEndpoint(prev))
            out << QStringLiteral("%1: predecessor is %2, expected %3")
                       .arg(m.self.name, m.pred ? m.pred->name : QStringLiteral("-"), prev.name);
        const int expectedLen = std::min(m_successorListLength, n - 1);
        bool listOk = m.successors.size() == expectedLen;
        for (int k = 0; listOk && k < expectedLen; ++k)
            listOk = m.successors[k].sameEndpoint(members[(i + 1 + k) % n].self);
        if (!listOk)
            out << QStringLiteral("%1: successor list does not hold the next %2 nodes")
                       .arg(m.self.name)
                       .arg(expectedLen);
    }

    QList<Id> sorted;
    QHash<Id, int> indexOfId;
    for (int i = 0; i < n; ++i) {
        sorted.append(members[i].self.id);
        indexOfId.insert(members[i].self.id, i);
    }
    std::sort(sorted.begin(), sorted.end());
    auto ownerOf = [&](Id id) {
        return indexOfId.value(sorted[ownerIndex(sorted, id)]);
    };

    if (checkFingers) {
        for (const NodeSnapshot &m : members) {
            int wrong = 0;
            for (int k = 0; k < m.fingers.size() && k < m_space.bits(); ++k) {
                const NodeRef &want = members[ownerOf(m_space.fingerStart(m.self.id, k))].self;
                if (!m.fingers[k] || !m.fingers[k]->sameEndpoint(want))
                    ++wrong;
            }
            if (wrong)
                out << QStringLiteral("%1: %2 finger(s) not pointing at successor(n + 2^i)")
                           .arg(m.self.name)
                           .arg(wrong);
        }
    }

    if (checkKeys) {
        int misplaced = 0;
        int missingReplicas = 0;
        QList<QSet<QString>> held;
        for (const NodeSnapshot &m : members)
            held.append(QSet<QString>(m.allKeys.begin(), m.allKeys.end()));
        for (int i = 0; i < n; ++i) {
            for (const QString &key : members[i].primaryKeys) {
                if (ownerOf(m_space.hashKey(key)) != i) {
                    ++misplaced;
                    continue;
                }
                for (int k = 1; k < std::min(m_replicas, n); ++k) {
                    if (!held[(i + k) % n].contains(key))
                        ++missingReplicas;
                }
            }
        }
        if (misplaced)
            out << QStringLiteral("%1 key(s) held as primary by a node that does not own them")
                       .arg(misplaced);
        if (missingReplicas)
            out << QStringLiteral("%1 replica copies missing on the owners' successors")
                       .arg(missingReplicas);
    }
    return out;
}

} // namespace Chord
