#include "PeerRoutes.h"

#include "JsonCodec.h"
#include "RequestParsing.h"
#include "RouteSupport.h"

namespace Chord::Http {

PeerRoutes::PeerRoutes(ChordNode &node, HttpServer &server, qint64 maxValueBytes, QObject *parent)
    : QObject(parent)
    , m_node(node)
    , m_maxValueBytes(maxValueBytes) {
    HttpServer &s = server;
    s.route("/dht/neighbors", Get, syncRoute(this, &PeerRoutes::neighbors));
    s.route("/dht/rectify", Post, syncRoute(this, &PeerRoutes::rectify), true);
    s.route("/dht/notify-leave", Post, syncRoute(this, &PeerRoutes::notifyLeave), true);
    s.route("/dht/departure", Get, syncRoute(this, &PeerRoutes::departure));
    s.route("/dht/store-items", Post, syncRoute(this, &PeerRoutes::storeItems), true);
    s.route("/dht/replicate", Post, syncRoute(this, &PeerRoutes::replicate), true);
    s.route("/dht/item", Get, asyncRoute(this, &PeerRoutes::fetchItem));
    s.route("/dht/item", Put, asyncRoute(this, &PeerRoutes::ownerWrite), true);
    s.route("/dht/stabilize", Post, syncRoute(this, &PeerRoutes::stabilizeNow), true);
}

void PeerRoutes::neighbors(const Request &req, const Reply &reply) {
    // ?caller=<id>&ring=<token>[&lease=ms&horizon=ms&cap=version&vclock=version&chain=ids]: the
    // asking node's stabilize (it is our predecessor, alive, and asks for its lease; docs/API.md).
    const Outcome<StabilizeCall> call = parseStabilizeCall(req);
    if (!call.ok())
        return replyFailure(reply, call);
    reply.json(Json::fromNeighbors(m_node.answerNeighbors(*call)));
}

void PeerRoutes::rectify(const Request &req, const Reply &reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        return;
    const auto candidate = Json::toNode(*o);
    if (!candidate || !o->contains(QLatin1String("id")) || !m_node.space().isValid(candidate->id))
        return reply.error(400, QStringLiteral("bad node"),
                           QStringLiteral("expected {name, host, port, id}"));
    const Outcome<quint64> ring = ringParam(req);
    if (!ring.ok())
        return replyFailure(reply, ring);
    const Outcome<bool> join =
        parseFlag(req.queryValue(QStringLiteral("join")), QStringLiteral("join"));
    if (!join.ok())
        return replyFailure(reply, join);
    reply.json(Json::fromRectifyAnswer(m_node.rectify(*candidate, *ring, *join)));
}

void PeerRoutes::departure(const Request &req, const Reply &reply) {
    const Outcome<quint64> ring = ringParam(req);
    if (!ring.ok())
        return replyFailure(reply, ring);
    if (!*ring)
        return reply.error(400, QStringLiteral("bad ring"),
                           QStringLiteral("expected ?ring=TOKEN, the ring this node left"));
    // ?node=host:port: that node's leave, received here as its heir.
    const QString node = req.queryValue(QStringLiteral("node"));
    if (req.query.hasQueryItem(QStringLiteral("node"))) {
        const std::optional<Endpoint> leaver = parseEndpointText(node);
        if (!leaver)
            return reply.error(400, QStringLiteral("bad node"),
                               QStringLiteral("expected ?node=host:port, the node that left"));
        const std::optional<Departure> d = m_node.heldDepartureOf(*ring, leaver->address());
        if (!d)
            return reply.error(404, QStringLiteral("not departed"),
                               QStringLiteral("no leave of %1 from ring %2 was handed here")
                                   .arg(leaver->address())
                                   .arg(*ring));
        return reply.json(Json::fromDeparture(*d));
    }
    const std::optional<Departure> d = m_node.departureFrom(*ring);
    if (!d)
        return reply.error(404, QStringLiteral("not departed"),
                           QStringLiteral("this node did not leave ring %1").arg(*ring));
    reply.json(Json::fromDeparture(*d));
}

void PeerRoutes::notifyLeave(const Request &req, const Reply &reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        return;
    const auto notice = Json::toLeaveNotice(*o);
    if (!notice)
        return reply.error(400, QStringLiteral("bad notice"),
                           QStringLiteral("expected {leaver, pred, successors}"));
    m_node.applyLeaveNotice(*notice);
    reply.json({{QStringLiteral("ok"), true}});
}

void PeerRoutes::storeItems(const Request &req, const Reply &reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        return;
    const auto items = Json::toItems(o->value(QLatin1String("items")));
    if (!items)
        return reply.error(400, QStringLiteral("bad items"),
                           QStringLiteral("expected {\"items\": [{key, value(base64), version}]}"));
    const Outcome<bool> asReplica =
        parseFlag(req.queryValue(QStringLiteral("replica")), QStringLiteral("replica"));
    if (!asReplica.ok())
        return replyFailure(reply, asReplica);
    const Outcome<quint64> ring = ringParam(req);
    if (!ring.ok())
        return replyFailure(reply, ring);
    const Outcome<int> stored =
        m_node.takeCopies(*items, *ring, *asReplica ? StoreAs::Replica : StoreAs::Handoff);
    if (!stored.ok())
        return replyFailure(reply, stored);
    reply.json({{QStringLiteral("stored"), *stored}});
}

void PeerRoutes::replicate(const Request &req, const Reply &reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        return;
    const auto request = Json::toReplicateRequest(*o);
    if (!request)
        return reply.error(400, QStringLiteral("bad replicate request"),
                           QStringLiteral("expected {owner, from, to, digest, full[, items]}"));
    reply.json(Json::fromReplicateAnswer(m_node.replicate(*request)));
}

QCoro::Task<> PeerRoutes::fetchItem(Request req, Reply reply) {
    const Outcome<QString> key = checkKey(req.queryValue(QStringLiteral("key")));
    if (!key.ok())
        co_return replyFailure(reply, key);
    if (const Outcome<quint64> ring = sameRing(m_node, req); !ring.ok())
        co_return replyFailure(reply, ring);
    reply.json(Json::fromFetchAnswer(co_await m_node.fetchConfirmed(*key)));
}

QCoro::Task<> PeerRoutes::ownerWrite(Request req, Reply reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        co_return;
    const Outcome<OwnerWrite> write = Json::toOwnerWrite(*o);
    if (!write.ok())
        co_return replyFailure(reply, write);
    if (write->value.size() > m_maxValueBytes)
        co_return reply.error(413, QStringLiteral("value too large"), QString());
    if (const Outcome<quint64> ring = sameRing(m_node, req); !ring.ok())
        co_return replyFailure(reply, ring);
    const WriteAnswer a = co_await m_node.ownerWrite(*write);
    if (!a.owner)
        co_return reply.error(421, QStringLiteral("not the owner"),
                              QStringLiteral("this node does not own the key; route again"));
    if (!a.error.isEmpty())
        co_return reply.error(503, QStringLiteral("write not acknowledged"), a.error);
    reply.json(Json::fromWriteAnswer(a));
}

void PeerRoutes::stabilizeNow(const Request &, const Reply &reply) {
    m_node.maintenanceRound();
    reply.send(202, "{\"ok\":true}", "application/json");
}

} // namespace Chord::Http
