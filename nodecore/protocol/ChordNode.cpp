#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <QLoggingCategory>

#include <chrono>
#include <vector>

Q_LOGGING_CATEGORY(lcRing, "chord.ring")
Q_LOGGING_CATEGORY(lcStore, "chord.store")

namespace Chord {

using namespace detail;

QString describe(const NodeRef &node) {
    return QString::fromUtf8("%1(%2 @%3)").arg(node.name, node.address(), QString::number(node.id));
}

ChordNode::ChordNode(NodeConfig config, PeerClient *client, Scheduler *scheduler, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_space(config.space)
    , m_self(config.self)
    , m_client(client)
    , m_scheduler(scheduler ? scheduler : QtScheduler::instance())
    , m_store(config.space)
    , m_ringToken(m_scheduler->random64()) {
    m_startNs = m_scheduler->nowNs();
    m_store.setWallClock([s = m_scheduler] { return s->wallMs(); });
    m_self.id = m_space.reduce(m_self.id);
    becomeAlone();
    m_timer = m_scheduler->createTimer([this] {
        [](ChordNode *node) -> QCoro::Task<> {
            co_await node->maintenanceRound();
            node->scheduleMaintenance();
        }(this);
    });
}

void ChordNode::startMaintenance() {
    m_config.autoMaintenance = true;
    scheduleMaintenance();
}

void ChordNode::stopMaintenance() {
    m_config.autoMaintenance = false;
    m_timer->stop();
}

void ChordNode::scheduleMaintenance() {
    if (!m_config.autoMaintenance)
        return;
    // +/-50% jitter keeps the nodes of a ring from stabilizing in lock step.
    const int base = m_config.stabilizeMs;
    const int jitter = int(m_scheduler->bounded(quint64(base) + 1)) - base / 2;
    m_timer->start(std::max(10, base + jitter));
}

void ChordNode::becomeAlone() {
    m_pred.reset();
    m_successors = {m_self};
    m_fingers = QList<OptionalNode>(m_space.bits());
    m_ownerCache.clear();
}

bool ChordNode::isPrimaryFor(Id id) const {
    if (!m_pred)
        return true;
    return Interval::containsOpenClosed(m_space, m_pred->id, m_self.id, id);
}

int ChordNode::primaryCount() const {
    if (!m_pred)
        return m_store.liveCount();
    return m_store.liveCountIn(m_pred->id, m_self.id);
}

int ChordNode::replicaCount() const {
    return m_store.liveCount() - primaryCount();
}

QList<Item> ChordNode::primaryItems(bool withTombstones) const {
    if (!m_pred)
        return m_store.allItems(withTombstones);
    return m_store.itemsIn(m_pred->id, m_self.id, withTombstones);
}

void ChordNode::record(Event event) {
    // The log line is built only when its category and level are enabled: lookups are
    // recorded on the request path.
    const bool storeEvent = event.type == QLatin1String("put") ||
                            event.type == QLatin1String("delete") ||
                            event.type.startsWith(QLatin1String("handoff"));
    const bool quiet = event.type == QLatin1String("lookup") && event.count == 0;
    const QLoggingCategory &category = storeEvent ? lcStore() : lcRing();
    if (quiet ? category.isDebugEnabled() : category.isInfoEnabled()) {
        QString line = event.type;
        if (event.node)
            line += QLatin1Char(' ') + describe(*event.node);
        if (event.previous)
            line += QString::fromUtf8(" (was %1)").arg(describe(*event.previous));
        if (!event.key.isEmpty())
            line += QString::fromUtf8(" key=%1").arg(event.key);
        if (event.count)
            line += QString::fromUtf8(" count=%1").arg(event.count);
        if (!event.detail.isEmpty())
            line += QString::fromUtf8(": ") + event.detail;
        if (quiet)
            qCDebug(category).noquote() << line; // answered locally: one per read
        else
            qCInfo(category).noquote() << line;
    }
    event.timeMs = m_scheduler->wallMs();
    m_events.append(event);
    emit eventRecorded(m_events.last());
}

void ChordNode::setPredecessor(const OptionalNode &pred, const QString &why) {
    OptionalNode next = pred;
    if (next && next->sameEndpoint(m_self))
        next.reset();
    if (next == m_pred)
        return;
    Event e{.type = QString::fromUtf8("pred"), .detail = why, .node = next, .previous = m_pred};
    m_pred = next;
    m_predHeardRound = -100;
    m_fingersSettled = false;
    record(e);
}

void ChordNode::setSuccessors(QList<NodeRef> list, const QString &why) {
    // A successor list holds the next r distinct nodes and stops where it would wrap back to
    // this node: in a ring smaller than r + 1 there are fewer than r others.
    QList<NodeRef> clean;
    for (const NodeRef &n : list) {
        if (n.sameEndpoint(m_self) || contains(clean, n))
            break;
        clean.append(n);
        if (clean.size() >= m_config.successorListLength)
            break;
    }
    if (clean.isEmpty())
        clean = {m_self};
    if (clean == m_successors)
        return;
    const NodeRef previous = m_successors.front();
    m_successors = clean;
    m_fingersSettled = false;
    if (!previous.sameEndpoint(clean.front()) || previous.id != clean.front().id)
        record({.type = QString::fromUtf8("succ"),
                .detail = why,
                .node = clean.front(),
                .previous = previous});
}

void ChordNode::forgetPeer(const NodeRef &peer, const QString &why) {
    // Address and id: a node restarted on a crashed node's port is a different node, and
    // must not be forgotten along with the stale pointers to its predecessor in that place.
    auto same = [&](const NodeRef &n) {
        return n.sameEndpoint(peer) && n.id == peer.id;
    };
    ++m_stats.peerFailures;
    QList<NodeRef> rest;
    for (const NodeRef &n : m_successors) {
        if (!same(n))
            rest.append(n);
    }
    if (rest.size() != m_successors.size())
        setSuccessors(rest, why);
    for (OptionalNode &f : m_fingers) {
        if (f && same(*f))
            f.reset();
    }
    if (m_pred && same(*m_pred))
        setPredecessor(std::nullopt, why);
    forgetOwner(peer);
}

// ---- server side -------------------------------------------------------------------------

NodeRef ChordNode::closestPrecedingNode(Id id) const {
    // Fingers and the successor list both qualify (Zave): the best candidate is the one
    // closest to id while still strictly between this node and id.
    NodeRef best = m_self;
    quint64 bestDistance = 0;
    auto consider = [&](const NodeRef &n) {
        if (n.sameEndpoint(m_self) || !Interval::containsOpenOpen(m_space, m_self.id, id, n.id))
            return;
        const quint64 d = m_space.distance(m_self.id, n.id);
        if (d > bestDistance) {
            bestDistance = d;
            best = n;
        }
    };
    for (const OptionalNode &f : m_fingers) {
        if (f)
            consider(*f);
    }
    for (const NodeRef &n : m_successors)
        consider(n);
    return best;
}

std::optional<StepAnswer> ChordNode::findSuccessorStep(Id id, quint64 ringToken) const {
    // A node asked on behalf of a ring it is no longer part of (it left, and a stale finger
    // still points at it) must not claim keys: the initiator treats this as a failed hop.
    if (ringToken != 0 && ringToken != m_ringToken)
        return std::nullopt;
    const NodeRef &succ = m_successors.front();
    if (succ.sameEndpoint(m_self))
        return StepAnswer{true, m_self};
    if (m_pred && Interval::containsOpenClosed(m_space, m_pred->id, m_self.id, id))
        return StepAnswer{true, m_self};
    if (Interval::containsOpenClosed(m_space, m_self.id, succ.id, id))
        return StepAnswer{true, succ};
    const NodeRef next = closestPrecedingNode(id);
    if (next.sameEndpoint(m_self))
        return StepAnswer{true, succ};
    return StepAnswer{false, next};
}

void ChordNode::heardFrom(Id caller, quint64 ringToken) {
    if (m_pred && m_pred->id == caller && ringToken == m_ringToken)
        m_predHeardRound = qint64(m_round);
}

Neighbors ChordNode::neighbors() const {
    return Neighbors{m_self,      m_pred,         m_successors,  m_space.bits(),
                     m_ringToken, primaryCount(), replicaCount()};
}

RectifyAnswer ChordNode::rectify(const NodeRef &candidate, quint64 ringToken) {
    // Zave's rectify: adopt the candidate as predecessor when there is none or it lies
    // between the current one and this node. Whatever the new predecessor now owns is
    // handed over in the answer; this node keeps those copies as the first replica.
    if (candidate.sameEndpoint(m_self) || m_leaving)
        return {};
    // A node that left must not be pulled back by its old neighbours' stale pointers; a
    // joiner (which has adopted this node's ring token) is welcome.
    if (m_departed && ringToken != 0 && ringToken != m_ringToken)
        return {};
    if (m_pred && m_pred->sameEndpoint(candidate)) {
        if (m_pred->id == candidate.id) {
            m_predHeardRound = qint64(m_round);
            return {true, {}};
        }
        // Same address, new identifier: the old predecessor crashed and a new node was
        // started on its port. That is a stranger, placed by the usual rule below.
        setPredecessor(std::nullopt, QString::fromUtf8("predecessor restarted with a new id"));
    }
    if (m_pred && !Interval::containsOpenOpen(m_space, m_pred->id, m_self.id, candidate.id))
        return {};
    const Id handFrom = m_pred ? m_pred->id : m_self.id;
    RectifyAnswer answer{true, m_store.itemsIn(handFrom, candidate.id)};
    setPredecessor(candidate, QString::fromUtf8("rectify"));
    m_departed = false;
    if (m_successors.front().sameEndpoint(m_self))
        setSuccessors({candidate}, QString::fromUtf8("first peer"));
    if (!answer.handoff.isEmpty()) {
        m_stats.handoffItemsOut += answer.handoff.size();
        record({.type = QString::fromUtf8("handoff-out"),
                .node = candidate,
                .count = int(answer.handoff.size())});
    }
    return answer;
}

void ChordNode::applyLeaveNotice(const LeaveNotice &notice) {
    if (notice.leaver.sameEndpoint(m_self))
        return;
    if (m_pred && m_pred->sameEndpoint(notice.leaver)) {
        const OptionalNode next =
            notice.pred && !notice.pred->sameEndpoint(notice.leaver) ? notice.pred : std::nullopt;
        setPredecessor(next, QString::fromUtf8("%1 left").arg(notice.leaver.name));
    }
    if (contains(m_successors, notice.leaver)) {
        QList<NodeRef> list;
        for (const NodeRef &n : m_successors) {
            if (n.sameEndpoint(notice.leaver)) {
                for (const NodeRef &s : notice.successors) {
                    if (!s.sameEndpoint(notice.leaver))
                        list.append(s);
                }
                break;
            }
            list.append(n);
        }
        setSuccessors(list, QString::fromUtf8("%1 left").arg(notice.leaver.name));
    }
    for (OptionalNode &f : m_fingers) {
        if (f && f->sameEndpoint(notice.leaver))
            f.reset();
    }
    if (m_successors.front().sameEndpoint(m_self) && m_pred)
        setSuccessors({*m_pred}, QString::fromUtf8("last peer"));
}

int ChordNode::storeItems(const QList<Item> &items) {
    int changed = 0;
    for (const Item &item : items)
        changed += m_store.merge(item) ? 1 : 0;
    m_store.sync(); // durable (with --data-dir) before the sender is told
    return changed;
}

ReplicateAnswer ChordNode::replicate(const ReplicateRequest &request) {
    const qint64 now = m_scheduler->wallMs();
    if (m_pred && m_pred->sameEndpoint(request.owner) && m_pred->id == request.owner.id)
        m_predHeardRound = qint64(m_round);
    if (!request.full) {
        const bool match = m_store.digestIn(request.from, request.to) == request.digest;
        if (match)
            m_store.touchIn(request.from, request.to, now);
        return {match, {}};
    }
    // Full sync: take every newer copy, and hand back the copies this node has newer (or
    // that the owner lacks) so that an acknowledged write survives whichever side kept it.
    QHash<QString, quint64> ownerVersions;
    for (const Item &item : request.items) {
        ownerVersions.insert(item.key, item.version);
        m_store.merge(item);
    }
    ReplicateAnswer answer{true, {}};
    for (const Item &mine : m_store.itemsIn(request.from, request.to)) {
        const auto it = ownerVersions.constFind(mine.key);
        if (it == ownerVersions.cend() || *it < mine.version)
            answer.newer.append(mine);
    }
    m_store.touchIn(request.from, request.to, now);
    m_store.sync();
    ++m_stats.replicationSyncs;
    return answer;
}

FetchAnswer ChordNode::fetchLocal(const QString &key) const {
    // The store hashes the key to find it; a copy it holds carries its id, so the key is
    // hashed once on the common path (this is the owner GET's hot path).
    const auto item = m_store.find(key);
    const Id id = item ? item->id : m_space.hashKey(key);
    const bool primary = surelyPrimaryFor(id);
    if (!item || item->deleted)
        return {false, item ? *item : Item{key, id, {}, 0, true}, primary};
    return {true, *item, primary};
}

QCoro::Task<WriteAnswer> ChordNode::ownerWrite(OwnerWrite write) {
    const Id id = m_space.hashKey(write.key);
    if (!(write.cached ? surelyPrimaryFor(id) : isPrimaryFor(id)) || m_leaving)
        co_return WriteAnswer{false, 0, 0};
    const Item item = m_store.write(write.key, write.value, write.deleted);
    record({.type = write.deleted ? QString::fromUtf8("delete") : QString::fromUtf8("put"),
            .node = m_self,
            .id = id,
            .key = write.key});
    // Acknowledge only once every live replica holds the copy; a dead one is skipped (the
    // next replica sync re-creates the copy on whoever replaces it).
    // The copies go to all replicas at once (tasks start eagerly), then the answers are
    // collected: the write costs one round trip, not one per replica.
    int copies = 1;
    QString refused;
    const QList<NodeRef> targets = replicaTargets();
    std::vector<QCoro::Task<PeerResult<bool>>> sends;
    sends.reserve(std::size_t(targets.size()));
    for (const NodeRef &target : targets) {
        // (GCC 12: a braced initializer_list argument inside a coroutine miscompiles.)
        sends.push_back(m_client->storeItems(target, QList<Item>(1, item)));
    }
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const NodeRef &target = targets[i];
        const PeerResult<bool> r = co_await std::move(sends[std::size_t(i)]);
        if (r.ok()) {
            ++copies;
        } else if (r.status != 0) {
            refused =
                QString::fromUtf8("replica %1 refused the copy: %2").arg(describe(target), r.error);
        } else {
            qCWarning(lcStore).noquote()
                << "replica" << describe(target) << "did not take" << write.key << ":" << r.error;
        }
    }
    co_return WriteAnswer{true, item.version, copies, refused};
}

QList<NodeRef> ChordNode::replicaTargets() const {
    QList<NodeRef> targets;
    for (const NodeRef &n : m_successors) {
        if (targets.size() >= m_config.replicas - 1)
            break;
        if (!n.sameEndpoint(m_self) && !contains(targets, n))
            targets.append(n);
    }
    return targets;
}

} // namespace Chord
