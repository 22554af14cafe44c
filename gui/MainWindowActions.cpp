// The actions of MainWindow, each defined once: name (its object name, by which the tests
// find it), icon, shortcut, text and tip (translated again on a language change), and what it
// does. The menus, the toolbars and the context menu place the pointers of MainWindow::Actions.
#include "MainWindow.h"

#include "BootDialog.h"
#include "KeyDialog.h"
#include "LanguageManager.h"
#include "LogPanel.h"
#include "NodeTableModel.h"
#include "Replay.h"
#include "RingController.h"
#include "RingView.h"

#include <QAction>
#include <QActionGroup>
#include <QInputDialog>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace ChordLab {

using namespace Qt::StringLiterals;
using State = Chord::NodeProcess::State;

QAction *MainWindow::define(const QString &name, const QString &icon, const QKeySequence &shortcut,
                            const char *text, const char *tip, const std::function<void()> &run) {
    auto *a = new QAction(this);
    a->setObjectName(name);
    if (!icon.isEmpty())
        a->setIcon(QIcon(u":/icons/"_s + icon + u".svg"_s));
    if (!shortcut.isEmpty())
        a->setShortcut(shortcut);
    if (run) // (checkable actions without one are connected by their toggled signal)
        connect(a, &QAction::triggered, this, run);
    m_actionTexts.push_back({a, text, tip});
    return a;
}

QAction *MainWindow::action(const QString &name) const {
    return findChild<QAction *>(name, Qt::FindDirectChildrenOnly);
}

void MainWindow::createActions() {
    createRingActions();
    createNodeActions();
    createKeyActions();
    createViewActions();
    createHelpActions();
    createLanguageActions();
    createFaultActions();
}

void MainWindow::createRingActions() {
    Actions &a = m_act;
    a.boot = define(u"boot"_s, u"boot"_s, QKeySequence(u"Ctrl+B"_s), QT_TR_NOOP("&Boot ring…"),
                    QT_TR_NOOP("Start a fresh local ring of N nodes"), [this] { askBoot(); });
    a.attach = define(
        u"attach"_s, u"attach"_s, QKeySequence(u"Ctrl+Shift+A"_s), QT_TR_NOOP("A&ttach to ring…"),
        QT_TR_NOOP("Watch a ring that runs elsewhere, by host:port"), [this] { askAttach(); });
    a.exportPng = define(
        u"exportPng"_s, u"export"_s, QKeySequence(u"Ctrl+E"_s), QT_TR_NOOP("Export as &PNG…"),
        QT_TR_NOOP("Save the ring view as an image"), [this] { exportImage(false); });
    a.exportSvg =
        define(u"exportSvg"_s, {}, QKeySequence(u"Ctrl+Shift+E"_s), QT_TR_NOOP("Export as S&VG…"),
               QT_TR_NOOP("Save the ring view as a vector drawing"), [this] { exportImage(true); });
    a.killAll = define(u"killAll"_s, u"killall"_s, QKeySequence(u"Ctrl+Shift+X"_s),
                       QT_TR_NOOP("&Kill all"), QT_TR_NOOP("Stop every node this app started"),
                       [this] { m_controller->killAll(ShutdownGraceMs); });
    a.forgetDead =
        define(u"forgetDead"_s, {}, {}, QT_TR_NOOP("&Remove dead nodes"), nullptr, [this] {
            m_controller->monitor().forgetDead();
            m_logPanel->clearFinished();
        });
    a.quit = define(u"quit"_s, {}, QKeySequence::Quit, QT_TR_NOOP("&Quit"), nullptr,
                    [this] { close(); });
}

