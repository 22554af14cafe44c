// MainWindow following the ring (the window itself is in MainWindow.cpp): the monitor's
// snapshots and events, recorded and, while the timeline is live, shown in every view; the
// processes this app started; the selection, shared by the ring view, the node table, the
// inspector and the log panes.
#include "MainWindow.h"

#include "HealthPanel.h"
#include "InspectorPanel.h"
#include "LogPanel.h"
#include "NodeTableModel.h"
#include "Replay.h"
#include "RingController.h"
#include "RingMonitor.h"
#include "RingView.h"
#include "TimeControl.h"

#include <QDateTime>
#include <QDockWidget>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QTableView>

namespace ChordLab {

using namespace Qt::StringLiterals;

void MainWindow::connectRing() {
    // Everything the monitor sees is recorded; while the timeline is live it is shown too.
    RingMonitor &monitor = m_controller->monitor();
    connect(&monitor, &RingMonitor::snapshotChanged, this, [this] {
        const RingMonitor &m = m_controller->monitor();
        m_replay->recordFrame(QDateTime::currentMSecsSinceEpoch(), m.snapshot(), m.keyIds());
        onSnapshot();
    });
    connect(&monitor, &RingMonitor::eventObserved, this,
            [this](const Chord::NodeRef &source, const Chord::Event &e) {
                m_replay->recordEvent(QDateTime::currentMSecsSinceEpoch(), source, e);
                if (m_replay->isLive())
                    m_logPanel->addEvent(LogPanel::eventLine(source, e));
            });
    auto live = [this] {
        return m_replay->isLive();
    };
    connect(&monitor, &RingMonitor::nodeAppeared, this, [this, live](const QString &address) {
        if (live())
            m_ringView->animateAppear(address);
    });
    connect(&monitor, &RingMonitor::successorChanged, this, [this, live](const QString &address) {
        if (live())
            m_ringView->animateRewire(address);
    });
    connect(&monitor, &RingMonitor::keysTransferred, this,
            [this, live](const Chord::NodeRef &from, const Chord::NodeRef &to, int count) {
                if (live())
                    m_ringView->animateTransfer(from, to, count);
            });
    connect(
        &monitor, &RingMonitor::messageObserved, this,
        [this, live](const Chord::NodeRef &from, const Chord::NodeRef &to, const QString &kind) {
            if (live() && m_controller->time().messagesShown())
                m_ringView->animateMessage(from, to, kind);
        });
    connect(m_controller, &RingController::lookupTraced, this,
            [this](const Chord::NodeRef &, const Chord::LookupResult &l) {
                m_health->histogram()->addLookup(int(l.hops.size()));
            });
}

void MainWindow::connectCluster() {
    LocalCluster &cluster = m_controller->cluster();
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
}

void MainWindow::connectSelection() {
    connect(m_ringView, &RingView::selectionChanged, this, &MainWindow::showSelection);
    connect(m_ringView, &RingView::nodeContextMenuRequested, this,
            [this](const QString &address, const QPoint &globalPos) {
                showNodeMenu(address, globalPos, m_ringView->menuPeer());
            });
    connect(m_ringView, &RingView::nodeActivated, this,
            [this] { m_docks.value(u"inspector"_s)->raise(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    m_ringView->setSelected(current.data(NodeTableModel::AddressRole).toString());
            });
}

void MainWindow::showSelection(const QString &address) {
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

void MainWindow::onSnapshot() {
    if (m_replay->isLive())
        showRing(m_controller->monitor().snapshot(), m_controller->monitor().keyIds());
    else
        updateActions(); // (the views show a moment of the recording)
}

void MainWindow::showRing(const RingSnapshot &ring, const QList<Chord::Id> &keyIds) {
    m_ringView->setSnapshot(ring, keyIds);
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
    if (ring.protocol() == QLatin1String("original"))
        status += tr(" · original protocol");
    const TimeControl &time = m_controller->time();
    if (time.ringPaused())
        status += tr(" · maintenance paused");
    else if (time.periodMs() != time.normalPeriodMs())
        status += tr(" · a round every %1 ms").arg(time.periodMs());
    m_ringStatus->setText(status);
    updateActions();
}

} // namespace ChordLab
