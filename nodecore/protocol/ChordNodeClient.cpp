// ChordNode, client side: lookups, gets and puts this node starts, and the owner cache.
#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <chrono>
#include <limits>
#include <vector>

namespace Chord {

using namespace detail;

// ---- client side -------------------------------------------------------------------------

QCoro::Task<ChordNode::Route> ChordNode::route(NodeRef start, Id id, quint64 ringToken,
                                               bool sampleClocks, QString op) {
    Route r;
    NodeRef current = start;
    for (int hop = 0; hop < MaxLookupHops; ++hop) {
        const qint64 t = m_scheduler->nowNs();
        const PeerResult<StepAnswer> answer =
            co_await clientFor(op)->findSuccessorStep(current, id, ringToken);
        r.last = current;
        Hop h{current, false, !answer.ok(), {}, msSince(t)};
        if (!answer.ok()) {
            r.hops.append(h);
            r.error =
                QString::fromUtf8("%1 did not answer: %2").arg(describe(current), answer.error);
            r.status = answer.status;
            co_return r;
        }
        if (sampleClocks)
            sampleClock(current, answer->clockMs, m_scheduler->nowNs());
        h.done = answer->done;
        h.next = answer->node;
        r.hops.append(h);
        if (answer->done) {
            r.ok = true;
            r.owner = answer->node;
            co_return r;
        }
        if (answer->node.sameEndpoint(current)) {
            r.error = QString::fromUtf8("%1 named itself as next hop").arg(describe(current));
            co_return r;
        }
        current = answer->node;
    }
    r.error = QString::fromUtf8("no owner found within %1 hops").arg(MaxLookupHops);
    co_return r;
}

QCoro::Task<LookupResult> ChordNode::lookup(Id id, QString key, bool recordEvent, QString op) {
    const qint64 total = m_scheduler->nowNs();
    LookupResult result;
    result.key = key;
    result.id = id;
    for (int attempt = 0; attempt < LookupAttempts && !result.ok; ++attempt) {
        if (attempt > 0) {
            // Give stabilization a moment to route around the failed node.
            co_await m_scheduler->sleep(std::chrono::milliseconds(m_config.stabilizeMs / 2 + 50));
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
        const Route r = co_await route(local->node, id, m_ringToken, true, op);
        result.hops = r.hops;
        result.error = r.error;
        if (r.ok) {
            result.ok = true;
            result.owner = r.owner;
            rememberOwner(r.last.id, r.owner); // id in (last, owner]
        } else if (!r.hops.isEmpty() && r.hops.last().failed) {
            if (r.status == 409) {
                // Alive but in another ring (it left, or a hand-wired ring is still agreeing
                // on its token): only stop routing through it.
                for (OptionalNode &f : m_fingers) {
                    if (f && f->sameEndpoint(r.last))
                        f.reset();
                }
            } else {
                forgetPeer(r.last, QString::fromUtf8("lookup hop failed"));
            }
        }
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
                .lookup = result,
                .op = op});
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
    // The lookup found no node in (from, owner): older arcs ending there are stale. The map is
    // ordered by owner id, so they are one range (two when the arc wraps past zero).
    if (from < owner.id) {
        m_ownerCache.erase(m_ownerCache.upper_bound(from), m_ownerCache.lower_bound(owner.id));
    } else if (from > owner.id) {
        m_ownerCache.erase(m_ownerCache.upper_bound(from), m_ownerCache.end());
        m_ownerCache.erase(m_ownerCache.begin(), m_ownerCache.lower_bound(owner.id));
    } else {
        m_ownerCache.clear(); // (owner, owner): every other node
    }
    m_ownerCache.insert_or_assign(owner.id, CachedArc{from, owner});
}

void ChordNode::forgetOwner(const NodeRef &owner) {
    const auto it = m_ownerCache.find(owner.id);
    if (it != m_ownerCache.end() && it->second.owner.sameEndpoint(owner))
        m_ownerCache.erase(it);
}

void ChordNode::recordCachedRoute(Id id, const QString &key, const NodeRef &owner,
                                  const QString &op) {
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
            .lookup = route,
            .op = op});
}