void MainWindow::createNodeActions() {
    Actions &a = m_act;
    a.addNode = define(u"addNode"_s, u"add"_s, QKeySequence(u"Ctrl+N"_s), QT_TR_NOOP("&Add node"),
                       QT_TR_NOOP("Start a node that joins through the selected one"),
                       [this] { m_controller->addNode(selectedNode()); });
    a.leave = define(u"leave"_s, u"leave"_s, QKeySequence(u"Ctrl+L"_s), QT_TR_NOOP("&Leave"),
                     QT_TR_NOOP("The selected node leaves gracefully, handing off its keys"),
                     [this] { report(m_controller->leave(selectedNode())); });
    a.rejoin = define(u"rejoin"_s, u"join"_s, QKeySequence(u"Ctrl+J"_s), QT_TR_NOOP("Re&join"),
                      QT_TR_NOOP("A standalone node joins the ring again"), [this] { rejoin(); });
    a.crash = define(u"crash"_s, u"crash"_s, QKeySequence(u"Ctrl+Shift+K"_s), QT_TR_NOOP("&Crash"),
                     QT_TR_NOOP("Kill the selected node (SIGKILL): nobody is told"),
                     [this] { m_controller->crash(selectedNode()); });
    a.pause = define(u"pause"_s, u"pause"_s, QKeySequence(u"Ctrl+P"_s), QT_TR_NOOP("&Pause"),
                     QT_TR_NOOP("Freeze the selected node (SIGSTOP)"),
                     [this] { m_controller->pause(selectedNode()); });
    a.resume = define(u"resume"_s, u"resume"_s, QKeySequence(u"Ctrl+Shift+P"_s),
                      QT_TR_NOOP("Res&ume"), QT_TR_NOOP("Let a paused node run again (SIGCONT)"),
                      [this] { report(m_controller->resume(selectedNode())); });
}

void MainWindow::createKeyActions() {
    Actions &a = m_act;
    a.store = define(u"store"_s, u"store"_s, QKeySequence(u"Ctrl+S"_s), QT_TR_NOOP("&Store key…"),
                     QT_TR_NOOP("Store a key and value through the selected node"), [this] {
                         askKey(tr("Store a key"), true,
                                [this](const QString &k, const QString &v) { storeKey(k, v); });
                     });
    a.get = define(u"get"_s, u"get"_s, QKeySequence(u"Ctrl+G"_s), QT_TR_NOOP("&Read key…"),
                   QT_TR_NOOP("Read a key through the selected node"), [this] {
                       askKey(tr("Read a key"), false, [this](const QString &k, const QString &) {
                           report(m_controller->fetch(selectedNode(), k));
                       });
                   });
    a.lookup =
        define(u"lookup"_s, u"lookup"_s, QKeySequence(u"Ctrl+F"_s), QT_TR_NOOP("&Look up key…"),
               QT_TR_NOOP("Run an iterative lookup from the selected node and animate it"), [this] {
                   askKey(tr("Look up a key"), false,
                          [this](const QString &k, const QString &) { lookupKey(k); });
               });
    a.remove =
        define(u"delete"_s, u"delete"_s, QKeySequence(u"Ctrl+D"_s), QT_TR_NOOP("&Delete key…"),
               QT_TR_NOOP("Delete a key through the selected node"), [this] {
                   askKey(tr("Delete a key"), false,
                          [this](const QString &k, const QString &) { deleteKey(k); });
               });
}

