// The faults of the Compare window (docs/LESSONS.md, "The two protocols side by side"): each is
// applied to the node of the same name in both rings at the same moment, so that the two
// protocols live through one fault schedule. Names, not addresses: the two rings' nodes have
// the same names and, placed by their joins alike, the same ids.
#include "CompareWindow.h"

#include "RingGeometry.h"
#include "RingView.h"

#include <QPointer>

namespace ChordLab {

using namespace Qt::StringLiterals;

std::optional<std::array<QString, 2>> CompareWindow::inBoth(const QString &name,
                                                            NodeHealth health) const {
    std::array<QString, 2> addresses;
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        for (const NodeSnapshot &n : m_panes[i].controller->monitor().snapshot().nodes) {
            if (n.ref.name == name && n.health == health)
                addresses[i] = n.address();
        }
        if (addresses[i].isEmpty())
            return std::nullopt;
    }
    return addresses;
}

ActionResult CompareWindow::signalInBoth(const QString &name,
                                         void (RingController::*signal)(const QString &),
                                         const QString &done) {
    const auto addresses = inBoth(name, NodeHealth::Alive);
    if (!addresses)
        return {false, tr("%1 is not a live node of both rings").arg(name)};
    for (std::size_t i = 0; i < m_panes.size(); ++i)
        (m_panes[i].controller->*signal)((*addresses)[i]);
    return {true, done};
}

ActionResult CompareWindow::crashInBoth(const QString &name) {
    return signalInBoth(name, &RingController::crash, tr("%1 crashed in both rings").arg(name));
}

ActionResult CompareWindow::pauseInBoth(const QString &name) {
    return signalInBoth(name, &RingController::pause,
                        tr("%1 paused (SIGSTOP) in both rings").arg(name));
}

QCoro::Task<ActionResult> CompareWindow::onBoth(PaneStep step, QString done) {
    QPointer<CompareWindow> self(this);
    QStringList failed;
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        const ActionResult r = co_await step(i);
        if (!self)
            co_return ActionResult{false, {}};
        if (!r.ok)
            failed << r.message;
    }
    if (!failed.isEmpty())
        co_return ActionResult{false, failed.join(u"; "_s)};
    co_return ActionResult{true, done};
}

QCoro::Task<ActionResult> CompareWindow::resumeInBoth(QString name) {
    const auto addresses = inBoth(name, NodeHealth::Paused);
    if (!addresses)
        co_return ActionResult{false, tr("%1 is not a paused node of both rings").arg(name)};
    co_return co_await onBoth(
        [this, addresses](std::size_t i) { return m_panes[i].controller->resume((*addresses)[i]); },
        tr("%1 resumed (SIGCONT) in both rings").arg(name));
}

QCoro::Task<ActionResult> CompareWindow::partitionBoth(QList<QStringList> names) {
    if (names.size() < 2)
        co_return ActionResult{false, tr("a partition needs two groups")};
    std::array<QList<QStringList>, 2> groups;
    for (const QStringList &group : names) {
        std::array<QStringList, 2> addresses;
        for (const QString &name : group) {
            const auto both = inBoth(name, NodeHealth::Alive);
            if (!both)
                co_return ActionResult{false, tr("%1 is not a live node of both rings").arg(name)};
            for (std::size_t i = 0; i < 2; ++i)
                addresses[i] << (*both)[i];
        }
        for (std::size_t i = 0; i < 2; ++i)
            groups[i] << addresses[i];
    }
    QStringList shown;
    for (const QStringList &group : names)
        shown << u"{"_s + group.join(u", "_s) + u"}"_s;
    co_return co_await onBoth(
        [this, groups](std::size_t i) {
            Pane &p = m_panes[i];
            p.view->setPartitionLine(RingGeometry::partitionLine(p.view->snapshot(), groups[i]));
            return p.controller->partition(groups[i]);
        },
        tr("both rings partitioned: %1").arg(shown.join(u" | "_s)));
}

QCoro::Task<ActionResult> CompareWindow::healBoth() {
    return onBoth(
        [this](std::size_t i) {
            m_panes[i].view->setPartitionLine({});
            return m_panes[i].controller->healAll();
        },
        tr("every link healed in both rings"));
}

void CompareWindow::onPartitionDrawn(int pane, const QList<QStringList> &groups) {
    // The groups drawn on one ring, by name, for both.
    QList<QStringList> names;
    for (const QStringList &group : groups) {
        QStringList named;
        for (const QString &address : group) {
            const RingSnapshot &ring = m_panes[std::size_t(pane)].view->snapshot();
            const int at = ring.indexOf(address);
            if (at >= 0)
                named << ring.nodes[at].ref.name;
        }
        names << named;
    }
    reportWhenDone(partitionBoth(names));
}

QCoro::Task<> CompareWindow::reportWhenDone(QCoro::Task<ActionResult> action) {
    QPointer<CompareWindow> self(this);
    const ActionResult r = co_await std::move(action);
    if (self)
        report(r);
}

} // namespace ChordLab
