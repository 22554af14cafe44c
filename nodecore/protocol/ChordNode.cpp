#include "ChordNode.h"

#include <QCoroTimer>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <chrono>
#include <vector>

Q_LOGGING_CATEGORY(lcRing, "chord.ring")
Q_LOGGING_CATEGORY(lcStore, "chord.store")

namespace Chord {

namespace {
constexpr int MaxLookupHops = 160;
constexpr int LookupAttempts = 4;
constexpr int FingerLookupsPerRound = 3;
// Replicas not confirmed by their owner for this many rounds (and at least StaleReplicaMinMs)
// are dropped.
constexpr int StaleReplicaRounds = 40;
constexpr qint64 StaleReplicaMinMs = 30000;
// An owner whose replica matched its arc asks again after this many rounds (sooner when the
// arc or its content changes).
constexpr quint64 ReplicaRecheckRounds = 8;
// A successor that already has us as predecessor is told again (rectify) this often.
constexpr quint64 RectifyRefreshRounds = 8;

double msSince(const QElapsedTimer &t) {
    return double(t.nsecsElapsed()) / 1e6;
}

bool isStandalone(const Neighbors &n) {
    return !n.pred && n.successors.front().sameEndpoint(n.self);
}

bool contains(const QList<NodeRef> &list, const NodeRef &node) {
    return std::any_of(list.begin(), list.end(),
                       [&](const NodeRef &n) { return n.sameEndpoint(node); });
}
} // namespace

QString describe(const NodeRef &node) {
    return QString::fromUtf8("%1(%2 @%3)").arg(node.name, node.address(), QString::number(node.id));
}

ChordNode::ChordNode(NodeConfig config, PeerClient *client, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_space(config.space)
    , m_self(config.self)
    , m_client(client)
    , m_store(config.space)
    , m_ringToken(QRandomGenerator::global()->generate64()) {
    m_uptime.start();
    m_self.id = m_space.reduce(m_self.id);
    becomeAlone();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
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
    m_timer.stop();
}

void ChordNode::scheduleMaintenance() {
    if (!m_config.autoMaintenance)
        return;
    // +/-50% jitter keeps the nodes of a ring from stabilizing in lock step.
    const int base = m_config.stabilizeMs;
    const int jitter = int(QRandomGenerator::global()->bounded(base + 1)) - base / 2;
    m_timer.start(std::max(10, base + jitter));
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
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
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
    const Id id = m_space.hashKey(key);
    const bool primary = isPrimaryFor(id);
    const auto item = m_store.find(key);
    if (!item || item->deleted)
        return {false, item ? *item : Item{key, id, {}, 0, true}, primary};
    return {true, *item, primary};
}

QCoro::Task<WriteAnswer> ChordNode::ownerWrite(OwnerWrite write) {
    const Id id = m_space.hashKey(write.key);
    if (!isPrimaryFor(id) || m_leaving)
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

// ---- client side -------------------------------------------------------------------------

QCoro::Task<LookupResult> ChordNode::lookup(Id id, QString key, bool recordEvent) {
    QElapsedTimer total;
    total.start();
    LookupResult result;
    result.key = key;
    result.id = id;
    for (int attempt = 0; attempt < LookupAttempts && !result.ok; ++attempt) {
        if (attempt > 0) {
            // Give stabilization a moment to route around the failed node.
            co_await QCoro::sleepFor(std::chrono::milliseconds(m_config.stabilizeMs / 2 + 50));
        }
        result.hops.clear();
        const std::optional<StepAnswer> local = findSuccessorStep(id);
        if (local->done) {
            result.ok = true;
            result.owner = local->node;
            if (!local->node.sameEndpoint(m_self))
                rememberOwner(m_self.id, local->node); // id in (self, succ]
            break;
        }
        NodeRef current = local->node;
        const quint64 token = m_ringToken;
        for (int hop = 0; hop < MaxLookupHops; ++hop) {
            QElapsedTimer t;
            t.start();
            const PeerResult<StepAnswer> answer =
                co_await m_client->findSuccessorStep(current, id, token);
            Hop h{current, false, !answer.ok(), {}, msSince(t)};
            if (!answer.ok()) {
                result.hops.append(h);
                result.error =
                    QString::fromUtf8("%1 did not answer: %2").arg(describe(current), answer.error);
                if (answer.status == 409) {
                    // Alive but in another ring (it left, or a hand-wired ring is still
                    // agreeing on its token): only stop routing through it.
                    for (OptionalNode &f : m_fingers) {
                        if (f && f->sameEndpoint(current))
                            f.reset();
                    }
                } else {
                    forgetPeer(current, QString::fromUtf8("lookup hop failed"));
                }
                break;
            }
            h.done = answer->done;
            h.next = answer->node;
            result.hops.append(h);
            if (answer->done) {
                result.ok = true;
                result.owner = answer->node;
                rememberOwner(current.id, answer->node); // current: id in (current, owner]
                break;
            }
            if (answer->node.sameEndpoint(current)) {
                result.error =
                    QString::fromUtf8("%1 named itself as next hop").arg(describe(current));
                break;
            }
            current = answer->node;
        }
        if (!result.ok && result.error.isEmpty())
            result.error = QString::fromUtf8("no owner found within %1 hops").arg(MaxLookupHops);
    }
    if (result.ok)
        result.error.clear();
    result.ms = msSince(total);
    ++m_stats.lookups;
    if (result.ok)
        ++m_stats.hopHistogram[std::min<qsizetype>(result.hops.size(), 16)];
    else
        ++m_stats.lookupFailures;
    if (recordEvent) {
        record({.type = QString::fromUtf8("lookup"),
                .detail = result.ok ? QString::fromUtf8("%1 hops, %2 ms")
                                          .arg(result.hops.size())
                                          .arg(result.ms, 0, 'f', 2)
                                    : result.error,
                .node = result.ok ? OptionalNode(result.owner) : std::nullopt,
                .id = id,
                .key = key,
                .count = int(result.hops.size()),
                .lookup = result});
    }
    co_return result;
}

// ---- owner cache ---------------------------------------------------------------------------
// A read or write through this node would route to the key's owner every time (1-3 hops on
// 16 nodes, each a request). Instead the arcs (from, owner] that this node's lookups end on
// are remembered, and a later key in a remembered arc goes straight to its owner. A cached
// owner is never trusted: it answers with its own view (GET /dht/item says `primary`, PUT
// /dht/item answers 421 when it does not own the key, both answer 409 when it left the ring),
// and any doubt or failure drops the entry and routes as before. Lookups proper
// (GET /dht/lookup, fix-fingers) always route.

namespace {
constexpr std::size_t OwnerCacheSize = 1024;
} // namespace

std::optional<NodeRef> ChordNode::cachedOwner(Id id) const {
    if (!m_config.ownerCache || m_ownerCache.empty() || m_ownerCacheRing != m_ringToken)
        return std::nullopt;
    auto it = m_ownerCache.lower_bound(id); // the first owner at or after id
    if (it == m_ownerCache.end())
        it = m_ownerCache.begin(); // wrapped past zero
    const CachedArc &arc = it->second;
    if (arc.from == arc.owner.id ||
        Interval::containsOpenClosed(m_space, arc.from, arc.owner.id, id))
        return arc.owner;
    return std::nullopt;
}

void ChordNode::rememberOwner(Id from, const NodeRef &owner) {
    if (!m_config.ownerCache || owner.sameEndpoint(m_self))
        return;
    if (m_ownerCacheRing != m_ringToken || m_ownerCache.size() >= OwnerCacheSize) {
        m_ownerCache.clear();
        m_ownerCacheRing = m_ringToken;
    }
    // The lookup found no node in (from, owner): older arcs ending there are stale.
    for (auto it = m_ownerCache.begin(); it != m_ownerCache.end();) {
        if (Interval::containsOpenOpen(m_space, from, owner.id, it->first))
            it = m_ownerCache.erase(it);
        else
            ++it;
    }
    m_ownerCache.insert_or_assign(owner.id, CachedArc{from, owner});
}

void ChordNode::forgetOwner(const NodeRef &owner) {
    const auto it = m_ownerCache.find(owner.id);
    if (it != m_ownerCache.end() && it->second.owner.sameEndpoint(owner))
        m_ownerCache.erase(it);
}

void ChordNode::recordCachedRoute(Id id, const QString &key, const NodeRef &owner) {
    ++m_stats.ownerCacheHits;
    LookupResult route;
    route.ok = true;
    route.key = key;
    route.id = id;
    route.owner = owner;
    record({.type = QString::fromUtf8("lookup"),
            .detail = QString::fromUtf8("owner from cache, 0 hops"),
            .node = owner,
            .id = id,
            .key = key,
            .count = 0,
            .lookup = route});
}

QCoro::Task<std::optional<GetResult>> ChordNode::getFromCachedOwner(const QString &key, Id id) {
    const std::optional<NodeRef> owner = cachedOwner(id);
    if (!owner)
        co_return std::nullopt;
    if (owner->sameEndpoint(m_self)) {
        forgetOwner(*owner); // arcs of this node itself are never cached; be safe
        co_return std::nullopt;
    }
    const PeerResult<FetchAnswer> a = co_await m_client->fetch(*owner, key, m_ringToken);
    if (a.ok() && a->primary) {
        recordCachedRoute(id, key, *owner);
        co_return GetResult{a->found, a->item, *owner, 0};
    }
    ++m_stats.ownerCacheMisses;
    forgetOwner(*owner);
    co_return std::nullopt;
}

QCoro::Task<std::optional<PutResult>> ChordNode::putToCachedOwner(const OwnerWrite &write, Id id) {
    const std::optional<NodeRef> owner = cachedOwner(id);
    if (!owner || owner->sameEndpoint(m_self))
        co_return std::nullopt;
    const PeerResult<WriteAnswer> r = co_await m_client->ownerWrite(*owner, write, m_ringToken);
    if (r.ok() && r->owner && r->error.isEmpty()) {
        recordCachedRoute(id, write.key, *owner);
        co_return PutResult{*owner, r->version, r->copies, 0};
    }
    // Not the owner (any more), another ring, or no answer: route as if nothing was cached.
    // A write whose answer was lost may have been applied; writing again is harmless (the
    // owner gives it a newer version), as with any retried write.
    ++m_stats.ownerCacheMisses;
    forgetOwner(*owner);
    co_return std::nullopt;
}

QCoro::Task<Outcome<GetResult>> ChordNode::get(QString key) {
    const Id id = m_space.hashKey(key);
    if (const std::optional<GetResult> cached = co_await getFromCachedOwner(key, id))
        co_return Outcome<GetResult>{*cached};
    QString lastError;
    for (int attempt = 0; attempt < LookupAttempts; ++attempt) {
        if (attempt > 0)
            co_await QCoro::sleepFor(std::chrono::milliseconds(m_config.stabilizeMs / 2 + 50));
        const LookupResult route = co_await lookup(id, key);
        if (!route.ok) {
            lastError = route.error;
            continue;
        }
        const int hops = int(route.hops.size());
        if (route.owner.sameEndpoint(m_self)) {
            const FetchAnswer a = fetchLocal(key);
            co_return Outcome<GetResult>{GetResult{a.found, a.item, m_self, hops}};
        }
        const PeerResult<FetchAnswer> a = co_await m_client->fetch(route.owner, key, m_ringToken);
        if (a.ok())
            co_return Outcome<GetResult>{GetResult{a->found, a->item, route.owner, hops}};
        if (a.status == 409) {
            lastError = QString::fromUtf8("owner %1 left the ring").arg(describe(route.owner));
            continue;
        }
        lastError =
            QString::fromUtf8("owner %1 did not answer: %2").arg(describe(route.owner), a.error);
        forgetPeer(route.owner, QString::fromUtf8("fetch failed"));
    }
    co_return Outcome<GetResult>::failure(NodeError::Unreachable, lastError);
}

QCoro::Task<Outcome<PutResult>> ChordNode::put(QString key, QByteArray value, bool deleted) {
    const Id id = m_space.hashKey(key);
    if (const std::optional<PutResult> cached =
            co_await putToCachedOwner(OwnerWrite{key, value, deleted}, id))
        co_return Outcome<PutResult>{*cached};
    QString lastError;
    for (int attempt = 0; attempt < LookupAttempts; ++attempt) {
        if (attempt > 0)
            co_await QCoro::sleepFor(std::chrono::milliseconds(m_config.stabilizeMs / 2 + 50));
        const LookupResult route = co_await lookup(id, key);
        if (!route.ok) {
            lastError = route.error;
            continue;
        }
        const int hops = int(route.hops.size());
        WriteAnswer answer;
        if (route.owner.sameEndpoint(m_self)) {
            answer = co_await ownerWrite({key, value, deleted});
        } else {
            const PeerResult<WriteAnswer> r =
                co_await m_client->ownerWrite(route.owner, {key, value, deleted}, m_ringToken);
            if (!r.ok()) {
                lastError = QString::fromUtf8("owner %1 did not answer: %2")
                                .arg(describe(route.owner), r.error);
                forgetOwner(route.owner);
                if (r.status == 0)
                    forgetPeer(route.owner, QString::fromUtf8("write failed"));
                continue;
            }
            answer = *r;
        }
        if (!answer.error.isEmpty())
            co_return Outcome<PutResult>::failure(NodeError::Unreachable, answer.error);
        if (!answer.owner) {
            lastError = QString::fromUtf8("%1 no longer owns the key").arg(describe(route.owner));
            forgetOwner(route.owner);
            continue;
        }
        co_return Outcome<PutResult>{PutResult{route.owner, answer.version, answer.copies, hops}};
    }
    co_return Outcome<PutResult>::failure(NodeError::Unreachable, lastError);
}

QCoro::Task<PeerResult<Neighbors>> ChordNode::resolve(Endpoint peer) {
    NodeRef ref{peer.name, peer.host, peer.port, 0};
    co_return co_await m_client->neighbors(ref);
}

QCoro::Task<PeerResult<NodeRef>> ChordNode::routeFrom(NodeRef start, Id id, quint64 ringToken) {
    // successor(id), asked the bootstrap way: the initiator contacts each node itself.
    NodeRef current = start;
    for (int hop = 0; hop < MaxLookupHops; ++hop) {
        const PeerResult<StepAnswer> a =
            co_await m_client->findSuccessorStep(current, id, ringToken);
        if (!a.ok())
            co_return PeerResult<NodeRef>::failure(
                QString::fromUtf8("routing through %1 failed: %2").arg(describe(current), a.error),
                a.status);
        if (a->done)
            co_return PeerResult<NodeRef>{a->node};
        current = a->node;
    }
    co_return PeerResult<NodeRef>::failure(
        QString::fromUtf8("no successor found within %1 hops").arg(MaxLookupHops));
}

Id ChordNode::pickInArc(Id from, Id to) const {
    // The middle third of the arc, at random: as balanced as the midpoint, but two nodes that
    // join into the same arc at the same moment do not pick the same identifier.
    const quint64 gap = from == to ? m_space.mask() : m_space.distance(from, to);
    if (gap < 6)
        return m_space.midpoint(from, to);
    const quint64 third = gap / 3;
    return m_space.add(from, third + QRandomGenerator::global()->bounded(third + 1));
}

QCoro::Task<Outcome<bool>> ChordNode::join(Endpoint bootstrap) {
    if (m_joining || m_leaving)
        co_return Outcome<bool>::failure(NodeError::Busy,
                                         QString::fromUtf8("a join or leave is already under way"));
    if (bootstrap.host == m_self.host && bootstrap.port == m_self.port)
        co_return Outcome<bool>::failure(NodeError::BadRequest,
                                         QString::fromUtf8("a node cannot join through itself"));
    const PeerResult<Neighbors> boot = co_await resolve(bootstrap);
    if (!boot.ok())
        co_return Outcome<bool>::failure(NodeError::Unreachable,
                                         QString::fromUtf8("bootstrap %1 did not answer: %2")
                                             .arg(bootstrap.address(), boot.error));
    if (boot->bits != m_space.bits())
        co_return Outcome<bool>::failure(
            NodeError::Conflict,
            QString::fromUtf8("ring uses %1-bit identifiers, this node %2 bits")
                .arg(boot->bits)
                .arg(m_space.bits()));
    if (boot->ringToken == m_ringToken && !isAlone()) {
        // Same ring identity. Either already a member, or the two halves of a ring that a
        // network split cut apart: then the bootstrap's side does not route our id to us.
        const PeerResult<StepAnswer> probe =
            co_await m_client->findSuccessorStep(boot->self, m_self.id, m_ringToken);
        NodeRef current = boot->self;
        std::optional<StepAnswer> step = probe.ok() ? std::optional(*probe) : std::nullopt;
        for (int hop = 0; step && !step->done && hop < MaxLookupHops; ++hop) {
            current = step->node;
            const PeerResult<StepAnswer> next =
                co_await m_client->findSuccessorStep(current, m_self.id, m_ringToken);
            step = next.ok() ? std::optional(*next) : std::nullopt;
        }
        if (step && step->done && step->node.sameEndpoint(m_self))
            co_return Outcome<bool>{true}; // already a member of that ring
        qCInfo(lcRing).noquote() << "same ring identity as" << describe(boot->self)
                                 << "but not reachable through it: rejoining";
    }
    m_joining = true;
    auto done = qScopeGuard([this] { m_joining = false; });

    // Leave the current ring first (a node is in one ring at a time).
    if (!isAlone()) {
        m_joining = false;
        const Outcome<bool> left = co_await leave();
        m_joining = true;
        if (!left.ok())
            co_return left;
    }

    const NodeRef bootRef = boot->self;
    const quint64 oldToken = m_ringToken;
    const Id oldId = m_self.id;
    const quint64 token = boot->ringToken;
    // Placement is retried when the successor turns the joiner down (rectify): another node
    // joined into the same arc at the same moment.
    for (int attempt = 1;; ++attempt) {
        Id newId = m_self.id;
        if (!m_config.explicitId) {
            // Load balance: take the middle of the widest arc of a sample of the ring. The
            // sample starts at a random place, so that joiners do not all crowd into the arcs
            // next to the bootstrap node.
            const PeerResult<NodeRef> sampleStart = co_await routeFrom(
                bootRef, m_space.reduce(QRandomGenerator::global()->generate64()), token);
            const RingWalk walk =
                co_await [](ChordNode *n, NodeRef start) -> QCoro::Task<RingWalk> {
                RingWalk w;
                NodeRef current = start;
                // A bounded sample of the ring: walking all of it made booting N nodes cost
                // O(N^2) calls (55 s for 128 nodes); 32 consecutive arcs choose nearly as well.
                for (int i = 0; i < 32; ++i) {
                    const PeerResult<Neighbors> nb = co_await n->m_client->neighbors(current);
                    if (!nb.ok())
                        break;
                    w.nodes.append(*nb);
                    current = nb->successors.front();
                    if (current.sameEndpoint(start)) {
                        w.complete = true;
                        break;
                    }
                }
                co_return w;
            }(this, sampleStart.ok() ? *sampleStart : bootRef);
            if (walk.nodes.isEmpty())
                co_return Outcome<bool>::failure(NodeError::Unreachable,
                                                 QString::fromUtf8("could not walk the ring"));
            // Arcs are measured back from each node to its predecessor: rectify updates that
            // pointer during a join, whereas the predecessor's successor pointer only catches up
            // at its next stabilize, so a walk along successors can miss a node that just joined.
            quint64 widest = 0;
            for (const Neighbors &nb : walk.nodes) {
                const Id to = nb.self.id;
                const Id from = nb.pred ? nb.pred->id : to;
                quint64 gap = m_space.distance(from, to);
                if (gap == 0)
                    gap = m_space.mask(); // a ring of one: the whole circle
                if (gap > widest) {
                    widest = gap;
                    newId = pickInArc(from, to);
                }
            }
        }

        // successor(newId) through the ring, asked the bootstrap way: the initiator contacts
        // each node itself, starting at the bootstrap node.
        const PeerResult<NodeRef> routed = co_await routeFrom(bootRef, newId, token);
        if (!routed.ok())
            co_return Outcome<bool>::failure(NodeError::Unreachable, routed.error);
        const NodeRef owner = *routed;
        PeerResult<Neighbors> ownerView = co_await m_client->neighbors(owner);
        if (!ownerView.ok())
            co_return Outcome<bool>::failure(
                NodeError::Unreachable,
                QString::fromUtf8("successor %1 did not answer").arg(describe(owner)));
        // A member whose predecessor is momentarily unknown (check-predecessor just timed out)
        // cannot tell us its arc: give the ring a moment to settle.
        for (int wait = 0; wait < 5 && ownerView.ok() && !ownerView->pred &&
                           !ownerView->successors.front().sameEndpoint(owner);
             ++wait) {
            co_await QCoro::sleepFor(std::chrono::milliseconds(m_config.stabilizeMs));
            ownerView = co_await m_client->neighbors(owner);
        }
        if (!ownerView.ok())
            co_return Outcome<bool>::failure(
                NodeError::Unreachable,
                QString::fromUtf8("successor %1 did not answer").arg(describe(owner)));
        if (!m_config.explicitId && ownerView->pred) {
            // Settle on the middle of the arc actually found, (pred(owner), owner]: another
            // joiner may have split the arc the walk saw.
            newId = pickInArc(ownerView->pred->id, owner.id);
        } else if (!m_config.explicitId && ownerView->successors.front().sameEndpoint(owner)) {
            newId = pickInArc(owner.id, owner.id); // a ring of one: across from the member
        }
        if (owner.id == newId && !owner.sameEndpoint(m_self))
            co_return Outcome<bool>::failure(
                NodeError::Conflict, QString::fromUtf8("identifier %1 is already held by %2")
                                         .arg(newId)
                                         .arg(describe(owner)));
        if (ownerView->pred && ownerView->pred->id == newId &&
            !ownerView->pred->sameEndpoint(m_self))
            co_return Outcome<bool>::failure(
                NodeError::Conflict, QString::fromUtf8("identifier %1 is already held by %2")
                                         .arg(newId)
                                         .arg(describe(*ownerView->pred)));

        // Take the place: id, ring, successor list copied from the successor (Zave's join).
        m_self.id = newId;
        m_ringToken = token;
        m_fingers = QList<OptionalNode>(m_space.bits());
        QList<NodeRef> list{owner};
        list.append(ownerView->successors);
        setSuccessors(list, QString::fromUtf8("join"));
        if (ownerView->pred && !ownerView->pred->sameEndpoint(m_self) &&
            Interval::containsOpenOpen(m_space, ownerView->pred->id, owner.id, newId))
            setPredecessor(ownerView->pred, QString::fromUtf8("join"));
        else if (ownerView->successors.front().sameEndpoint(owner))
            setPredecessor(owner, QString::fromUtf8("join (ring of one)"));
        record({.type = QString::fromUtf8("join"),
                .detail = oldId != newId
                              ? QString::fromUtf8("took id %1 (was %2)").arg(newId).arg(oldId)
                              : QString(),
                .node = owner});

        // Rectify at the successor now rather than at the next stabilize, and take the keys
        // it hands over.
        const PeerResult<RectifyAnswer> r = co_await m_client->rectify(owner, m_self, m_ringToken);
        if (!r.ok() || !r->accepted) {
            // Turned down: someone else took this place first. Back to standalone and retry.
            becomeAlone();
            m_self.id = oldId;
            m_ringToken = oldToken;
            const QString why =
                r.ok()
                    ? QString::fromUtf8("successor %1 turned the joiner down").arg(describe(owner))
                    : r.error;
            if (m_config.explicitId || attempt >= 6)
                co_return Outcome<bool>::failure(
                    r.ok() ? NodeError::Conflict : NodeError::Unreachable, why);
            qCInfo(lcRing).noquote() << "join attempt" << attempt << "failed:" << why;
            co_await QCoro::sleepFor(
                std::chrono::milliseconds(50 + QRandomGenerator::global()->bounded(250)));
            continue;
        }
        if (!r->handoff.isEmpty()) {
            storeItems(r->handoff);
            m_stats.handoffItemsIn += r->handoff.size();
            record({.type = QString::fromUtf8("handoff-in"),
                    .node = owner,
                    .count = int(r->handoff.size())});
        }
        break;
    }
    if (m_pred)
        co_await m_client->poke(*m_pred);
    m_departed = false;
    co_await pushForeignItems();
    co_await syncReplicas();
    co_return Outcome<bool>{true};
}

QCoro::Task<> ChordNode::pushForeignItems() {
    // A node that held keys before it joined brings them in: every copy outside its own arc
    // goes to its rightful owner, then is dropped here.
    if (!m_pred)
        co_return;
    const QList<Item> foreign = m_store.itemsIn(m_self.id, m_pred->id);
    int moved = 0;
    for (const Item &item : foreign) {
        const LookupResult route = co_await lookup(item.id, item.key, false);
        if (!route.ok || route.owner.sameEndpoint(m_self))
            continue;
        const PeerResult<bool> r = co_await m_client->storeItems(route.owner, QList<Item>(1, item));
        if (r.ok()) {
            ++moved;
            const auto still = m_store.find(item.key);
            if (still && !isPrimaryFor(still->id))
                m_store.erase(item.key);
        }
    }
    if (moved)
        record({.type = QString::fromUtf8("handoff-out"),
                .detail = QString::fromUtf8("keys brought in by joining"),
                .count = moved});
}

QCoro::Task<Outcome<bool>> ChordNode::leave() {
    if (isAlone())
        co_return Outcome<bool>{true};
    if (m_leaving)
        co_return Outcome<bool>::failure(NodeError::Busy, QString::fromUtf8("already leaving"));
    m_leaving = true;
    auto done = qScopeGuard([this] { m_leaving = false; });

    // 1. Hand the primary copies to the successor, which will own them once its
    //    predecessor pointer skips this node. Try further successors if one is dead.
    const QList<Item> mine = primaryItems(true);
    OptionalNode heir;
    for (const NodeRef &s : QList<NodeRef>(m_successors)) {
        if (s.sameEndpoint(m_self))
            break;
        const PeerResult<bool> r = co_await m_client->storeItems(s, mine);
        if (r.ok()) {
            heir = s;
            break;
        }
        forgetPeer(s, QString::fromUtf8("hand-off failed"));
    }
    if (!heir && !mine.isEmpty() && !m_successors.front().sameEndpoint(m_self))
        co_return Outcome<bool>::failure(NodeError::Unreachable,
                                         QString::fromUtf8("no successor took the keys"));
    if (heir) {
        m_stats.handoffItemsOut += mine.size();
        record({.type = QString::fromUtf8("handoff-out"),
                .detail = QString::fromUtf8("leave"),
                .node = heir,
                .count = int(mine.size())});
    }

    // 2. Our predecessor pointer may be stale (it left or crashed a moment ago): the notice
    //    must reach the node whose successor we really are, or it keeps routing to us.
    if (heir) {
        const PeerResult<Neighbors> p =
            m_pred ? co_await m_client->neighbors(*m_pred) : PeerResult<Neighbors>::failure({});
        if (!p.ok() || p->ringToken != m_ringToken || !p->successors.front().sameEndpoint(m_self)) {
            // The node that answers "done: us" for our own id is our predecessor.
            NodeRef current = *heir;
            for (int hop = 0; hop < MaxLookupHops; ++hop) {
                const PeerResult<StepAnswer> a =
                    co_await m_client->findSuccessorStep(current, m_self.id, m_ringToken);
                if (!a.ok())
                    break;
                if (a->done) {
                    if (a->node.sameEndpoint(m_self) && !current.sameEndpoint(m_self))
                        setPredecessor(current, QString::fromUtf8("found while leaving"));
                    break;
                }
                current = a->node;
            }
        }
    }

    // 3. Rewire: the successor's predecessor becomes ours, our predecessor's successor
    //    list continues with ours.
    const LeaveNotice notice{m_self, m_pred, m_successors};
    if (heir)
        co_await m_client->notifyLeave(*heir, notice);
    if (m_pred && !m_pred->sameEndpoint(m_self))
        co_await m_client->notifyLeave(*m_pred, notice);
    if (m_pred)
        co_await m_client->poke(*m_pred);
    if (heir)
        co_await m_client->poke(*heir);

    // 4. Standalone from now on, with a fresh ring identity so that stale fingers elsewhere
    //    pointing here fail over instead of being answered.
    record({.type = QString::fromUtf8("leave"), .node = heir});
    becomeAlone();
    m_ringToken = QRandomGenerator::global()->generate64();
    m_departed = true;
    co_return Outcome<bool>{true};
}

QCoro::Task<RingWalk> ChordNode::walkRing(int maxNodes) {
    RingWalk walk;
    walk.nodes.append(neighbors());
    NodeRef current = m_successors.front();
    while (!current.sameEndpoint(m_self) && walk.nodes.size() < maxNodes) {
        const PeerResult<Neighbors> nb = co_await m_client->neighbors(current);
        if (!nb.ok())
            co_return walk;
        walk.nodes.append(*nb);
        current = nb->successors.front();
        for (const Neighbors &seen : walk.nodes) {
            if (seen.self.sameEndpoint(current) && !current.sameEndpoint(m_self))
                co_return walk; // a loop that does not come back here: not one ring
        }
    }
    walk.complete = current.sameEndpoint(m_self);
    co_return walk;
}

QCoro::Task<Outcome<NodeRef>> ChordNode::setPredecessorByHand(Endpoint peer) {
    const PeerResult<Neighbors> nb = co_await resolve(peer);
    if (!nb.ok())
        co_return Outcome<NodeRef>::failure(
            NodeError::Unreachable,
            QString::fromUtf8("%1 did not answer: %2").arg(peer.address(), nb.error));
    setPredecessor(nb->self, QString::fromUtf8("set by hand"));
    co_return Outcome<NodeRef>{nb->self};
}

QCoro::Task<Outcome<NodeRef>> ChordNode::setSuccessorByHand(Endpoint peer) {
    const PeerResult<Neighbors> nb = co_await resolve(peer);
    if (!nb.ok())
        co_return Outcome<NodeRef>::failure(
            NodeError::Unreachable,
            QString::fromUtf8("%1 did not answer: %2").arg(peer.address(), nb.error));
    if (nb->bits != m_space.bits())
        co_return Outcome<NodeRef>::failure(
            NodeError::Conflict, QString::fromUtf8("peer uses %1-bit identifiers").arg(nb->bits));
    // Wiring by hand merges this node into the peer's ring.
    m_ringToken = nb->ringToken;
    QList<NodeRef> list{nb->self};
    list.append(nb->successors);
    setSuccessors(list, QString::fromUtf8("set by hand"));
    m_departed = false;
    co_return Outcome<NodeRef>{nb->self};
}

QCoro::Task<Outcome<bool>> ChordNode::placeJoiner(Endpoint joiner) {
    if (joiner.host == m_self.host && joiner.port == m_self.port)
        co_return Outcome<bool>::failure(NodeError::BadRequest,
                                         QString::fromUtf8("a node cannot place itself"));
    NodeRef peer{joiner.name, joiner.host, joiner.port, 0};
    // A quick look first, so that a peer that accepts connections but never answers fails
    // within the short timeout rather than the long one a join may need.
    const PeerResult<Neighbors> alive = co_await m_client->neighbors(peer);
    if (!alive.ok())
        co_return Outcome<bool>::failure(
            alive.status >= 400 && alive.status < 500 ? NodeError::Conflict
                                                      : NodeError::Unreachable,
            QString::fromUtf8("joiner %1: %2").arg(joiner.address(), alive.error));
    const PeerResult<bool> r =
        co_await m_client->askToJoin(peer, Endpoint{m_self.host, m_self.port, m_self.name});
    if (!r.ok())
        co_return Outcome<bool>::failure(
            r.status >= 400 && r.status < 500 ? NodeError::Conflict : NodeError::Unreachable,
            QString::fromUtf8("joiner %1: %2").arg(joiner.address(), r.error));
    co_return Outcome<bool>{true};
}

// ---- maintenance -------------------------------------------------------------------------

QCoro::Task<> ChordNode::maintenanceRound() {
    if (m_maintenanceRunning || m_leaving || m_joining)
        co_return;
    m_maintenanceRunning = true;
    ++m_round;
    ++m_stats.stabilizeRounds;
    co_await stabilize();
    co_await checkPredecessor();
    co_await fixFingers(FingerLookupsPerRound);
    co_await syncReplicas();
    if (m_round % 10 == 0 && m_pred) {
        const qint64 cutoff =
            QDateTime::currentMSecsSinceEpoch() -
            std::max(StaleReplicaMinMs, qint64(StaleReplicaRounds) * m_config.stabilizeMs);
        const int dropped = m_store.dropStale(m_pred->id, m_self.id, cutoff);
        if (dropped)
            qCInfo(lcStore) << "dropped" << dropped << "replicas no owner confirmed";
    }
    m_store.sync();
    m_maintenanceRunning = false;
}

QCoro::Task<> ChordNode::stabilize() {
    // Find the first live successor; a dead one is dropped from the list (Zave).
    std::optional<Neighbors> view;
    while (!view) {
        NodeRef succ = m_successors.front();
        if (succ.sameEndpoint(m_self)) {
            if (!m_pred)
                co_return;  // alone
            succ = *m_pred; // a ring of two forming: our predecessor is our successor
            setSuccessors({succ}, QString::fromUtf8("predecessor is the only peer"));
        }
        const PeerResult<Neighbors> r = co_await m_client->neighbors(succ, m_self.id, m_ringToken);
        if (r.ok() && r->ringToken == m_ringToken && r->self.id == succ.id) {
            view = *r;
        } else if (r.ok() && r->ringToken != m_ringToken &&
                   (!isStandalone(*r) || (r->pred && r->pred->sameEndpoint(m_self)))) {
            // Rings joined by hand (PUT /succ, --succ) start with different tokens: agree on
            // the smaller one; it spreads backwards around the ring through stabilize. A
            // successor that is standalone and does not point back at us has left instead.
            m_ringToken = std::min(m_ringToken, r->ringToken);
            view = *r;
        } else {
            forgetPeer(succ, r.ok() ? QString::fromUtf8("successor left the ring")
                                    : QString::fromUtf8("successor unreachable: ") + r.error);
            if (m_successors.front().sameEndpoint(m_self) && !m_pred)
                co_return;
        }
    }
    NodeRef succ = view->self;
    QList<NodeRef> list{succ};
    list.append(view->successors);
    if (view->pred && !view->pred->sameEndpoint(m_self) &&
        Interval::containsOpenOpen(m_space, m_self.id, succ.id, view->pred->id)) {
        // Someone joined between us and our successor: adopt it if it is alive.
        const PeerResult<Neighbors> x = co_await m_client->neighbors(*view->pred);
        if (x.ok() && x->ringToken == m_ringToken) {
            succ = x->self;
            list = {succ};
            list.append(x->successors);
        }
    }
    setSuccessors(list, QString::fromUtf8("stabilize"));
    if (m_successors.front().sameEndpoint(m_self))
        co_return;
    // The successor already has us as its predecessor: rectify would change nothing. It is
    // still sent now and then, as a keep-alive and so that a successor that lost us hears.
    const bool known = succ.sameEndpoint(m_successors.front()) && view->pred &&
                       view->pred->sameEndpoint(m_self) && view->pred->id == m_self.id;
    if (known && m_round % RectifyRefreshRounds != 0)
        co_return;
    const PeerResult<RectifyAnswer> r =
        co_await m_client->rectify(m_successors.front(), m_self, m_ringToken);
    if (r.ok() && !r->handoff.isEmpty()) {
        storeItems(r->handoff);
        m_stats.handoffItemsIn += r->handoff.size();
        record({.type = QString::fromUtf8("handoff-in"),
                .node = m_successors.front(),
                .count = int(r->handoff.size())});
    }
}

QCoro::Task<> ChordNode::checkPredecessor() {
    if (!m_pred)
        co_return;
    // It called us (stabilize, rectify or replica sync) this round or the last: alive and in
    // our ring.
    if (qint64(m_round) - m_predHeardRound <= 1)
        co_return;
    const NodeRef pred = *m_pred;
    // Alive is not enough: a predecessor that left (it keeps running, alone, in a ring of its
    // own) must be dropped too, or rectify from the real predecessor is never accepted.
    const PeerResult<Neighbors> r = co_await m_client->neighbors(pred);
    if (!m_pred || !m_pred->sameEndpoint(pred))
        co_return;
    if (!r.ok()) {
        ++m_stats.peerFailures;
        setPredecessor(std::nullopt, QString::fromUtf8("predecessor unreachable: ") + r.error);
    } else if (r->ringToken != m_ringToken && isStandalone(*r)) {
        setPredecessor(std::nullopt, QString::fromUtf8("predecessor left the ring"));
    } else if (r->self.id != pred.id) {
        // Another node now answers at that address (ours crashed and a new one started on
        // its port): our predecessor is gone.
        setPredecessor(std::nullopt, QString::fromUtf8("predecessor replaced by a new node"));
    }
}

QCoro::Task<> ChordNode::fixFingers(int lookups) {
    // finger[i] = successor(self + 2^i). Starts inside (self, succ] need no lookup; a lookup's
    // answer also serves every later start that falls before it.
    //
    // A finger that is still right is confirmed with one request (the finger answers the
    // routing step for its start itself) instead of a whole lookup. After a pass that changed
    // no finger the table is settled, and one finger a round keeps checking it: an idle ring
    // of 128 nodes would otherwise spend most of its CPU re-finding the same fingers. Any
    // change of finger, successor or predecessor, or a failed lookup, goes back to `lookups`
    // fingers a round.
    if (m_fingersSettled)
        lookups = 1;
    const int m = m_space.bits();
    auto set = [this](int i, const OptionalNode &n) {
        if (m_fingers[i] != n) {
            m_fingers[i] = n;
            m_fingerPassChanged = true;
            m_fingersSettled = false;
        }
    };
    int done = 0;
    for (int step = 0; step < m && done < lookups; ++step) {
        const int i = m_nextFinger;
        m_nextFinger = (m_nextFinger + 1) % m;
        if (i == 0) { // a pass begins: settled if the last one changed nothing
            m_fingersSettled = !m_fingerPassChanged;
            m_fingerPassChanged = false;
        }
        const Id start = m_space.fingerStart(m_self.id, i);
        const NodeRef &succ = m_successors.front();
        if (succ.sameEndpoint(m_self)) {
            set(i, m_self);
            continue;
        }
        if (Interval::containsOpenClosed(m_space, m_self.id, succ.id, start)) {
            set(i, succ);
            continue;
        }
        // successor(start) is the previous finger when start lies before it: no node sits
        // between the previous start and the previous finger.
        if (i > 0 && m_fingers[i - 1] &&
            Interval::containsOpenClosed(m_space, m_self.id, m_fingers[i - 1]->id, start)) {
            set(i, m_fingers[i - 1]);
            continue;
        }
        ++done;
        if (const OptionalNode current = m_fingers[i]; current && !current->sameEndpoint(m_self)) {
            const PeerResult<StepAnswer> check =
                co_await m_client->findSuccessorStep(*current, start, m_ringToken);
            if (i >= m_fingers.size())
                co_return; // the table was reset meanwhile (join or leave)
            if (check.ok() && check->done && check->node.sameEndpoint(*current) &&
                check->node.id == current->id)
                continue; // start is in (pred(finger), finger]: still successor(start)
        }
        const LookupResult r = co_await lookup(start, {}, false);
        if (i >= m_fingers.size())
            co_return; // the table was reset meanwhile (join or leave)
        if (r.ok) {
            set(i, r.owner);
        } else {
            m_fingerPassChanged = true;
            m_fingersSettled = false;
        }
    }
}

QCoro::Task<> ChordNode::syncReplicas() {
    if (!m_pred || m_leaving)
        co_return;
    const QList<NodeRef> targets = replicaTargets();
    const Id from = m_pred->id;
    const Id to = m_self.id;
    // Digest every round is cheap; the full set only goes out on a mismatch.
    const quint64 digest = m_store.digestIn(from, to);
    for (const NodeRef &target : targets) {
        // A target that matched this very arc and content lately is asked again only every
        // few rounds (it drops unconfirmed copies only after StaleReplicaRounds and at least
        // StaleReplicaMinMs, far longer).
        const auto matched = m_replicaMatched.constFind(target.address());
        if (matched != m_replicaMatched.cend() && matched->targetId == target.id &&
            matched->from == from && matched->to == to && matched->digest == digest &&
            m_round - matched->round < ReplicaRecheckRounds)
            continue;
        ReplicateRequest request{m_self, from, to, digest, false, {}};
        const PeerResult<ReplicateAnswer> a = co_await m_client->replicate(target, request);
        if (a.ok() && a->match)
            m_replicaMatched.insert(target.address(),
                                    ReplicaMatch{target.id, from, to, digest, m_round});
        else
            m_replicaMatched.remove(target.address());
        if (!a.ok() || a->match)
            continue;
        if (!m_pred || m_pred->id != from)
            co_return; // the arc moved meanwhile; next round
        request.full = true;
        request.items = m_store.itemsIn(from, to);
        const PeerResult<ReplicateAnswer> full = co_await m_client->replicate(target, request);
        if (full.ok() && !full->newer.isEmpty()) {
            const int changed = storeItems(full->newer);
            if (changed)
                record({.type = QString::fromUtf8("promote"),
                        .detail = QString::fromUtf8("newer copies from replica"),
                        .node = target,
                        .count = changed});
        }
        ++m_stats.replicationSyncs;
    }
}

} // namespace Chord