QCoro::Task<std::optional<GetResult>> ChordNode::getFromCachedOwner(const QString &key, Id id,
                                                                    const QString &op) {
    const std::optional<NodeRef> owner = cachedOwner(id);
    if (!owner)
        co_return std::nullopt;
    if (owner->sameEndpoint(m_self)) {
        forgetOwner(*owner); // arcs of this node itself are never cached; be safe
        co_return std::nullopt;
    }
    const PeerResult<FetchAnswer> a = co_await clientFor(op)->fetch(*owner, key, m_ringToken);
    if (a.ok())
        sampleClock(*owner, a->clockMs, m_scheduler->nowNs());
    if (a.ok() && a->primary && !a->unconfirmed) {
        recordCachedRoute(id, key, *owner, op);
        co_return GetResult{a->found, a->item, *owner, 0};
    }
    ++m_stats.ownerCacheMisses;
    if (!a.ok() || !a->primary)
        forgetOwner(*owner);
    co_return std::nullopt;
}

QCoro::Task<PeerResult<WriteAnswer>> ChordNode::sendOwnerWrite(NodeRef owner, OwnerWrite write,
                                                               qint64 endNs) {
    // The owner gets a deadline on its own clock, so that an attempt we gave up on is never
    // carried out later, and no attempt after the write's lifetime (docs/CONSISTENCY.md, "no
    // zombie writes"). No reading of its clock yet: ask for one first (once per owner).
    const auto budgetMs = [&] {
        return std::min<qint64>(OwnerWriteBudgetMs, (endNs - m_scheduler->nowNs()) / 1000000);
    };
    if (budgetMs() <= 0)
        co_return PeerResult<WriteAnswer>::failure(QString::fromUtf8("the write's time ran out"));
    write.deadlineMs = deadlineFor(owner, budgetMs());
    if (write.deadlineMs == 0) {
        const PeerResult<Neighbors> nb = co_await clientFor(write.op)->neighbors(owner);
        if (!nb.ok())
            co_return PeerResult<WriteAnswer>::failure(nb.error, nb.status);
        if (nb->self.id != owner.id || nb->ringToken != m_ringToken)
            co_return PeerResult<WriteAnswer>{WriteAnswer{false}};
        sampleClock(owner, nb->clockMs, m_scheduler->nowNs());
        if (budgetMs() <= 0)
            co_return PeerResult<WriteAnswer>::failure(
                QString::fromUtf8("the write's time ran out"));
        write.deadlineMs = deadlineFor(owner, budgetMs());
    }
    const PeerResult<WriteAnswer> r =
        co_await clientFor(write.op)->ownerWrite(owner, write, m_ringToken);
    if (r.ok())
        sampleClock(owner, r->clockMs, m_scheduler->nowNs());
    co_return r;
}

QCoro::Task<std::optional<PutResult>> ChordNode::putToCachedOwner(const OwnerWrite &write, Id id,
                                                                  qint64 endNs) {
    const std::optional<NodeRef> owner = cachedOwner(id);
    if (!owner || owner->sameEndpoint(m_self))
        co_return std::nullopt;
    OwnerWrite strict = write;
    strict.cached = true;
    const PeerResult<WriteAnswer> r = co_await sendOwnerWrite(*owner, strict, endNs);
    if (r.ok() && r->acknowledged()) {
        recordCachedRoute(id, write.key, *owner, write.op);
        co_return PutResult{*owner, r->version, r->copies, 0};
    }
    // Not the owner (any more), another ring, no answer, or not acknowledged: route as if
    // nothing was cached. An attempt that was not acknowledged may have been carried out;
    // writing again gives a newer version, as with any retried write.
    ++m_stats.ownerCacheMisses;
    forgetOwner(*owner);
    co_return std::nullopt;
}

// One routing attempt of a read or write: after a failed attempt it first gives
// stabilization a moment to route around the failure.
QCoro::Task<Outcome<LookupResult>> ChordNode::routeAttempt(int attempt, Id id, QString key,
                                                           QString op) {
    if (attempt > 0)
        co_await m_scheduler->sleep(std::chrono::milliseconds(m_config.stabilizeMs / 2 + 50));
    LookupResult route = co_await lookup(id, key, true, op);
    if (!route.ok)
        co_return Outcome<LookupResult>::failure(NodeError::Unreachable, route.error);
    co_return Outcome<LookupResult>{std::move(route)};
}

