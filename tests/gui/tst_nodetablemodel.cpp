// The node table: a correct model (QAbstractItemModelTester) that follows a real ring of
// chord-node processes as it grows and shrinks.
#include "NodeTableModel.h"
#include "RingController.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace ChordLab;
using namespace Qt::StringLiterals;

namespace {
NodeSnapshot node(const QString &name, Chord::Id id, NodeHealth h = NodeHealth::Alive) {
    NodeSnapshot n;
    n.ref = {name, u"127.0.0.1"_s, quint16(6000 + id), id};
    n.health = h;
    n.everSeen = true;
    return n;
}

QStringList names(const NodeTableModel &m) {
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, NodeTableModel::Name).data().toString();
    return out;
}

int liveMembers(const RingSnapshot &s) {
    int n = 0;
    for (const NodeSnapshot &x : s.nodes)
        n += x.isLive() && x.succ && !x.succ->sameEndpoint(x.ref) ? 1 : 0;
    return n;
}
} // namespace

class TestNodeTableModel : public QObject {
    Q_OBJECT

private slots:
    void rowsFollowSnapshots() {
        NodeTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        RingSnapshot s;
        s.bits = 8;
        s.nodes = {node(u"a"_s, 10), node(u"b"_s, 80)};
        model.setSnapshot(s);
        QCOMPARE(names(model), (QStringList{u"a"_s, u"b"_s}));
        s.nodes = {node(u"a"_s, 10), node(u"c"_s, 40), node(u"b"_s, 80), node(u"d"_s, 200)};
        model.setSnapshot(s);
        QCOMPARE(names(model), (QStringList{u"a"_s, u"c"_s, u"b"_s, u"d"_s}));
        s.nodes = {node(u"c"_s, 40), node(u"d"_s, 200, NodeHealth::Dead)};
        model.setSnapshot(s);
        QCOMPARE(names(model), (QStringList{u"c"_s, u"d"_s}));
        QCOMPARE(model.index(1, NodeTableModel::State).data().toString(), u"dead"_s);
        QCOMPARE(model.index(0, NodeTableModel::Id).data().toString(), u"40"_s);
        s.nodes.clear();
        model.setSnapshot(s);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.headerData(NodeTableModel::Succ, Qt::Horizontal).toString(), u"Successor"_s);
    }

    void followsALiveRingThatGrowsAndShrinks() {
        RingController controller;
        controller.monitor().setIntervals(150, 300);
        NodeTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&controller.monitor(), &RingMonitor::snapshotChanged, &model,
                [&] { model.setSnapshot(controller.monitor().snapshot()); });
        BootOptions o;
        o.nodes = 3;
        o.bits = 16;
        o.stabilizeMs = 200;
        controller.bootRing(o);
        QTRY_COMPARE_WITH_TIMEOUT(liveMembers(model.snapshot()), 3, 20000);
        QCOMPARE(model.rowCount(), 3);
        // Pids in the table are those of the processes started.
        for (Chord::NodeProcess *p : controller.cluster().processes()) {
            const int row = model.rowOf(p->address());
            QVERIFY(row >= 0);
            QCOMPARE(model.index(row, NodeTableModel::Pid).data().toLongLong(), p->pid());
        }
        // Grow: two more nodes join.
        controller.addNode({});
        controller.addNode({});
        QTRY_COMPARE_WITH_TIMEOUT(liveMembers(model.snapshot()), 5, 20000);
        QCOMPARE(model.rowCount(), 5);
        // Every row's successor is the next row (ring order), once stabilized.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const RingSnapshot &s = model.snapshot();
                for (int r = 0; r < s.nodes.size(); ++r) {
                    if (!s.nodes[r].succ ||
                        !s.nodes[r].succ->sameEndpoint(s.nodes[(r + 1) % s.nodes.size()].ref))
                        return false;
                }
                return true;
            }(),
            20000);
        // Shrink: one crashes (dead row), one leaves gracefully (exits).
        Chord::NodeProcess *victim = controller.cluster().processes().at(1);
        Chord::NodeProcess *leaver = controller.cluster().processes().at(3);
        controller.crash(victim->address());
        QCoro::waitFor(controller.leave(leaver->address()));
        QTRY_COMPARE_WITH_TIMEOUT(
            model.index(model.rowOf(victim->address()), NodeTableModel::State).data().toString(),
            u"dead"_s, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            model.index(model.rowOf(leaver->address()), NodeTableModel::State).data().toString(),
            u"dead"_s, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(liveMembers(model.snapshot()), 3, 20000);
        controller.monitor().forgetDead();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 5000);
        controller.killAll(2000);
        QTRY_COMPARE_WITH_TIMEOUT(controller.cluster().runningCount(), 0, 10000);
    }
};

QTEST_MAIN(TestNodeTableModel)
#include "tst_nodetablemodel.moc"
