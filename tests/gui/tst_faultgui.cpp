// Link faults from the app (issue 12) on a real ring: a cut set through a node's context menu
// reaches the node (GET /dht/faults) and is drawn on the ring; a delay with its label; a
// partition drawn across the ring reaches every node; "Heal all links" clears every node; the
// dialog and the codec refuse bad input; an arc without a reachable copy is drawn and released.
#include "ApiJson.h"
#include "HealthPanel.h"
#include "HttpPeerClient.h"
#include "LanguageManager.h"
#include "LessonPanel.h"
#include "LinkFaultDialog.h"
#include "MainWindow.h"
#include "NodeTableModel.h"
#include "RingController.h"
#include "RingView.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numbers>

using namespace ChordLab;
using namespace Qt::StringLiterals;

class TestFaultGui : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<RingController> m_controller;
    std::unique_ptr<LanguageManager> m_language;
    std::unique_ptr<MainWindow> m_window;
    Chord::Http::HttpPeerClient m_http;
    QTemporaryDir m_settingsDir;

    const RingSnapshot &ring() { return m_controller->monitor().snapshot(); }
    QString addressOf(const QString &name) {
        for (const NodeSnapshot &n : ring().nodes) {
            if (n.ref.name == name)
                return n.address();
        }
        return {};
    }
    QJsonObject faultsOf(const QString &address) {
        const NodeSnapshot *n = ring().find(address);
        if (!n) {
            QTest::qFail(qPrintable(u"no node %1 in the ring"_s.arg(address)), __FILE__, __LINE__);
            return {};
        }
        const auto r = QCoro::waitFor(m_http.call("GET", n->ref, "/dht/faults", {}, 3000));
        // A table that could not be read fails the test: an empty one would pass "healed".
        if (!r.ok() || !r->object().contains("count"_L1))
            QTest::qFail(qPrintable(u"GET /dht/faults at %1: %2"_s.arg(
                             address, r.ok() ? u"no table"_s : r.error)),
                         __FILE__, __LINE__);
        return r.ok() ? r->object() : QJsonObject();
    }
    bool allChecksGreen() {
        const QList<HealthCheck> &checks = m_window->healthPanel()->checks();
        return !checks.isEmpty() &&
               std::all_of(checks.begin(), checks.end(), [](const HealthCheck &c) { return c.ok; });
    }
    // Every node's pointers as the monitor last read them: printed when a wait on the ring's
    // shape times out, so that a failure says which list kept the ring whole.
    QString pointers() {
        QStringList lines;
        for (const NodeSnapshot &n : ring().nodes) {
            QStringList succ;
            for (const Chord::NodeRef &s : n.successors)
                succ << s.name;
            lines << u"%1 (%2): pred %3, successors [%4]"_s.arg(
                n.ref.name, n.isLive() ? u"live"_s : u"not live"_s,
                n.pred ? n.pred->name : u"none"_s, succ.join(u", "_s));
        }
        return lines.join(u"; "_s);
    }
    // What the ring view draws now (a fresh paint).
    QList<ImpairedLink> drawn() {
        m_window->ringView()->grab();
        return m_window->ringView()->drawnLinks();
    }
    // Right-clicks `name` on the ring, with `before` selected first: the context menu.
    void rightClick(const QString &before, const QString &name) {
        RingView *view = m_window->ringView();
        view->setSelected(addressOf(before));
        const QPoint pos = view->nodePosition(addressOf(name)).toPoint();
        QContextMenuEvent event(QContextMenuEvent::Mouse, pos, view->mapToGlobal(pos));
        QCoreApplication::sendEvent(view, &event);
    }
    void closeMenus() {
        for (QMenu *m : m_window->findChildren<QMenu *>(Qt::FindDirectChildrenOnly)) {
            if (m->isVisible() && m->testAttribute(Qt::WA_DeleteOnClose))
                m->close();
        }
        QCoreApplication::processEvents();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(u"ChordLabTest"_s);
        m_language = std::make_unique<LanguageManager>();
        m_language->setLanguage(u"en"_s);
        m_controller = std::make_unique<RingController>();
        m_controller->monitor().setIntervals(150, 200);
        m_window = std::make_unique<MainWindow>(m_controller.get(), m_language.get());
        m_window->resize(1200, 800);
        m_window->show();
        BootOptions o;
        o.nodes = 4;
        o.bits = 16;
        o.stabilizeMs = 200;
        m_window->bootRing(o);
        QTRY_COMPARE_WITH_TIMEOUT(ring().liveCount(), 4, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_controller->cluster().isBooting(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 20000);
    }

    void cutFromTheContextMenuIsSetAndDrawn() {
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        const QString n1 = addressOf(u"n1"_s);
        const QString n2 = addressOf(u"n2"_s);
        // Select n1, right-click n2: "Link n1–n2" > "Cut both ways".
        rightClick(u"n1"_s, u"n2"_s);
        QMenu *link = m_window->findChild<QMenu *>(u"link-n1-n2"_s);
        QVERIFY(link);
        QAction *cut = link->findChild<QAction *>(u"linkCut"_s);
        QVERIFY(cut);
        cut->trigger();
        closeMenus();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        // The node holds it: its rule for n2, both ways, cut.
        const QJsonArray links = faultsOf(n1).value("links"_L1).toArray();
        QCOMPARE(links.size(), 1);
        const QJsonObject rule = links[0].toObject();
        QCOMPARE(rule.value("peer"_L1).toString(), RingController::linkAddress(n2));
        QCOMPARE(rule.value("direction"_L1).toString(), u"both"_s);
        QVERIFY(rule.value("cut"_L1).toBool());
        // And the ring shows it: one impaired link n1–n2, cut, drawn red across the middle.
        QTRY_COMPARE_WITH_TIMEOUT(drawn().size(), 1, 5000);
        const ImpairedLink l = drawn().first();
        QCOMPARE(l.a, n1);
        QCOMPARE(l.b, n2);
        QVERIFY(l.cut);
        QVERIFY(!l.oneWay);
        RingView *view = m_window->ringView();
        const QImage image = view->grab().toImage();
        const QPointF mid =
            (view->nodePosition(n1) + view->nodePosition(n2)) / 2 * view->devicePixelRatioF();
        int red = 0;
        for (int dx = -6; dx <= 6; ++dx) {
            for (int dy = -6; dy <= 6; ++dy) {
                const QColor c = image.pixelColor(int(mid.x()) + dx, int(mid.y()) + dy);
                red += c.red() > 180 && c.green() < 100 && c.blue() < 100;
            }
        }
        QVERIFY2(red > 8, qPrintable(u"red pixels at the cut mark: %1"_s.arg(red)));
    }

    void delayAndLossAreLabelled() {
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        const QString n3 = addressOf(u"n3"_s);
        const QString n4 = addressOf(u"n4"_s);
        Chord::LinkFault f;
        f.delayMs = 200;
        f.jitterMs = 50;
        f.loss = 0.3;
        m_window->setLinkFault(n3, n4, f, false);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        const QJsonObject rule = faultsOf(n3).value("links"_L1).toArray().first().toObject();
        QCOMPARE(rule.value("direction"_L1).toString(), u"out"_s);
        QCOMPARE(rule.value("delayMs"_L1).toInt(), 200);
        QCOMPARE(rule.value("jitterMs"_L1).toInt(), 50);
        QCOMPARE(rule.value("loss"_L1).toDouble(), 0.3);
        QTRY_COMPARE_WITH_TIMEOUT(drawn().size(), 2, 5000);
        const QList<ImpairedLink> links = drawn();
        const auto it = std::find_if(links.begin(), links.end(),
                                     [&](const ImpairedLink &l) { return l.a == n3; });
        QVERIFY(it != links.end());
        QCOMPARE(it->b, n4);
        QVERIFY(!it->cut);
        QVERIFY(it->oneWay);
        QCOMPARE(it->label, u"200±50 ms, 30% loss"_s);
    }

    void healAllClearsEveryNode() {
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        QAction *heal = m_window->action(u"healLinks"_s);
        QVERIFY(heal && heal->isEnabled());
        heal->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        // A copy: faultsOf() runs the event loop, and the monitor replaces its snapshot.
        const QList<NodeSnapshot> nodes = ring().nodes;
        for (const NodeSnapshot &n : nodes) {
            const QJsonObject t = faultsOf(n.address());
            QVERIFY(t.value("links"_L1).toArray().isEmpty());
            QVERIFY(t.value("partition"_L1).toArray().isEmpty());
            QCOMPARE(t.value("count"_L1).toInt(), 0);
        }
        QTRY_VERIFY_WITH_TIMEOUT(drawn().isEmpty(), 5000);
    }

    // A paused process cannot answer DELETE /dht/faults: it is healed when the app resumes it,
    // not left with links cut that nobody sees any more.
    void pausedNodeHealedOnResume() {
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        const QString n2 = addressOf(u"n2"_s);
        const QString n3 = addressOf(u"n3"_s);
        Chord::LinkFault cut;
        cut.cut = true;
        m_window->setLinkFault(n2, n3, cut, false);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        QCOMPARE(faultsOf(n2).value("links"_L1).toArray().size(), 1);

        m_window->selectNode(n2);
        m_window->action(u"pause"_s)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(ring().find(n2)->health == NodeHealth::Paused, 10000);
        m_window->action(u"healLinks"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 10000);
        QVERIFY2(done[1][0].toBool(), qPrintable(done[1][1].toString()));
        QVERIFY2(done[1][1].toString().contains(u"when resumed"_s),
                 qPrintable(done[1][1].toString()));

        m_window->action(u"resume"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 3, 10000);
        QVERIFY2(done[2][0].toBool(), qPrintable(done[2][1].toString()));
        QVERIFY2(done[2][1].toString().contains(u"links healed"_s),
                 qPrintable(done[2][1].toString()));
        QVERIFY(faultsOf(n2).value("links"_L1).toArray().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(ring().find(n2)->isLive(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(drawn().isEmpty(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 30000);
    }

    // A partition set while a node is paused reaches it when the app resumes it (it could not
    // answer PUT /dht/faults then): it would otherwise come back outside every group.
    void pausedNodeJoinsPartitionOnResume() {
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        const QString n2 = addressOf(u"n2"_s);
        m_window->selectNode(n2);
        m_window->action(u"pause"_s)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(ring().find(n2)->health == NodeHealth::Paused, 10000);
        QVERIFY(m_window->partitionByNames({{u"n1"_s, u"n2"_s}, {u"n3"_s, u"n4"_s}}));
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        QVERIFY2(done[0][1].toString().contains(u"when resumed (1)"_s),
                 qPrintable(done[0][1].toString()));
        QCOMPARE(faultsOf(addressOf(u"n1"_s)).value("partition"_L1).toArray().size(), 2);

        m_window->action(u"resume"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 10000);
        QVERIFY2(done[1][0].toBool(), qPrintable(done[1][1].toString()));
        QVERIFY2(done[1][1].toString().contains(u"placed in its group"_s),
                 qPrintable(done[1][1].toString()));
        const QJsonArray partition = faultsOf(n2).value("partition"_L1).toArray();
        QCOMPARE(partition.size(), 2);
        QVERIFY(partition[0].toArray().contains(RingController::linkAddress(n2)));

        done.clear();
        m_window->healAllLinks();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        QTRY_VERIFY_WITH_TIMEOUT(faultsOf(n2).value("partition"_L1).toArray().isEmpty(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 30000);
    }

    void partitionDrawnAcrossTheRing() {
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        RingView *view = m_window->ringView();
        const RingLayout l = view->layout();
        // A line through the centre that leaves nodes on both sides.
        QPointF from, to;
        for (int step = 0; step < 36; ++step) {
            const double a = step * std::numbers::pi / 36 + 0.01;
            const QPointF d(std::cos(a) * l.radius * 0.9, std::sin(a) * l.radius * 0.9);
            if (view->groupsAcross(l.center - d, l.center + d).size() == 2) {
                from = l.center - d;
                to = l.center + d;
                break;
            }
        }
        QVERIFY(from != to);
        const QList<QStringList> groups = view->groupsAcross(from, to);
        m_window->action(u"partition"_s)->trigger();
        QVERIFY(view->drawingPartition());
        QTest::mousePress(view, Qt::LeftButton, {}, from.toPoint());
        QTest::mouseMove(view, ((from + to) / 2).toPoint());
        QTest::mouseRelease(view, Qt::LeftButton, {}, to.toPoint());
        QVERIFY(!view->drawingPartition());
        QVERIFY(!view->partitionLine().isNull());
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        // Every node holds the same two groups, itself in one of them.
        // A copy: faultsOf() runs the event loop, and the monitor replaces its snapshot.
        const QList<NodeSnapshot> nodes = ring().nodes;
        for (const NodeSnapshot &n : nodes) {
            const QJsonArray partition = faultsOf(n.address()).value("partition"_L1).toArray();
            QCOMPARE(partition.size(), 2);
            QCOMPARE(partition[0].toArray().size() + partition[1].toArray().size(), 4);
        }
        QCOMPARE(groups[0].size() + groups[1].size(), 4);
        // The line stays while the monitor brings the nodes' tables in.
        QTRY_VERIFY_WITH_TIMEOUT(!RingPainter::partitionGroups(ring()).isEmpty(), 5000);
        // An observation window, not a wait for a condition: the line must survive the fault
        // polls of the next 600 ms (every few 150 ms rounds), which re-read every table.
        QTest::qWait(600);
        QVERIFY(!view->partitionLine().isNull());
        // Healed: the line goes with the partition.
        done.clear();
        m_window->healAllLinks();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY(view->partitionLine().isNull());
        QTRY_VERIFY_WITH_TIMEOUT(
            faultsOf(addressOf(u"n1"_s)).value("partition"_L1).toArray().isEmpty(), 5000);
        // Esc gives the drag back to panning.
        m_window->action(u"partition"_s)->trigger();
        QTest::keyClick(view, Qt::Key_Escape);
        QVERIFY(!view->drawingPartition());
    }

    // What the lesson shows, by node names as a lesson gives them: two rings while split, one
    // healthy ring again once healed, a key written on one side readable from the other.
    void partitionFormsTwoRingsAndHeals() {
        // From a healthy ring, as the lesson does. Two nodes a side are below the stable base
        // (r = 3): a side forms its own ring only if each node's successor list names the other
        // node of its side. Right after the previous test's heal some lists are still short,
        // and a node whose whole list is across waits for it (docs/CONSISTENCY.md, "The stable
        // base"): 1 run in 7 kept one ring for the whole partition. Green checks are not enough
        // (a short list that holds the next live nodes passes them: 1 run in 10 of this test
        // alone, right after the boot): every list names the three other nodes first.
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen() &&
                                     std::all_of(ring().nodes.begin(), ring().nodes.end(),
                                                 [](const NodeSnapshot &n) {
                                                     return !n.isLive() || n.successors.size() >= 3;
                                                 }),
                                 30000);
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        QVERIFY(!m_window->partitionByNames({{u"n1"_s, u"nobody"_s}, {u"n3"_s}}));
        QVERIFY(m_window->partitionByNames({{u"n1"_s, u"n2"_s}, {u"n3"_s, u"n4"_s}}));
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        QTRY_VERIFY2_WITH_TIMEOUT(LessonPanel::ringCount(ring()) == 2,
                                  qPrintable(u"not two rings: "_s + pointers()), 30000);
        // A write through one side (retried while that side takes the other's arcs over).
        QTRY_VERIFY_WITH_TIMEOUT(
            QCoro::waitFor(m_controller->store(addressOf(u"n1"_s), u"split-key"_s, u"A"_s)).ok,
            30000);
        done.clear();
        m_window->healAllLinks();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(LessonPanel::ringCount(ring()), 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(
            QCoro::waitFor(m_controller->fetch(addressOf(u"n4"_s), u"split-key"_s)).message,
            u"“split-key” = “A”"_s, 30000);
    }

    void badInputIsRefused() {
        LinkFaultDialog d(u"n1"_s, u"n2"_s);
        QSignalSpy chosen(&d, &LinkFaultDialog::chosen);
        auto *delay = d.findChild<QLineEdit *>(u"delayEdit"_s);
        auto *jitter = d.findChild<QLineEdit *>(u"jitterEdit"_s);
        auto *loss = d.findChild<QLineEdit *>(u"lossEdit"_s);
        auto *error = d.findChild<QLabel *>(u"faultError"_s);
        QPushButton *ok = nullptr;
        for (QPushButton *b : d.findChildren<QPushButton *>()) {
            if (b->isDefault() || b->text().contains(u"OK"_s))
                ok = b;
        }
        QVERIFY(delay && jitter && loss && error && ok);
        const QList<std::array<const char *, 3>> bad{
            {"abc", "0", "0"}, {"-5", "0", "0"},  {"600001", "0", "0"}, {"1.5", "0", "0"},
            {"0", "x", "0"},   {"0", "0", "150"}, {"0", "0", "-1"},     {"0", "0", "0"}};
        for (const auto &[dl, jt, ls] : bad) {
            delay->setText(QString::fromLatin1(dl));
            jitter->setText(QString::fromLatin1(jt));
            loss->setText(QString::fromLatin1(ls));
            QVERIFY2(!ok->isEnabled(), dl);
            QVERIFY(!error->text().isEmpty());
            d.accept();
            QCOMPARE(d.result(), int(QDialog::Rejected));
        }
        QCOMPARE(chosen.size(), 0);
        delay->setText(u"100"_s);
        jitter->setText(u""_s);
        loss->setText(u"10"_s);
        QVERIFY(ok->isEnabled());
        QVERIFY(error->text().isEmpty());
        d.accept();
        QCOMPARE(chosen.size(), 1);
        const auto f = chosen[0][0].value<Chord::LinkFault>();
        QCOMPARE(f.delayMs, 100);
        QCOMPARE(f.jitterMs, 0);
        QCOMPARE(f.loss, 0.1);
        QVERIFY(chosen[0][1].toBool());

        // The table is checked with the node's own rules before it is sent.
        QString why;
        Chord::LinkFaultTable t;
        t.links.append(Chord::LinkRule{u"127.0.0.1:9"_s, true, true, {0, 0, 1.5, false}});
        QVERIFY(ApiJson::faultTableBody(t, u"127.0.0.1:8"_s, &why).isEmpty());
        QVERIFY(!why.isEmpty());
        Chord::LinkFaultTable p;
        p.partition = {{u"127.0.0.1:9"_s}, {u"127.0.0.1:10"_s}};
        QVERIFY(ApiJson::faultTableBody(p, u"127.0.0.1:8"_s, &why).isEmpty());
        // A link to the node itself is no link.
        const QString n1 = addressOf(u"n1"_s);
        const ActionResult r =
            QCoro::waitFor(m_controller->setLinkFault(n1, n1, {0, 0, 0, true}, true));
        QVERIFY(!r.ok);
        // A partition needs two sides.
        QVERIFY(!QCoro::waitFor(m_controller->partition({{n1}})).ok);
        QVERIFY(!QCoro::waitFor(m_controller->partition({{n1}, {}})).ok);
    }

    void ringsAreCounted() {
        auto node = [](const QString &name, quint16 port, quint16 succ) {
            NodeSnapshot n;
            n.ref.name = name;
            n.ref.host = u"127.0.0.1"_s;
            n.ref.port = port;
            n.health = NodeHealth::Alive;
            Chord::NodeRef s;
            s.host = u"127.0.0.1"_s;
            s.port = succ;
            n.succ = s;
            return n;
        };
        RingSnapshot r;
        r.nodes = {node(u"a"_s, 1, 2), node(u"b"_s, 2, 1), node(u"c"_s, 3, 4), node(u"d"_s, 4, 3)};
        QCOMPARE(LessonPanel::ringCount(r), 2);
        r.nodes[1].succ->port = 3;
        r.nodes[3].succ->port = 1;
        QCOMPARE(LessonPanel::ringCount(r), 1);
        r.nodes.append(node(u"e"_s, 5, 3)); // pointing into a ring, not one of its own
        QCOMPARE(LessonPanel::ringCount(r), 1);
    }

    // Below the stable base (docs/API.md, "Unavailable keys"): three consecutive nodes of six
    // crash, every holder of the first one's arc. The next node's unavailable range is drawn
    // outside the ring and offered for release in its context menu; released (the
    // controller's call, past the confirmation dialog), the range is gone. Last: it leaves a
    // ring of three.
    void unavailableArcIsDrawnAndReleased() {
        // Six nodes: three crashed leave the survivors a live successor each (a whole
        // successor list down is below the stable base in another way: the node waits).
        for (int k = 0; k < 2; ++k)
            QVERIFY(m_controller->addNode(m_controller->anyLiveNode()));
        QTRY_VERIFY_WITH_TIMEOUT(ring().liveCount() == 6 && allChecksGreen(), 30000);
        for (int k = 0; k < 12; ++k) {
            const ActionResult stored = QCoro::waitFor(
                m_controller->store(m_controller->anyLiveNode(), u"u%1"_s.arg(k), u"v"_s));
            QVERIFY2(stored.ok, qPrintable(stored.message));
        }
        // The two joiners vouch only for the copies they were handed until the owners before
        // them synchronised their arcs with them (docs/CONSISTENCY.md, "Taking an arc over"): a
        // crash right after the joins marks more than the first crashed node's arc (3 runs in
        // 50 with two at once). Wait until every node vouches for the arcs of the r - 1 nodes
        // before it (GET /nodeinfo's copiesFrom is its r-th predecessor, r = 3).
        QList<NodeSnapshot> live;
        for (const NodeSnapshot &n : ring().nodes) {
            if (n.isLive())
                live << n;
        }
        QCOMPARE(live.size(), 6);
        const auto vouched = [&] {
            for (qsizetype i = 0; i < live.size(); ++i) {
                const auto info =
                    QCoro::waitFor(m_http.call("GET", live[i].ref, "/nodeinfo", {}, 3000));
                const QString want =
                    QString::number(live[(i + live.size() - 3) % live.size()].ref.id);
                if (!info.ok() || info->object().value("copiesFrom"_L1).toString() != want)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(vouched(), 20000);
        const QString survivor = live[3].address();
        for (int k = 0; k < 3; ++k)
            m_controller->crash(live[k].address());
        QTRY_VERIFY_WITH_TIMEOUT(ring().find(survivor)->unavailable.has_value(), 30000);
        QCOMPARE(ring().find(survivor)->unavailable->to, live[0].ref.id);

        const QImage image = m_window->ringView()->grab().toImage();
        int marked = 0;
        for (int y = 0; y < image.height(); y += 2) {
            for (int x = 0; x < image.width(); x += 2) {
                const QColor c = image.pixelColor(x, y);
                marked += c.red() > 120 && c.red() < 180 && c.green() < 60 && c.blue() < 60;
            }
        }
        QVERIFY2(marked > 20, qPrintable(u"pixels of the unavailable arc: %1"_s.arg(marked)));

        rightClick(live[3].ref.name, live[3].ref.name);
        QVERIFY(m_window->findChild<QAction *>(u"releaseUnavailable"_s));
        closeMenus();
        const ActionResult released = QCoro::waitFor(m_controller->releaseUnavailable(survivor));
        QVERIFY2(released.ok, qPrintable(released.message));
        QTRY_VERIFY_WITH_TIMEOUT(!ring().find(survivor)->unavailable, 10000);
    }

    void cleanupTestCase() {
        m_window.reset();
        m_controller.reset();
        QSettings().clear();
    }
};

QTEST_MAIN(TestFaultGui)
#include "tst_faultgui.moc"
