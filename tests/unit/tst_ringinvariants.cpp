// The one ring checker (chordctl, the app, the simulator, the protocol tests): a quiet ring
// passes, and each kind of broken pointer is reported once, as itself.
#include "RingInvariants.h"

#include <QTest>

using namespace Chord;
using namespace Qt::StringLiterals;
using Kind = RingViolation::Kind;

Q_DECLARE_METATYPE(Chord::RingViolation::Kind)

namespace {

// A ring of 4 on a 6-bit circle: ids 8, 24, 40, 56 on ports 5000.., successor lists of 2.
const IdSpace Space(6);
constexpr int ListLength = 2;

NodeRef ref(int i, Id id) {
    return NodeRef{u"n%1"_s.arg(i), u"127.0.0.1"_s, quint16(5000 + i), id};
}

QList<RingMemberView> quietRing() {
    const QList<NodeRef> nodes{ref(0, 8), ref(1, 24), ref(2, 40), ref(3, 56)};
    const auto successorOf = [&](Id x) {
        for (const NodeRef &n : nodes) {
            if (n.id >= x)
                return n;
        }
        return nodes.front();
    };
    QList<RingMemberView> ring;
    for (int i = 0; i < 4; ++i) {
        RingMemberView v{
            nodes[i], nodes[(i + 3) % 4], {nodes[(i + 1) % 4], nodes[(i + 2) % 4]}, {}};
        for (int f = 0; f < Space.bits(); ++f)
            v.fingers.append(successorOf(Space.fingerStart(nodes[i].id, f)));
        ring.append(v);
    }
    return ring;
}

} // namespace

class TestRingInvariants : public QObject {
    Q_OBJECT

private slots:
    void quietRingPasses() {
        QList<RingMemberView> ring = quietRing();
        QVERIFY(checkRing(Space, ring, ListLength).isEmpty());
        // In any order (a walk, a poll, a map): the ring is the members ordered by id.
        std::swap(ring[0], ring[3]);
        QVERIFY(checkRing(Space, ring, ListLength).isEmpty());
        // Without fingers, they are not checked; with length 0, the lists are checked as far as
        // they go.
        for (RingMemberView &v : ring) {
            v.fingers.clear();
            v.successors.removeLast();
        }
        QVERIFY(checkRing(Space, ring, 0).isEmpty());
        QCOMPARE(checkRing(Space, ring, ListLength).size(), 4);
    }

    void eachBrokenPointer_data() {
        QTest::addColumn<int>("member");
        QTest::addColumn<QString>("what");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<int>("index");
        QTest::newRow("successor") << 1 << u"succ"_s << Kind::Successor << 0;
        QTest::newRow("predecessor") << 2 << u"pred"_s << Kind::Predecessor << -1;
        QTest::newRow("no predecessor") << 2 << u"nopred"_s << Kind::Predecessor << -1;
        QTest::newRow("second successor") << 3 << u"list1"_s << Kind::SuccessorList << 1;
        QTest::newRow("list too short") << 0 << u"short"_s << Kind::SuccessorList << -1;
        QTest::newRow("finger") << 0 << u"finger5"_s << Kind::Finger << 5;
        QTest::newRow("finger unset") << 1 << u"finger0"_s << Kind::Finger << 0;
        // A new process on the successor's address is another node.
        QTest::newRow("restarted successor") << 1 << u"newid"_s << Kind::Successor << 0;
    }

    void eachBrokenPointer() {
        QFETCH(int, member);
        QFETCH(QString, what);
        QFETCH(Kind, kind);
        QFETCH(int, index);
        QList<RingMemberView> ring = quietRing();
        RingMemberView &m = ring[member];
        const NodeRef stranger = ref(9, 30);
        if (what == u"succ"_s)
            m.successors[0] = ring[(member + 2) % 4].self;
        else if (what == u"pred"_s)
            m.pred = stranger;
        else if (what == u"nopred"_s)
            m.pred.reset();
        else if (what == u"list1"_s)
            m.successors[1] = stranger;
        else if (what == u"short"_s)
            m.successors.removeLast();
        else if (what == u"finger5"_s)
            m.fingers[5] = stranger;
        else if (what == u"finger0"_s)
            m.fingers[0].reset();
        else if (what == u"newid"_s)
            m.successors[0].id += 1;
        const QList<RingViolation> found = checkRing(Space, ring, ListLength);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].kind, kind);
        QCOMPARE(found[0].node, m.self);
        QCOMPARE(found[0].index, index);
        QVERIFY(!describe(found[0]).isEmpty());
    }

    void sameIdAndLoneMembers() {
        QVERIFY(checkRing(Space, {}, ListLength).value(0).kind == Kind::NoMembers);
        // Alone: no predecessor, no successor but itself.
        RingMemberView alone{ref(0, 8), {}, {ref(0, 8)}, {}};
        QVERIFY(checkRing(Space, {alone}, ListLength).isEmpty());
        alone.pred = ref(1, 24);
        const QList<RingMemberView> one{alone};
        QCOMPARE(checkRing(Space, one, ListLength).value(0).kind, Kind::NotAlone);
        // Two members with one id.
        QList<RingMemberView> ring = quietRing();
        ring[1].self.id = 8;
        bool sameId = false;
        for (const RingViolation &v : checkRing(Space, ring, ListLength))
            sameId = sameId || (v.kind == Kind::SameId && describe(v).contains(u"same id"_s));
        QVERIFY(sameId);
    }
};

QTEST_APPLESS_MAIN(TestRingInvariants)
#include "tst_ringinvariants.moc"
