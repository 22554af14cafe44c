#include "MainWindow.h"

#include "BootDialog.h"
#include "HealthPanel.h"
#include "InspectorPanel.h"
#include "LanguageManager.h"
#include "LogPanel.h"
#include "NodeTableModel.h"
#include "Resources.h"
#include "RingController.h"
#include "RingView.h"
#include "TimeControl.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace ChordLab {

using namespace Qt::StringLiterals;
using State = Chord::NodeProcess::State;

namespace {
constexpr int ShutdownGraceMs = 3000;

QString eventText(const Chord::NodeRef &source, const QJsonObject &e) {
    QString text = source.name + u": "_s + e.value("type"_L1).toString();
    const QJsonObject node = e.value("node"_L1).toObject();
    if (!node.isEmpty())
        text += u" → "_s + node.value("name"_L1).toString();
    if (e.contains("key"_L1))
        text += u" “"_s + e.value("key"_L1).toString() + u"”"_s;
    if (e.contains("count"_L1))
        text += u" ×"_s + QString::number(e.value("count"_L1).toInt());
    if (e.contains("detail"_L1))
        text += u" ("_s + e.value("detail"_L1).toString() + u")"_s;
    return text;
}
} // namespace

MainWindow::MainWindow(RingController *controller, LanguageManager *language, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(controller)
    , m_language(language) {
    setObjectName(u"mainWindow"_s);
    initResources();
    setWindowIcon(QIcon(u":/icons/chordlab.svg"_s));
    m_ringView = new RingView(this);
    m_ringView->setAnimation(&controller->animation());
    setCentralWidget(m_ringView);
    m_model = new NodeTableModel(this);
    createDocks();
    createActions();
    createTimeActions();
    createMenus();
    createTimeMenuAndToolbar();
    m_bootProgress = new QProgressBar(this);
    m_bootProgress->setObjectName(u"bootProgress"_s);
    m_bootProgress->setMaximumWidth(220);
    m_bootProgress->setVisible(false);
    m_ringStatus = new QLabel(this);
    statusBar()->addPermanentWidget(m_ringStatus);
    statusBar()->addPermanentWidget(m_bootProgress);

    RingMonitor &monitor = controller->monitor();
    connect(&monitor, &RingMonitor::snapshotChanged, this, &MainWindow::onSnapshot);
    connect(&monitor, &RingMonitor::nodeAppeared, m_ringView, &RingView::animateAppear);
    connect(&monitor, &RingMonitor::successorChanged, m_ringView, &RingView::animateRewire);
    connect(&monitor, &RingMonitor::keysTransferred, m_ringView, &RingView::animateTransfer);
    connect(&monitor, &RingMonitor::eventObserved, this,
            [this](const Chord::NodeRef &source, const QJsonObject &e) {
                m_logPanel->addEvent(eventText(source, e));
            });
    connect(controller, &RingController::lookupTraced, this,
            [this](const Chord::NodeRef &, const Chord::LookupResult &l) {
                m_health->histogram()->addLookup(int(l.hops.size()));
            });
    LocalCluster &cluster = controller->cluster();
    connect(&cluster, &LocalCluster::nodeStarted, m_logPanel, &LogPanel::addProcess);
    connect(&cluster, &LocalCluster::nodeStateChanged, this, &MainWindow::updateActions);
    connect(&cluster, &LocalCluster::bootProgress, this, [this](int ready, int total) {
        m_bootProgress->setVisible(true);
        m_bootProgress->setRange(0, total);
        m_bootProgress->setValue(ready);
        m_bootProgress->setFormat(tr("Booting ring: %1 of %2 nodes").arg(ready).arg(total));
    });
    connect(&cluster, &LocalCluster::bootFinished, this, [this](bool ok, const QString &error) {
        m_bootProgress->setVisible(false);
        statusBar()->showMessage(ok ? tr("Ring is up") : tr("Boot failed: %1").arg(error), 5000);
    });
    connect(m_ringView, &RingView::selectionChanged, this, [this](const QString &address) {
        const int row = m_model->rowOf(address);
        if (row >= 0)
            m_table->selectRow(row);
        else
            m_table->clearSelection();
        const NodeSnapshot *n = m_model->snapshot().find(address);
        m_inspector->setNode(n, m_model->snapshot().bits);
        if (n)
            m_logPanel->showPane(n->ref.name);
        updateActions();
    });
    connect(m_ringView, &RingView::nodeContextMenuRequested, this, &MainWindow::showNodeMenu);
    connect(m_ringView, &RingView::nodeActivated, this, [this](const QString &address) {
        m_docks.value(u"inspector"_s)->raise();
        Q_UNUSED(address);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    m_ringView->setSelected(current.data(NodeTableModel::AddressRole).toString());
            });
    loadSettings();
    retranslate();
    updateActions();
}

MainWindow::~MainWindow() = default;

QAction *MainWindow::addAction(const QString &name, const QString &icon,
                               const QKeySequence &shortcut, const std::function<void()> &slot) {
    auto *a = new QAction(this);
    a->setObjectName(name);
    if (!icon.isEmpty())
        a->setIcon(QIcon(u":/icons/"_s + icon + u".svg"_s));
    if (!shortcut.isEmpty())
        a->setShortcut(shortcut);
    if (slot) // (checkable actions without one are connected by their toggled signal)
        connect(a, &QAction::triggered, this, slot);
    m_actions.insert(name, a);
    return a;
}

void MainWindow::createActions() {
    addAction(u"boot"_s, u"boot"_s, QKeySequence(u"Ctrl+B"_s), [this] {
        auto *d = new BootDialog(m_bootOptions, this);
        d->setAttribute(Qt::WA_DeleteOnClose);
        connect(d, &QDialog::accepted, this, [this, d] { bootRing(d->options()); });
        d->open();
    });
    addAction(u"addNode"_s, u"add"_s, QKeySequence(u"Ctrl+N"_s),
              [this] { m_controller->addNode(selectedNode()); });
    addAction(u"leave"_s, u"leave"_s, QKeySequence(u"Ctrl+L"_s), [this] {
        QCoro::connect(m_controller->leave(selectedNode()), this,
                       [this](const ActionResult &r) { showResult(r); });
    });
    addAction(u"rejoin"_s, u"join"_s, QKeySequence(u"Ctrl+J"_s), [this] {
        // Join through any other live node of the largest ring.
        QString via;
        for (const NodeSnapshot &n : m_model->snapshot().nodes) {
            if (n.isLive() && n.address() != selectedNode() && n.succ &&
                !n.succ->sameEndpoint(n.ref)) {
                via = n.address();
                break;
            }
        }
        if (via.isEmpty()) {
            statusBar()->showMessage(tr("No ring to join"), 4000);
            return;
        }
        QCoro::connect(m_controller->rejoin(selectedNode(), via), this,
                       [this](const ActionResult &r) { showResult(r); });
    });
    addAction(u"crash"_s, u"crash"_s, QKeySequence(u"Ctrl+Shift+K"_s),
              [this] { m_controller->crash(selectedNode()); });
    addAction(u"pause"_s, u"pause"_s, QKeySequence(u"Ctrl+P"_s),
              [this] { m_controller->pause(selectedNode()); });
    addAction(u"resume"_s, u"resume"_s, QKeySequence(u"Ctrl+Shift+P"_s),
              [this] { m_controller->resume(selectedNode()); });
    addAction(u"store"_s, u"store"_s, QKeySequence(u"Ctrl+S"_s), [this] {
        askKey(tr("Store a key"), true,
               [this](const QString &k, const QString &v) { storeKey(k, v); });
    });
    addAction(u"lookup"_s, u"lookup"_s, QKeySequence(u"Ctrl+F"_s), [this] {
        askKey(tr("Look up a key"), false,
               [this](const QString &k, const QString &) { lookupKey(k); });
    });
    addAction(u"get"_s, u"get"_s, QKeySequence(u"Ctrl+G"_s), [this] {
        askKey(tr("Read a key"), false, [this](const QString &k, const QString &) {
            QCoro::connect(m_controller->fetch(selectedNode(), k), this,
                           [this](const ActionResult &r) { showResult(r); });
        });
    });
    addAction(u"delete"_s, u"delete"_s, QKeySequence(u"Ctrl+D"_s), [this] {
        askKey(tr("Delete a key"), false,
               [this](const QString &k, const QString &) { deleteKey(k); });
    });
    addAction(u"attach"_s, u"attach"_s, QKeySequence(u"Ctrl+Shift+A"_s), [this] {
        auto *d = new QInputDialog(this);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->setWindowTitle(tr("Attach to a ring"));
        d->setLabelText(tr("Address of any member (host:port):"));
        d->setTextValue(QSettings().value(u"attach/last"_s, u"127.0.0.1:5000"_s).toString());
        connect(d, &QInputDialog::textValueSelected, this, &MainWindow::attachTo);
        d->open();
    });
    addAction(u"killAll"_s, u"killall"_s, QKeySequence(u"Ctrl+Shift+X"_s),
              [this] { m_controller->killAll(ShutdownGraceMs); });
    addAction(u"forgetDead"_s, {}, {}, [this] {
        m_controller->monitor().forgetDead();
        m_logPanel->clearFinished();
    });
    addAction(u"exportPng"_s, u"export"_s, QKeySequence(u"Ctrl+E"_s),
              [this] { exportImage(false); });
    addAction(u"exportSvg"_s, {}, QKeySequence(u"Ctrl+Shift+E"_s), [this] { exportImage(true); });
    addAction(u"quit"_s, {}, QKeySequence::Quit, [this] { close(); });
    QAction *all = addAction(u"allFingers"_s, u"fingers"_s, QKeySequence(u"Ctrl+Shift+F"_s), {});
    all->setCheckable(true);
    connect(all, &QAction::toggled, m_ringView, &RingView::setAllFingers);
    QAction *keys = addAction(u"showKeys"_s, {}, {}, {});
    keys->setCheckable(true);
    keys->setChecked(true);
    connect(keys, &QAction::toggled, m_ringView, &RingView::setShowKeys);
    QAction *preds = addAction(u"showPred"_s, {}, {}, {});
    preds->setCheckable(true);
    preds->setChecked(true);
    connect(preds, &QAction::toggled, m_ringView, &RingView::setShowPredecessors);
    addAction(u"zoomIn"_s, u"zoomin"_s, QKeySequence::ZoomIn, [this] { m_ringView->zoomIn(); });
    addAction(u"zoomOut"_s, u"zoomout"_s, QKeySequence::ZoomOut, [this] { m_ringView->zoomOut(); });
    addAction(u"fit"_s, u"fit"_s, QKeySequence(u"Ctrl+0"_s), [this] { m_ringView->fit(); });
    QAction *slow = addAction(u"slowAnimation"_s, {}, {}, {});
    slow->setCheckable(true);
    connect(slow, &QAction::toggled, this,
            [this](bool on) { m_controller->animation().setLegDuration(on ? 1600 : 700); });
    addAction(u"about"_s, {}, {}, [this] {
        QMessageBox::about(this, tr("About ChordLab"),
                           tr("<h3>ChordLab %1</h3><p>A live Chord distributed hash table you "
                              "can see and steer. Every node is a real chord-node process "
                              "speaking HTTP/JSON.</p>")
                               .arg(QStringLiteral(CHORDLAB_VERSION)));
    });
    m_languageGroup = new QActionGroup(this);
    for (const QString &code : {u""_s, u"en"_s, u"it"_s}) {
        QAction *a = addAction(u"lang-"_s + (code.isEmpty() ? u"system"_s : code), {}, {}, {});
        a->setCheckable(true);
        a->setData(code);
        m_languageGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            m_language->setLanguage(code);
            QSettings().setValue(u"language"_s, code);
        });
    }
}

