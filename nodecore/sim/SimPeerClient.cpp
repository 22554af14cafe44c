#include "SimPeerClient.h"

#include "SimWorld.h"

namespace Chord::Sim {

// ---- the destination's side: NodeApi's node-to-node routes, minus JSON ----------------------
// Each is a coroutine taking its arguments by value (a capturing coroutine lambda would
// dangle once the std::function holding it is gone).

namespace {
template <typename T> PeerResult<T> ok(T value) {
    return PeerResult<T>{std::move(value), {}, 200};
}

// A node's refusal as HttpPeerClient reads the 409 the HTTP route answers with it.
template <typename T, typename U> PeerResult<T> refused(const Outcome<U> &why) {
    return PeerResult<T>::failure(QStringLiteral("HTTP 409 %1: %2").arg(why.title, why.message),
                                  409);
}

template <typename T> PeerResult<T> ringMismatch() {
    return refused<T>(Outcome<int>::ringMismatch());
}

QCoro::Task<PeerResult<StepAnswer>> serveFindSuccessor(SimNode &n, Id id, quint64 ring) {
    const std::optional<StepAnswer> step = n.chord->findSuccessorStep(id, ring);
    if (!step)
        co_return ringMismatch<StepAnswer>();
    co_return ok(*step);
}

QCoro::Task<PeerResult<Neighbors>> serveNeighbors(SimNode &n, StabilizeCall call) {
    // HttpPeerClient sends ?caller=&ring=&lease=... only for a stabilize call.
    co_return ok(n.chord->answerNeighbors(call));
}

QCoro::Task<PeerResult<RectifyAnswer>> serveRectify(SimNode &n, NodeRef candidate, quint64 ring,
                                                    bool joining) {
    co_return ok(n.chord->rectify(candidate, ring, joining));
}

QCoro::Task<PeerResult<bool>> serveNotifyLeave(SimNode &n, LeaveNotice notice) {
    n.chord->applyLeaveNotice(notice);
    co_return ok(true);
}

QCoro::Task<PeerResult<Departure>> serveDeparture(SimNode &n, quint64 ring, OptionalNode leaver) {
    const std::optional<Departure> d =
        leaver ? n.chord->heldDepartureOf(ring, leaver->address()) : n.chord->departureFrom(ring);
    if (!d)
        co_return PeerResult<Departure>::failure(
            QStringLiteral("HTTP 404: did not leave that ring"), 404);
    co_return ok(*d);
}

QCoro::Task<PeerResult<bool>> serveStoreItems(SimNode &n, QList<Item> items, quint64 ring,
                                              StoreAs as) {
    const Outcome<int> stored = n.chord->takeCopies(items, ring, as);
    if (!stored.ok())
        co_return refused<bool>(stored);
    co_return ok(true);
}

QCoro::Task<PeerResult<ReplicateAnswer>> serveReplicate(SimNode &n, ReplicateRequest request) {
    co_return ok(n.chord->replicate(request));
}

QCoro::Task<PeerResult<FetchAnswer>> serveFetch(SimNode &n, QString key, quint64 ring) {
    if (!n.chord->inRing(ring))
        co_return ringMismatch<FetchAnswer>();
    co_return ok(co_await n.chord->fetchConfirmed(key));
}

QCoro::Task<PeerResult<WriteAnswer>> serveOwnerWrite(SimNode &n, OwnerWrite write, quint64 ring) {
    if (!n.chord->inRing(ring))
        co_return ringMismatch<WriteAnswer>();
    // NodeApi answers 421 for a non-owner, which HttpPeerClient turns back into
    // WriteAnswer{owner = false}; a write that is not acknowledged (WriteAnswer::error) is
    // answered 503 with the answer's fields, which the client reads back as they were.
    co_return ok(co_await n.chord->ownerWrite(write));
}

QCoro::Task<PeerResult<bool>> servePing(SimNode &n) {
    if (!n.ready)
        co_return PeerResult<bool>::failure(QStringLiteral("HTTP 503 starting: not ready yet"),
                                            503);
    co_return ok(true);
}

QCoro::Task<PeerResult<bool>> servePoke(SimNode &n) {
    // POST /dht/stabilize starts a round and answers 202 at once.
    n.chord->maintenanceRound();
    co_return ok(true);
}

QCoro::Task<PeerResult<bool>> serveAskToJoin(SimNode &n, Endpoint bootstrap) {
    const Outcome<bool> joined = co_await n.chord->join(bootstrap);
    if (joined.ok())
        co_return ok(true);
    // NodeApi::replyOutcomeError
    int status = 502;
    if (joined.error == NodeError::Conflict || joined.error == NodeError::Busy)
        status = 409;
    else if (joined.error == NodeError::BadRequest)
        status = 400;
    else if (joined.error == NodeError::NotFound)
        status = 404;
    co_return PeerResult<bool>::failure(joined.message, status);
}

QString items(const QList<Item> &list) {
    QStringList out;
    for (const Item &i : list)
        out << QStringLiteral("%1=%2%3")
                   .arg(i.key, i.deleted ? QStringLiteral("(del)") : QString::fromUtf8(i.value))
                   .arg(i.version % 100000);
    return out.join(QLatin1Char(' '));
}
} // namespace

// ---- the caller's side ---------------------------------------------------------------------

QCoro::Task<PeerResult<StepAnswer>> SimPeerClient::findSuccessorStep(NodeRef peer, Id id,
                                                                     quint64 ringToken) {
    return m_world->call<StepAnswer>(
        m_tag, peer, QuickMs,
        m_world->tracing() ? QStringLiteral("find-successor %1").arg(id) : QString(),
        [id, ringToken](SimNode &n) { return serveFindSuccessor(n, id, ringToken); });
}

QCoro::Task<PeerResult<Neighbors>> SimPeerClient::neighbors(NodeRef peer, StabilizeCall call) {
    return m_world->call<Neighbors>(
        m_tag, peer, QuickMs,
        m_world->tracing()
            ? (call.caller ? QStringLiteral("neighbors (stabilize, lease %1 ms, horizon %2 ms)")
                                 .arg(call.leaseMs)
                                 .arg(call.horizonMs)
                           : QStringLiteral("neighbors"))
            : QString(),
        [call](SimNode &n) { return serveNeighbors(n, call); });
}

QCoro::Task<PeerResult<RectifyAnswer>> SimPeerClient::rectify(NodeRef peer, NodeRef candidate,
                                                              quint64 ringToken, bool joining) {
    return m_world->call<RectifyAnswer>(
        m_tag, peer, DataMs, // as HttpPeerClient::rectify
        m_world->tracing() ? QStringLiteral("rectify %1@%2%3")
                                 .arg(candidate.name)
                                 .arg(candidate.id)
                                 .arg(joining ? QStringLiteral(" (joining)") : QString())
                           : QString(),
        [candidate, ringToken, joining](SimNode &n) {
            return serveRectify(n, candidate, ringToken, joining);
        });
}

QCoro::Task<PeerResult<bool>> SimPeerClient::notifyLeave(NodeRef peer, LeaveNotice notice) {
    return m_world->call<bool>(
        m_tag, peer, QuickMs,
        m_world->tracing() ? QStringLiteral("notify-leave %1").arg(notice.leaver.name) : QString(),
        [notice](SimNode &n) { return serveNotifyLeave(n, notice); });
}

QCoro::Task<PeerResult<Departure>> SimPeerClient::departure(NodeRef peer, quint64 ringToken,
                                                            OptionalNode leaver) {
    // It may carry the leaver's whole arc; the data timeout all the same, as over HTTP
    // (HttpPeerClient::departure says why).
    return m_world->call<Departure>(
        m_tag, peer, DataMs,
        m_world->tracing() ? QStringLiteral("departure") +
                                 (leaver ? QStringLiteral(" of ") + leaver->name : QString())
                           : QString(),
        [ringToken, leaver](SimNode &n) { return serveDeparture(n, ringToken, leaver); });
}

QCoro::Task<PeerResult<bool>> SimPeerClient::storeItems(NodeRef peer, QList<Item> list,
                                                        quint64 ringToken, StoreAs as) {
    return m_world->call<bool>(
        m_tag, peer, storeItemsTimeout(list.size(), DataMs, BulkMs),
        m_world->tracing()
            ? QStringLiteral("store-items%1 %2")
                  .arg(as == StoreAs::Replica ? QStringLiteral(" (replica)") : QString())
                  .arg(items(list))
            : QString(),
        [list, ringToken, as](SimNode &n) { return serveStoreItems(n, list, ringToken, as); });
}

QCoro::Task<PeerResult<ReplicateAnswer>> SimPeerClient::replicate(NodeRef peer,
                                                                  ReplicateRequest request) {
    return m_world->call<ReplicateAnswer>(
        m_tag, peer, replicateTimeout(request, QuickMs, DataMs, BulkMs),
        m_world->tracing() ? QStringLiteral("replicate (%1,%2] %3")
                                 .arg(request.from)
                                 .arg(request.to)
                                 .arg(request.full ? QStringLiteral("full: ") + items(request.items)
                                                   : QStringLiteral("digest"))
                           : QString(),
        [request](SimNode &n) { return serveReplicate(n, request); });
}

QCoro::Task<PeerResult<FetchAnswer>> SimPeerClient::fetch(NodeRef peer, QString key,
                                                          quint64 ringToken) {
    return m_world->call<FetchAnswer>(
        m_tag, peer, DataMs, m_world->tracing() ? QStringLiteral("fetch %1").arg(key) : QString(),
        [key, ringToken](SimNode &n) { return serveFetch(n, key, ringToken); });
}

QCoro::Task<PeerResult<WriteAnswer>> SimPeerClient::ownerWrite(NodeRef peer, OwnerWrite write,
                                                               quint64 ringToken) {
    return m_world->call<WriteAnswer>(
        m_tag, peer, DataMs * 2,
        m_world->tracing()
            ? QStringLiteral("owner-write %1=%2%3")
                  .arg(write.key,
                       write.deleted ? QStringLiteral("(del)") : QString::fromUtf8(write.value),
                       write.cached ? QStringLiteral(" (cached)") : QString())
            : QString(),
        [write, ringToken](SimNode &n) { return serveOwnerWrite(n, write, ringToken); });
}

QCoro::Task<PeerResult<bool>> SimPeerClient::ping(NodeRef peer) {
    return m_world->call<bool>(m_tag, peer, QuickMs, QStringLiteral("ping"),
                               [](SimNode &n) { return servePing(n); });
}

QCoro::Task<PeerResult<bool>> SimPeerClient::poke(NodeRef peer) {
    return m_world->call<bool>(m_tag, peer, QuickMs, QStringLiteral("poke"),
                               [](SimNode &n) { return servePoke(n); });
}

QCoro::Task<PeerResult<bool>> SimPeerClient::askToJoin(NodeRef peer, Endpoint bootstrap) {
    return m_world->call<bool>(
        m_tag, peer, BulkMs,
        m_world->tracing() ? QStringLiteral("ask-to-join %1").arg(bootstrap.address()) : QString(),
        [bootstrap](SimNode &n) { return serveAskToJoin(n, bootstrap); });
}

} // namespace Chord::Sim
