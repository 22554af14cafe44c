#include "RingMonitor.h"

#include "NodeClient.h"

#include <QDateTime>
#include <QPointer>

#include <algorithm>

namespace ChordLab {

using namespace Qt::StringLiterals;
using State = Chord::NodeProcess::State;

namespace {
constexpr int RequestTimeoutMs = 900;
constexpr int FailuresBeforeUnreachable = 2;
constexpr qint64 ForgetUnreachableAfterMs = 15000;
// Poll rounds between two reads of a node's link faults: every 3 s at the usual 500 ms, every
// second for a node that has some.
constexpr int FaultPollRounds = 6;
constexpr int FaultedPollRounds = 2;

Chord::NodeRef endpointRef(const QString &host, quint16 port, const QString &name) {
    Chord::NodeRef r;
    r.host = host;
    r.port = port;
    r.name = name.isEmpty() ? r.address() : name;
    return r;
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

RingMonitor::RingMonitor(NodeClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client) {
    connect(&m_pollTimer, &QTimer::timeout, this, &RingMonitor::pollNow);
    connect(&m_eventTimer, &QTimer::timeout, this, [this] {
        for (auto &[address, entry] : m_entries) {
            if (!entry.eventsBusy && entry.node.everSeen && entry.failures == 0)
                pollEvents(address);
        }
    });
    connect(&m_discoverTimer, &QTimer::timeout, this, [this] {
        if (!m_discoverBusy)
            discover();
    });
    setIntervals(500, 300);
    m_discoverTimer.start(2000);
}

void RingMonitor::setIntervals(int pollMs, int eventMs) {
    m_pollTimer.start(pollMs);
    m_eventTimer.start(eventMs);
}

void RingMonitor::watch(const QString &host, quint16 port, const QString &name) {
    const QString address = host + QLatin1Char(':') + QString::number(port);
    if (m_entries.count(address))
        return;
    Entry e;
    e.node.ref = endpointRef(host, port, name);
    e.watchedSinceMs = nowMs() - 1000;
    e.bits = m_snapshot.bits;
    m_entries.emplace(address, std::move(e));
    pollNode(address);
    scheduleRebuild();
}

void RingMonitor::forgetAll() {
    m_entries.clear();
    scheduleRebuild();
}

void RingMonitor::forgetDead() {
    std::erase_if(m_entries, [](const auto &kv) {
        const NodeHealth h = kv.second.node.health;
        return h == NodeHealth::Dead || h == NodeHealth::Unreachable;
    });
    scheduleRebuild();
}

void RingMonitor::setProcess(const QString &address, qint64 pid, State state) {
    auto it = m_entries.find(address);
    if (it == m_entries.end())
        return;
    it->second.hasProcess = true;
    it->second.node.pid = pid;
    it->second.processState = state;
    updateHealth(it->second);
    scheduleRebuild();
}

void RingMonitor::pollNow() {
    ++m_pollRound;
    for (auto &[address, entry] : m_entries) {
        if (!entry.pollBusy)
            pollNode(address);
        if (!entry.keysBusy && entry.node.everSeen && entry.failures == 0 && m_pollRound % 2 == 0)
            pollKeys(address);
        const int every = entry.node.hasFaults() ? FaultedPollRounds : FaultPollRounds;
        if (!entry.faultsBusy && entry.node.everSeen && entry.failures == 0 &&
            m_pollRound % every == 1)
            pollFaults(address);
    }
}

void RingMonitor::takeFaults(const QString &address, const Chord::LinkFaultTable &faults) {
    auto it = m_entries.find(address);
    if (it == m_entries.end() || it->second.node.faults == faults)
        return;
    it->second.node.faults = faults;
    scheduleRebuild();
}

QCoro::Task<> RingMonitor::pollFaults(QString address) {
    auto it = m_entries.find(address);
    if (it == m_entries.end())
        co_return;
    it->second.faultsBusy = true;
    const Chord::NodeRef peer = it->second.node.ref;
    QPointer<RingMonitor> self(this);
    const auto r = co_await m_client->faults(peer, RequestTimeoutMs);
    if (!self)
        co_return;
    it = m_entries.find(address);
    if (it == m_entries.end())
        co_return;
    it->second.faultsBusy = false;
    if (r.ok())
        takeFaults(address, *r);
}

void RingMonitor::updateHealth(Entry &e) {
    NodeHealth h;
    const bool failing = e.failures >= FailuresBeforeUnreachable;
    if (e.hasProcess) {
        switch (e.processState) {
        case State::NotStarted:
        case State::Starting:
            h = NodeHealth::Starting;
            break;
        case State::Paused:
            h = NodeHealth::Paused;
            break;
        case State::Stopping:
            h = NodeHealth::Leaving;
            break;
        case State::Exited:
            h = NodeHealth::Dead;
            break;
        case State::Running:
        default:
            h = failing           ? NodeHealth::Unreachable
                : e.node.everSeen ? NodeHealth::Alive
                                  : NodeHealth::Starting;
        }
    } else {
        h = failing           ? NodeHealth::Unreachable
            : e.node.everSeen ? NodeHealth::Alive
                              : NodeHealth::Starting;
    }
    if (h == NodeHealth::Alive && e.node.protocolState == "leaving"_L1)
        h = NodeHealth::Leaving;
    e.node.health = h;
}

QCoro::Task<> RingMonitor::pollNode(QString address) {
    auto it = m_entries.find(address);
    if (it == m_entries.end())
        co_return;
    it->second.pollBusy = true;
    const Chord::NodeRef peer = it->second.node.ref;
    QPointer<RingMonitor> self(this);
    const auto r = co_await m_client->nodeInfo(peer, RequestTimeoutMs);
    if (!self)
        co_return;
    it = m_entries.find(address);
    if (it == m_entries.end())
        co_return;
    Entry &e = it->second;
    e.pollBusy = false;
    if (r.ok())
        takeNodeInfo(address, e, r->node, r->bits);
    else
        ++e.failures;
    auto again = m_entries.find(address);
    if (again == m_entries.end())
        co_return;
    updateHealth(again->second);
    forgetIfGone(again);
    scheduleRebuild();
}

void RingMonitor::takeNodeInfo(const QString &address, Entry &e, const NodeSnapshot &info,
                               int bits) {
    NodeSnapshot fresh = e.node;
    fresh.takeNodeInfo(info);
    // Another process on a known address (restarted, with a new id or the same): its
    // event feed starts again from 1, and its events are news from now on.
    if (e.node.everSeen && (fresh.ref.id != e.node.ref.id || fresh.uptimeMs < e.node.uptimeMs)) {
        e.lastSeq = 0;
        e.watchedSinceMs = nowMs() - fresh.uptimeMs - 1000;
    }
    const bool firstTime = !e.node.everSeen;
    const bool succMoved = e.node.everSeen && fresh.succ != e.node.succ;
    fresh.everSeen = true;
    e.node = fresh;
    e.bits = bits;
    e.failures = 0;
    e.lastAnswerMs = nowMs();
    if (firstTime)
        emit nodeAppeared(address);
    if (succMoved)
        emit successorChanged(address);
    // Pointers to nodes we do not know yet (an attached ring): watch them too.
    QList<Chord::NodeRef> refs = fresh.successors;
    if (fresh.pred)
        refs.append(*fresh.pred);
    for (const Chord::NodeRef &n : refs) {
        if (!m_entries.count(n.address()))
            watch(n.host, n.port, n.name);
    }
}

void RingMonitor::forgetIfGone(std::map<QString, Entry>::iterator entry) {
    // A node nobody started and nobody answers for a while has left for good.
    const Entry &e = entry->second;
    if (e.hasProcess || e.failures <= 0 || nowMs() - e.lastAnswerMs <= ForgetUnreachableAfterMs)
        return;
    const QString &address = entry->first;
    const bool referenced = std::any_of(m_entries.begin(), m_entries.end(), [&](const auto &kv) {
        return kv.second.failures == 0 && kv.second.node.succ &&
               kv.second.node.succ->address() == address;
    });
    if (!referenced)
        m_entries.erase(entry);
}

QCoro::Task<> RingMonitor::pollKeys(QString address) {
    auto it = m_entries.find(address);
    if (it == m_entries.end())
        co_return;
    it->second.keysBusy = true;
    const Chord::NodeRef peer = it->second.node.ref;
    QPointer<RingMonitor> self(this);
    const auto r = co_await m_client->keys(peer, RequestTimeoutMs);
    if (!self)
        co_return;
    it = m_entries.find(address);
    if (it == m_entries.end())
        co_return;
    it->second.keysBusy = false;
    if (r.ok()) {
        QStringList keys = *r;
        keys.sort();
        if (keys != it->second.node.keys) {
            it->second.node.keys = keys;
            scheduleRebuild();
        }
    }
}

QCoro::Task<> RingMonitor::pollEvents(QString address) {
    auto it = m_entries.find(address);
    if (it == m_entries.end())
        co_return;
    it->second.eventsBusy = true;
    const Chord::NodeRef peer = it->second.node.ref;
    QPointer<RingMonitor> self(this);
    const auto r = co_await m_client->events(peer, it->second.lastSeq, RequestTimeoutMs);
    if (!self)
        co_return;
    it = m_entries.find(address);
    if (it == m_entries.end())
        co_return;
    it->second.eventsBusy = false;
    if (!r.ok())
        co_return;
    for (const Chord::Event &ev : *r) {
        if (ev.seq <= it->second.lastSeq)
            continue;
        it->second.lastSeq = ev.seq;
        if (ev.timeMs < it->second.watchedSinceMs)
            continue;
        handleEvent(it->second, ev);
        // handleEvent may watch new nodes, which can rehash nothing in std::map: safe.
    }
}

QString RingMonitor::messageKind(const QString &detail) {
    qsizetype end = 0;
    while (end < detail.size() && detail[end] != u' ' && detail[end] != u':')
        ++end;
    return detail.left(end);
}

void RingMonitor::handleEvent(Entry &entry, const Chord::Event &ev) {
    const Chord::NodeRef source = entry.node.ref;
    emit eventObserved(source, ev);
    if (ev.type == "lookup"_L1) {
        if (ev.lookup)
            emit lookupObserved(source, *ev.lookup, ev.op);
    } else if (ev.type == "handoff-out"_L1) {
        // Only the sender reports, so that one hand-off is drawn once.
        if (ev.node && ev.count > 0)
            emit keysTransferred(source, *ev.node, ev.count);
    } else if (ev.type == "message"_L1) {
        if (ev.node)
            emit messageObserved(source, *ev.node, messageKind(ev.detail), ev.detail);
    } else if (ev.type == "join"_L1) {
        if (ev.node && !m_entries.count(ev.node->address()))
            watch(ev.node->host, ev.node->port, ev.node->name);
    }
}

QCoro::Task<> RingMonitor::discover() {
    // Ask one answering node for a ring walk; every member we do not know is watched.
    QString from;
    for (const auto &[address, entry] : m_entries) {
        if (entry.node.everSeen && entry.failures == 0) {
            from = address;
            break;
        }
    }
    if (from.isEmpty())
        co_return;
    m_discoverBusy = true;
    const Chord::NodeRef peer = m_entries.at(from).node.ref;
    QPointer<RingMonitor> self(this);
    const auto r = co_await m_client->ringMembers(peer, 3000);
    if (!self)
        co_return;
    m_discoverBusy = false;
    if (!r.ok())
        co_return;
    for (const Chord::NodeRef &n : *r) {
        if (!m_entries.count(n.address()))
            watch(n.host, n.port, n.name);
    }
}

void RingMonitor::scheduleRebuild() {
    if (m_rebuildPending)
        return;
    m_rebuildPending = true;
    QTimer::singleShot(0, this, [this] {
        m_rebuildPending = false;
        rebuild();
    });
}

void RingMonitor::rebuild() {
    RingSnapshot s;
    s.bits = m_snapshot.bits;
    for (const auto &[address, entry] : m_entries) {
        if (entry.node.everSeen) {
            s.bits = entry.bits;
            break;
        }
    }
    if (s.bits != m_snapshot.bits)
        m_keyIdCache.clear();
    const Chord::IdSpace space(s.bits);
    m_keyIds.clear();
    for (const auto &[address, entry] : m_entries) {
        s.nodes.append(entry.node);
        if (entry.node.health != NodeHealth::Alive)
            continue;
        for (const QString &k : entry.node.keys) {
            auto c = m_keyIdCache.constFind(k);
            if (c == m_keyIdCache.constEnd())
                c = m_keyIdCache.insert(k, space.hashKey(k));
            m_keyIds.append(*c);
        }
    }
    std::sort(s.nodes.begin(), s.nodes.end(), [](const NodeSnapshot &a, const NodeSnapshot &b) {
        return a.ref.id != b.ref.id ? a.ref.id < b.ref.id : a.address() < b.address();
    });
    m_snapshot = std::move(s);
    emit snapshotChanged();
}

} // namespace ChordLab
