#include "DemoScript.h"

#include "CompareWindow.h"
#include "ExperimentsWindow.h"
#include "HealthPanel.h"
#include "LessonPanel.h"
#include "LogPanel.h"
#include "MainWindow.h"
#include "Replay.h"
#include "RingController.h"
#include "RingView.h"

#include <QAction>
#include <QDockWidget>
#include <QPixmap>
#include <QPointer>
#include <QTabWidget>

#include <qcorotimer.h>

#include <chrono>
#include <cmath>
#include <numbers>

namespace ChordLab {

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {
const QStringList SampleKeys{u"apple"_s,  u"banana"_s, u"cherry"_s, u"dune"_s,    u"ember"_s,
                             u"fjord"_s,  u"galaxy"_s, u"harbor"_s, u"iris"_s,    u"jazz"_s,
                             u"kiwi"_s,   u"lemon"_s,  u"mango"_s,  u"nectar"_s,  u"olive"_s,
                             u"pepper"_s, u"quartz"_s, u"river"_s,  u"saffron"_s, u"tulip"_s};
}

DemoScript::DemoScript(MainWindow *window, RingController *controller, AppOptions options,
                       QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_controller(controller)
    , m_options(std::move(options)) {}

void DemoScript::start() {
    run();
}

QCoro::Task<> DemoScript::run() {
    QPointer<DemoScript> self(this);
    if (m_options.compare) {
        co_await CompareWindow::showRun(m_window, m_options.screenshot);
        if (self && !m_options.screenshot.isEmpty())
            m_window->close();
        co_return;
    }
    if (m_options.experiments) {
        co_await ExperimentsWindow::showRun(m_window, m_options.experiments, m_options.screenshot);
        if (self && !m_options.screenshot.isEmpty())
            m_window->close();
        co_return;
    }
    if (!co_await playLessonSteps() || !co_await waitForHealthyRing())
        co_return;
    if (m_options.slowAnimation)
        m_window->action(u"slowAnimation"_s)->setChecked(true);
    if (!co_await storeDemoKeys())
        co_return;
    arrangeWindow();
    if (m_options.faultsDemo)
        setDemoFaults();
    if (m_options.partitionDemo)
        drawDemoPartition();
    if (m_options.screenshot.isEmpty() && m_options.exportFrames.isEmpty())
        co_return;
    co_await QCoro::sleepFor(std::chrono::milliseconds(m_options.screenshotDelayMs));
    if (!self || !co_await saveAndSeekRecording())
        co_return;
    exportFrames();
    if (!m_options.screenshot.isEmpty())
        m_window->grab().save(m_options.screenshot);
    m_window->close();
}

QCoro::Task<bool> DemoScript::playLessonSteps() {
    QPointer<DemoScript> self(this);
    if (m_options.lesson.isEmpty() || !m_window->startLesson(m_options.lesson))
        co_return true;
    // Each step once it is done (its waits met, or timed out), then the one reached.
    LessonPanel *lesson = m_window->lessonPanel();
    for (int step = 0; step <= m_options.lessonSteps && lesson->isRunning(); ++step) {
        while (lesson->isRunning() && !lesson->stepDone()) {
            co_await QCoro::sleepFor(100ms);
            if (!self)
                co_return false;
        }
        if (step < m_options.lessonSteps)
            lesson->next();
    }
    co_return true;
}

QCoro::Task<bool> DemoScript::waitForHealthyRing() {
    QPointer<DemoScript> self(this);
    // Booted and its invariants green (or 20 s); a recording or a lesson has no ring to wait for.
    if (!m_options.openRecording.isEmpty() || !m_options.lesson.isEmpty())
        co_return true;
    const int wanted = m_options.attach.isEmpty() ? m_options.ring.nodes : 1;
    for (int i = 0; i < 200; ++i) {
        co_await QCoro::sleepFor(100ms);
        if (!self)
            co_return false;
        const RingSnapshot &ring = m_controller->monitor().snapshot();
        bool green = ring.liveCount() >= wanted && !m_controller->cluster().isBooting();
        for (const HealthCheck &c : m_window->healthPanel()->checks())
            green = green && c.ok;
        if (green)
            break;
    }
    co_return true;
}

QCoro::Task<bool> DemoScript::storeDemoKeys() {
    QPointer<DemoScript> self(this);
    const QString via = m_controller->anyLiveNode();
    for (int i = 0; i < m_options.demoKeys; ++i) {
        const QString key = i < SampleKeys.size() ? SampleKeys[i] : u"key-%1"_s.arg(i);
        co_await m_controller->store(via, key, u"value of "_s + key);
        if (!self)
            co_return false;
    }
    if (m_options.demoKeys == 0)
        co_return true;
    // Some lookups from everywhere so that the histogram has something to show.
    const QList<NodeSnapshot> nodes = m_controller->monitor().snapshot().nodes;
    m_controller->animation().setLegDuration(1);
    for (int i = 0; i < 24 && !nodes.isEmpty(); ++i) {
        co_await m_controller->lookup(nodes[i % nodes.size()].address(),
                                      SampleKeys[(i * 7) % SampleKeys.size()]);
        if (!self)
            co_return false;
    }
    co_await QCoro::sleepFor(300ms);
    m_controller->animation().stop();
    m_controller->animation().setLegDuration(m_options.slowAnimation ? 1600 : 700);
    co_await QCoro::sleepFor(1200ms); // keys polled, ticks drawn
    co_return bool(self);
}

void DemoScript::setDemoFaults() {
    // By name, as a learner would pick them: a cut both ways, a slow and lossy link one way.
    auto address = [this](const QString &name) {
        for (const NodeSnapshot &n : m_controller->monitor().snapshot().nodes) {
            if (n.ref.name == name)
                return n.address();
        }
        return QString();
    };
    const QString n1 = address(u"n1"_s), n2 = address(u"n2"_s);
    const QString n3 = address(u"n3"_s), n4 = address(u"n4"_s);
    if (!n1.isEmpty() && !n2.isEmpty())
        m_window->setLinkFault(n1, n2, Chord::LinkFault{0, 0, 0, true}, true);
    if (!n3.isEmpty() && !n4.isEmpty())
        m_window->setLinkFault(n3, n4, Chord::LinkFault{200, 50, 0.3, false}, false);
}

void DemoScript::drawDemoPartition() {
    // A line through the centre, turned until the two sides are as even as can be and, among
    // those, the line passes farthest from every node.
    RingView *view = m_window->ringView();
    const RingLayout l = view->layout();
    QPointF best;
    qsizetype bestGap = -1;
    double bestClearance = 0;
    for (int step = 0; step < 72; ++step) {
        const double a = step * std::numbers::pi / 72 + 0.01;
        const QPointF d(std::cos(a) * l.radius, std::sin(a) * l.radius);
        const QList<QStringList> groups = view->groupsAcross(l.center - d, l.center + d);
        if (groups.size() != 2)
            continue;
        double clearance = l.radius;
        for (const QStringList &g : groups) {
            for (const QString &address : g) {
                const QPointF v = view->nodePosition(address) - l.center;
                clearance =
                    std::min(clearance, std::abs(std::cos(a) * v.y() - std::sin(a) * v.x()));
            }
        }
        const qsizetype gap = std::abs(groups[0].size() - groups[1].size());
        if (bestGap < 0 || gap < bestGap || (gap == bestGap && clearance > bestClearance)) {
            bestGap = gap;
            bestClearance = clearance;
            best = d;
        }
    }
    if (bestGap >= 0)
        view->partitionAlong(l.center - best, l.center + best);
}

void DemoScript::arrangeWindow() {
    if (!m_options.select.isEmpty())
        m_window->selectNodeByName(m_options.select);
    if (m_options.allFingers)
        m_window->action(u"allFingers"_s)->setChecked(true);
    if (!m_options.logTab.isEmpty())
        showLogPane();
    if (m_options.showSequence)
        showSequence();
    if (m_options.showMessages)
        m_window->action(u"showMessages"_s)->trigger();
    if (m_options.quiz)
        m_window->startQuiz();
    if (!m_options.lookupKey.isEmpty())
        m_window->lookupKey(m_options.lookupKey);
}

void DemoScript::showLogPane() {
    m_window->logPanel()->showPane(m_options.logTab);
    if (LogPane *pane = m_window->logPanel()->paneFor(m_options.logTab))
        pane->setFilter(m_options.logFilter);
    // Give the logs room: this is the picture of the log panes.
    auto *logs = m_window->findChild<QDockWidget *>(u"logsDock"_s);
    auto *nodes = m_window->findChild<QDockWidget *>(u"nodesDock"_s);
    if (!logs || !nodes)
        return;
    m_window->resizeDocks({nodes, logs}, {m_window->height() / 2, m_window->height() / 2},
                          Qt::Vertical);
    m_window->resizeDocks({nodes, logs}, {m_window->width() / 3, m_window->width() / 2},
                          Qt::Horizontal);
}

void DemoScript::showSequence() {
    auto *sequence = m_window->findChild<QDockWidget *>(u"sequenceDock"_s);
    auto *nodes = m_window->findChild<QDockWidget *>(u"nodesDock"_s);
    if (!sequence || !nodes)
        return;
    sequence->raise();
    m_window->resizeDocks({nodes, sequence}, {m_window->height() / 2, m_window->height() / 2},
                          Qt::Vertical);
    m_window->resizeDocks({nodes, sequence}, {m_window->width() / 4, m_window->width() * 3 / 4},
                          Qt::Horizontal);
}

QCoro::Task<bool> DemoScript::saveAndSeekRecording() {
    QPointer<DemoScript> self(this);
    Replay *replay = m_window->replay();
    if (!m_options.saveRecording.isEmpty()) {
        QString error;
        if (!replay->save(m_options.saveRecording, &error))
            qWarning().noquote() << "could not save the recording:" << error;
    }
    if (m_options.replayAtS >= 0) {
        replay->seek(replay->history().startMs() + qint64(m_options.replayAtS * 1000));
        co_await QCoro::sleepFor(300ms);
    }
    co_return bool(self);
}

void DemoScript::exportFrames() {
    if (m_options.exportFrames.isEmpty())
        return;
    const History &h = m_window->replay()->history();
    const FrameExport::Range range{
        h.startMs() + qint64(m_options.framesFromS * 1000),
        m_options.framesToS < 0 ? h.endMs() : h.startMs() + qint64(m_options.framesToS * 1000),
        double(m_options.fps)};
    QString error;
    if (!m_window->exportRange(range, m_options.exportFrames, &error))
        qWarning().noquote() << "could not export the frames:" << error;
}

} // namespace ChordLab