namespace {
// One attempt at the owner a lookup found that did not give the result: why, to try again.
// unavailable: reachable but not ready (the ring settling, an arc not vouched for, a write not
// acknowledged), so that the request ends 503 "retry" rather than 502 "unreachable".
template <typename T> Outcome<T> retryAttempt(QString why, bool unavailable) {
    return Outcome<T>::failure(unavailable ? NodeError::Unavailable : NodeError::Unreachable,
                               std::move(why));
}

// This node left its ring (or joined another) while a client's request was under way: it
// answers for its own ring now, which is not the one the client asked.
template <typename T> Outcome<T> leftDuringRequest() {
    return Outcome<T>::failure(NodeError::LeftRing,
                               QString::fromUtf8("this node left its ring during the request; "
                                                 "retry at a member"));
}

// Reachable, but the ring's pointers disagree about the owner (a join, leave or repair under
// way): 503 "retry", not 502 "unreachable" (the meaning must reach the client).
QString settling(const QString &owner) {
    return QString::fromUtf8("the ring is settling: %1, found as the owner, does not own the "
                             "key; retry")
        .arg(owner);
}

constexpr qint64 NoEnd = std::numeric_limits<qint64>::max();
} // namespace

template <typename T, typename AtOwner>
QCoro::Task<Outcome<T>> ChordNode::retryAtOwner(Id id, QString key, QString op, qint64 endNs,
                                                AtOwner atOwner) {
    QString lastError;
    bool unavailable = false;
    const qint64 giveUpNs = m_scheduler->nowNs() + retryBudgetNs();
    for (int attempt = 0; (attempt < LookupAttempts || m_scheduler->nowNs() < giveUpNs) &&
                          m_scheduler->nowNs() < endNs;
         ++attempt) {
        const Outcome<LookupResult> route = co_await routeAttempt(attempt, id, key, op);
        if (!route.ok()) {
            lastError = route.message;
            continue;
        }
        Outcome<T> a = co_await atOwner(*route);
        if (a.ok() || a.error == NodeError::LeftRing)
            co_return a;
        unavailable = unavailable || a.error == NodeError::Unavailable;
        lastError = a.message;
    }
    co_return retryAttempt<T>(lastError, unavailable);
}

qint64 ChordNode::retryBudgetNs() const {
    // Reads and writes retry for as long as a takeover may keep an arc unconfirmed (a lease
    // and its margin, then one exchange with the replicas), then answer 503.
    return (2 * leaseMs() + 1000) * 1000000;
}

qint64 ChordNode::writeLifetimeNs() const {
    // The retries, and the owner's budget for the last attempt: 9 s with the default period.
    return retryBudgetNs() + qint64(OwnerWriteBudgetMs) * 1000000;
}

QCoro::Task<Outcome<GetResult>> ChordNode::get(QString key, QString op) {
    const Id id = m_space.hashKey(key);
    // The ring the request arrived in: if this node leaves it meanwhile, the request ends 503
    // (alone, it would answer for its own new ring).
    const quint64 ring = m_ringToken;
    if (const std::optional<GetResult> cached = co_await getFromCachedOwner(key, id, op))
        co_return Outcome<GetResult>{*cached};
    using Attempt = Outcome<GetResult>;
    co_return co_await retryAtOwner<GetResult>(
        id, key, op, NoEnd, [&](const LookupResult &route) -> QCoro::Task<Attempt> {
            FetchAnswer a;
            if (route.owner.sameEndpoint(m_self)) {
                a = co_await fetchConfirmed(key);
                if (m_ringToken != ring)
                    co_return leftDuringRequest<GetResult>();
            } else {
                const PeerResult<FetchAnswer> r =
                    co_await clientFor(op)->fetch(route.owner, key, m_ringToken);
                if (!r.ok()) {
                    if (r.status == 409)
                        co_return retryAttempt<GetResult>(
                            QString::fromUtf8("owner %1 left the ring").arg(describe(route.owner)),
                            false);
                    forgetPeer(route.owner, QString::fromUtf8("fetch failed"));
                    co_return retryAttempt<GetResult>(
                        QString::fromUtf8("owner %1 did not answer: %2")
                            .arg(describe(route.owner), r.error),
                        false);
                }
                sampleClock(route.owner, r->clockMs, m_scheduler->nowNs());
                a = *r;
            }
            // Only a node sure that it owns the key may answer for it, "absent" included.
            if (!a.primary)
                co_return retryAttempt<GetResult>(settling(describe(route.owner)), true);
            if (a.unconfirmed)
                co_return retryAttempt<GetResult>(
                    QString::fromUtf8("owner %1 cannot vouch for the key now")
                        .arg(describe(route.owner)),
                    true);
            co_return Attempt{GetResult{a.found, a.item, route.owner, int(route.hops.size())}};
        });
}

