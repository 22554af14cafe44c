#include "NodeApi.h"

#include "JsonCodec.h"
#include "MetricsText.h"
#include "PeerRoutes.h"
#include "RequestParsing.h"
#include "RouteSupport.h"

#include <QFile>
#include <QJsonArray>

namespace Chord::Http {

NodeApi::NodeApi(ChordNode &node, HttpServer &server, qint64 maxValueBytes, QObject *parent)
    : QObject(parent)
    , m_node(node)
    , m_server(server)
    , m_maxValueBytes(maxValueBytes) {
    registerRoutes();
    new PeerRoutes(node, server, maxValueBytes, this); // the node-to-node routes
}

void NodeApi::registerRoutes() {
    HttpServer &s = m_server;
    auto sync = [this](void (NodeApi::*fn)(const Request &, const Reply &)) {
        return syncRoute(this, fn);
    };
    auto async = [this](QCoro::Task<> (NodeApi::*fn)(Request, Reply)) {
        return asyncRoute(this, fn);
    };
    s.route("/", Get, sync(&NodeApi::readiness));
    s.route("/nodeinfo", Get, sync(&NodeApi::nodeInfo));
    s.route("/pred", Get, sync(&NodeApi::getPred));
    s.route("/pred", Put, async(&NodeApi::putPred), true);
    s.route("/succ", Get, sync(&NodeApi::getSucc));
    s.route("/succ", Put, async(&NodeApi::putSucc), true);
    s.route("/fingers", Get, sync(&NodeApi::fingers));
    s.route("/dht/find-successor", Get, sync(&NodeApi::findSuccessor));
    s.route("/dht/lookup", Get, async(&NodeApi::lookup));
    s.route("/dht/join", PutPost, async(&NodeApi::join), true);
    s.route("/dht/leave", GetPost, async(&NodeApi::leave), true);
    s.route("/dht/peers", Get, async(&NodeApi::peers));
    s.route("/dht/ring", Get, async(&NodeApi::ring));
    s.route("/dht/events", Get, sync(&NodeApi::events));
    s.route("/db", Get, sync(&NodeApi::listPrimaryKeys));
    s.route("/db/", Get, sync(&NodeApi::getKey), false, true);
    s.route("/db/", PutPost, async(&NodeApi::putKey), true, true);
    s.route("/db/", Delete, async(&NodeApi::deleteKey), true, true);
    s.route("/metrics", Get, sync(&NodeApi::metrics));
    s.route("/openapi.yaml", Get, sync(&NodeApi::openApi));
    s.route("/dht/maintenance", Get, sync(&NodeApi::getMaintenance));
    s.route("/dht/maintenance", Put, sync(&NodeApi::putMaintenance), true);
    s.route("/dht/maintenance/step", Post, async(&NodeApi::maintenanceStep), true);
    s.route("/dht/unavailable", Delete, sync(&NodeApi::releaseUnavailable), true);
}

// ---- contract routes ---------------------------------------------------------------------

void NodeApi::readiness(const Request &, const Reply &reply) {
    if (!m_ready)
        return reply.error(503, QStringLiteral("starting"), QStringLiteral("not ready yet"));
    reply.send(200, {}, {});
}

void NodeApi::nodeInfo(const Request &, const Reply &reply) {
    // Building 64 finger objects per request dominated its cost (profiled: 89%). The body is
    // reused for up to 100 ms unless an event (pointer change, hand-off, ...) or a change of
    // the store happened meanwhile: monitors polling it see changes at once, and uptimeMs is
    // at most 100 ms old.
    const qint64 now = m_node.uptimeMs();
    const auto stamp = std::make_pair(m_node.events().lastSeq(), m_node.store().generation());
    if (m_nodeInfoCache.isEmpty() || now - m_nodeInfoAt > 100 || stamp != m_nodeInfoStamp) {
        m_nodeInfoCache = QJsonDocument(Json::nodeInfo(m_node)).toJson(QJsonDocument::Compact);
        m_nodeInfoAt = now;
        m_nodeInfoStamp = stamp;
    }
    reply.send(200, m_nodeInfoCache, "application/json");
}

void NodeApi::getPred(const Request &, const Reply &reply) {
    const OptionalNode &pred = m_node.predecessor();
    if (!pred)
        return reply.send(200, "null", "application/json");
    reply.json(Json::fromNode(*pred));
}

void NodeApi::getSucc(const Request &, const Reply &reply) {
    reply.json(Json::fromNode(m_node.successor()));
}

QCoro::Task<> NodeApi::putPred(Request req, Reply reply) {
    const Outcome<Endpoint> ep = parseEndpointBody(req.body);
    if (!ep.ok())
        co_return replyFailure(reply, ep);
    const auto r = co_await m_node.setPredecessorByHand(*ep);
    if (!r.ok())
        co_return replyFailure(reply, r);
    reply.json(Json::fromNode(*r.value));
}

QCoro::Task<> NodeApi::putSucc(Request req, Reply reply) {
    const Outcome<Endpoint> ep = parseEndpointBody(req.body);
    if (!ep.ok())
        co_return replyFailure(reply, ep);
    const auto r = co_await m_node.setSuccessorByHand(*ep);
    if (!r.ok())
        co_return replyFailure(reply, r);
    reply.json(Json::fromNode(*r.value));
}

void NodeApi::fingers(const Request &, const Reply &reply) {
    reply.json(200,
               QJsonDocument(Json::nodeInfo(m_node).value(QLatin1String("fingers")).toArray()));
}

void NodeApi::findSuccessor(const Request &req, const Reply &reply) {
    const Outcome<Id> id = parseId(m_node.space(), req.queryValue(QStringLiteral("id")));
    if (!id.ok())
        return replyFailure(reply, id);
    const Outcome<quint64> ring = ringParam(req);
    if (!ring.ok())
        return replyFailure(reply, ring);
    const auto step = m_node.findSuccessorStep(*id, *ring);
    if (!step)
        return replyFailure(reply, Outcome<quint64>::ringMismatch());
    reply.json(Json::fromStep(*step));
}

QCoro::Task<> NodeApi::lookup(Request req, Reply reply) {
    QString key;
    Id id = 0;
    if (req.query.hasQueryItem(QStringLiteral("key"))) {
        const Outcome<QString> checked = checkKey(req.queryValue(QStringLiteral("key")));
        if (!checked.ok())
            co_return replyFailure(reply, checked);
        key = *checked;
        id = m_node.space().hashKey(key);
    } else if (req.query.hasQueryItem(QStringLiteral("id"))) {
        const Outcome<Id> parsed = parseId(m_node.space(), req.queryValue(QStringLiteral("id")));
        if (!parsed.ok())
            co_return replyFailure(reply, parsed);
        id = *parsed;
    } else {
        co_return reply.error(400, QStringLiteral("missing parameter"),
                              QStringLiteral("give ?key=K or ?id=X"));
    }
    const Outcome<QString> given = opParam(req);
    if (!given.ok())
        co_return replyFailure(reply, given);
    const QString op = opOr(*given);
    const LookupResult r = co_await m_node.lookup(id, key, true, op);
    const QJsonObject body = Json::lookupAnswer(r, op);
    if (!r.ok)
        co_return reply.json(502, QJsonDocument(body));
    reply.json(body);
}

// The three forms of a join body (docs/API.md): {"bootstrap": node} joins through that node;
// another JSON object names a joiner that this member places (the seed course's form); plain
// lines of peers join the ring they are in (the pipelinedht form).
QCoro::Task<> NodeApi::join(Request req, Reply reply) {
    const QByteArray body = req.body.trimmed();
    Outcome<bool> result;
    if (body.startsWith('{')) {
        const auto o = jsonBody(req, reply);
        if (!o)
            co_return;
        result = o->contains(QLatin1String("bootstrap"))
                     ? co_await joinThrough(o->value(QLatin1String("bootstrap")))
                     : co_await placeJoiner(body);
    } else {
        result = co_await joinPeers(body);
    }
    if (!result.ok())
        co_return replyFailure(reply, result);
    reply.json(Json::joinAnswer(m_node));
}

QCoro::Task<Outcome<bool>> NodeApi::joinThrough(QJsonValue bootstrap) {
    const std::optional<Endpoint> ep = Json::toEndpoint(bootstrap);
    if (!ep)
        co_return Outcome<bool>::badRequest(
            QStringLiteral("bad bootstrap"),
            QStringLiteral("\"bootstrap\" needs \"host\" (string) and \"port\" (1-65535)"));
    co_return co_await m_node.join(*ep);
}

QCoro::Task<Outcome<bool>> NodeApi::placeJoiner(QByteArray body) {
    const Outcome<Endpoint> ep = parseEndpointBody(body).retitled(QStringLiteral("bad joiner"));
    if (!ep.ok())
        co_return ep.failed<bool>();
    co_return co_await m_node.placeJoiner(*ep);
}

QCoro::Task<Outcome<bool>> NodeApi::joinPeers(QByteArray body) {
    const Outcome<QList<Endpoint>> peers = parsePeerLines(body);
    if (!peers.ok())
        co_return peers.failed<bool>();
    // Through the first peer that answers (this node may be in the list itself).
    Outcome<bool> result{true};
    for (const Endpoint &p : *peers) {
        if (p.host == m_node.self().host && p.port == m_node.self().port)
            continue;
        result = co_await m_node.join(p);
        if (result.ok() || result.error != NodeError::Unreachable)
            break;
    }
    co_return result;
}

QCoro::Task<> NodeApi::leave(Request, Reply reply) {
    const auto r = co_await m_node.leave();
    if (!r.ok())
        co_return replyFailure(reply, r);
    reply.json(Json::leaveAnswer(m_node));
}

QCoro::Task<> NodeApi::peers(Request req, Reply reply) {
    const RingWalk walk = co_await m_node.walkRing();
    if (req.wantsJson) {
        QJsonArray names;
        for (const Neighbors &n : walk.nodes)
            names.append(n.self.name);
        co_return reply.json(200, QJsonDocument(names));
    }
    QByteArray text;
    for (const Neighbors &n : walk.nodes)
        text += n.self.name.toUtf8() + "\r\n";
    reply.text(200, text);
}

QCoro::Task<> NodeApi::ring(Request, Reply reply) {
    const RingWalk walk = co_await m_node.walkRing();
    reply.json(Json::ringWalk(walk, m_node.space().bits()));
}

void NodeApi::events(const Request &req, const Reply &reply) {
    quint64 since = 0;
    if (req.query.hasQueryItem(QStringLiteral("since"))) {
        bool ok = false;
        since = req.queryValue(QStringLiteral("since")).toULongLong(&ok);
        if (!ok)
            return reply.error(400, QStringLiteral("bad since"),
                               QStringLiteral("since must be a sequence number"));
    }
    QJsonArray out;
    for (const Event &e : m_node.events().since(since))
        out.append(Json::fromEvent(e));
    reply.json(200, QJsonDocument(out),
               {{"X-Chord-Last-Seq", QByteArray::number(m_node.events().lastSeq())}});
}

void NodeApi::metrics(const Request &, const Reply &reply) {
    reply.send(200, metricsText(m_node, m_server), "text/plain; version=0.0.4; charset=utf-8");
}

void NodeApi::openApi(const Request &, const Reply &reply) {
    QFile file(QStringLiteral(":/chordlab/chordlab.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        return reply.error(500, QStringLiteral("no OpenAPI document"),
                           QStringLiteral("the node was built without it"));
    reply.send(200, file.readAll(), "application/yaml; charset=utf-8");
}

} // namespace Chord::Http
