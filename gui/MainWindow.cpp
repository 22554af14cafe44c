// The ChordLab window itself: its docks, menus, toolbar and status bar, their texts in the
// language chosen, the settings kept between runs, and a close that stops the nodes first.
// The rest of MainWindow: MainWindowActions.cpp (every action, defined once),
// MainWindowCommands.cpp (what they do), MainWindowRing.cpp (following the ring and the
// selection), MainWindowTime.cpp, MainWindowReplay.cpp and MainWindowLessons.cpp.
#include "MainWindow.h"

#include "HealthPanel.h"
#include "InspectorPanel.h"
#include "LanguageManager.h"
#include "LogPanel.h"
#include "NodeTableModel.h"
#include "Replay.h"
#include "Resources.h"
#include "RingController.h"
#include "RingMonitor.h"
#include "RingView.h"
#include "SequenceView.h"
#include "TimeControl.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace ChordLab {

using namespace Qt::StringLiterals;

MainWindow::MainWindow(RingController *controller, LanguageManager *language, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(controller)
    , m_language(language) {
    setObjectName(u"mainWindow"_s);
    initResources();
    setWindowIcon(QIcon(u":/icons/chordlab.svg"_s));
    m_ringView = new RingView(this);
    m_ringView->setAnimation(&controller->animation());
    m_replay = new Replay(this);
    m_model = new NodeTableModel(this);
    createDocks();
    createActions();
    createTimeActions();
    createReplayActions();
    createMenus();
    createTimeMenuAndToolbar();
    createLessons();
    setCentralWidget(createTimelinePanel());
    createStatusBar();
    connectRing();
    connectCluster();
    connectSelection();
    loadSettings();
    retranslate();
    updateActions();
}

void MainWindow::createStatusBar() {
    m_bootProgress = new QProgressBar(this);
    m_bootProgress->setObjectName(u"bootProgress"_s);
    m_bootProgress->setMaximumWidth(220);
    m_bootProgress->setVisible(false);
    m_ringStatus = new QLabel(this);
    statusBar()->addPermanentWidget(m_ringStatus);
    statusBar()->addPermanentWidget(m_bootProgress);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
    const Actions &a = m_act;
    // A null action: a separator.
    auto menu = [this](const QString &name, const QList<QAction *> &actions) {
        QMenu *m = menuBar()->addMenu(QString());
        m->setObjectName(name);
        for (QAction *act : actions)
            act ? (void)m->addAction(act) : (void)m->addSeparator();
        m_menus.insert(name, m);
        return m;
    };
    menu(u"ringMenu"_s,
         {a.boot, a.attach, nullptr, a.exportPng, a.exportSvg, nullptr, a.saveRecording,
          a.openRecording, a.exportRange, nullptr, a.killAll, a.forgetDead, nullptr, a.quit});
    menu(u"nodeMenu"_s, {a.addNode, a.leave, a.rejoin, nullptr, a.crash, a.pause, a.resume, nullptr,
                         a.partition, a.healLinks});
    menu(u"keysMenu"_s, {a.store, a.get, a.lookup, a.remove});
    QMenu *view = menu(u"viewMenu"_s, {a.allFingers, a.showKeys, a.showPred, a.slowAnimation,
                                       nullptr, a.zoomIn, a.zoomOut, a.fit, nullptr});
    // The docks in the order they are created (m_docks, a hash, has none of its own).
    for (const QString &dock :
         {u"nodesDock"_s, u"logsDock"_s, u"sequenceDock"_s, u"inspector"_s, u"healthDock"_s})
        view->addAction(m_docks.value(dock)->toggleViewAction());
    menu(u"languageMenu"_s, a.languages);
    menu(u"helpMenu"_s, {a.about});

    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName(u"mainToolbar"_s);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    m_toolbar->setIconSize(QSize(22, 22));
    for (QAction *act :
         QList<QAction *>{a.boot, a.addNode, a.leave, a.crash, a.pause, a.resume, a.partition,
                          a.healLinks, nullptr, a.store, a.lookup, a.remove, nullptr, a.allFingers,
                          a.fit, a.exportPng, nullptr, a.attach, a.killAll})
        act ? (void)m_toolbar->addAction(act) : (void)m_toolbar->addSeparator();
}

void MainWindow::createDocks() {
    auto dock = [this](const QString &name, QWidget *w, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        m_docks.insert(name, d);
        return d;
    };
    m_table = new QTableView(this);
    m_table->setObjectName(u"nodeTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex i = m_table->indexAt(pos);
        if (i.isValid())
            showNodeMenu(i.data(NodeTableModel::AddressRole).toString(),
                         m_table->viewport()->mapToGlobal(pos));
    });
    m_inspector = new InspectorPanel(this);
    m_health = new HealthPanel(this);
    m_logPanel = new LogPanel(this);
    QDockWidget *table = dock(u"nodesDock"_s, m_table, Qt::BottomDockWidgetArea);
    QDockWidget *logs = dock(u"logsDock"_s, m_logPanel, Qt::BottomDockWidgetArea);
    splitDockWidget(table, logs, Qt::Horizontal);
    m_sequence = new SequenceView(m_replay, this);
    tabifyDockWidget(logs, dock(u"sequenceDock"_s, m_sequence, Qt::BottomDockWidgetArea));
    logs->raise();
    QDockWidget *inspector = dock(u"inspector"_s, m_inspector, Qt::RightDockWidgetArea);
    QDockWidget *health = dock(u"healthDock"_s, m_health, Qt::RightDockWidgetArea);
    splitDockWidget(inspector, health, Qt::Vertical);
    resizeDocks({inspector}, {380}, Qt::Horizontal);
    resizeDocks({table}, {260}, Qt::Vertical);
}

