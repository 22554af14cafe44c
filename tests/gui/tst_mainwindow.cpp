// The window with a real ring: actions reach the nodes (checked over HTTP), lookups from
// other clients are animated, Italian replaces the visible strings, and closing the window
// stops every node it started.
#include "HealthPanel.h"
#include "History.h"
#include "HttpPeerClient.h"
#include "KeyDialog.h"
#include "LanguageManager.h"
#include "LookupAnimation.h"
#include "MainWindow.h"
#include "NodeTableModel.h"
#include "Replay.h"
#include "RequestParsing.h"
#include "RingController.h"
#include "RingHealth.h"

#include <QAction>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScopeGuard>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

#include <algorithm>
#include <cerrno>
#include <csignal>

using namespace ChordLab;
using namespace Qt::StringLiterals;
using State = Chord::NodeProcess::State;

namespace {
bool processGone(qint64 pid) {
    return ::kill(pid_t(pid), 0) == -1 && errno == ESRCH;
}
} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<RingController> m_controller;
    std::unique_ptr<LanguageManager> m_language;
    std::unique_ptr<MainWindow> m_window;
    Chord::Http::HttpPeerClient m_http;
    QTemporaryDir m_settingsDir;

    Chord::NodeRef refOf(const QString &address) {
        const NodeSnapshot *n = m_controller->monitor().snapshot().find(address);
        return n ? n->ref : Chord::NodeRef{};
    }
    QJsonDocument get(const QString &address, const QByteArray &path) {
        const auto r = QCoro::waitFor(m_http.call("GET", refOf(address), path, {}, 3000));
        return r.ok() ? *r : QJsonDocument();
    }
    // Members of the ring as one node's ring walk sees them.
    QStringList ringMembers(const QString &address) {
        QStringList names;
        for (const QJsonValue &v : get(address, "/dht/ring").object().value("nodes"_L1).toArray())
            names << v.toObject().value("name"_L1).toString();
        return names;
    }
    Chord::NodeProcess *process(int i) { return m_controller->cluster().processes().at(i); }
    bool allChecksGreen() {
        for (const HealthCheck &c : m_window->healthPanel()->checks()) {
            if (!c.ok)
                return false;
        }
        return true;
    }