void MainWindow::createMenus() {
    auto menu = [this](const QString &name, const QStringList &actions) {
        QMenu *m = menuBar()->addMenu(QString());
        m->setObjectName(name);
        for (const QString &a : actions) {
            if (a.isEmpty())
                m->addSeparator();
            else
                m->addAction(m_actions.value(a));
        }
        m_menus.insert(name, m);
        return m;
    };
    menu(u"ringMenu"_s, {u"boot"_s,
                         u"attach"_s,
                         {},
                         u"exportPng"_s,
                         u"exportSvg"_s,
                         {},
                         u"killAll"_s,
                         u"forgetDead"_s,
                         {},
                         u"quit"_s});
    menu(u"nodeMenu"_s,
         {u"addNode"_s, u"leave"_s, u"rejoin"_s, {}, u"crash"_s, u"pause"_s, u"resume"_s});
    menu(u"keysMenu"_s, {u"store"_s, u"get"_s, u"lookup"_s, u"delete"_s});
    QMenu *view = menu(u"viewMenu"_s, {u"allFingers"_s,
                                       u"showKeys"_s,
                                       u"showPred"_s,
                                       u"slowAnimation"_s,
                                       {},
                                       u"zoomIn"_s,
                                       u"zoomOut"_s,
                                       u"fit"_s,
                                       {}});
    for (QDockWidget *d : std::as_const(m_docks))
        view->addAction(d->toggleViewAction());
    menu(u"languageMenu"_s, {u"lang-system"_s, u"lang-en"_s, u"lang-it"_s});
    menu(u"helpMenu"_s, {u"about"_s});

    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName(u"mainToolbar"_s);
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    m_toolbar->setIconSize(QSize(22, 22));
    for (const QString &a : {u"boot"_s,
                             u"addNode"_s,
                             u"leave"_s,
                             u"crash"_s,
                             u"pause"_s,
                             u"resume"_s,
                             {},
                             u"store"_s,
                             u"lookup"_s,
                             u"delete"_s,
                             {},
                             u"allFingers"_s,
                             u"fit"_s,
                             u"export"_s,
                             {},
                             u"attach"_s,
                             u"killAll"_s}) {
        if (a.isEmpty())
            m_toolbar->addSeparator();
        else if (QAction *act = m_actions.value(a == u"export"_s ? u"exportPng"_s : a))
            m_toolbar->addAction(act);
    }
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
    QDockWidget *inspector = dock(u"inspector"_s, m_inspector, Qt::RightDockWidgetArea);
    QDockWidget *health = dock(u"healthDock"_s, m_health, Qt::RightDockWidgetArea);
    splitDockWidget(inspector, health, Qt::Vertical);
    resizeDocks({inspector}, {380}, Qt::Horizontal);
    resizeDocks({table}, {260}, Qt::Vertical);
}

