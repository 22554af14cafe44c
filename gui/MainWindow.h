#pragma once

#include "FrameExport.h"
#include "Lesson.h"
#include "LinkFaults.h"
#include "LocalCluster.h"
#include "NodeRef.h"

#include <QCoroTask>
#include <QHash>
#include <QMainWindow>

#include <functional>
#include <vector>

class QAction;
class QComboBox;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTableView;
class QToolBar;
class QToolButton;

namespace ChordLab {

class HealthPanel;
class InspectorPanel;
class LanguageManager;
class LogPanel;
class NodeTableModel;
class LessonPanel;
class QuizPanel;
class Replay;
class RingController;
class RingView;
class SequenceView;
class TimelineWidget;
struct ActionResult;
struct HistoryEvent;
struct RingSnapshot;

// The ChordLab window: the ring in the middle, the node table, inspector, health and logs
// in docks, every action in the menus, the toolbar and the ring's context menu.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(RingController *controller, LanguageManager *language,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    NodeTableModel *nodeModel() const { return m_model; }
    LogPanel *logPanel() const { return m_logPanel; }
    HealthPanel *healthPanel() const { return m_health; }
    Replay *replay() const { return m_replay; }
    // An action by its name (the object name its definition gives it).
    QAction *action(const QString &name) const;
    QString selectedNode() const;
    void selectNode(const QString &address);
    // Selects by node name (n1, n2, ...); false if unknown.
    bool selectNodeByName(const QString &name);

    // The same operations as the dialogs, for scripts and tests (use the selected node).
    void storeKey(const QString &key, const QString &value);
    void lookupKey(const QString &key);
    void deleteKey(const QString &key);
    void bootRing(const BootOptions &options);
    void attachTo(const QString &hostPort);
    // Replays a saved recording (docs/RECORDING.md); false, and a message, if it cannot.
    bool openRecording(const QString &file);
    // Writes a time range of the recording shown as frames and an animated PNG into dir
    // (FrameExport); the cursor comes back where it was.
    bool exportRange(const FrameExport::Range &range, const QString &dir, QString *error);
    // Plays a lesson beside the ring (docs/LESSONS.md): a built-in one by id (join, fingers,
    // crash, leave) or a lesson file; false, and a message, if there is none such.
    bool startLesson(const QString &idOrFile);
    void startLesson(const Lesson &lesson);
    LessonPanel *lessonPanel() const { return m_lessonPanel; }
    // The quiz beside the ring, with a first question about the live ring.
    void startQuiz();
    QuizPanel *quizPanel() const { return m_quizPanel; }
    RingView *ringView() const { return m_ringView; }
    // Link faults (issue 12; MainWindowFaults.cpp), as the menus set them: a delay, loss or
    // cut on the link between two nodes (addresses), a partition into groups (addresses), or
    // by node names (a lesson's; nodes unknown: false), every link healed.
    void setLinkFault(const QString &from, const QString &to, const Chord::LinkFault &fault,
                      bool bothWays);
    void partitionRing(const QList<QStringList> &groups);
    bool partitionByNames(const QList<QStringList> &names);
    void healAllLinks();
    // Asks, then declares the nodes an unavailable range of the node waits for gone for good
    // (docs/API.md, "Unavailable keys").
    void confirmReleaseUnavailable(const QString &address);

signals:
    void actionDone(bool ok, const QString &message);
    // All nodes this window started have stopped and the window is about to close.
    void shutdownComplete();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // Every action of the window, defined once each (define(): MainWindowActions.cpp, and
    // MainWindowTime.cpp, MainWindowReplay.cpp, MainWindowLessons.cpp for theirs); the
    // menus, toolbars and the context menu place these pointers. A new action: a pointer
    // here, its define() in the create...Actions of its menu, its place in createMenus.
    struct Actions {
        QAction *boot, *attach, *exportPng, *exportSvg, *killAll, *forgetDead, *quit;
        QAction *addNode, *leave, *rejoin, *crash, *pause, *resume;
        QAction *store, *get, *lookup, *remove;
        QAction *allFingers, *showKeys, *showPred, *slowAnimation, *zoomIn, *zoomOut, *fit;
        QAction *about;
        QList<QAction *> languages;
        QAction *pauseRounds;
        QAction *showMessages;
        QList<QAction *> steps; // stabilize first
        QList<QAction *> speeds;
        QAction *replayPlay, *replayBack, *replayForward, *replayLive;
        QAction *saveRecording, *openRecording, *exportRange;
        QAction *openLesson, *quiz;
        QAction *partition, *healLinks;
    };
    // The untranslated text and tip of an action (QT_TR_NOOP), set again on each language
    // change; a null text: the action names itself (a language).
    struct ActionText {
        QAction *action;
        const char *text;
        const char *tip;
    };
    static constexpr int ShutdownGraceMs = 3000;

