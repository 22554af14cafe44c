// The two protocols side by side (docs/LESSONS.md): the Compare window plays the paper's join
// failure on a ring of each protocol at once, with real chord-node processes, and the checks
// drawn under each ring tell them apart: the original protocol's ring has lost its joiner (j
// keeps the dead c as its successor), Zave's is one ordered ring of a, b and j. Crash in both
// kills the node of that name in both rings (Zave's repairs); a name that is not a live node of
// both is refused.
#include "CompareWindow.h"
#include "HealthPanel.h"
#include "RingController.h"

#include <QTest>

#include <QCoroTask>

using namespace ChordLab;
using namespace Qt::StringLiterals;

class TestCompare : public QObject {
    Q_OBJECT

private slots:
    void joinFailureBreaksOnlyTheOriginal();
    void crashInBothNeedsTheNameInBoth();
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

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
