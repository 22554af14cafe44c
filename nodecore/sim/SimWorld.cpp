#include "SimWorld.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace Chord::Sim {

SimWorld::SimWorld(quint64 seed)
    : m_random(seed) {}

SimWorld::~SimWorld() = default;

void SimWorld::at(qint64 timeNs, int tag, std::function<void()> fn, std::function<void()> onDead) {
    m_queue.push_back(
        Event{std::max(timeNs, m_now), m_seq++, tag, std::move(fn), std::move(onDead)});
    std::push_heap(m_queue.begin(), m_queue.end(), Later{});
}

void SimWorld::runOne() {
    std::pop_heap(m_queue.begin(), m_queue.end(), Later{});
    Event ev = std::move(m_queue.back());
    m_queue.pop_back();
    m_now = ev.time;
    if (ev.tag != WorldTag) {
        SimNode *n = node(ev.tag);
        if (!n->alive) {
            if (ev.onDead)
                ev.onDead();
            return;
        }
        if (n->paused) {
            n->deferred.push_back({std::move(ev.run), std::move(ev.onDead)});
            return;
        }
    }
    ++m_eventsRun;
    m_current = ev.tag;
    ev.run();
    m_current = WorldTag;
}

void SimWorld::runUntil(qint64 timeNs) {
    while (!m_queue.empty() && m_queue.front().time <= timeNs)
        runOne();
    m_now = std::max(m_now, timeNs);
}

void SimWorld::runUntil(const std::function<bool()> &done, qint64 limitNs) {
    while (!done() && !m_queue.empty() && m_queue.front().time <= limitNs)
        runOne();
}

void SimWorld::drain(qint64 limitNs) {
    while (!m_queue.empty() && m_queue.front().time <= limitNs)
        runOne();
}

SimNode *SimWorld::spawn(NodeConfig config, qint64 wallOffsetMs) {
    auto n = std::make_unique<SimNode>();
    n->tag = int(m_nodes.size());
    n->address = config.self.address();
    n->port = config.self.port;
    n->wallOffsetMs = wallOffsetMs;
    n->scheduler = std::make_unique<SimNodeScheduler>(this, n->tag, wallOffsetMs, m_random.next());
    n->client = std::make_unique<SimPeerClient>(this, n->tag);
    n->chord = std::make_unique<ChordNode>(config, n->client.get(), n->scheduler.get());
    m_liveAt.insert(n->address, n->tag);
    m_nodes.push_back(std::move(n));
    return m_nodes.back().get();
}

SimNode *SimWorld::live(const QString &address) const {
    const auto it = m_liveAt.constFind(address);
    return it == m_liveAt.cend() ? nullptr : m_nodes[std::size_t(*it)].get();
}

void SimWorld::pause(int tag) {
    SimNode *n = node(tag);
    if (!n->alive || n->paused)
        return;
    n->paused = true;
    n->disturbed = true;
    if (tracing())
        traceAt(tag, QStringLiteral("** paused"));
}

void SimWorld::resume(int tag) {
    SimNode *n = node(tag);
    if (!n->alive || !n->paused)
        return;
    n->paused = false;
    if (tracing())
        traceAt(tag, QStringLiteral("** resumed with %1 queued events").arg(n->deferred.size()));
    // What queued while stopped runs now, in the order it arrived (socket buffers, expired
    // timers), before anything that comes later.
    std::vector<SimNode::Deferred> queued;
    queued.swap(n->deferred);
    for (SimNode::Deferred &d : queued)
        at(m_now, tag, std::move(d.run), std::move(d.onDead));
}

void SimWorld::crash(int tag) {
    SimNode *n = node(tag);
    if (!n->alive)
        return;
    n->alive = false;
    n->disturbed = true;
    n->paused = false;
    n->ready = false;
    if (tracing())
        traceAt(tag, QStringLiteral("** crashed"));
    if (m_liveAt.value(n->address, WorldTag) == tag)
        m_liveAt.remove(n->address);
    std::vector<SimNode::Deferred> queued;
    queued.swap(n->deferred);
    for (SimNode::Deferred &d : queued) {
        if (d.onDead)
            d.onDead();
    }
    // Requests it was serving: their connections reset. Its own calls: nobody waits.
    std::vector<std::shared_ptr<PendingCall>> serving;
    for (auto it = m_calls.begin(); it != m_calls.end();) {
        if (it->second->caller == tag) {
            it = m_calls.erase(it);
            continue;
        }
        if (it->second->server == tag && !it->second->answered && !it->second->done)
            serving.push_back(it->second);
        ++it;
    }
    for (const auto &call : serving)
        call->reset(this, tag);
}

void SimWorld::partition(QList<QStringList> groups) {
    m_groupOf.clear();
    for (int g = 0; g < groups.size(); ++g) {
        for (const QString &address : groups[g])
            m_groupOf.insert(address, g);
    }
}

