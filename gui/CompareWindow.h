#pragma once

#include "RingController.h"

#include <QCoroTask>
#include <QWidget>

#include <array>
#include <functional>
#include <optional>

class QAction;
class QLabel;
class QPushButton;
class QSpinBox;

namespace ChordLab {

class HealthPanel;
class RingView;

// Two rings side by side (docs/LESSONS.md, "The two protocols side by side"): the left one runs
// Zave's corrected maintenance, the right one the 2001 paper's. Both are booted alike and get
// the same faults at the same moment, so that the learner sees where the published protocol
// breaks and the corrected one holds, each ring's checks beneath it.
class CompareWindow : public QWidget {
    Q_OBJECT

public:
    explicit CompareWindow(QWidget *parent = nullptr);
    ~CompareWindow() override;

    // A side of the window: its protocol, ring, picture and checks.
    struct Pane {
        QString protocol;
        RingController *controller = nullptr;
        RingView *view = nullptr;
        HealthPanel *health = nullptr;
        QLabel *title = nullptr;
    };
    const Pane &pane(int i) const { return m_panes[std::size_t(i)]; }

    // Both rings anew, of `nodes` nodes each, ids placed by their joins (alike in both).
    void bootBoth(int nodes);
    // The faults, each on the node of that name in both rings at once (CompareWindowFaults.cpp).
    // SIGKILL; SIGSTOP; SIGCONT (a node the partition or "heal" missed while paused gets it).
    ActionResult crashInBoth(const QString &name);
    ActionResult pauseInBoth(const QString &name);
    QCoro::Task<ActionResult> resumeInBoth(QString name);
    // Splits both rings into the same groups of names (each a live node of both), drawn across
    // both rings; heals every link of both.
    QCoro::Task<ActionResult> partitionBoth(QList<QStringList> names);
    QCoro::Task<ActionResult> healBoth();
    // The paper's join failure, scripted on both rings: a ring a@1000, b@20000, c@40000
    // (16-bit ids) with maintenance paused; j@30000 joins and runs no round; c is killed; the
    // rounds resume. Returns once both rings have had the same time to repair: settleMs, or
    // longer while Zave's ring is not repaired yet (up to four times that).
    QCoro::Task<ActionResult> playJoinFailure(int settleMs = 6000);
    // Whether every check of the pane's ring passes.
    bool healthy(int i) const;

    // Lessons > Compare the two protocols…: opens (or raises) the window of `window`.
    static QAction *createAction(QWidget *window);
    static CompareWindow *open(QWidget *window);
    // --compare: opens the window, plays the join failure and saves a screenshot (if given).
    static QCoro::Task<> showRun(QWidget *window, QString screenshot);

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildPane(int i, const QString &protocol);
    void retranslate();
    void report(const ActionResult &result);
    QCoro::Task<> reportWhenDone(QCoro::Task<ActionResult> action);
    // The addresses of the node named `name` in both rings, if it has that health in both.
    std::optional<std::array<QString, 2>> inBoth(const QString &name, NodeHealth health) const;
    // SIGKILL or SIGSTOP (RingController::crash, pause) of the live node `name` in both rings.
    ActionResult signalInBoth(const QString &name, void (RingController::*signal)(const QString &),
                              const QString &done);
    // One step on each pane in turn (the pane's index): `done`, or what failed.
    using PaneStep = std::function<QCoro::Task<ActionResult>(std::size_t)>;
    QCoro::Task<ActionResult> onBoth(PaneStep step, QString done);
    // A line drawn across one ring: its groups, by name, partition both.
    void onPartitionDrawn(int pane, const QList<QStringList> &groups);
    // Starts the node `name` with `id` in both rings, through the node named `via` (empty:
    // a ring of its own), and waits until both answer; false if one did not.
    QCoro::Task<bool> startInBoth(QString name, quint64 id, QString via, QStringList extra);
    // Waits until done() holds (polled), false after timeoutMs or once the window is gone.
    QCoro::Task<bool> waitUntil(std::function<bool()> done, int timeoutMs);
    // Both monitors see `nodes` live nodes.
    bool bothLive(int nodes) const;
    // Waits until both rings pass every check with `nodes` live nodes; false after timeoutMs.
    QCoro::Task<bool> waitHealthy(int nodes, int timeoutMs);
    // The steps of playJoinFailure: the rings of three; the rounds paused (or resumed at the
    // normal period) in both; the time to repair; how a ring ended.
    QCoro::Task<ActionResult> playSteps(int settleMs);
    QCoro::Task<bool> startThree();
    QCoro::Task<bool> setRoundsPaused(bool paused);
    QCoro::Task<bool> settle(int settleMs);
    QString verdict(int i) const;

    std::array<Pane, 2> m_panes;
    QSpinBox *m_nodes;
    QPushButton *m_boot;
    QSpinBox *m_which; // the node the buttons below act on
    QPushButton *m_crash;
    QPushButton *m_pause;
    QPushButton *m_resume;
    QPushButton *m_partition;
    QPushButton *m_heal;
    QPushButton *m_play;
    QLabel *m_explain;
    QLabel *m_status;
    bool m_playing = false;
};

} // namespace ChordLab