void MainWindow::retranslate() {
    setWindowTitle(tr("ChordLab — a live Chord ring"));
    retranslateActions();
    m_menus.value(u"ringMenu"_s)->setTitle(tr("&Ring"));
    m_menus.value(u"nodeMenu"_s)->setTitle(tr("&Node"));
    m_menus.value(u"keysMenu"_s)->setTitle(tr("&Keys"));
    m_menus.value(u"viewMenu"_s)->setTitle(tr("&View"));
    m_menus.value(u"languageMenu"_s)->setTitle(tr("L&anguage"));
    m_menus.value(u"helpMenu"_s)->setTitle(tr("&Help"));
    m_toolbar->setWindowTitle(tr("Actions"));
    m_docks.value(u"nodesDock"_s)->setWindowTitle(tr("Nodes"));
    m_docks.value(u"logsDock"_s)->setWindowTitle(tr("Logs"));
    m_docks.value(u"sequenceDock"_s)->setWindowTitle(tr("Sequence"));
    m_sequence->retranslate();
    m_docks.value(u"inspector"_s)->setWindowTitle(tr("Inspector"));
    m_docks.value(u"healthDock"_s)->setWindowTitle(tr("Ring health"));
    m_model->retranslate();
    m_inspector->retranslate();
    m_health->retranslate();
    m_logPanel->retranslate();
    retranslateTime();
    retranslateReplay();
    retranslateLessons();
    onSnapshot();
}

void MainWindow::changeEvent(QEvent *event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::loadSettings() {
    QSettings s;
    restoreGeometry(s.value(u"window/geometry"_s).toByteArray());
    restoreState(s.value(u"window/state"_s).toByteArray());
    m_bootOptions.nodes = s.value(u"boot/nodes"_s, 8).toInt();
    m_bootOptions.basePort = quint16(s.value(u"boot/basePort"_s, 0).toUInt());
    m_bootOptions.bits = s.value(u"boot/bits"_s, 8).toInt();
    m_bootOptions.replicas = s.value(u"boot/replicas"_s, 3).toInt();
    m_bootOptions.stabilizeMs = s.value(u"boot/stabilizeMs"_s, 500).toInt();
    m_act.allFingers->setChecked(s.value(u"view/allFingers"_s, false).toBool());
    m_act.showKeys->setChecked(s.value(u"view/showKeys"_s, true).toBool());
    m_act.showPred->setChecked(s.value(u"view/showPred"_s, true).toBool());
    m_act.slowAnimation->setChecked(s.value(u"view/slowAnimation"_s, false).toBool());
    const QString lang = m_language->requested();
    for (QAction *a : m_languageGroup->actions())
        a->setChecked(a->data().toString() == lang);
}

void MainWindow::saveSettings() const {
    QSettings s;
    s.setValue(u"window/geometry"_s, saveGeometry());
    s.setValue(u"window/state"_s, saveState());
    s.setValue(u"boot/nodes"_s, m_bootOptions.nodes);
    s.setValue(u"boot/basePort"_s, m_bootOptions.basePort);
    s.setValue(u"boot/bits"_s, m_bootOptions.bits);
    s.setValue(u"boot/replicas"_s, m_bootOptions.replicas);
    s.setValue(u"boot/stabilizeMs"_s, m_bootOptions.stabilizeMs);
    s.setValue(u"view/allFingers"_s, m_act.allFingers->isChecked());
    s.setValue(u"view/showKeys"_s, m_act.showKeys->isChecked());
    s.setValue(u"view/showPred"_s, m_act.showPred->isChecked());
    s.setValue(u"view/slowAnimation"_s, m_act.slowAnimation->isChecked());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    // Stop the nodes this app started (SIGTERM: graceful leave, SIGKILL after the grace
    // period), then close for real. The event loop keeps running meanwhile.
    if (m_readyToClose || m_controller->cluster().runningCount() == 0) {
        if (!m_readyToClose)
            saveSettings();
        m_readyToClose = true;
        emit shutdownComplete();
        event->accept();
        return;
    }
    event->ignore();
    if (m_closing)
        return;
    m_closing = true;
    saveSettings();
    statusBar()->showMessage(
        tr("Stopping %n node(s)…", nullptr, m_controller->cluster().runningCount()));
    connect(&m_controller->cluster(), &LocalCluster::allStopped, this, [this] {
        m_readyToClose = true;
        close();
    });
    m_controller->killAll(ShutdownGraceMs);
    // Belt and braces: NodeProcess SIGKILLs whatever is left when it is destroyed.
    QTimer::singleShot(ShutdownGraceMs + 2000, this, [this] {
        m_readyToClose = true;
        close();
    });
}

} // namespace ChordLab
