#include "RingCheck.h"

#include "RingInvariants.h"

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

    // The pointers: one checker for every tool (nodecore/ring/RingInvariants.h).
    QList<RingMemberView> views;
    for (const NodeSnapshot &m : members)
        views.append(
            {m.self, m.pred, m.successors, checkFingers ? m.fingers : QList<OptionalNode>()});
    for (const RingViolation &v : checkRing(m_space, views, m_successorListLength))
        out << describe(v);

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

    if (checkKeys) {
        int misplaced = 0;
        int missingReplicas = 0;
        int notAtOwner = 0;
        QList<QSet<QString>> held;
        QList<QSet<QString>> primary;
        for (const NodeSnapshot &m : members) {
            held.append(QSet<QString>(m.allKeys.begin(), m.allKeys.end()));
            primary.append(QSet<QString>(m.primaryKeys.begin(), m.primaryKeys.end()));
        }
        const int copies = std::min(m_replicas, n);
        for (int i = 0; i < n; ++i) {
            for (const QString &key : members[i].primaryKeys) {
                if (ownerOf(m_space.hashKey(key)) != i) {
                    ++misplaced;
                    continue;
                }
                for (int k = 1; k < copies; ++k) {
                    if (!held[(i + k) % n].contains(key))
                        ++missingReplicas;
                }
            }
            // The other way round: a copy on one of the owner's replicas that the owner does
            // not hold. The owner would read "absent" for it until its replica sync brings the
            // copy (after a partition heals, or a leave hands keys to the successor: the
            // owner's copy comes a round later), so a ring with such copies has not settled.
            // A deleted key is a tombstone at the owner, listed nowhere, and reaches the
            // replicas with the next sync.
            for (const QString &key : members[i].allKeys) {
                const int owner = ownerOf(m_space.hashKey(key));
                const int k = (i - owner + n) % n;
                if (k > 0 && k < copies && !primary[owner].contains(key))
                    ++notAtOwner;
            }
        }
        if (misplaced)
            out << QStringLiteral("%1 key(s) held as primary by a node that does not own them")
                       .arg(misplaced);
        if (missingReplicas)
            out << QStringLiteral("%1 replica copies missing on the owners' successors")
                       .arg(missingReplicas);
        if (notAtOwner)
            out << QStringLiteral("%1 replica copies of keys their owner does not hold")
                       .arg(notAtOwner);
    }
    return out;
}

} // namespace Chord
