// Ring geometry: where nodes sit, which finger pointers are drawn, and that the view paints them.
#include "RingGeometry.h"
#include "RingSnapshot.h"
#include "RingView.h"

#include <QImage>
#include <QPainter>
#include <QTest>

#include <cmath>
#include <numbers>

using namespace ChordLab;
using namespace Qt::StringLiterals;

namespace {
Chord::NodeRef ref(const QString &name, Chord::Id id) {
    return {name, u"127.0.0.1"_s, quint16(5000 + id), id};
}

// The ring of the Chord paper's figure: m = 3, nodes 0, 1, 3.
RingSnapshot paperRing() {
    RingSnapshot s;
    s.bits = 3;
    const QList<Chord::Id> ids{0, 1, 3};
    for (int k = 0; k < ids.size(); ++k) {
        NodeSnapshot n;
        n.ref = ref(u"n%1"_s.arg(ids[k]), ids[k]);
        n.health = NodeHealth::Alive;
        n.everSeen = true;
        n.succ = ref(u"n%1"_s.arg(ids[(k + 1) % 3]), ids[(k + 1) % 3]);
        n.pred = ref(u"n%1"_s.arg(ids[(k + 2) % 3]), ids[(k + 2) % 3]);
        s.nodes.append(n);
    }
    // Finger table of node 0 in the paper: starts 1, 2, 4 -> successors 1, 3, 0.
    s.nodes[0].fingers = {
        {0, 1, 2, s.nodes[1].ref}, {1, 2, 4, s.nodes[2].ref}, {2, 4, 0, s.nodes[0].ref}};
    // Node 1: starts 2, 3, 5 -> 3, 3, 0.
    s.nodes[1].fingers = {
        {0, 2, 3, s.nodes[2].ref}, {1, 3, 5, s.nodes[2].ref}, {2, 5, 1, s.nodes[0].ref}};
    return s;
}
} // namespace

class TestRingGeometry : public QObject {
    Q_OBJECT

private slots:
    // The ring's protocol as the app shows it: the one its live nodes report, "mixed" when they
    // disagree, nothing when no live node said.
    void snapshotProtocol() {
        RingSnapshot ring;
        QCOMPARE(ring.protocol(), QString());
        auto node = [](const QString &protocol, NodeHealth health) {
            NodeSnapshot n;
            n.protocol = protocol;
            n.health = health;
            return n;
        };
        ring.nodes = {node(u"original"_s, NodeHealth::Alive), node(u"zave"_s, NodeHealth::Dead)};
        QCOMPARE(ring.protocol(), u"original"_s);
        ring.nodes.append(node(u"zave"_s, NodeHealth::Alive));
        QCOMPARE(ring.protocol(), u"mixed"_s);
        ring.nodes = {node(u"zave"_s, NodeHealth::Alive), node(QString(), NodeHealth::Alive)};
        QCOMPARE(ring.protocol(), u"zave"_s);
    }
    void angleOfId_data() {
        QTest::addColumn<quint64>("id");
        QTest::addColumn<int>("bits");
        QTest::addColumn<double>("degrees");
        QTest::newRow("zero at the top") << quint64(0) << 8 << 0.0;
        QTest::newRow("quarter") << quint64(64) << 8 << 90.0;
        QTest::newRow("half") << quint64(128) << 8 << 180.0;
        QTest::newRow("three quarters") << quint64(6) << 3 << 270.0;
        QTest::newRow("last id") << quint64(255) << 8 << 360.0 * 255 / 256;
        QTest::newRow("64-bit half") << (quint64(1) << 63) << 64 << 180.0;
        QTest::newRow("64-bit max") << ~quint64(0) << 64 << 360.0;
    }
    void angleOfId() {
        QFETCH(quint64, id);
        QFETCH(int, bits);
        QFETCH(double, degrees);
        QVERIFY(std::abs(RingGeometry::angle(id, bits) * 180 / std::numbers::pi - degrees) < 1e-6);
    }

    void pointsGoClockwiseFromTwelve() {
        const QPointF c(100, 100);
        const QPointF top = RingGeometry::pointAt(Chord::Id(0), 8, c, 50);
        const QPointF right = RingGeometry::pointAt(Chord::Id(64), 8, c, 50);
        const QPointF bottom = RingGeometry::pointAt(Chord::Id(128), 8, c, 50);
        const QPointF left = RingGeometry::pointAt(Chord::Id(192), 8, c, 50);
        QVERIFY(QLineF(top, QPointF(100, 50)).length() < 1e-9);
        QVERIFY(QLineF(right, QPointF(150, 100)).length() < 1e-9);
        QVERIFY(QLineF(bottom, QPointF(100, 150)).length() < 1e-9);
        QVERIFY(QLineF(left, QPointF(50, 100)).length() < 1e-9);
    }