private slots:
    void initTestCase() {
        // Settings of this run only (runs in parallel do not share the last key, the window).
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(u"ChordLabTest"_s);
        m_language = std::make_unique<LanguageManager>();
        m_language->setLanguage(u"en"_s);
        m_controller = std::make_unique<RingController>();
        m_controller->monitor().setIntervals(150, 200);
        m_controller->animation().setLegDuration(30);
        m_window = std::make_unique<MainWindow>(m_controller.get(), m_language.get());
        m_window->resize(1200, 800);
        m_window->show();
        BootOptions o;
        o.nodes = 5;
        o.bits = 16;
        o.stabilizeMs = 200;
        m_window->bootRing(o);
        QTRY_COMPARE_WITH_TIMEOUT(m_controller->monitor().snapshot().liveCount(), 5, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!m_controller->cluster().isBooting(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 20000);
        QCOMPARE(m_window->nodeModel()->rowCount(), 5);
    }

    void inspectorShowsWhatANodeVouchesFor() {
        // Settled, each node holds every acknowledged write of its arc and the arcs of its
        // r - 1 = 2 predecessors: (its 3rd predecessor, itself], as GET /nodeinfo's copiesFrom
        // says and the inspector shows.
        QVERIFY(m_window->selectNodeByName(u"n1"_s));
        const auto *header = m_window->findChild<QLabel *>(u"inspectorHeader"_s);
        QVERIFY(header);
        const auto expected = [this] {
            const RingSnapshot &ring = m_controller->monitor().snapshot();
            int i = 0;
            while (i < ring.nodes.size() && ring.nodes[i].ref.name != u"n1"_s)
                ++i;
            const int n = int(ring.nodes.size());
            if (i == n)
                return u"n1 not in the ring"_s;
            return u"(%1, %2]"_s.arg(ring.nodes[(i + n - 3) % n].ref.id).arg(ring.nodes[i].ref.id);
        };
        QTRY_VERIFY2_WITH_TIMEOUT(header->text().contains(expected()),
                                  qPrintable(header->text() + u" lacks "_s + expected()), 20000);
    }

    void storeAndLookupReachTheNodes() {
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        QSignalSpy traced(m_controller.get(), &RingController::lookupTraced);
        QVERIFY(m_window->selectNodeByName(u"n2"_s));
        m_window->storeKey(u"alpha/β key"_s, u"one"_s);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        // Read it back through a different node, over HTTP.
        const QJsonObject o =
            get(process(3)->address(), "/db/" + Chord::Http::encodeKey(u"alpha/β key"_s)).object();
        QVERIFY(o.value("found"_L1).toBool());
        QCOMPARE(o.value("value"_L1).toString(), u"one"_s);
        const QString owner = o.value("owner"_L1).toObject().value("name"_L1).toString();

        QSignalSpy animated(&m_controller->animation(), &LookupAnimation::started);
        m_window->lookupKey(u"alpha/β key"_s);
        // Traces arrive in any order: the read through another node above is another client's
        // lookup, picked up from its event feed whenever the next poll lands.
        auto tracedFrom = [&traced](const QString &name) {
            for (const auto &t : traced) {
                if (t[0].value<Chord::NodeRef>().name == name)
                    return t[1].value<Chord::LookupResult>();
            }
            return Chord::LookupResult{};
        };
        QTRY_VERIFY_WITH_TIMEOUT(tracedFrom(u"n2"_s).ok, 10000);
        const auto lookup = tracedFrom(u"n2"_s);
        QCOMPARE(lookup.owner.name, owner);
        // Played: at once, or after the lookup already playing (the store's, from n2's feed,
        // may be animated first: with 30 ms legs "is it running now" depended on the load).
        QTRY_VERIFY(std::any_of(animated.cbegin(), animated.cend(), [&](const QList<QVariant> &a) {
            return a[0].value<Chord::NodeRef>().name == u"n2"_s &&
                   a[1].value<Chord::LookupResult>().owner.name == owner;
        }));
        // The initiator recorded the lookup in its event feed.
        bool seen = false;
        for (const QJsonValue &v : get(process(1)->address(), "/dht/events?since=0").array()) {
            const QJsonObject e = v.toObject();
            seen = seen ||
                   (e.value("type"_L1) == "lookup"_L1 && e.value("key"_L1) == u"alpha/β key"_s);
        }
        QVERIFY(seen);
        // The app's own lookup is not animated a second time from that feed: its event carries
        // the op the app sent. The app's store through n2 is animated, once, from the feed (and
        // the read through n4 above is another client's lookup, animated too).
        QTest::qWait(800);
        int fromN2 = 0;
        for (const auto &t : traced)
            fromN2 += t[0].value<Chord::NodeRef>().name == u"n2"_s ? 1 : 0;
        // One trace per lookup event of the app's ops at n2 (a routed write that had to retry
        // routes twice), the lookup's event being the one animated from the answer instead.
        QSet<QString> ops;
        int withAppOp = 0;
        for (const QJsonValue &v : get(process(1)->address(), "/dht/events?since=0").array()) {
            const QString op = v.toObject().value("op"_L1).toString();
            if (v.toObject().value("type"_L1) == "lookup"_L1 && op.startsWith(u"app"_s)) {
                ++withAppOp;
                ops.insert(op);
            }
        }
        QCOMPARE(ops.size(), 2); // the store and the lookup
        QCOMPARE(fromN2, withAppOp);
    }

    // Store key… asks with the key dialog (offering the last key) and stores through the
    // selected node; an empty key stores nothing.
    void keyDialogStoresThroughTheSelectedNode() {
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        QVERIFY(m_window->selectNodeByName(u"n3"_s));
        const auto openDialog = [this]() -> KeyDialog * {
            m_window->action(u"store"_s)->trigger();
            KeyDialog *d = nullptr;
            [&] {
                QTRY_VERIFY((d = m_window->findChild<KeyDialog *>()) != nullptr);
            }();
            return d;
        };
        QSettings().setValue(u"keys/last"_s, u"earlier"_s);
        KeyDialog *d = openDialog();
        QVERIFY(d);
        QCOMPARE(d->key(), u"earlier"_s); // the last key used
        d->findChild<QLineEdit *>(u"keyEdit"_s)->setText(u"from-dialog"_s);
        d->findChild<QLineEdit *>(u"valueEdit"_s)->setText(u"typed"_s);
        d->accept();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        const QJsonObject o = get(process(0)->address(), "/db/from-dialog").object();
        QCOMPARE(o.value("value"_L1).toString(), u"typed"_s);
        QTRY_VERIFY(!m_window->findChild<KeyDialog *>());

        d = openDialog();
        QVERIFY(d);
        QCOMPARE(d->key(), u"from-dialog"_s);
        d->findChild<QLineEdit *>(u"keyEdit"_s)->clear();
        QSignalSpy chosen(d, &KeyDialog::chosen);
        d->accept(); // (accepted is emitted before accept() returns)
        QCOMPARE(chosen.size(), 0);
        QCOMPARE(done.size(), 1);
    }

    void lookupFromAnotherClientIsAnimated() {
        QSignalSpy traced(m_controller.get(), &RingController::lookupTraced);
        const QString at = process(4)->address();
        // The hops animated for the lookup started at `at` (the earlier tests' writes are
        // animated from the feeds too, a poll later, before or after it).
        LookupAnimation &animation = m_controller->animation();
        bool ours = false;
        bool oursFinished = false;
        QList<Chord::NodeRef> visited;
        connect(&animation, &LookupAnimation::started, this, [&](const Chord::NodeRef &initiator) {
            ours = initiator.address() == at && !oursFinished; // the first one
        });
        connect(&animation, &LookupAnimation::hopVisited, this,
                [&](int, const Chord::NodeRef &node) {
                    if (ours)
                        visited.append(node);
                });
        connect(&animation, &LookupAnimation::finished, this, [&] {
            oursFinished = oursFinished || ours;
            ours = false;
        });
        const auto disconnectAll = qScopeGuard([&] { animation.disconnect(this); });
        // As curl would: GET /dht/lookup straight at a node.
        const QJsonObject answer = get(at, "/dht/lookup?key=zeta").object();
        QVERIFY(answer.contains("owner"_L1));
        // Earlier tests' lookups may still arrive from other feeds: take the one from `at`.
        auto tracedAt = [&traced, &at]() -> std::optional<Chord::LookupResult> {
            for (const auto &t : traced) {
                if (t[0].value<Chord::NodeRef>().address() == at)
                    return t[1].value<Chord::LookupResult>();
            }
            return std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(tracedAt().has_value(), 5000);
        const auto lookup = *tracedAt();
        QCOMPARE(lookup.key, u"zeta"_s);
        QCOMPARE(int(lookup.hops.size()), answer.value("hopCount"_L1).toInt());
        QTRY_VERIFY_WITH_TIMEOUT(oursFinished, 10000);
        QCOMPARE(visited.size(), lookup.hops.size());
        for (int i = 0; i < visited.size(); ++i)
            QCOMPARE(visited[i], lookup.hops[i].node);
    }

    void joinLeaveCrashPauseReachTheNodes() {
        const QString first = process(0)->address();
        // Join: a new node through the selected one.
        QVERIFY(m_window->selectNodeByName(u"n1"_s));
        m_window->action(u"addNode"_s)->trigger();
        QCOMPARE(m_controller->cluster().processes().size(), 6);
        Chord::NodeProcess *joiner = process(5);
        QTRY_COMPARE_WITH_TIMEOUT(ringMembers(first).size(), 6, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(ringMembers(first).contains(joiner->spec().name), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_controller->monitor().snapshot().find(joiner->address()) &&
                m_controller->monitor().snapshot().find(joiner->address())->isLive(),
            5000);

        // Pause and resume: SIGSTOP shows as paused, SIGCONT brings it back.
        m_window->selectNode(joiner->address());
        QVERIFY(m_window->action(u"pause"_s)->isEnabled());
        m_window->action(u"pause"_s)->trigger();
        QCOMPARE(joiner->state(), State::Paused);
        QTRY_COMPARE(m_controller->monitor().snapshot().find(joiner->address())->health,
                     NodeHealth::Paused);
        m_window->action(u"resume"_s)->trigger();
        QCOMPARE(joiner->state(), State::Running);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_controller->monitor().snapshot().find(joiner->address())->health, NodeHealth::Alive,
            5000);

        // Leave: graceful, the process exits and the ring closes over it.
        m_window->action(u"leave"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(joiner->state(), State::Exited, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!ringMembers(first).contains(joiner->spec().name), 10000);
        QTRY_COMPARE(m_controller->monitor().snapshot().find(joiner->address())->health,
                     NodeHealth::Dead);

        // Crash: SIGKILL, the pid is gone and stabilization removes it from the ring.
        Chord::NodeProcess *victim = process(2);
        const qint64 pid = victim->pid();
        m_window->selectNode(victim->address());
        m_window->action(u"crash"_s)->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!ringMembers(first).contains(victim->spec().name), 20000);
        QTRY_COMPARE(m_controller->monitor().snapshot().find(victim->address())->health,
                     NodeHealth::Dead);
        // The stored key survived the crash (replicas).
        const QJsonObject o =
            get(first, "/db/" + Chord::Http::encodeKey(u"alpha/β key"_s)).object();
        QCOMPARE(o.value("value"_L1).toString(), u"one"_s);
    }

    // What the previous test did is on the timeline: its markers, the ring at the pause as it
    // was then, stepping, playing into live, saving and opening the recording.
    void recordingReplaysTheRing() {
        Replay *replay = m_window->replay();
        QVERIFY(replay->isLive());
        const History &h = replay->history();
        QVERIFY(h.frameCount() > 5);
        QVERIFY(h.eventCount() > 20);
        std::optional<qint64> pausedAt, crashedAt;
        QString pausedNode;
        for (const HistoryMarker &m : h.markers()) {
            if (m.kind == u"pause"_s && !pausedAt) {
                pausedAt = m.atMs;
                pausedNode = m.node;
            }
            if (m.kind == u"crash"_s)
                crashedAt = m.atMs;
        }
        QVERIFY(pausedAt && crashedAt && *pausedAt < *crashedAt);
        QVERIFY(std::any_of(h.markers().begin(), h.markers().end(),
                            [](const HistoryMarker &m) { return m.kind == u"join"_s; }));

        // At the pause: the table shows the node paused, the health panel says when.
        replay->seek(*pausedAt);
        QVERIFY(!replay->isLive());
        const auto healthOf = [this](const QString &name) {
            for (const NodeSnapshot &n : m_window->nodeModel()->snapshot().nodes) {
                if (n.ref.name == name)
                    return std::optional<NodeHealth>(n.health);
            }
            return std::optional<NodeHealth>();
        };
        QCOMPARE(healthOf(pausedNode), std::optional(NodeHealth::Paused));
        QVERIFY(m_window->findChild<QLabel *>(u"replayStatus"_s)->text().contains(u"before"_s));
        QVERIFY(m_window->action(u"replayLive"_s)->isEnabled());
        // Step forward from the start to the first event, back before it.
        replay->seek(h.startMs());
        QVERIFY(m_window->action(u"replayForward"_s)->isEnabled());
        m_window->action(u"replayForward"_s)->trigger();
        QCOMPARE(replay->cursorMs(), *h.nextEventAfter(h.startMs()));
        QVERIFY(replay->cursorMs() > h.startMs());
        const qint64 next = replay->cursorMs();
        m_window->action(u"replayBack"_s)->trigger();
        QVERIFY(replay->cursorMs() < next);

        // Played at 10x from shortly before the end, the timeline comes back to live.
        replay->seek(h.endMs() - 1500);
        QSignalSpy replayed(replay, &Replay::eventReplayed);
        replay->setSpeed(10);
        m_window->action(u"replayPlay"_s)->trigger();
        QVERIFY(replay->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(replay->isLive(), 5000);
        QVERIFY(!replay->isPlaying());
        QVERIFY(!replayed.isEmpty());
        QCOMPARE(healthOf(pausedNode), std::optional(NodeHealth::Dead)); // it left since

        // Saved and opened again: the same history, shown without the live ring.
        QTemporaryDir dir;
        const QString file = dir.filePath(u"ring.chordlab.json"_s);
        QString error;
        QVERIFY2(replay->save(file, &error), qPrintable(error));
        const int events = h.eventCount();

        // A time range as frames: the ring at each moment, and the cursor back where it was.
        replay->seek(*pausedAt);
        const QString frames = dir.filePath(u"frames"_s);
        QVERIFY2(m_window->exportRange({*pausedAt - 1000, *pausedAt, 2}, frames, &error),
                 qPrintable(error));
        QCOMPARE(replay->cursorMs(), *pausedAt);
        QCOMPARE(QDir(frames).entryList({u"frame-*.png"_s}, QDir::Files).size(), 3);
        QImage last(QDir(frames).filePath(u"frame-0003.png"_s));
        QVERIFY(!last.isNull() && last.width() >= 900);
        QVERIFY(QImage(QDir(frames).filePath(u"ring.apng.png"_s)).size() == last.size());
        QVERIFY(m_window->action(u"exportRange"_s)->isEnabled());

        QVERIFY(m_window->openRecording(file));
        QVERIFY(replay->hasOpenedFile());
        QVERIFY(replay->history().eventCount() >= events - 5 &&
                replay->history().eventCount() <= events + 50);
        QCOMPARE(replay->cursorMs(), replay->history().startMs());
        m_window->action(u"replayLive"_s)->trigger();
        QVERIFY(replay->isLive() && !replay->hasOpenedFile());

        // A file that is not a recording: a clear message, the live history untouched.
        QFile bad(dir.filePath(u"bad.json"_s));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"format\": \"something else\"}");
        bad.close();
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        QVERIFY(!m_window->openRecording(bad.fileName()));
        QCOMPARE(done.size(), 1);
        QVERIFY(!done[0][0].toBool());
        QVERIFY(done[0][1].toString().contains(u"not a ChordLab recording"_s));
        QVERIFY(replay->isLive() && !replay->hasOpenedFile());

        // An action on the ring brings the timeline back to live.
        replay->seek(*pausedAt);
        done.clear();
        m_window->lookupKey(u"alpha/β key"_s);
        QVERIFY(replay->isLive());
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
    }

    // The Time toolbar: with maintenance paused a joiner's predecessor keeps its old successor
    // (nothing repairs it), one stabilize step on it changes exactly that pointer, and the
    // speed reaches every node.
    void pausingAndSteppingTheRing() {
        // The previous test crashed a node: the ring must be whole again before it is frozen,
        // or a predecessor pointer to the dead node stays (nothing repairs a paused ring) and
        // the joiner below may take it over as its own.
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 20000);
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        QAction *pause = m_window->action(u"pauseRounds"_s);
        QVERIFY(!pause->isChecked());
        pause->trigger();
        QVERIFY(pause->isChecked());
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        const int live = m_controller->monitor().snapshot().liveCount();
        // (Addresses first: get() runs the event loop, and a poll replaces the snapshot.)
        QStringList liveNodes;
        for (const NodeSnapshot &n : m_controller->monitor().snapshot().nodes) {
            if (n.isLive())
                liveNodes << n.address();
        }
        for (const QString &address : std::as_const(liveNodes))
            QVERIFY(get(address, "/dht/maintenance").object().value("paused"_L1).toBool());

        // A node joins the paused ring: it is paused too, and its predecessor still points
        // past it.
        const QString first = process(0)->address();
        QVERIFY(m_window->selectNodeByName(process(0)->spec().name));
        m_window->action(u"addNode"_s)->trigger();
        Chord::NodeProcess *joiner = m_controller->cluster().processes().last();
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->monitor().snapshot().liveCount() == live + 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(
            get(joiner->address(), "/dht/maintenance").object().value("paused"_L1).toBool(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(get(joiner->address(), "/pred").isObject(), 10000);
        const QJsonObject pred = get(joiner->address(), "/pred").object();
        const QString predAddress = pred.value("host"_L1).toString() + u":"_s +
                                    QString::number(pred.value("port"_L1).toInt());
        const auto succOf = [this](const QString &address) {
            return get(address, "/succ").object().value("port"_L1).toInt();
        };
        const auto predecessorsOf = [this](const QString &address) {
            const QJsonObject o = get(address, "/pred").object();
            return o.value("port"_L1).toInt();
        };
        QTest::qWait(1000); // several periods of 200 ms: nothing runs
        QVERIFY(succOf(predAddress) != int(joiner->port()));
        const int joinerPred = predecessorsOf(joiner->address());

        // One stabilize on the predecessor: its successor becomes the joiner, nothing else moves.
        QTRY_VERIFY(m_controller->monitor().snapshot().find(predAddress));
        m_window->selectNode(predAddress);
        QTRY_VERIFY2_WITH_TIMEOUT(m_window->action(u"stepStabilize"_s)->isEnabled(),
                                  qPrintable(predAddress + u" is not live in the app"_s), 10000);
        done.clear();
        m_window->action(u"stepStabilize"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        QCOMPARE(succOf(predAddress), int(joiner->port()));
        QCOMPARE(predecessorsOf(joiner->address()), joinerPred);

        // Speed: every node, the joiner included; back to the boot period.
        done.clear();
        m_window->action(u"speed5s"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY(m_window->action(u"speed5s"_s)->isChecked());
        QCOMPARE(get(joiner->address(), "/dht/maintenance").object().value("periodMs"_L1).toInt(),
                 5000);
        QCOMPARE(get(first, "/dht/maintenance").object().value("periodMs"_L1).toInt(), 5000);
        done.clear();
        m_window->action(u"speedNormal"_s)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QCOMPARE(get(first, "/dht/maintenance").object().value("periodMs"_L1).toInt(), 200);

        // Resume: the rounds run again everywhere and the ring is whole.
        done.clear();
        pause->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY(!pause->isChecked());
        QVERIFY(!get(joiner->address(), "/dht/maintenance").object().value("paused"_L1).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 20000);

        // A step with no node selected says so.
        m_window->selectNode({});
        QVERIFY(!m_window->action(u"stepStabilize"_s)->isEnabled());
    }

    // "Show messages": every live node records its messages, the monitor sees them fly between
    // known nodes, and hiding them turns the recording off again.
    void showingMessages() {
        QSignalSpy done(m_window.get(), &MainWindow::actionDone);
        QSignalSpy seen(&m_controller->monitor(), &RingMonitor::messageObserved);
        QAction *messages = m_window->action(u"showMessages"_s);
        QVERIFY(!messages->isChecked());
        messages->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY2(done[0][0].toBool(), qPrintable(done[0][1].toString()));
        QVERIFY(messages->isChecked());
        QStringList liveNodes;
        for (const NodeSnapshot &n : m_controller->monitor().snapshot().nodes) {
            if (n.isLive())
                liveNodes << n.address();
        }
        for (const QString &address : std::as_const(liveNodes))
            QVERIFY(get(address, "/dht/maintenance").object().value("messages"_L1).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(seen.size() > 5, 10000);
        const auto from = seen[0][0].value<Chord::NodeRef>();
        const auto to = seen[0][1].value<Chord::NodeRef>();
        QVERIFY(from.port != 0 && to.port != 0 && from.port != to.port);
        QVERIFY(!seen[0][2].toString().isEmpty());
        QVERIFY(seen[0][3].toString().startsWith(seen[0][2].toString()));
        done.clear();
        messages->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QVERIFY(!messages->isChecked());
        for (const QString &address : std::as_const(liveNodes))
            QVERIFY(!get(address, "/dht/maintenance").object().value("messages"_L1).toBool());
    }

    // A node started by someone else, crashed and started again on its address (a new id):
    // the app follows the new process's event feed from its start, as it did the old one's.
    void restartedNodeOnItsAddressIsFollowed() {
        Chord::NodeLaunchSpec spec;
        spec.name = u"outsider"_s;
        spec.bits = 16;
        spec.stabilizeMs = 200;
        spec.join = process(0)->address();
        auto first = std::make_unique<Chord::NodeProcess>(spec);
        first->start();
        QTRY_VERIFY_WITH_TIMEOUT(first->port() != 0, 10000);
        const QString address = first->address();
        m_controller->attach(first->host(), first->port());
        const auto traced = [&address](QSignalSpy &spy, const QString &key) {
            for (const auto &t : spy) {
                if (t[0].value<Chord::NodeRef>().address() == address &&
                    t[1].value<Chord::LookupResult>().key == key)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->monitor().snapshot().find(address) &&
                                     m_controller->monitor().snapshot().find(address)->isLive(),
                                 10000);
        // Enough events that the old feed's sequence numbers stay ahead of the new one's.
        QSignalSpy before(m_controller.get(), &RingController::lookupTraced);
        for (int i = 0; i < 20; ++i)
            QVERIFY(get(address, "/dht/lookup?key=before" + QByteArray::number(i)).isObject());
        QTRY_VERIFY_WITH_TIMEOUT(traced(before, u"before19"_s), 5000);
        const Chord::Id oldId = m_controller->monitor().snapshot().find(address)->ref.id;

        first->crash();
        QTRY_COMPARE_WITH_TIMEOUT(first->state(), State::Exited, 5000);
        spec.port = first->port();
        auto second = std::make_unique<Chord::NodeProcess>(spec);
        second->start();
        QTRY_VERIFY_WITH_TIMEOUT(second->port() != 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->monitor().snapshot().find(address) &&
                                     m_controller->monitor().snapshot().find(address)->isLive() &&
                                     m_controller->monitor().snapshot().find(address)->ref.id !=
                                         oldId,
                                 20000);
        QSignalSpy after(m_controller.get(), &RingController::lookupTraced);
        QVERIFY(get(address, "/dht/lookup?key=after").isObject());
        QTRY_VERIFY_WITH_TIMEOUT(traced(after, u"after"_s), 5000);

        second->stop(3000);
        QTRY_COMPARE_WITH_TIMEOUT(second->state(), State::Exited, 10000);
    }

    // A node that another client made leave (GET /dht/leave) stays up, alone: the health
    // checks leave it out (it is not a member the ring misses) and take it in again once it
    // joins back.
    void nodeLeftFromOutsideIsNotMissed() {
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 20000);
        const QString first = process(0)->address();
        Chord::NodeProcess *leaver = process(1);
        const QString address = leaver->address();
        QCOMPARE(get(address, "/dht/leave").object().value("left"_L1).toBool(), true);
        const auto seen = [&] {
            return m_controller->monitor().snapshot().find(address);
        };
        QTRY_VERIFY_WITH_TIMEOUT(seen() && seen()->left, 5000);
        QCOMPARE(seen()->health, NodeHealth::Alive);
        QCOMPARE(seen()->protocolState, u"alone"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!ringMembers(first).contains(leaver->spec().name), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 20000);
        // And they stay green: the checks of every snapshot over 20 polls.
        int polls = 0;
        QStringList red;
        const auto watched =
            connect(&m_controller->monitor(), &RingMonitor::snapshotChanged, this, [&] {
                ++polls;
                for (const HealthCheck &c : RingHealth::check(m_controller->monitor().snapshot())) {
                    if (!c.ok)
                        red << c.detail;
                }
            });
        QTRY_VERIFY_WITH_TIMEOUT(polls >= 20, 10000);
        disconnect(watched);
        QVERIFY2(red.isEmpty(), qPrintable(red.join(u"; "_s)));
        const RingSnapshot &ring = m_controller->monitor().snapshot();
        QCOMPARE(ring.memberCount(), ring.liveCount() - 1);

        const Chord::NodeRef firstRef = refOf(first);
        const QByteArray body =
            u"{\"bootstrap\": {\"host\": \"%1\", \"port\": %2}}"_s.arg(firstRef.host)
                .arg(firstRef.port)
                .toUtf8();
        const auto joined =
            QCoro::waitFor(m_http.call("PUT", refOf(address), "/dht/join", body, 5000));
        QVERIFY2(joined.ok(), qPrintable(joined.error));
        QTRY_VERIFY_WITH_TIMEOUT(!seen()->left && seen()->protocolState == "member"_L1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(ringMembers(first).contains(leaver->spec().name), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(allChecksGreen(), 20000);
    }

    void italianChangesVisibleStrings() {
        QCOMPARE(m_window->action(u"boot"_s)->text(), u"&Boot ring…"_s);
        m_language->setLanguage(u"it"_s);
        QCOMPARE(m_language->effective(), u"it"_s);
        // LanguageChange reaches the widgets as a posted event.
        QTRY_COMPARE(m_window->action(u"boot"_s)->text(), u"&Avvia anello…"_s);
        QCOMPARE(m_window->action(u"crash"_s)->text(), u"&Termina brutalmente"_s);
        QCOMPARE(m_window->action(u"pauseRounds"_s)->text(), u"Sospendi la &manutenzione"_s);
        QCOMPARE(m_window->findChild<QMenu *>(u"timeMenu"_s)->title(), u"&Tempo"_s);
        QCOMPARE(m_window->menuBar()->actions().at(0)->text(), u"&Anello"_s);
        QCOMPARE(m_window->findChild<QDockWidget *>(u"nodesDock"_s)->windowTitle(), u"Nodi"_s);
        QCOMPARE(m_window->nodeModel()->headerData(NodeTableModel::Succ, Qt::Horizontal).toString(),
                 u"Successore"_s);
        QCOMPARE(m_window->healthPanel()->checks().at(0).name, u"Un solo anello ordinato"_s);
        m_language->setLanguage(u"en"_s);
        QTRY_COMPARE(m_window->action(u"boot"_s)->text(), u"&Boot ring…"_s);
        QCOMPARE(m_window->healthPanel()->checks().at(0).name, u"One ordered ring"_s);
    }

    void closingStopsEveryNode() {
        QList<qint64> pids;
        for (Chord::NodeProcess *p : m_controller->cluster().processes())
            pids << p->pid();
        QVERIFY(pids.size() >= 5);
        QSignalSpy closed(m_window.get(), &MainWindow::shutdownComplete);
        m_window->close();
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
        QVERIFY(!m_window->isVisible());
        for (qint64 pid : pids)
            QVERIFY2(processGone(pid), qPrintable(QString::number(pid)));
        QCOMPARE(m_controller->cluster().runningCount(), 0);
    }

    void cleanupTestCase() {
        m_window.reset();
        m_controller.reset();
        QSettings().clear();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