    QAction *define(const QString &name, const QString &icon, const QKeySequence &shortcut,
                    const char *text, const char *tip, const std::function<void()> &run);
    // The actions, menu by menu (MainWindowActions.cpp).
    void createActions();
    void createRingActions();
    void createNodeActions();
    void createKeyActions();
    void createViewActions();
    void createHelpActions();
    void createLanguageActions();
    void createFaultActions();
    // The link submenu of a node's context menu: delay/loss, cut, heal of from's link to `to`.
    void addLinkMenu(QMenu *parent, const QString &from, const QString &to, const QString &title);
    void askLinkFault(const QString &from, const QString &to);
    void createMenus();
    void createDocks();
    void createStatusBar();
    // What the window follows: the ring (monitor, controller), the local processes, the
    // selection (ring view and node table).
    void connectRing();
    void connectCluster();
    void connectSelection();
    void showSelection(const QString &address);
    void retranslate();
    void retranslateActions();
    void updateActions();
    // The Time menu and toolbar (MainWindowTime.cpp).
    void createTimeActions();
    void createTimeMenuAndToolbar();
    void retranslateTime();
    void updateTimeActions();
    void onSnapshot();
    void showRing(const RingSnapshot &ring, const QList<Chord::Id> &keyIds);
    // Record and replay (MainWindowReplay.cpp).
    void createReplayActions();
    QWidget *createTimelinePanel();
    void retranslateReplay();
    void updateReplayActions();
    void showMoment();
    void replayEvent(const HistoryEvent &event);
    void saveRecordingAs();
    void exportRangeAsked();
    // The ring at recording time atMs with its time and latest event, for an exported frame.
    QImage drawFrame(qint64 atMs);
    // Lessons (MainWindowLessons.cpp).
    void createLessons();
    void retranslateLessons();
    // What the actions do (MainWindowCommands.cpp).
    void showResult(const ActionResult &result);
    // Shows the action's outcome in the status bar and the log when it is done.
    void report(QCoro::Task<ActionResult> &&task);
    // The node an operation on the ring goes through: the selected one, else any live one.
    QString entryNode() const;
    void rejoin();
    // peer: another node the link entries pair with the node (the one selected before).
    void showNodeMenu(const QString &address, const QPoint &globalPos, const QString &peer = {});
    void askBoot();
    void askAttach();
    void askKey(const QString &title, bool withValue,
                const std::function<void(const QString &, const QString &)> &then);
    void exportImage(bool svg);
    void showAbout();
    void loadSettings();
    void saveSettings() const;

    RingController *m_controller;
    LanguageManager *m_language;
    RingView *m_ringView;
    NodeTableModel *m_model;
    QTableView *m_table;
    InspectorPanel *m_inspector;
    HealthPanel *m_health;
    LogPanel *m_logPanel;
    Replay *m_replay;
    SequenceView *m_sequence = nullptr;
    LessonPanel *m_lessonPanel = nullptr;
    QuizPanel *m_quizPanel = nullptr;
    QList<Lesson> m_lessons;
    TimelineWidget *m_timeline = nullptr;
    QComboBox *m_replaySpeed = nullptr;
    QLabel *m_replayStatus = nullptr;
    // Events up to the moment last shown: the log and histogram are rebuilt when it changes.
    int m_shownEvents = -1;
    Actions m_act{};
    std::vector<ActionText> m_actionTexts;
    QHash<QString, QMenu *> m_menus;
    QHash<QString, QDockWidget *> m_docks;
    QActionGroup *m_languageGroup = nullptr;
    QToolBar *m_toolbar = nullptr;
    QToolBar *m_timeToolbar = nullptr;
    QToolButton *m_speedButton = nullptr;
    QActionGroup *m_speedGroup = nullptr;
    QProgressBar *m_bootProgress;
    QLabel *m_ringStatus;
    BootOptions m_bootOptions;
    bool m_closing = false;
    bool m_readyToClose = false;
};

} // namespace ChordLab