    void fingerPointersMergeAndSkipSelf() {
        const RingSnapshot ring = paperRing();
        const QPointF c(0, 0);
        const auto of0 = RingGeometry::fingerPointers(ring.nodes[0], 3, c, 100);
        // Fingers 0 -> n1 and 1 -> n3; finger 2 points back at n0 itself and is not drawn.
        QCOMPARE(of0.size(), 2);
        QCOMPARE(of0[0].target.id, Chord::Id(1));
        QCOMPARE(of0[0].firstFinger, 0);
        QCOMPARE(of0[1].target.id, Chord::Id(3));
        QVERIFY(QLineF(of0[1].to, RingGeometry::pointAt(Chord::Id(3), 3, c, 100)).length() < 1e-9);
        const auto of1 = RingGeometry::fingerPointers(ring.nodes[1], 3, c, 100);
        // Fingers 0 and 1 both name n3: one arrow labelled 0-1; finger 2 -> n0.
        QCOMPARE(of1.size(), 2);
        QCOMPARE(of1[0].firstFinger, 0);
        QCOMPARE(of1[0].lastFinger, 1);
        QCOMPARE(of1[1].target.id, Chord::Id(0));
        QVERIFY(QLineF(of1[0].from, RingGeometry::pointAt(Chord::Id(1), 3, c, 100)).length() <
                1e-9);
    }

    // The line drawn for a partition into two arcs crosses the circle between them; groups that
    // interleave, or a single group, get none.
    void partitionLineSeparatesTwoArcs() {
        const RingSnapshot ring = paperRing(); // nodes 0, 1, 3 of 8 ids
        const QString n0 = ring.nodes[0].address(), n1 = ring.nodes[1].address(),
                      n3 = ring.nodes[2].address();
        const QLineF line = RingGeometry::partitionLine(ring, {{n0, n1}, {n3}});
        QVERIFY(!line.isNull());
        // Between n1 (45 degrees) and n3 (135): at 90 degrees, 3 o'clock; between n3 and n0
        // (360): at 247.5 degrees.
        QVERIFY(QLineF(line.p1(), RingGeometry::pointAt(std::numbers::pi / 2, {}, 1.25)).length() <
                1e-9);
        QVERIFY(QLineF(line.p2(), RingGeometry::pointAt(247.5 * std::numbers::pi / 180, {}, 1.25))
                    .length() < 1e-9);
        QVERIFY(RingGeometry::partitionLine(ring, {{n0, n1, n3}}).isNull());
        RingSnapshot four = ring;
        NodeSnapshot n5 = ring.nodes[2];
        n5.ref = ref(u"n5"_s, 5);
        four.nodes.append(n5);
        QVERIFY(RingGeometry::partitionLine(four, {{n0, n3}, {n1, n5.address()}}).isNull());
    }

    void viewPlacesNodesAndDrawsSelectedFingers() {
        RingView view;
        view.resize(600, 600);
        const RingSnapshot ring = paperRing();
        view.setSnapshot(ring, {});
        const RingLayout l = view.layout();
        for (const NodeSnapshot &n : ring.nodes) {
            const QPointF expected = RingGeometry::pointAt(n.ref.id, 3, l.center, l.radius);
            QVERIFY(QLineF(view.nodePosition(n.address()), expected).length() < 1e-9);
            QCOMPARE(view.nodeAt(expected + QPointF(2, 1)), n.address());
        }
        // Paint with and without a selection: finger pixels (orange) appear on the chord
        // from n0 to n3 only when n0 is selected.
        const QPointF from = view.nodePosition(ring.nodes[0].address());
        const QPointF to = view.nodePosition(ring.nodes[2].address());
        const QPointF probe = RingGeometry::pointOnChord(from, to, l.center, 0.5);
        auto orangeNear = [&](const QImage &img) {
            for (int dx = -3; dx <= 3; ++dx) {
                for (int dy = -3; dy <= 3; ++dy) {
                    const QColor c = img.pixelColor(probe.toPoint() + QPoint(dx, dy));
                    if (c.red() > 200 && c.green() > 60 && c.green() < 140 && c.blue() < 80)
                        return true;
                }
            }
            return false;
        };
        QImage before(view.size(), QImage::Format_ARGB32);
        {
            QPainter p(&before);
            view.render(&p, QRectF(before.rect()));
        }
        QVERIFY(!orangeNear(before));
        view.setSelected(ring.nodes[0].address());
        QImage after(view.size(), QImage::Format_ARGB32);
        {
            QPainter p(&after);
            view.render(&p, QRectF(after.rect()));
        }
        QVERIFY(orangeNear(after));
    }

    void exportsPngAndSvg() {
        RingView view;
        view.resize(400, 400);
        const RingSnapshot ring = paperRing();
        view.setSnapshot(ring, {Chord::Id(2), Chord::Id(6)});
        view.setAllFingers(true);
        const QString dir = QDir::tempPath();
        const QString png = dir + u"/tst_ring.png"_s;
        const QString svg = dir + u"/tst_ring.svg"_s;
        QVERIFY(view.exportPng(png));
        QVERIFY(view.exportSvg(svg));
        QCOMPARE(QImage(png).size(), QSize(800, 800));
        QFile f(svg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("<svg"));
        QFile::remove(png);
        QFile::remove(svg);
    }
};

QTEST_MAIN(TestRingGeometry)
#include "tst_ringgeometry.moc"