void MainWindow::createViewActions() {
    Actions &a = m_act;
    const auto toggle = [this](const QString &name, const QString &icon,
                               const QKeySequence &shortcut, const char *text, const char *tip,
                               bool on, const std::function<void(bool)> &then) {
        QAction *t = define(name, icon, shortcut, text, tip, {});
        t->setCheckable(true);
        t->setChecked(on);
        connect(t, &QAction::toggled, this, then);
        return t;
    };
    a.allFingers = toggle(
        u"allFingers"_s, u"fingers"_s, QKeySequence(u"Ctrl+Shift+F"_s), QT_TR_NOOP("All &fingers"),
        QT_TR_NOOP("Show the finger pointers of every node, not only the selected one"), false,
        [this](bool on) { m_ringView->setAllFingers(on); });
    a.showKeys = toggle(u"showKeys"_s, {}, {}, QT_TR_NOOP("Show &keys"), nullptr, true,
                        [this](bool on) { m_ringView->setShowKeys(on); });
    a.showPred = toggle(u"showPred"_s, {}, {}, QT_TR_NOOP("Show p&redecessors"), nullptr, true,
                        [this](bool on) { m_ringView->setShowPredecessors(on); });
    a.slowAnimation =
        toggle(u"slowAnimation"_s, {}, {}, QT_TR_NOOP("&Slow animation"), nullptr, false,
               [this](bool on) { m_controller->animation().setLegDuration(on ? 1600 : 700); });
    a.zoomIn = define(u"zoomIn"_s, u"zoomin"_s, QKeySequence::ZoomIn, QT_TR_NOOP("Zoom &in"),
                      nullptr, [this] { m_ringView->zoomIn(); });
    a.zoomOut = define(u"zoomOut"_s, u"zoomout"_s, QKeySequence::ZoomOut, QT_TR_NOOP("Zoom &out"),
                       nullptr, [this] { m_ringView->zoomOut(); });
    a.fit = define(u"fit"_s, u"fit"_s, QKeySequence(u"Ctrl+0"_s), QT_TR_NOOP("&Fit"),
                   QT_TR_NOOP("Fit the ring in the window"), [this] { m_ringView->fit(); });
}

void MainWindow::createHelpActions() {
    m_act.about =
        define(u"about"_s, {}, {}, QT_TR_NOOP("&About ChordLab"), nullptr, [this] { showAbout(); });
}

void MainWindow::createLanguageActions() {
    // The languages name themselves (not translated); "system" follows the desktop's.
    struct Language {
        const char *code;
        const char *text;
    };
    static const Language languages[] = {
        {"", QT_TR_NOOP("&System language")}, {"en", nullptr}, {"it", nullptr}};
    m_languageGroup = new QActionGroup(this);
    for (const Language &l : languages) {
        const QString code = QString::fromLatin1(l.code);
        QAction *a = define(u"lang-"_s + (code.isEmpty() ? u"system"_s : code), {}, {}, l.text,
                            nullptr, [this, code] {
                                m_language->setLanguage(code);
                                QSettings().setValue(u"language"_s, code);
                            });
        if (code == u"en"_s)
            a->setText(u"&English"_s);
        else if (code == u"it"_s)
            a->setText(u"&Italiano"_s);
        a->setCheckable(true);
        a->setData(code);
        m_languageGroup->addAction(a);
        m_act.languages.append(a);
    }
}

void MainWindow::retranslateActions() {
    for (const ActionText &t : m_actionTexts) {
        if (!t.text)
            continue; // named in its own language
        const QString text = tr(t.text);
        const QString tip = t.tip ? tr(t.tip) : QString();
        t.action->setText(text);
        t.action->setToolTip(tip.isEmpty() ? QString(text).remove(QLatin1Char('&')) : tip);
        t.action->setStatusTip(tip);
        t.action->setIconText(QString(text).remove(QLatin1Char('&')).remove(u"…"_s));
    }
}

void MainWindow::updateActions() {
    const QString sel = selectedNode();
    const NodeSnapshot *n = m_model->snapshot().find(sel);
    Chord::NodeProcess *p = m_controller->cluster().process(sel);
    const bool live = n && n->isLive();
    const bool anyLive = !m_controller->anyLiveNode().isEmpty();
    m_act.leave->setEnabled(live);
    m_act.rejoin->setEnabled(live);
    m_act.crash->setEnabled(p && p->state() != State::Exited);
    m_act.pause->setEnabled(p && p->state() == State::Running);
    m_act.resume->setEnabled(p && p->state() == State::Paused);
    for (QAction *k : {m_act.store, m_act.get, m_act.lookup, m_act.remove})
        k->setEnabled(anyLive);
    m_act.killAll->setEnabled(m_controller->cluster().runningCount() > 0);
    m_act.partition->setEnabled(m_model->snapshot().liveCount() >= 2);
    m_act.healLinks->setEnabled(anyLive);
    updateTimeActions();
}

} // namespace ChordLab
