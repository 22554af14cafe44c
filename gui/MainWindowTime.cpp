// The Time menu and toolbar of MainWindow (the rest is in MainWindow.cpp): pause the ring's
// maintenance rounds, run one step on the selected node, slow the rounds down
// (TimeControl; docs/API.md, "Time control").
#include "MainWindow.h"

#include "NodeTableModel.h"
#include "RingController.h"
#include "TimeControl.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>

namespace ChordLab {

using namespace Qt::StringLiterals;
using Step = TimeControl::Step;

namespace {
// One action of a family (steps, speeds): its name, what it sets, its untranslated text and tip.
template <typename T> struct Choice {
    const char *name;
    T value;
    const char *text;
    const char *tip;
};
constexpr Choice<Step> StepActions[] = {
    {"stepStabilize", Step::Stabilize,
     QT_TRANSLATE_NOOP("ChordLab::MainWindow", "Run &stabilize now"),
     QT_TRANSLATE_NOOP("ChordLab::MainWindow",
                       "The selected node asks its successor for its neighbours and adopts a "
                       "closer one")},
    {"stepRectify", Step::Rectify, QT_TRANSLATE_NOOP("ChordLab::MainWindow", "Run &rectify now"),
     QT_TRANSLATE_NOOP("ChordLab::MainWindow",
                       "The selected node tells its successor about itself")},
    {"stepFinger", Step::Finger,
     QT_TRANSLATE_NOOP("ChordLab::MainWindow", "Fix the next &finger now"),
     QT_TRANSLATE_NOOP("ChordLab::MainWindow", "The selected node looks up the next finger due")},
    {"stepCheckPred", Step::CheckPredecessor,
     QT_TRANSLATE_NOOP("ChordLab::MainWindow", "&Check the predecessor now"),
     QT_TRANSLATE_NOOP("ChordLab::MainWindow",
                       "The selected node asks its predecessor whether it is alive and still its "
                       "own")},
    {"stepSync", Step::Sync, QT_TRANSLATE_NOOP("ChordLab::MainWindow", "S&ync replicas now"),
     QT_TRANSLATE_NOOP("ChordLab::MainWindow",
                       "The selected node compares its keys with its replicas")},
};

// The period of the rounds; 0: the ring's normal period.
constexpr Choice<int> Speeds[] = {
    {"speedNormal", 0, QT_TRANSLATE_NOOP("ChordLab::MainWindow", "&Normal speed"),
     QT_TRANSLATE_NOOP("ChordLab::MainWindow", "Rounds at the period the ring was booted with")},
    {"speed2s", 2000, QT_TRANSLATE_NOOP("ChordLab::MainWindow", "Slow: a round every &2 s"),
     nullptr},
    {"speed5s", 5000, QT_TRANSLATE_NOOP("ChordLab::MainWindow", "Slower: a round every &5 s"),
     nullptr},
    {"speed30s", 30000, QT_TRANSLATE_NOOP("ChordLab::MainWindow", "Very slow: a round every &30 s"),
     nullptr},
};
} // namespace

void MainWindow::createTimeActions() {
    TimeControl &time = m_controller->time();
    QAction *pause = define(u"pauseRounds"_s, u"timepause"_s, QKeySequence(u"Ctrl+Shift+M"_s),
                            QT_TR_NOOP("Pause &maintenance"),
                            QT_TR_NOOP("Stop the periodic rounds (stabilize, fix fingers, check "
                                       "predecessor, replica sync) on every node; lookups and "
                                       "stores go on"),
                            {});
    pause->setCheckable(true);
    connect(pause, &QAction::triggered, this,
            [this, &time](bool paused) { report(time.pauseRing(paused)); });
    m_act.pauseRounds = pause;
    QAction *messages = define(u"showMessages"_s, u"messages"_s, QKeySequence(u"Ctrl+Shift+G"_s),
                               QT_TR_NOOP("Show &messages"),
                               QT_TR_NOOP("Every node records the messages it sends to other "
                                          "nodes (stabilize, rectify, find-successor, replica "
                                          "sync...); each flies across the ring as a dot, and "
                                          "is listed under Ring events with its outcome"),
                               {});
    messages->setCheckable(true);
    connect(messages, &QAction::triggered, this,
            [this, &time](bool shown) { report(time.showMessages(shown)); });
    m_act.showMessages = messages;
    for (const Choice<Step> &s : StepActions) {
        const Step step = s.value;
        const bool first = step == Step::Stabilize;
        m_act.steps.append(
            define(QString::fromLatin1(s.name), first ? u"step"_s : QString(),
                   first ? QKeySequence(u"Ctrl+T"_s) : QKeySequence(), s.text, s.tip,
                   [this, &time, step] { report(time.step(selectedNode(), step)); }));
    }
    m_speedGroup = new QActionGroup(this);
    for (const Choice<int> &s : Speeds) {
        const int periodMs = s.value;
        QAction *a =
            define(QString::fromLatin1(s.name), {}, {}, s.text, s.tip, [this, &time, periodMs] {
                report(time.setPeriod(periodMs ? periodMs : time.normalPeriodMs()));
            });
        a->setCheckable(true);
        m_speedGroup->addAction(a);
        m_act.speeds.append(a);
    }
    connect(&time, &TimeControl::stateChanged, this, &MainWindow::onSnapshot);
    updateTimeActions();
}

void MainWindow::createTimeMenuAndToolbar() {
    QMenu *menu = menuBar()->addMenu(QString());
    menu->setObjectName(u"timeMenu"_s);
    m_menus.insert(u"timeMenu"_s, menu);
    menu->addAction(m_act.pauseRounds);
    menu->addAction(m_act.showMessages);
    menu->addSeparator();
    menu->addActions(m_act.steps);
    menu->addSeparator();
    menu->addActions(m_act.speeds);
    menu->addSeparator();
    menu->addActions({m_act.replayPlay, m_act.replayBack, m_act.replayForward, m_act.replayLive,
                      m_act.exportRange});
    // Before the Language and Help menus.
    menuBar()->insertMenu(m_menus.value(u"languageMenu"_s)->menuAction(), menu);

    m_timeToolbar = addToolBar(QString());
    m_timeToolbar->setObjectName(u"timeToolbar"_s);
    m_timeToolbar->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    m_timeToolbar->setIconSize(QSize(22, 22));
    m_timeToolbar->addAction(m_act.pauseRounds);
    // Step: stabilize on a click, the other kinds from the arrow.
    auto *step = new QToolButton(m_timeToolbar);
    step->setObjectName(u"stepButton"_s);
    step->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    step->setPopupMode(QToolButton::MenuButtonPopup);
    step->setDefaultAction(m_act.steps.front());
    auto *steps = new QMenu(step);
    steps->addActions(m_act.steps);
    step->setMenu(steps);
    m_timeToolbar->addWidget(step);
    m_speedButton = new QToolButton(m_timeToolbar);
    m_speedButton->setObjectName(u"speedButton"_s);
    m_speedButton->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    m_speedButton->setPopupMode(QToolButton::InstantPopup);
    m_speedButton->setIcon(QIcon(u":/icons/speed.svg"_s));
    auto *speeds = new QMenu(m_speedButton);
    speeds->addActions(m_act.speeds);
    m_speedButton->setMenu(speeds);
    m_timeToolbar->addWidget(m_speedButton);
    m_timeToolbar->addAction(m_act.showMessages);
}

void MainWindow::retranslateTime() {
    // (Texts and tips of the actions: retranslateActions.)
    m_act.pauseRounds->setIconText(tr("Pause rounds"));
    m_act.showMessages->setIconText(tr("Messages"));
    m_act.steps.front()->setIconText(tr("Step"));
    m_speedButton->setText(tr("Speed"));
    m_speedButton->setToolTip(tr("How often every node runs its maintenance round"));
    m_menus.value(u"timeMenu"_s)->setTitle(tr("&Time"));
    m_timeToolbar->setWindowTitle(tr("Time"));
}

void MainWindow::updateTimeActions() {
    const TimeControl &time = m_controller->time();
    m_act.pauseRounds->setChecked(time.ringPaused());
    m_act.showMessages->setChecked(time.messagesShown());
    for (qsizetype i = 0; i < m_act.speeds.size(); ++i) {
        const int period = Speeds[i].value ? Speeds[i].value : time.normalPeriodMs();
        if (period == time.periodMs()) {
            m_act.speeds[i]->setChecked(true);
            break;
        }
    }
    const NodeSnapshot *n = m_model->snapshot().find(selectedNode());
    for (QAction *step : std::as_const(m_act.steps))
        step->setEnabled(n && n->isLive());
}

} // namespace ChordLab
