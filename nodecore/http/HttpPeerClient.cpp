#include "HttpPeerClient.h"

#include "JsonCodec.h"
#include "RequestParsing.h"

#include <QJsonObject>
#include <QTimer>

#include <coroutine>
#include <memory>

namespace Chord::Http {

namespace {
QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Bodies are built outside the coroutines: GCC 12 miscompiles braced initializer lists
// inside coroutine bodies ("array used as initializer").
QByteArray itemsBody(const QList<Item> &items) {
    return compact({{QStringLiteral("items"), Json::fromItems(items)}});
}

QByteArray bootstrapBody(const Endpoint &bootstrap) {
    return compact({{QStringLiteral("bootstrap"), Json::fromEndpoint(bootstrap)}});
}

template <typename T> PeerResult<T> malformed(const NodeRef &peer) {
    return PeerResult<T>::failure(QStringLiteral("malformed answer from %1").arg(peer.address()),
                                  200);
}
} // namespace

HttpPeerClient::HttpPeerClient(QObject *parent)
    : QObject(parent) {}

QCoro::Task<PeerResult<QJsonDocument>> HttpPeerClient::call(QByteArray method, NodeRef peer,
                                                            QByteArray path, QByteArray body,
                                                            int timeoutMs, QByteArray contentType) {
    QByteArray headers = "Accept: application/json\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        headers += "Content-Type: " + contentType + "\r\n";
    if (!m_token.isEmpty())
        headers += "Authorization: Bearer " + m_token + "\r\n";
    if (!m_sender.isEmpty())
        headers += "X-Chord-From: " + m_sender + "\r\n";
    const RawReply reply = co_await m_pool.send(
        peer.host, peer.port,
        KeepAliveClient::buildRequest(method, peer.host, peer.port, path, headers, body),
        timeoutMs);
    const int status = reply.status;
    const QByteArray &data = reply.body;
    if (status == 0)
        co_return PeerResult<QJsonDocument>::failure(reply.error, 0);
    QJsonParseError pe;
    const QJsonDocument doc =
        data.isEmpty() ? QJsonDocument(QJsonObject{}) : QJsonDocument::fromJson(data, &pe);
    if (status >= 400) {
        co_return PeerResult<QJsonDocument>::failure(
            QStringLiteral("HTTP %1 %2").arg(status).arg(Json::errorText(doc.object())), status);
    }
    if (!data.isEmpty() && pe.error != QJsonParseError::NoError)
        co_return PeerResult<QJsonDocument>::failure(
            QStringLiteral("answer is not JSON: %1").arg(pe.errorString()), status);
    co_return PeerResult<QJsonDocument>{doc, {}, status};
}

QCoro::Task<PeerResult<StepAnswer>> HttpPeerClient::findSuccessorStep(NodeRef peer, Id id,
                                                                      quint64 ringToken) {
    QByteArray path = "/dht/find-successor?id=" + QByteArray::number(id);
    if (ringToken)
        path += "&ring=" + QByteArray::number(ringToken);
    const auto r = co_await call("GET", peer, path, {}, m_timeouts.quickMs);
    if (!r.ok())
        co_return PeerResult<StepAnswer>::failure(r.error, r.status);
    const auto step = Json::toStep(r->object());
    co_return step ? PeerResult<StepAnswer>{*step} : malformed<StepAnswer>(peer);
}

QCoro::Task<PeerResult<Neighbors>> HttpPeerClient::neighbors(NodeRef peer, StabilizeCall c) {
    QByteArray path = "/dht/neighbors";
    if (c.caller)
        path += "?caller=" + QByteArray::number(*c.caller) +
                "&ring=" + QByteArray::number(c.ringToken) +
                "&lease=" + QByteArray::number(c.leaseMs) +
                "&horizon=" + QByteArray::number(c.horizonMs) +
                "&cap=" + QByteArray::number(c.versionCap) +
                "&vclock=" + QByteArray::number(c.versionClock);
    if (c.caller && !c.predChain.isEmpty()) {
        path += "&chain=";
        for (qsizetype i = 0; i < c.predChain.size(); ++i)
            path += (i ? "," : "") + QByteArray::number(c.predChain[i]);
    }
    const auto r = co_await call("GET", peer, path, {}, m_timeouts.quickMs);
    if (!r.ok())
        co_return PeerResult<Neighbors>::failure(r.error, r.status);
    const auto n = Json::toNeighbors(r->object());
    co_return n ? PeerResult<Neighbors>{*n} : malformed<Neighbors>(peer);
}

QCoro::Task<PeerResult<RectifyAnswer>> HttpPeerClient::rectify(NodeRef peer, NodeRef candidate,
                                                               quint64 ringToken, bool joining) {
    // The data timeout, not the bulk one, though the answer may carry a hand-off: a rectify is
    // part of stabilize, which must not wait 30 s on a stopped successor. A caller that gets no
    // answer pulls its arc from the replicas before it serves it (ChordNode::stabilize).
    const QByteArray path = "/dht/rectify?ring=" + QByteArray::number(ringToken) +
                            (joining ? QByteArray("&join=1") : QByteArray());
    const auto r =
        co_await call("POST", peer, path, compact(Json::fromNode(candidate)), m_timeouts.dataMs);
    if (!r.ok())
        co_return PeerResult<RectifyAnswer>::failure(r.error, r.status);
    const auto a = Json::toRectifyAnswer(r->object());
    co_return a ? PeerResult<RectifyAnswer>{*a} : malformed<RectifyAnswer>(peer);
}

QCoro::Task<PeerResult<bool>> HttpPeerClient::notifyLeave(NodeRef peer, LeaveNotice notice) {
    const auto r = co_await call("POST", peer, "/dht/notify-leave",
                                 compact(Json::fromLeaveNotice(notice)), m_timeouts.quickMs);
    co_return r.ok() ? PeerResult<bool>{true} : PeerResult<bool>::failure(r.error, r.status);
}

QCoro::Task<PeerResult<Departure>> HttpPeerClient::departure(NodeRef peer, quint64 ringToken,
                                                             OptionalNode leaver) {
    // The data timeout, like rectify's, though the answer may carry the leaver's arc: the ask is
    // part of the check of a predecessor, and rectify from a live candidate is refused while it
    // waits (chord-sim --seed 19499 --mix all: a lost answer held it for the bulk 30 s). No
    // answer in time counts as no notice, and the next check asks again.
    QByteArray path = "/dht/departure?ring=" + QByteArray::number(ringToken);
    if (leaver)
        path += "&node=" + leaver->address().toUtf8();
    const auto r = co_await call("GET", peer, path, {}, m_timeouts.dataMs);
    if (!r.ok())
        co_return PeerResult<Departure>::failure(r.error, r.status);
    const auto d = Json::toDeparture(r->object());
    co_return d ? PeerResult<Departure>{*d} : malformed<Departure>(peer);
}

QCoro::Task<PeerResult<bool>> HttpPeerClient::storeItems(NodeRef peer, QList<Item> items,
                                                         quint64 ringToken, StoreAs as) {
    QByteArray path = "/dht/store-items?ring=" + QByteArray::number(ringToken);
    if (as == StoreAs::Replica)
        path += "&replica=1";
    const auto r =
        co_await call("POST", peer, path, itemsBody(items),
                      storeItemsTimeout(items.size(), m_timeouts.dataMs, m_timeouts.bulkMs));
    co_return r.ok() ? PeerResult<bool>{true} : PeerResult<bool>::failure(r.error, r.status);
}

QCoro::Task<PeerResult<ReplicateAnswer>> HttpPeerClient::replicate(NodeRef peer,
                                                                   ReplicateRequest request) {
    const auto r = co_await call(
        "POST", peer, "/dht/replicate", compact(Json::fromReplicateRequest(request)),
        replicateTimeout(request, m_timeouts.quickMs, m_timeouts.dataMs, m_timeouts.bulkMs));
    if (!r.ok())
        co_return PeerResult<ReplicateAnswer>::failure(r.error, r.status);
    const auto a = Json::toReplicateAnswer(r->object());
    co_return a ? PeerResult<ReplicateAnswer>{*a} : malformed<ReplicateAnswer>(peer);
}

namespace {
QByteArray ringQuery(quint64 ringToken) {
    return ringToken ? "ring=" + QByteArray::number(ringToken) : QByteArray();
}
} // namespace

QCoro::Task<PeerResult<FetchAnswer>> HttpPeerClient::fetch(NodeRef peer, QString key,
                                                           quint64 ringToken) {
    QByteArray path = "/dht/item?key=" + encodeKey(key);
    if (ringToken)
        path += '&' + ringQuery(ringToken);
    const auto r = co_await call("GET", peer, path, {}, m_timeouts.dataMs);
    if (!r.ok())
        co_return PeerResult<FetchAnswer>::failure(r.error, r.status);
    const std::optional<FetchAnswer> a = Json::toFetchAnswer(r->object());
    if (!a)
        co_return malformed<FetchAnswer>(peer);
    co_return PeerResult<FetchAnswer>{*a};
}

QCoro::Task<PeerResult<WriteAnswer>> HttpPeerClient::ownerWrite(NodeRef peer, OwnerWrite write,
                                                                quint64 ringToken) {
    QByteArray path = "/dht/item";
    if (ringToken)
        path += '?' + ringQuery(ringToken);
    const auto r = co_await call("PUT", peer, path, compact(Json::fromOwnerWrite(write)),
                                 m_timeouts.dataMs * 2);
    if (!r.ok() && r.status == 421)
        co_return PeerResult<WriteAnswer>{WriteAnswer{false}};
    if (!r.ok() && r.status == 503) {
        // The owner answered but did not acknowledge (too few copies, arc not vouched for,
        // deadline passed): not a dead peer.
        WriteAnswer refused;
        refused.error = r.error;
        co_return PeerResult<WriteAnswer>{refused, {}, 503};
    }
    if (!r.ok())
        co_return PeerResult<WriteAnswer>::failure(r.error, r.status);
    co_return PeerResult<WriteAnswer>{Json::toWriteAnswer(r->object())};
}

QCoro::Task<PeerResult<bool>> HttpPeerClient::ping(NodeRef peer) {
    const auto r = co_await call("GET", peer, "/", {}, m_timeouts.quickMs);
    co_return r.ok() ? PeerResult<bool>{true} : PeerResult<bool>::failure(r.error, r.status);
}

QCoro::Task<PeerResult<bool>> HttpPeerClient::poke(NodeRef peer) {
    const auto r = co_await call("POST", peer, "/dht/stabilize", {}, m_timeouts.quickMs);
    co_return r.ok() ? PeerResult<bool>{true} : PeerResult<bool>::failure(r.error, r.status);
}

namespace {
// The join request of askToJoin, under way on its own so that askToJoin can watch the joiner
// meanwhile. wait() resumes the watcher when the request is done or after a period.
struct PendingJoin {
    bool done = false;
    PeerResult<QJsonDocument> result;
    std::coroutine_handle<> waiter;
    QTimer timer;

