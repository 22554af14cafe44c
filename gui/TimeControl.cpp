#include "TimeControl.h"

#include "NodeClient.h"
#include "RingMonitor.h"

#include <QPointer>

#include <vector>

namespace ChordLab {

using namespace Qt::StringLiterals;

TimeControl::TimeControl(NodeClient *client, RingMonitor *monitor, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_monitor(monitor) {
    connect(m_monitor, &RingMonitor::nodeAppeared, this, [this](const QString &address) {
        if (m_paused || m_periodMs != m_normalMs)
            applyTo(address);
    });
}

void TimeControl::reset(int normalPeriodMs) {
    m_paused = false;
    m_messages = false;
    m_periodMs = m_normalMs = normalPeriodMs;
    emit stateChanged();
}

QString TimeControl::apiName(Step kind) {
    switch (kind) {
    case Step::Stabilize:
        return u"stabilize"_s;
    case Step::Rectify:
        return u"rectify"_s;
    case Step::Finger:
        return u"finger"_s;
    case Step::CheckPredecessor:
        return u"check-predecessor"_s;
    case Step::Sync:
        return u"sync"_s;
    }
    return {};
}

QCoro::Task<int> TimeControl::putEverywhere(NodeClient::MaintenanceChange change) {
    // Every live node at once; the answers are counted as they come.
    QList<Chord::NodeRef> nodes;
    for (const NodeSnapshot &n : m_monitor->snapshot().nodes) {
        if (n.isLive())
            nodes.append(n.ref);
    }
    std::vector<QCoro::Task<Chord::PeerResult<bool>>> calls;
    for (const Chord::NodeRef &ref : nodes)
        calls.push_back(m_client->setMaintenance(ref, change));
    int done = 0;
    for (auto &call : calls)
        done += (co_await call).ok() ? 1 : 0;
    co_return done;
}

QCoro::Task<> TimeControl::applyTo(QString address) {
    const NodeSnapshot *n = m_monitor->snapshot().find(address);
    if (!n)
        co_return;
    co_await m_client->setMaintenance(n->ref, {m_paused, m_periodMs, m_messages});
}

QCoro::Task<ActionResult> TimeControl::pauseRing(bool paused) {
    m_paused = paused;
    co_return co_await applyEverywhere({paused, std::nullopt, std::nullopt}, [paused](int done) {
        return paused ? tr("maintenance paused on %n node(s): step it by hand", nullptr, done)
                      : tr("maintenance resumed on %n node(s)", nullptr, done);
    });
}

QCoro::Task<ActionResult> TimeControl::setPeriod(int periodMs) {
    m_periodMs = periodMs;
    co_return co_await applyEverywhere(
        {std::nullopt, periodMs, std::nullopt}, [periodMs](int done) {
            return tr("maintenance every %1 ms on %n node(s)", nullptr, done).arg(periodMs);
        });
}

QCoro::Task<ActionResult> TimeControl::showMessages(bool shown) {
    m_messages = shown;
    co_return co_await applyEverywhere({std::nullopt, std::nullopt, shown}, [shown](int done) {
        return shown ? tr("messages between nodes shown: %n node(s) record them", nullptr, done)
                     : tr("messages between nodes hidden on %n node(s)", nullptr, done);
    });
}

QCoro::Task<ActionResult> TimeControl::applyEverywhere(NodeClient::MaintenanceChange change,
                                                       std::function<QString(int)> message) {
    QPointer<TimeControl> self(this);
    emit stateChanged();
    const int done = co_await putEverywhere(change);
    if (!self)
        co_return ActionResult{false, {}};
    if (done == 0)
        co_return ActionResult{false, tr("no node answered")};
    co_return ActionResult{true, message(done)};
}

QCoro::Task<ActionResult> TimeControl::step(QString address, TimeControl::Step kind) {
    const NodeSnapshot *n = m_monitor->snapshot().find(address);
    if (!n)
        co_return ActionResult{false, tr("select a node first")};
    const Chord::NodeRef ref = n->ref;
    const QString name = apiName(kind);
    const auto r = co_await m_client->step(ref, name);
    if (!r.ok())
        co_return ActionResult{false, tr("%1 on %2 failed: %3").arg(name, ref.name, r.error)};
    const std::optional<Chord::Neighbors> &nb = *r;
    if (!nb)
        co_return ActionResult{true, tr("%1 on %2 done").arg(name, ref.name)};
    co_return ActionResult{true, tr("%1 on %2 done: successor %3, predecessor %4")
                                     .arg(name, ref.name, nb->successors.front().name,
                                          nb->pred ? nb->pred->name : tr("none"))};
}

} // namespace ChordLab
