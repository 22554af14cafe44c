// The key placement checks of RingCheck (chordctl check, the tests' waitQuiet): keys on their
// owner and its r - 1 successors, and no copy on a replica that its owner lacks.
#include "RingCheck.h"

#include <QTest>

using namespace Chord;
using namespace Qt::StringLiterals;

namespace {

// A ring of 4 on a 6-bit circle: ids 8, 24, 40, 56, successor lists of 2, 3 copies per key.
const IdSpace Space(6);
constexpr int Replicas = 3;

QList<NodeSnapshot> quietRing() {
    QList<NodeRef> nodes;
    for (int i = 0; i < 4; ++i)
        nodes.append(NodeRef{u"n%1"_s.arg(i), u"127.0.0.1"_s, quint16(5000 + i), Id(8 + 16 * i)});
    QList<NodeSnapshot> ring;
    for (int i = 0; i < 4; ++i)
        ring.append(
            {nodes[i], nodes[(i + 3) % 4], {nodes[(i + 1) % 4], nodes[(i + 2) % 4]}, {}, {}, {}});
    return ring;
}

int ownerIndexOf(const QString &key) {
    return RingCheck::ownerIndex({8, 24, 40, 56}, Space.hashKey(key));
}

// The key stored as it should be: primary at its owner, copies on the next two.
void place(QList<NodeSnapshot> &ring, const QString &key) {
    const int owner = ownerIndexOf(key);
    ring[owner].primaryKeys.append(key);
    for (int k = 0; k < Replicas; ++k)
        ring[(owner + k) % 4].allKeys.append(key);
}

QStringList keyProblems(const QList<NodeSnapshot> &ring) {
    return RingCheck(Space, 2, Replicas).problems(ring, 4, false, true);
}

} // namespace

class TestRingCheck : public QObject {
    Q_OBJECT
private slots:
    void placedKeysPass() {
        QList<NodeSnapshot> ring = quietRing();
        for (int i = 0; i < 20; ++i)
            place(ring, u"k%1"_s.arg(i));
        QCOMPARE(keyProblems(ring), QStringList());
    }

    void copyMissingOnAReplica() {
        QList<NodeSnapshot> ring = quietRing();
        place(ring, u"k1"_s);
        const int owner = ownerIndexOf(u"k1"_s);
        ring[(owner + 2) % 4].allKeys.removeAll(u"k1"_s);
        QCOMPARE(keyProblems(ring),
                 QStringList{u"1 replica copies missing on the owners' successors"_s});
    }

    void primaryAtANodeThatDoesNotOwnIt() {
        QList<NodeSnapshot> ring = quietRing();
        const int owner = ownerIndexOf(u"k1"_s);
        ring[(owner + 1) % 4].primaryKeys.append(u"k1"_s);
        ring[(owner + 1) % 4].allKeys.append(u"k1"_s);
        // ... and its owner lacks it.
        QCOMPARE(keyProblems(ring),
                 (QStringList{u"1 key(s) held as primary by a node that does not own them"_s,
                              u"1 replica copies of keys their owner does not hold"_s}));
    }

    void copiesTheOwnerLacks() {
        // After a partition heals, the copies of a write acknowledged in the other part reach
        // the merged ring's owner a round after its replicas have them: until then the owner
        // reads "absent", and the ring has not settled.
        QList<NodeSnapshot> ring = quietRing();
        place(ring, u"k1"_s);
        const int owner = ownerIndexOf(u"k1"_s);
        ring[owner].primaryKeys.removeAll(u"k1"_s);
        ring[owner].allKeys.removeAll(u"k1"_s);
        QCOMPARE(keyProblems(ring),
                 QStringList{u"2 replica copies of keys their owner does not hold"_s});
    }

    void strayCopyBeyondTheReplicasIsNotCounted() {
        // A node past the owner's r - 1 successors holds a copy (a stray, pushed to the owner
        // and retired later): not a replica, so not what this check is about.
        QList<NodeSnapshot> ring = quietRing();
        place(ring, u"k1"_s);
        const int owner = ownerIndexOf(u"k1"_s);
        ring[(owner + 3) % 4].allKeys.append(u"k1"_s);
        QCOMPARE(keyProblems(ring), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestRingCheck)
#include "tst_ringcheck.moc"