    PendingJoin() {
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, [this] { wake(); });
    }
    void wake() {
        timer.stop();
        if (const std::coroutine_handle<> h = std::exchange(waiter, {}))
            h.resume();
    }

    struct Wait {
        PendingJoin &join;
        int ms;
        bool await_ready() const noexcept { return join.done; }
        void await_suspend(std::coroutine_handle<> h) {
            join.waiter = h;
            join.timer.start(ms);
        }
        void await_resume() const noexcept {}
    };
    Wait wait(int ms) { return Wait{*this, ms}; }
};

// Sends the join request; the PendingJoin outlives an askToJoin that stopped waiting for it.
QCoro::Task<> sendJoin(HttpPeerClient *client, std::shared_ptr<PendingJoin> pending, NodeRef peer,
                       QByteArray body, int timeoutMs) {
    pending->result = co_await client->call("POST", peer, "/dht/join", body, timeoutMs);
    pending->done = true;
    pending->wake();
}
} // namespace

// Seed form: this node asks a joiner to join its ring. The join may take long (routing, waiting
// for the owner's predecessor, a hand-off of keys), so the request gets the bulk timeout; but
// a joiner that stops answering is not waited for that long: while the request is out, the
// joiner is asked for its neighbours every JoinWatchMs, and the first of those it leaves
// unanswered (dataMs) ends the wait with an error. A joiner at work still answers them.
QCoro::Task<PeerResult<bool>> HttpPeerClient::askToJoin(NodeRef peer, Endpoint bootstrap) {
    constexpr int JoinWatchMs = 1000;
    auto pending = std::make_shared<PendingJoin>();
    sendJoin(this, pending, peer, bootstrapBody(bootstrap), m_timeouts.bulkMs);
    while (!pending->done) {
        co_await pending->wait(JoinWatchMs);
        if (pending->done)
            break;
        const auto alive = co_await call("GET", peer, "/dht/neighbors", {}, m_timeouts.dataMs);
        if (!pending->done && alive.status == 0)
            co_return PeerResult<bool>::failure(
                QStringLiteral("stopped answering while asked to join: %1").arg(alive.error), 0);
    }
    const PeerResult<QJsonDocument> &r = pending->result;
    co_return r.ok() ? PeerResult<bool>{true} : PeerResult<bool>::failure(r.error, r.status);
}

} // namespace Chord::Http