QCoro::Task<Outcome<PutResult>> ChordNode::put(QString key, QByteArray value, bool deleted,
                                               QString op) {
    // A client's write read right after this process was stopped may have waited in its socket
    // past its client's patience: the client may have written the key again elsewhere since,
    // and this old attempt must not overtake that (docs/CONSISTENCY.md, "no zombie writes").
    if (recentlyStalled())
        co_return Outcome<PutResult>::failure(
            NodeError::Unavailable,
            QString::fromUtf8("this node was stopped a moment ago and cannot tell how long the "
                              "request waited; retry"));
    const Id id = m_space.hashKey(key);
    const qint64 endNs = m_scheduler->nowNs() + writeLifetimeNs();
    // One id for every attempt of this write: an owner that carried it out already answers a
    // repeat from what it did instead of stamping a second, later version.
    OwnerWrite write{.key = key, .value = value, .deleted = deleted, .op = op};
    write.writeId = m_scheduler->random64() | 1;
    // The ring the request arrived in (see get()): the cached owner's answer may come after
    // this node left it (chord-sim --seed 1170 --mix all: the write was then taken by the node
    // alone, in its own new ring).
    const quint64 ring = m_ringToken;
    write.attempt = 1;
    if (const std::optional<PutResult> cached = co_await putToCachedOwner(write, id, endNs))
        co_return Outcome<PutResult>{*cached};
    using Attempt = Outcome<PutResult>;
    co_return co_await retryAtOwner<PutResult>(
        id, key, op, endNs, [&](const LookupResult &route) -> QCoro::Task<Attempt> {
            WriteAnswer answer;
            ++write.attempt;
            if (route.owner.sameEndpoint(m_self)) {
                if (m_ringToken != ring)
                    co_return leftDuringRequest<PutResult>();
                OwnerWrite local = write;
                local.deadlineMs = endNs / 1000000;
                answer = co_await ownerWrite(local);
                if (m_ringToken != ring)
                    co_return leftDuringRequest<PutResult>();
            } else {
                const PeerResult<WriteAnswer> r =
                    co_await sendOwnerWrite(route.owner, write, endNs);
                if (!r.ok()) {
                    forgetOwner(route.owner);
                    if (r.status == 0)
                        forgetPeer(route.owner, QString::fromUtf8("write failed"));
                    co_return retryAttempt<PutResult>(
                        QString::fromUtf8("owner %1 did not answer: %2")
                            .arg(describe(route.owner), r.error),
                        false);
                }
                answer = *r;
            }
            if (!answer.owner) {
                forgetOwner(route.owner);
                co_return retryAttempt<PutResult>(settling(describe(route.owner)), true);
            }
            // Not acknowledged: too few copies, or an owner that cannot vouch for its arc now.
            // It may have been carried out in part; a retry writes a newer version.
            if (!answer.error.isEmpty())
                co_return retryAttempt<PutResult>(
                    QString::fromUtf8("write not acknowledged by %1: %2")
                        .arg(describe(route.owner), answer.error),
                    true);
            co_return Attempt{
                PutResult{route.owner, answer.version, answer.copies, int(route.hops.size())}};
        });
}

} // namespace Chord