bool SimWorld::cutOff(const QString &a, const QString &b) const {
    if (m_groupOf.isEmpty())
        return false;
    const int ga = m_groupOf.value(a, -1);
    const int gb = m_groupOf.value(b, -1);
    return ga >= 0 && gb >= 0 && ga != gb;
}

qint64 SimWorld::messageDelay() {
    // Exponential around the mean (reordering comes from here), plus rare long stalls.
    const double u = std::max(1e-12, m_random.unit());
    qint64 us = m_net.minDelayUs + qint64(-std::log(u) * double(m_net.meanDelayUs));
    if (m_net.spikeChance > 0 && m_random.chance(m_net.spikeChance))
        us += m_random.between(1, std::max<qint64>(1, m_net.spikeMaxMs)) * 1000;
    return us * 1000;
}

QString SimWorld::nameOf(int tag) const {
    if (tag == WorldTag)
        return QStringLiteral("world");
    return m_nodes[std::size_t(tag)]->chord->self().name;
}

void SimWorld::traceAt(int tag, const QString &line) {
    trace(QStringLiteral("%1 %2").arg(nameOf(tag), -6).arg(line));
}

void SimWorld::trace(const QString &line) {
    if (m_traceMode == TraceMode::Off)
        return;
    const QString stamped = QStringLiteral("%1 %2").arg(double(m_now) / 1e9, 10, 'f', 4).arg(line);
    if (m_traceMode == TraceMode::Print) {
        std::printf("%s\n", stamped.toUtf8().constData());
        return;
    }
    m_traceLines.push_back(stamped);
    while (int(m_traceLines.size()) > m_traceKeep)
        m_traceLines.pop_front();
}

// ---- summaries ----

namespace {
QString ref(const NodeRef &n) {
    return QStringLiteral("%1@%2").arg(n.name).arg(n.id);
}
QString refs(const QList<NodeRef> &list) {
    QStringList out;
    for (const NodeRef &n : list)
        out << ref(n);
    return out.join(QLatin1Char(','));
}
} // namespace

QString SimWorld::summary(const StepAnswer &a) {
    return QStringLiteral("%1 %2").arg(a.done ? QStringLiteral("done") : QStringLiteral("next"),
                                       ref(a.node));
}

QString SimWorld::summary(const Neighbors &a) {
    return QStringLiteral("self %1 pred %2 succ [%3] ring %4")
        .arg(ref(a.self), a.pred ? ref(*a.pred) : QStringLiteral("-"), refs(a.successors))
        .arg(a.ringToken % 10000);
}

QString SimWorld::summary(const RectifyAnswer &a) {
    QString s = QStringLiteral("%1 handoff %2")
                    .arg(a.accepted ? QStringLiteral("accepted") : QStringLiteral("refused"))
                    .arg(a.handoff.size());
    if (!a.accepted || !a.from)
        return s;
    // What a joiner or new predecessor learns it holds (docs/CONSISTENCY.md, "Taking an arc
    // over"): the arc's start, the copies before it and how far back they are vouched for.
    s += QStringLiteral(" from %1 replicas %2 vouched from %3")
             .arg(*a.from)
             .arg(a.replicas.size())
             .arg(a.replicasFrom ? QString::number(*a.replicasFrom) : QStringLiteral("-"));
    if (!a.uncovered.empty())
        s += QStringLiteral(" uncovered (%1, %2]").arg(a.uncovered.from).arg(a.uncovered.to);
    if (a.unsure)
        s += QStringLiteral(" unsure");
    return s;
}

QString SimWorld::summary(const ReplicateAnswer &a) {
    return QStringLiteral("match %1 newer %2 vouch %3")
        .arg(a.match)
        .arg(a.newer.size())
        .arg(a.vouchFrom ? QString::number(*a.vouchFrom) : QStringLiteral("-"));
}

QString SimWorld::summary(const FetchAnswer &a) {
    return QStringLiteral("%1 %2 v%3 primary %4")
        .arg(a.found ? QStringLiteral("found") : QStringLiteral("absent"),
             QString::fromUtf8(a.item.value))
        .arg(a.item.version)
        .arg(a.primary);
}

QString SimWorld::summary(const WriteAnswer &a) {
    if (!a.owner)
        return QStringLiteral("421 not the owner");
    return QStringLiteral("written v%1 copies %2").arg(a.version).arg(a.copies);
}

QString SimWorld::summary(const Departure &a) {
    return QStringLiteral("left: pred %1, %2 keys")
        .arg(a.notice.pred ? a.notice.pred->name : QStringLiteral("-"))
        .arg(a.items.size());
}

QString SimWorld::summary(bool a) {
    return a ? QStringLiteral("ok") : QStringLiteral("false");
}

} // namespace Chord::Sim
