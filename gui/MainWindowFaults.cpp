// Link faults in MainWindow (issue 12; docs/API.md, "Link faults"): "Partition the ring…"
// (a line drawn across the ring view), "Heal all links", and the link entries of a node's
// context menu (delay and loss, a cut one way or both ways, heal). Everything goes through
// RingController; what the nodes then hold is drawn by RingPainter from their polled tables.
#include "MainWindow.h"

#include "LinkFaultDialog.h"
#include "NodeTableModel.h"
#include "Replay.h"
#include "RingController.h"
#include "RingGeometry.h"
#include "RingView.h"

#include <QAction>
#include <QMenu>
#include <QStatusBar>

#include <algorithm>

namespace ChordLab {

using namespace Qt::StringLiterals;

void MainWindow::createFaultActions() {
    Actions &a = m_act;
    a.partition =
        define(u"partition"_s, u"partition"_s, QKeySequence(u"Ctrl+Shift+L"_s),
               QT_TR_NOOP("&Partition the ring…"),
               QT_TR_NOOP("Draw a line across the ring: the nodes on each side lose every link "
                          "to the other side"),
               [this] {
                   m_ringView->startPartitionDrawing();
                   statusBar()->showMessage(
                       tr("Draw a line across the ring with the mouse to split it (Esc cancels)"));
               });
    a.healLinks = define(u"healLinks"_s, u"heal"_s, QKeySequence(u"Ctrl+Shift+H"_s),
                         QT_TR_NOOP("&Heal all links"),
                         QT_TR_NOOP("Remove every link fault and partition, on every node"),
                         [this] { healAllLinks(); });
    connect(m_ringView, &RingView::partitionDrawn, this,
            [this](const QList<QStringList> &groups) { partitionRing(groups); });
    connect(m_ringView, &RingView::partitionDrawingChanged, this, [this](bool drawing) {
        if (!drawing)
            statusBar()->clearMessage();
    });
}

void MainWindow::addLinkMenu(QMenu *parent, const QString &from, const QString &to,
                             const QString &title) {
    const RingSnapshot &ring = m_model->snapshot();
    const NodeSnapshot *a = ring.find(from);
    const NodeSnapshot *b = ring.find(to);
    const QString an = a ? a->ref.name : from;
    const QString bn = b ? b->ref.name : to;
    QMenu *m = parent->addMenu(title);
    m->setObjectName(u"link-"_s + an + u"-"_s + bn);
    QAction *delay =
        m->addAction(tr("Delay and loss…"), this, [this, from, to] { askLinkFault(from, to); });
    delay->setObjectName(u"linkDelay"_s);
    Chord::LinkFault cut;
    cut.cut = true;
    QAction *oneWay = m->addAction(tr("Cut one way (%1 → %2)").arg(an, bn), this,
                                   [this, from, to, cut] { setLinkFault(from, to, cut, false); });
    oneWay->setObjectName(u"linkCutOneWay"_s);
    QAction *both = m->addAction(tr("Cut both ways"), this,
                                 [this, from, to, cut] { setLinkFault(from, to, cut, true); });
    both->setObjectName(u"linkCut"_s);
    m->addSeparator();
    QAction *heal = m->addAction(tr("Heal this link"), this, [this, from, to] {
        // What either end set for the other.
        setLinkFault(from, to, {}, true);
        setLinkFault(to, from, {}, true);
    });
    heal->setObjectName(u"linkHeal"_s);
}

void MainWindow::askLinkFault(const QString &from, const QString &to) {
    const RingSnapshot &ring = m_model->snapshot();
    const NodeSnapshot *a = ring.find(from);
    const NodeSnapshot *b = ring.find(to);
    auto *d = new LinkFaultDialog(a ? a->ref.name : from, b ? b->ref.name : to, this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &LinkFaultDialog::chosen, this,
            [this, from, to](const Chord::LinkFault &fault, bool bothWays) {
                setLinkFault(from, to, fault, bothWays);
            });
    d->open();
}

void MainWindow::setLinkFault(const QString &from, const QString &to, const Chord::LinkFault &fault,
                              bool bothWays) {
    report(m_controller->setLinkFault(from, to, fault, bothWays));
}

void MainWindow::partitionRing(const QList<QStringList> &groups) {
    if (m_ringView->partitionLine().isNull())
        m_ringView->setPartitionLine(RingGeometry::partitionLine(m_model->snapshot(), groups));
    report(m_controller->partition(groups));
}

bool MainWindow::partitionByNames(const QList<QStringList> &names) {
    QList<QStringList> groups;
    for (const QStringList &group : names) {
        QStringList addresses;
        for (const QString &name : group) {
            const auto &nodes = m_model->snapshot().nodes;
            const auto n = std::find_if(nodes.begin(), nodes.end(),
                                        [&](const NodeSnapshot &s) { return s.ref.name == name; });
            if (n == nodes.end())
                return false;
            addresses << n->address();
        }
        groups << addresses;
    }
    m_ringView->setPartitionLine({});
    partitionRing(groups);
    return true;
}

void MainWindow::healAllLinks() {
    m_ringView->setPartitionLine({});
    report(m_controller->healAll());
}

} // namespace ChordLab