void MainWindow::retranslate() {
    setWindowTitle(tr("ChordLab — a live Chord ring"));
    struct Text {
        const char *name;
        QString text;
        QString tip;
    };
    const QList<Text> texts{
        {"boot", tr("&Boot ring…"), tr("Start a fresh local ring of N nodes")},
        {"addNode", tr("&Add node"), tr("Start a node that joins through the selected one")},
        {"leave", tr("&Leave"), tr("The selected node leaves gracefully, handing off its keys")},
        {"rejoin", tr("Re&join"), tr("A standalone node joins the ring again")},
        {"crash", tr("&Crash"), tr("Kill the selected node (SIGKILL): nobody is told")},
        {"pause", tr("&Pause"), tr("Freeze the selected node (SIGSTOP)")},
        {"resume", tr("Res&ume"), tr("Let a paused node run again (SIGCONT)")},
        {"store", tr("&Store key…"), tr("Store a key and value through the selected node")},
        {"get", tr("&Read key…"), tr("Read a key through the selected node")},
        {"lookup", tr("&Look up key…"),
         tr("Run an iterative lookup from the selected node and animate it")},
        {"delete", tr("&Delete key…"), tr("Delete a key through the selected node")},
        {"attach", tr("A&ttach to ring…"), tr("Watch a ring that runs elsewhere, by host:port")},
        {"killAll", tr("&Kill all"), tr("Stop every node this app started")},
        {"forgetDead", tr("&Remove dead nodes"), {}},
        {"exportPng", tr("Export as &PNG…"), tr("Save the ring view as an image")},
        {"exportSvg", tr("Export as S&VG…"), tr("Save the ring view as a vector drawing")},
        {"quit", tr("&Quit"), {}},
        {"allFingers", tr("All &fingers"),
         tr("Show the finger pointers of every node, not only the selected one")},
        {"showKeys", tr("Show &keys"), {}},
        {"showPred", tr("Show p&redecessors"), {}},
        {"slowAnimation", tr("&Slow animation"), {}},
        {"zoomIn", tr("Zoom &in"), {}},
        {"zoomOut", tr("Zoom &out"), {}},
        {"fit", tr("&Fit"), tr("Fit the ring in the window")},
        {"about", tr("&About ChordLab"), {}},
        {"lang-system", tr("&System language"), {}},
        {"lang-en", u"&English"_s, {}},
        {"lang-it", u"&Italiano"_s, {}},
    };
    for (const Text &t : texts) {
        if (QAction *a = m_actions.value(QString::fromLatin1(t.name))) {
            a->setText(t.text);
            a->setToolTip(t.tip.isEmpty() ? QString(t.text).remove(QLatin1Char('&')) : t.tip);
            a->setStatusTip(t.tip);
            a->setIconText(QString(t.text).remove(QLatin1Char('&')).remove(u"…"_s));
        }
    }
    m_menus.value(u"ringMenu"_s)->setTitle(tr("&Ring"));
    m_menus.value(u"nodeMenu"_s)->setTitle(tr("&Node"));
    m_menus.value(u"keysMenu"_s)->setTitle(tr("&Keys"));
    m_menus.value(u"viewMenu"_s)->setTitle(tr("&View"));
    m_menus.value(u"languageMenu"_s)->setTitle(tr("L&anguage"));
    m_menus.value(u"helpMenu"_s)->setTitle(tr("&Help"));
    m_toolbar->setWindowTitle(tr("Actions"));
    m_docks.value(u"nodesDock"_s)->setWindowTitle(tr("Nodes"));
    m_docks.value(u"logsDock"_s)->setWindowTitle(tr("Logs"));
    m_docks.value(u"inspector"_s)->setWindowTitle(tr("Inspector"));
    m_docks.value(u"healthDock"_s)->setWindowTitle(tr("Ring health"));
    m_model->retranslate();
    m_inspector->retranslate();
    m_health->retranslate();
    m_logPanel->retranslate();
    retranslateTime();
    onSnapshot();
}

