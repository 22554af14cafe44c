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
struct StepAction {
    const char *name;
    Step step;
};
constexpr StepAction StepActions[] = {
    {"stepStabilize", Step::Stabilize}, {"stepRectify", Step::Rectify},
    {"stepFinger", Step::Finger},       {"stepCheckPred", Step::CheckPredecessor},
    {"stepSync", Step::Sync},
};

struct Speed {
    const char *name;
    int periodMs; // 0: the ring's normal period
};
constexpr Speed Speeds[] = {
    {"speedNormal", 0},
    {"speed2s", 2000},
    {"speed5s", 5000},
    {"speed30s", 30000},
};
} // namespace

void MainWindow::createTimeActions() {
    TimeControl &time = m_controller->time();
    QAction *pause =
        addAction(u"pauseRounds"_s, u"timepause"_s, QKeySequence(u"Ctrl+Shift+M"_s), {});
    pause->setCheckable(true);
    connect(pause, &QAction::triggered, this, [this, &time](bool paused) {
        QCoro::connect(time.pauseRing(paused), this,
                       [this](const ActionResult &r) { showResult(r); });
    });
    for (const StepAction &s : StepActions) {
        const Step step = s.step;
        addAction(QString::fromLatin1(s.name), s.step == Step::Stabilize ? u"step"_s : QString(),
                  s.step == Step::Stabilize ? QKeySequence(u"Ctrl+T"_s) : QKeySequence(),
                  [this, &time, step] {
                      QCoro::connect(time.step(selectedNode(), step), this,
                                     [this](const ActionResult &r) { showResult(r); });
                  });
    }
    m_speedGroup = new QActionGroup(this);
    for (const Speed &s : Speeds) {
        const int periodMs = s.periodMs;
        QAction *a = addAction(QString::fromLatin1(s.name), {}, {}, [this, &time, periodMs] {
            QCoro::connect(time.setPeriod(periodMs ? periodMs : time.normalPeriodMs()), this,
                           [this](const ActionResult &r) { showResult(r); });
        });
        a->setCheckable(true);
        m_speedGroup->addAction(a);
    }
    connect(&time, &TimeControl::stateChanged, this, &MainWindow::onSnapshot);
    updateTimeActions();
}

void MainWindow::createTimeMenuAndToolbar() {
    QMenu *menu = menuBar()->addMenu(QString());
    menu->setObjectName(u"timeMenu"_s);
    m_menus.insert(u"timeMenu"_s, menu);
    menu->addAction(m_actions.value(u"pauseRounds"_s));
    menu->addSeparator();
    for (const StepAction &s : StepActions)
        menu->addAction(m_actions.value(QString::fromLatin1(s.name)));
    menu->addSeparator();
    for (const Speed &s : Speeds)
        menu->addAction(m_actions.value(QString::fromLatin1(s.name)));
    // Before the Language and Help menus.
    menuBar()->insertMenu(m_menus.value(u"languageMenu"_s)->menuAction(), menu);

    m_timeToolbar = addToolBar(QString());
    m_timeToolbar->setObjectName(u"timeToolbar"_s);
    m_timeToolbar->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    m_timeToolbar->setIconSize(QSize(22, 22));
    m_timeToolbar->addAction(m_actions.value(u"pauseRounds"_s));
    // Step: stabilize on a click, the other kinds from the arrow.
    auto *step = new QToolButton(m_timeToolbar);
    step->setObjectName(u"stepButton"_s);
    step->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    step->setPopupMode(QToolButton::MenuButtonPopup);
    step->setDefaultAction(m_actions.value(u"stepStabilize"_s));
    auto *steps = new QMenu(step);
    for (const StepAction &s : StepActions)
        steps->addAction(m_actions.value(QString::fromLatin1(s.name)));
    step->setMenu(steps);
    m_timeToolbar->addWidget(step);
    m_speedButton = new QToolButton(m_timeToolbar);
    m_speedButton->setObjectName(u"speedButton"_s);
    m_speedButton->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    m_speedButton->setPopupMode(QToolButton::InstantPopup);
    m_speedButton->setIcon(QIcon(u":/icons/speed.svg"_s));
    auto *speeds = new QMenu(m_speedButton);
    for (const Speed &s : Speeds)
        speeds->addAction(m_actions.value(QString::fromLatin1(s.name)));
    m_speedButton->setMenu(speeds);
    m_timeToolbar->addWidget(m_speedButton);
}

void MainWindow::retranslateTime() {
    struct Text {
        const char *name;
        QString text;
        QString tip;
    };
    const QList<Text> texts{
        {"pauseRounds", tr("Pause &maintenance"),
         tr("Stop the periodic rounds (stabilize, fix fingers, check predecessor, replica "
            "sync) on every node; lookups and stores go on")},
        {"stepStabilize", tr("Run &stabilize now"),
         tr("The selected node asks its successor for its neighbours and adopts a closer one")},
        {"stepRectify", tr("Run &rectify now"),
         tr("The selected node tells its successor about itself")},
        {"stepFinger", tr("Fix the next &finger now"),
         tr("The selected node looks up the next finger due")},
        {"stepCheckPred", tr("&Check the predecessor now"),
         tr("The selected node asks its predecessor whether it is alive and still its own")},
        {"stepSync", tr("S&ync replicas now"),
         tr("The selected node compares its keys with its replicas")},
        {"speedNormal", tr("&Normal speed"), tr("Rounds at the period the ring was booted with")},
        {"speed2s", tr("Slow: a round every &2 s"), {}},
        {"speed5s", tr("Slower: a round every &5 s"), {}},
        {"speed30s", tr("Very slow: a round every &30 s"), {}},
    };
    for (const Text &t : texts) {
        if (QAction *a = m_actions.value(QString::fromLatin1(t.name))) {
            a->setText(t.text);
            a->setToolTip(t.tip.isEmpty() ? QString(t.text).remove(QLatin1Char('&')) : t.tip);
            a->setStatusTip(t.tip);
        }
    }
    m_actions.value(u"pauseRounds"_s)->setIconText(tr("Pause rounds"));
    m_actions.value(u"stepStabilize"_s)->setIconText(tr("Step"));
    m_speedButton->setText(tr("Speed"));
    m_speedButton->setToolTip(tr("How often every node runs its maintenance round"));
    m_menus.value(u"timeMenu"_s)->setTitle(tr("&Time"));
    m_timeToolbar->setWindowTitle(tr("Time"));
}

void MainWindow::updateTimeActions() {
    const TimeControl &time = m_controller->time();
    m_actions.value(u"pauseRounds"_s)->setChecked(time.ringPaused());
    for (const Speed &s : Speeds) {
        const int period = s.periodMs ? s.periodMs : time.normalPeriodMs();
        if (period == time.periodMs()) {
            m_actions.value(QString::fromLatin1(s.name))->setChecked(true);
            break;
        }
    }
    const NodeSnapshot *n = m_model->snapshot().find(selectedNode());
    for (const StepAction &s : StepActions)
        m_actions.value(QString::fromLatin1(s.name))->setEnabled(n && n->isLive());
}

} // namespace ChordLab
