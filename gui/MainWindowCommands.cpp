// What the actions of MainWindow do when it takes more than a line (the actions themselves
// are defined in MainWindowActions.cpp): the dialogs that ask for a ring, an address, a key
// or a file, the operations on the ring through RingController, and their outcome in the
// status bar and the log.
#include "MainWindow.h"

#include "BootDialog.h"
#include "KeyDialog.h"
#include "LogPanel.h"
#include "NodeTableModel.h"
#include "Replay.h"
#include "RingController.h"
#include "RingView.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace ChordLab {

using namespace Qt::StringLiterals;

void MainWindow::report(QCoro::Task<ActionResult> &&task) {
    // An action on the ring is shown as it happens: the timeline goes back to live.
    m_replay->goLive();
    QCoro::connect(std::move(task), this, [this](const ActionResult &r) { showResult(r); });
}

void MainWindow::showResult(const ActionResult &result) {
    statusBar()->showMessage(result.message, 6000);
    m_logPanel->addEvent(u"chordlab: "_s + result.message);
    emit actionDone(result.ok, result.message);
}

void MainWindow::showNodeMenu(const QString &address, const QPoint &globalPos,
                              const QString &peer) {
    const Actions &a = m_act;
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QList<QAction *> actions;
    if (!address.isEmpty()) {
        selectNode(address);
        const NodeSnapshot *n = m_model->snapshot().find(address);
        menu->addSection(n ? n->ref.name : address);
        actions = {a.lookup, a.store,  a.get,   a.remove, nullptr,  a.addNode,
                   a.leave,  a.rejoin, a.crash, a.pause,  a.resume, nullptr};
        actions += a.steps;
    } else {
        actions = {a.boot,  a.addNode,   a.attach,    nullptr, a.pauseRounds,
                   nullptr, a.partition, a.healLinks, nullptr, a.allFingers,
                   a.fit,   a.exportPng, a.exportSvg};
    }
    for (QAction *act : std::as_const(actions))
        act ? (void)menu->addAction(act) : (void)menu->addSeparator();
    if (!address.isEmpty()) {
        // Link faults (issue 12): the pair with the node selected before, any other node.
        menu->addSeparator();
        const RingSnapshot &ring = m_model->snapshot();
        auto nameOf = [&ring](const QString &addr) {
            const NodeSnapshot *n = ring.find(addr);
            return n ? n->ref.name : addr;
        };
        if (!peer.isEmpty() && peer != address)
            addLinkMenu(menu, peer, address, tr("Link %1–%2").arg(nameOf(peer), nameOf(address)));
        QMenu *to = menu->addMenu(tr("Link to"));
        to->setObjectName(u"linkToMenu"_s);
        for (const NodeSnapshot &n : ring.nodes) {
            if (n.address() != address && n.isLive())
                addLinkMenu(to, address, n.address(), n.ref.name);
        }
        to->setEnabled(!to->isEmpty());
        menu->addAction(a.partition);
        menu->addAction(a.healLinks);
        if (const NodeSnapshot *n = ring.find(address); n && n->unavailable) {
            menu->addSeparator();
            QAction *release = menu->addAction(tr("Release unavailable keys…"));
            release->setObjectName(u"releaseUnavailable"_s);
            connect(release, &QAction::triggered, this,
                    [this, address] { confirmReleaseUnavailable(address); });
        }
    }
    menu->popup(globalPos);
}

void MainWindow::confirmReleaseUnavailable(const QString &address) {
    const NodeSnapshot *n = m_model->snapshot().find(address);
    if (!n || !n->unavailable)
        return;
    const auto answer = QMessageBox::warning(
        this, tr("Release unavailable keys"),
        tr("Every node that held copies of the ids in (%1, %2] is away, so %3 answers 503 for "
           "those keys until one of them comes back.\n\nRelease them only if those nodes are "
           "gone for good: %3 then serves what the ring holds, and a write that only they "
           "held is lost.")
            .arg(n->unavailable->from)
            .arg(n->unavailable->to)
            .arg(n->ref.name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        report(m_controller->releaseUnavailable(address));
}

QString MainWindow::entryNode() const {
    return selectedNode().isEmpty() ? m_controller->anyLiveNode() : selectedNode();
}

void MainWindow::storeKey(const QString &key, const QString &value) {
    report(m_controller->store(entryNode(), key, value));
}

void MainWindow::lookupKey(const QString &key) {
    report(m_controller->lookup(entryNode(), key));
}

void MainWindow::deleteKey(const QString &key) {
    report(m_controller->remove(entryNode(), key));
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

void MainWindow::rejoin() {
    // Join through any other live node of the largest ring.
    QString via;
    for (const NodeSnapshot &n : m_model->snapshot().nodes) {
        if (n.isLive() && n.address() != selectedNode() && n.succ && !n.succ->sameEndpoint(n.ref)) {
            via = n.address();
            break;
        }
    }
    if (via.isEmpty()) {
        statusBar()->showMessage(tr("No ring to join"), 4000);
        return;
    }
    report(m_controller->rejoin(selectedNode(), via));
}

void MainWindow::askKey(const QString &title, bool withValue,
                        const std::function<void(const QString &, const QString &)> &then) {
    // Non-modal to the event loop: open() returns at once, the answer comes as a signal.
    const NodeSnapshot *via = m_model->snapshot().find(selectedNode());
    auto *d = new KeyDialog(title, withValue, via ? via->ref.name : QString(), this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &KeyDialog::chosen, this, then);
    d->open();
}

void MainWindow::askBoot() {
    auto *d = new BootDialog(m_bootOptions, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &QDialog::accepted, this, [this, d] { bootRing(d->options()); });
    d->open();
}

void MainWindow::askAttach() {
    auto *d = new QInputDialog(this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowTitle(tr("Attach to a ring"));
    d->setLabelText(tr("Address of any member (host:port):"));
    d->setTextValue(QSettings().value(u"attach/last"_s, u"127.0.0.1:5000"_s).toString());
    connect(d, &QInputDialog::textValueSelected, this, &MainWindow::attachTo);
    d->open();
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About ChordLab"),
                       tr("<h3>ChordLab %1</h3><p>A live Chord distributed hash table you "
                          "can see and steer. Every node is a real chord-node process "
                          "speaking HTTP/JSON.</p>")
                           .arg(QStringLiteral(CHORDLAB_VERSION)));
}

} // namespace ChordLab