void MainWindow::changeEvent(QEvent *event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

QString MainWindow::selectedNode() const {
    return m_ringView->selected();
}

void MainWindow::selectNode(const QString &address) {
    m_ringView->setSelected(address);
}

bool MainWindow::selectNodeByName(const QString &name) {
    for (const NodeSnapshot &n : m_model->snapshot().nodes) {
        if (n.ref.name == name) {
            selectNode(n.address());
            return true;
        }
    }
    return false;
}

void MainWindow::updateActions() {
    const QString sel = selectedNode();
    const NodeSnapshot *n = m_model->snapshot().find(sel);
    Chord::NodeProcess *p = m_controller->cluster().process(sel);
    const bool live = n && n->isLive();
    const bool anyLive = !m_controller->anyLiveNode().isEmpty();
    m_actions.value(u"leave"_s)->setEnabled(live);
    m_actions.value(u"rejoin"_s)->setEnabled(live);
    m_actions.value(u"crash"_s)->setEnabled(p && p->state() != State::Exited);
    m_actions.value(u"pause"_s)->setEnabled(p && p->state() == State::Running);
    m_actions.value(u"resume"_s)->setEnabled(p && p->state() == State::Paused);
    for (const QString &a : {u"store"_s, u"get"_s, u"lookup"_s, u"delete"_s, u"addNode"_s})
        m_actions.value(a)->setEnabled(anyLive || a == u"addNode"_s);
    m_actions.value(u"killAll"_s)->setEnabled(m_controller->cluster().runningCount() > 0);
    updateTimeActions();
}

void MainWindow::onSnapshot() {
    const RingSnapshot &ring = m_controller->monitor().snapshot();
    m_ringView->setSnapshot(ring, m_controller->monitor().keyIds());
    const QString sel = selectedNode();
    m_model->setSnapshot(ring);
    const int row = m_model->rowOf(sel);
    if (row >= 0 && (!m_table->selectionModel()->currentIndex().isValid() ||
                     m_table->selectionModel()->currentIndex().row() != row))
        m_table->selectRow(row);
    m_inspector->setNode(ring.find(sel), ring.bits);
    m_health->setSnapshot(ring);
    QString status =
        tr("%1 live of %2 · m = %3").arg(ring.liveCount()).arg(ring.nodes.size()).arg(ring.bits);
    const TimeControl &time = m_controller->time();
    if (time.ringPaused())
        status += tr(" · maintenance paused");
    else if (time.periodMs() != time.normalPeriodMs())
        status += tr(" · a round every %1 ms").arg(time.periodMs());
    m_ringStatus->setText(status);
    updateActions();
}

void MainWindow::showResult(const ActionResult &result) {
    statusBar()->showMessage(result.message, 6000);
    m_logPanel->addEvent(u"chordlab: "_s + result.message);
    emit actionDone(result.ok, result.message);
}

void MainWindow::showNodeMenu(const QString &address, const QPoint &globalPos) {
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (!address.isEmpty()) {
        selectNode(address);
        const NodeSnapshot *n = m_model->snapshot().find(address);
        menu->addSection(n ? n->ref.name : address);
        for (const QString &a : {u"lookup"_s,
                                 u"store"_s,
                                 u"get"_s,
                                 u"delete"_s,
                                 {},
                                 u"addNode"_s,
                                 u"leave"_s,
                                 u"rejoin"_s,
                                 u"crash"_s,
                                 u"pause"_s,
                                 u"resume"_s,
                                 {},
                                 u"stepStabilize"_s,
                                 u"stepRectify"_s,
                                 u"stepFinger"_s,
                                 u"stepCheckPred"_s,
                                 u"stepSync"_s})
            a.isEmpty() ? (void)menu->addSeparator() : menu->addAction(m_actions.value(a));
    } else {
        for (const QString &a : {u"boot"_s,
                                 u"addNode"_s,
                                 u"attach"_s,
                                 {},
                                 u"pauseRounds"_s,
                                 {},
                                 u"allFingers"_s,
                                 u"fit"_s,
                                 u"exportPng"_s,
                                 u"exportSvg"_s})
            a.isEmpty() ? (void)menu->addSeparator() : menu->addAction(m_actions.value(a));
    }
    menu->popup(globalPos);
}

void MainWindow::askKey(const QString &title, bool withValue,
                        const std::function<void(const QString &, const QString &)> &then) {
    // Non-modal to the event loop: open() returns at once, the answer comes as a signal.
    auto *d = new QDialog(this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowTitle(title);
    auto *form = new QFormLayout(d);
    auto *key = new QLineEdit(d);
    key->setObjectName(u"keyEdit"_s);
    key->setText(QSettings().value(u"keys/last"_s).toString());
    key->selectAll();
    form->addRow(tr("Key:"), key);
    QLineEdit *value = nullptr;
    if (withValue) {
        value = new QLineEdit(d);
        value->setObjectName(u"valueEdit"_s);
        form->addRow(tr("Value:"), value);
    }
    const NodeSnapshot *via = m_model->snapshot().find(selectedNode());
    form->addRow(new QLabel(tr("through %1").arg(via ? via->ref.name : tr("any live node")), d));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, d);
    connect(buttons, &QDialogButtonBox::accepted, d, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, d, &QDialog::reject);
    form->addRow(buttons);
    connect(d, &QDialog::accepted, this, [key, value, then] {
        if (key->text().isEmpty())
            return;
        QSettings().setValue(u"keys/last"_s, key->text());
        then(key->text(), value ? value->text() : QString());
    });
    d->open();
}

void MainWindow::storeKey(const QString &key, const QString &value) {
    const QString via = selectedNode().isEmpty() ? m_controller->anyLiveNode() : selectedNode();
    QCoro::connect(m_controller->store(via, key, value), this,
                   [this](const ActionResult &r) { showResult(r); });
}

void MainWindow::lookupKey(const QString &key) {
    const QString via = selectedNode().isEmpty() ? m_controller->anyLiveNode() : selectedNode();
    QCoro::connect(m_controller->lookup(via, key), this,
                   [this](const ActionResult &r) { showResult(r); });
}

void MainWindow::deleteKey(const QString &key) {
    const QString via = selectedNode().isEmpty() ? m_controller->anyLiveNode() : selectedNode();
    QCoro::connect(m_controller->remove(via, key), this,
                   [this](const ActionResult &r) { showResult(r); });
}

void MainWindow::bootRing(const BootOptions &options) {
    m_bootOptions = options;
    m_logPanel->clearFinished();
    m_controller->bootRing(options);
}

void MainWindow::attachTo(const QString &hostPort) {
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    const quint16 port = quint16(hostPort.mid(colon + 1).toUInt());
    if (colon <= 0 || port == 0) {
        statusBar()->showMessage(tr("Not an address: %1").arg(hostPort), 5000);
        return;
    }
    QSettings().setValue(u"attach/last"_s, hostPort);
    m_controller->attach(hostPort.left(colon), port);
    statusBar()->showMessage(tr("Attached to %1").arg(hostPort), 5000);
}

void MainWindow::exportImage(bool svg) {
    auto *d =
        new QFileDialog(this, svg ? tr("Export the ring as SVG") : tr("Export the ring as PNG"));
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setAcceptMode(QFileDialog::AcceptSave);
    d->setNameFilter(svg ? tr("SVG drawing (*.svg)") : tr("PNG image (*.png)"));
    d->setDefaultSuffix(svg ? u"svg"_s : u"png"_s);
    d->selectFile(svg ? u"chord-ring.svg"_s : u"chord-ring.png"_s);
    connect(d, &QFileDialog::fileSelected, this, [this, svg](const QString &file) {
        const bool ok = svg ? m_ringView->exportSvg(file) : m_ringView->exportPng(file);
        statusBar()->showMessage(ok ? tr("Saved %1").arg(file) : tr("Could not save %1").arg(file),
                                 5000);
    });
    d->open();
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
    m_actions.value(u"allFingers"_s)->setChecked(s.value(u"view/allFingers"_s, false).toBool());
    m_actions.value(u"showKeys"_s)->setChecked(s.value(u"view/showKeys"_s, true).toBool());
    m_actions.value(u"showPred"_s)->setChecked(s.value(u"view/showPred"_s, true).toBool());
    m_actions.value(u"slowAnimation"_s)
        ->setChecked(s.value(u"view/slowAnimation"_s, false).toBool());
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
    s.setValue(u"view/allFingers"_s, m_actions.value(u"allFingers"_s)->isChecked());
    s.setValue(u"view/showKeys"_s, m_actions.value(u"showKeys"_s)->isChecked());
    s.setValue(u"view/showPred"_s, m_actions.value(u"showPred"_s)->isChecked());
    s.setValue(u"view/slowAnimation"_s, m_actions.value(u"slowAnimation"_s)->isChecked());
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
