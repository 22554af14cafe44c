// The two protocols side by side (docs/LESSONS.md): the Compare window plays the paper's join
// failure on a ring of each protocol at once, with real chord-node processes, and the checks
// drawn under each ring tell them apart: the original protocol's ring has lost its joiner (j
// keeps the dead c as its successor), Zave's is one ordered ring of a, b and j. Crash in both
// kills the node of that name in both rings (Zave's repairs); a name that is not a live node of
// both is refused. Pause, resume, partition and heal act on both rings alike, refuse bad names,
// and both rings are whole again once healed.
#include "CompareWindow.h"
#include "HealthPanel.h"
#include "RingController.h"
#include "RingView.h"

#include <QTest>

#include <QCoroTask>

using namespace ChordLab;
using namespace Qt::StringLiterals;

class TestCompare : public QObject {
    Q_OBJECT

private slots:
    void joinFailureBreaksOnlyTheOriginal();
    void crashInBothNeedsTheNameInBoth();
    void faultsInBothHeal();
};

namespace {
QString failing(const CompareWindow &w, int pane) {
    QStringList out;
    for (const HealthCheck &c : w.pane(pane).health->checks()) {
        if (!c.ok)
            out << c.name + u": "_s + c.detail;
    }
    return out.join(u"; "_s);
}
} // namespace

void TestCompare::joinFailureBreaksOnlyTheOriginal() {
    CompareWindow w;
    w.show();
    QCOMPARE(w.pane(0).protocol, u"zave"_s);
    QCOMPARE(w.pane(1).protocol, u"original"_s);
    const ActionResult r = QCoro::waitFor(w.playJoinFailure());
    qInfo("%s", qPrintable(r.message));
    QVERIFY2(r.ok, qPrintable(r.message));
    // Zave's ring: a, b, j, one ordered ring, every check green.
    QVERIFY2(w.healthy(0), qPrintable(failing(w, 0)));
    QCOMPARE(w.pane(0).controller->monitor().snapshot().liveCount(), 3);
    // The paper's: j keeps the dead c, and the ring closes without it.
    QVERIFY(!w.healthy(1));
    const QString broken = failing(w, 1);
    QVERIFY2(broken.contains(u"j"_s), qPrintable(broken));
    QVERIFY2(r.message.contains(u"Zave: one ordered ring"_s), qPrintable(r.message));
}

void TestCompare::crashInBothNeedsTheNameInBoth() {
    CompareWindow w;
    w.show();
    w.bootBoth(3);
    QTRY_VERIFY_WITH_TIMEOUT(w.healthy(0) && w.healthy(1) &&
                                 w.pane(0).controller->monitor().snapshot().liveCount() == 3 &&
                                 w.pane(1).controller->monitor().snapshot().liveCount() == 3,
                             60000);
    const ActionResult bad = w.crashInBoth(u"n9"_s);
    QVERIFY(!bad.ok);
    QVERIFY2(bad.message.contains(u"n9"_s), qPrintable(bad.message));
    const ActionResult crashed = w.crashInBoth(u"n2"_s);
    QVERIFY2(crashed.ok, qPrintable(crashed.message));
    // Zave's ring repairs to two live nodes. The paper's may not: a node whose successor list
    // has not grown past the crashed node yet (it copies none at its join) keeps it for good.
    QTRY_VERIFY_WITH_TIMEOUT(w.pane(0).controller->monitor().snapshot().liveCount() == 2 &&
                                 w.pane(1).controller->monitor().snapshot().liveCount() == 2 &&
                                 w.healthy(0),
                             60000);
}

namespace {
bool bothHealthy(const CompareWindow &w, int nodes) {
    return w.healthy(0) && w.healthy(1) &&
           w.pane(0).controller->monitor().snapshot().liveCount() == nodes &&
           w.pane(1).controller->monitor().snapshot().liveCount() == nodes;
}

bool pausedInBoth(const CompareWindow &w, const QString &name) {
    for (int i = 0; i < 2; ++i) {
        bool paused = false;
        for (const NodeSnapshot &n : w.pane(i).controller->monitor().snapshot().nodes)
            paused = paused || (n.ref.name == name && n.health == NodeHealth::Paused);
        if (!paused)
            return false;
    }
    return true;
}

bool everyNodeFaulted(const CompareWindow &w, bool faulted) {
    for (int i = 0; i < 2; ++i) {
        for (const NodeSnapshot &n : w.pane(i).controller->monitor().snapshot().nodes) {
            if (n.isLive() && n.hasFaults() != faulted)
                return false;
        }
    }
    return true;
}
} // namespace

void TestCompare::faultsInBothHeal() {
    CompareWindow w;
    w.show();
    w.bootBoth(4);
    QTRY_VERIFY_WITH_TIMEOUT(bothHealthy(w, 4), 60000);
    // Booted alike: the same names at the same ids.
    for (int n = 0; n < 4; ++n) {
        QCOMPARE(w.pane(1).view->snapshot().nodes[n].ref.id,
                 w.pane(0).view->snapshot().nodes[n].ref.id);
        QCOMPARE(w.pane(1).view->snapshot().nodes[n].ref.name,
                 w.pane(0).view->snapshot().nodes[n].ref.name);
    }

    QVERIFY(!w.pauseInBoth(u"n9"_s).ok);
    QVERIFY(!QCoro::waitFor(w.resumeInBoth(u"n2"_s)).ok); // not paused
    const ActionResult paused = w.pauseInBoth(u"n2"_s);
    QVERIFY2(paused.ok, qPrintable(paused.message));
    QTRY_VERIFY_WITH_TIMEOUT(pausedInBoth(w, u"n2"_s), 20000);
    const ActionResult resumed = QCoro::waitFor(w.resumeInBoth(u"n2"_s));
    QVERIFY2(resumed.ok, qPrintable(resumed.message));
    QTRY_VERIFY_WITH_TIMEOUT(bothHealthy(w, 4), 60000);

    // Two arcs of the ring, by id, named alike in both rings.
    const RingSnapshot ring = w.pane(0).controller->monitor().snapshot();
    const QList<QStringList> halves{{ring.nodes[0].ref.name, ring.nodes[1].ref.name},
                                    {ring.nodes[2].ref.name, ring.nodes[3].ref.name}};
    QVERIFY(!QCoro::waitFor(w.partitionBoth({{u"n1"_s}, {u"n9"_s}})).ok);
    QVERIFY(!QCoro::waitFor(w.partitionBoth({halves[0]})).ok);
    const ActionResult split = QCoro::waitFor(w.partitionBoth(halves));
    QVERIFY2(split.ok, qPrintable(split.message));
    QVERIFY(!w.pane(0).view->partitionLine().isNull());
    QVERIFY(!w.pane(1).view->partitionLine().isNull());
    QTRY_VERIFY_WITH_TIMEOUT(everyNodeFaulted(w, true), 20000);

    const ActionResult healed = QCoro::waitFor(w.healBoth());
    QVERIFY2(healed.ok, qPrintable(healed.message));
    QVERIFY(w.pane(0).view->partitionLine().isNull());
    QTRY_VERIFY_WITH_TIMEOUT(everyNodeFaulted(w, false) && bothHealthy(w, 4), 60000);
}

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
