#pragma once

#include "LocalCluster.h"

#include <QHash>
#include <QMainWindow>

class QAction;
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
class RingController;
class RingView;
struct ActionResult;

// The ChordLab window: the ring in the middle, the node table, inspector, health and logs
// in docks, every action in the menus, the toolbar and the ring's context menu.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(RingController *controller, LanguageManager *language,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    RingView *ringView() const { return m_ringView; }
    NodeTableModel *nodeModel() const { return m_model; }
    LogPanel *logPanel() const { return m_logPanel; }
    InspectorPanel *inspector() const { return m_inspector; }
    HealthPanel *healthPanel() const { return m_health; }
    QAction *action(const QString &name) const { return m_actions.value(name); }
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

signals:
    void actionDone(bool ok, const QString &message);
    // All nodes this window started have stopped and the window is about to close.
    void shutdownComplete();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void retranslate();
    void updateActions();
    // The Time menu and toolbar (MainWindowTime.cpp).
    void createTimeActions();
    void createTimeMenuAndToolbar();
    void retranslateTime();
    void updateTimeActions();
    void onSnapshot();
    void showResult(const ActionResult &result);
    void showNodeMenu(const QString &address, const QPoint &globalPos);
    void askKey(const QString &title, bool withValue,
                const std::function<void(const QString &, const QString &)> &then);
    void exportImage(bool svg);
    void loadSettings();
    void saveSettings() const;
    QAction *addAction(const QString &name, const QString &icon, const QKeySequence &shortcut,
                       const std::function<void()> &slot);

    RingController *m_controller;
    LanguageManager *m_language;
    RingView *m_ringView;
    NodeTableModel *m_model;
    QTableView *m_table;
    InspectorPanel *m_inspector;
    HealthPanel *m_health;
    LogPanel *m_logPanel;
    QHash<QString, QAction *> m_actions;
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
