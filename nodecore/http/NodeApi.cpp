#include "NodeApi.h"

#include "JsonCodec.h"
#include "RequestParsing.h"

#include <QFile>
#include <QJsonArray>
#include <QStringDecoder>

#include <limits>

namespace Chord::Http {

namespace {
// Route table shorthands.
const QList<Method> Get{Method::Get};
const QList<Method> Put{Method::Put};
const QList<Method> Post{Method::Post};
const QList<Method> PutPost{Method::Put, Method::Post};
const QList<Method> GetPost{Method::Get, Method::Post};
const QList<Method> Delete{Method::Delete};

QJsonValue valueJson(const QByteArray &value, QJsonObject &into) {
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString text = utf8.decode(value);
    if (!utf8.hasError())
        return text;
    into.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
    return QString::fromLatin1(value.toBase64());
}

// `?ring=<token>` on the node-to-node routes: the caller's ring token, 0 when absent. Answers
// 400 and returns nothing when it is not a decimal number.
std::optional<quint64> ringParam(const Request &req, const Reply &reply) {
    const QString text = req.queryValue(QStringLiteral("ring"));
    if (text.isEmpty())
        return quint64(0);
    bool ok = false;
    const quint64 ring = text.toULongLong(&ok);
    if (!ok) {
        reply.error(400, QStringLiteral("bad ring"),
                    QStringLiteral("ring must be a decimal token"));
        return std::nullopt;
    }
    return ring;
}

void ringMismatch(const Reply &reply) {
    reply.error(409, QStringLiteral("ring mismatch"),
                QStringLiteral("this node is no longer in that ring"));
}

// GET/PUT /dht/item and POST /dht/store-items with `?ring=`: a node in another ring (it left)
// answers 409 rather than its own copy or a write. Returns false once it has answered.
bool checkRing(const ChordNode &node, const Request &req, const Reply &reply) {
    const std::optional<quint64> ring = ringParam(req, reply);
    if (!ring)
        return false;
    if (!node.inRing(*ring)) {
        ringMismatch(reply);
        return false;
    }
    return true;
}
} // namespace

NodeApi::NodeApi(ChordNode &node, HttpServer &server, qint64 maxValueBytes, QObject *parent)
    : QObject(parent)
    , m_node(node)
    , m_server(server)
    , m_maxValueBytes(maxValueBytes) {
    registerRoutes();
}

void NodeApi::registerRoutes() {
    auto sync = [this](void (NodeApi::*fn)(const Request &, const Reply &)) {
        return [this, fn](const Request &q, const Reply &r) {
            (this->*fn)(q, r);
        };
    };
    auto async = [this](QCoro::Task<> (NodeApi::*fn)(Request, Reply)) {
        return [this, fn](const Request &q, const Reply &r) {
            (this->*fn)(q, r);
        };
    };
    HttpServer &s = m_server;
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

    s.route("/dht/neighbors", Get, sync(&NodeApi::neighbors));
    s.route("/dht/rectify", Post, sync(&NodeApi::rectify), true);
    s.route("/dht/notify-leave", Post, sync(&NodeApi::notifyLeave), true);
    s.route("/dht/store-items", Post, sync(&NodeApi::storeItems), true);
    s.route("/dht/replicate", Post, sync(&NodeApi::replicate), true);
    s.route("/dht/item", Get, async(&NodeApi::fetchItem));
    s.route("/dht/item", Put, async(&NodeApi::ownerWrite), true);
    s.route("/dht/stabilize", Post, sync(&NodeApi::stabilizeNow), true);
}

void NodeApi::replyOutcomeError(const Reply &reply, NodeError error, const QString &message) {
    switch (error) {
    case NodeError::BadRequest:
        return reply.error(400, QStringLiteral("bad request"), message);
    case NodeError::Conflict:
        return reply.error(409, QStringLiteral("conflict"), message);
    case NodeError::NotFound:
        return reply.error(404, QStringLiteral("not found"), message);
    case NodeError::Busy:
        return reply.error(409, QStringLiteral("busy"), message);
    case NodeError::Unavailable:
        return reply.error(503, QStringLiteral("unavailable"), message);
    case NodeError::Unreachable:
    case NodeError::None:
        return reply.error(502, QStringLiteral("peer unreachable"), message);
    }
}

std::optional<QJsonObject> NodeApi::jsonBody(const Request &req, const Reply &reply) {
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        reply.error(400, QStringLiteral("malformed JSON"),
                    pe.error != QJsonParseError::NoError ? pe.errorString()
                                                         : QStringLiteral("expected an object"));
        return std::nullopt;
    }
    return doc.object();
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
    QString error;
    const auto ep = parseEndpointBody(req.body, &error);
    if (!ep)
        co_return reply.error(400, QStringLiteral("bad node"), error);
    const auto r = co_await m_node.setPredecessorByHand(*ep);
    if (!r.ok())
        co_return replyOutcomeError(reply, r.error, r.message);
    reply.json(Json::fromNode(*r.value));
}

QCoro::Task<> NodeApi::putSucc(Request req, Reply reply) {
    QString error;
    const auto ep = parseEndpointBody(req.body, &error);
    if (!ep)
        co_return reply.error(400, QStringLiteral("bad node"), error);
    const auto r = co_await m_node.setSuccessorByHand(*ep);
    if (!r.ok())
        co_return replyOutcomeError(reply, r.error, r.message);
    reply.json(Json::fromNode(*r.value));
}

void NodeApi::fingers(const Request &, const Reply &reply) {
    reply.json(200,
               QJsonDocument(Json::nodeInfo(m_node).value(QLatin1String("fingers")).toArray()));
}

void NodeApi::findSuccessor(const Request &req, const Reply &reply) {
    const auto id = m_node.space().parse(req.queryValue(QStringLiteral("id")));
    if (!id)
        return reply.error(
            400, QStringLiteral("bad id"),
            QStringLiteral("id must be decimal or 0x-hex in [0, 2^%1)").arg(m_node.space().bits()));
    const std::optional<quint64> ring = ringParam(req, reply);
    if (!ring)
        return;
    const auto step = m_node.findSuccessorStep(*id, *ring);
    if (!step)
        return ringMismatch(reply);
    reply.json(Json::fromStep(*step));
}

QCoro::Task<> NodeApi::lookup(Request req, Reply reply) {
    QString key;
    Id id = 0;
    if (req.query.hasQueryItem(QStringLiteral("key"))) {
        key = req.queryValue(QStringLiteral("key"));
        if (key.isEmpty() || key.toUtf8().size() > MaxKeyBytes)
            co_return reply.error(400, QStringLiteral("bad key"),
                                  QStringLiteral("key must be 1..%1 bytes").arg(MaxKeyBytes));
        id = m_node.space().hashKey(key);
    } else if (req.query.hasQueryItem(QStringLiteral("id"))) {
        const auto parsed = m_node.space().parse(req.queryValue(QStringLiteral("id")));
        if (!parsed)
            co_return reply.error(400, QStringLiteral("bad id"),
                                  QStringLiteral("id must be decimal or 0x-hex in [0, 2^%1)")
                                      .arg(m_node.space().bits()));
        id = *parsed;
    } else {
        co_return reply.error(400, QStringLiteral("missing parameter"),
                              QStringLiteral("give ?key=K or ?id=X"));
    }
    const LookupResult r = co_await m_node.lookup(id, key);
    if (!r.ok) {
        QJsonObject body = Json::fromLookup(r);
        body.insert(QStringLiteral("error"), QStringLiteral("lookup failed"));
        body.insert(QStringLiteral("detail"), r.error);
        co_return reply.json(502, QJsonDocument(body));
    }
    reply.json(Json::fromLookup(r));
}

QCoro::Task<> NodeApi::join(Request req, Reply reply) {
    const QByteArray body = req.body.trimmed();
    Outcome<bool> result;
    if (body.startsWith('{')) {
        const auto o = jsonBody(req, reply);
        if (!o)
            co_return;
        if (o->contains(QLatin1String("bootstrap"))) {
            QString error;
            const auto ep = parseEndpointBody(
                QJsonDocument(o->value(QLatin1String("bootstrap")).toObject()).toJson(), &error);
            if (!ep)
                co_return reply.error(400, QStringLiteral("bad bootstrap"), error);
            result = co_await m_node.join(*ep);
        } else {
            // Seed course form: a joiner's address sent to a member, which places it.
            QString error;
            const auto ep = parseEndpointBody(body, &error);
            if (!ep)
                co_return reply.error(400, QStringLiteral("bad joiner"), error);
            result = co_await m_node.placeJoiner(*ep);
        }
    } else {
        QString error;
        const auto peers = parsePeerLines(body, &error);
        if (!peers)
            co_return reply.error(400, QStringLiteral("bad peer list"), error);
        // pipelinedht form: join the ring those peers are in, through the first one that
        // answers (this node may be in the list itself).
        result = Outcome<bool>{true};
        for (const Endpoint &p : *peers) {
            if (p.host == m_node.self().host && p.port == m_node.self().port)
                continue;
            result = co_await m_node.join(p);
            if (result.ok() || result.error != NodeError::Unreachable)
                break;
        }
    }
    if (!result.ok())
        co_return replyOutcomeError(reply, result.error, result.message);
    QJsonObject o = Json::fromNode(m_node.self());
    o.insert(QStringLiteral("joined"), true);
    o.insert(QStringLiteral("pred"), Json::fromNode(m_node.predecessor()));
    o.insert(QStringLiteral("succ"), Json::fromNode(m_node.successor()));
    reply.json(o);
}

QCoro::Task<> NodeApi::leave(Request, Reply reply) {
    const auto r = co_await m_node.leave();
    if (!r.ok())
        co_return replyOutcomeError(reply, r.error, r.message);
    QJsonObject o = Json::fromNode(m_node.self());
    o.insert(QStringLiteral("left"), true);
    o.insert(QStringLiteral("keys"), m_node.store().liveCount());
    reply.json(o);
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

void NodeApi::listPrimaryKeys(const Request &req, const Reply &reply) {
    // Contract: primary keys only. Extension: ?role=replica or ?role=all (docs/API.md).
    const QString role = req.queryValue(QStringLiteral("role"));
    QList<Item> items;
    if (role.isEmpty() || role == QLatin1String("primary")) {
        items = m_node.primaryItems(false);
    } else if (role == QLatin1String("replica") || role == QLatin1String("all")) {
        for (const Item &i : m_node.store().allItems(false)) {
            if (role == QLatin1String("all") || !m_node.isPrimaryFor(i.id))
                items.append(i);
        }
    } else {
        return reply.error(400, QStringLiteral("bad role"),
                           QStringLiteral("role must be primary, replica or all"));
    }
    if (req.wantsJson) {
        QJsonArray keys;
        for (const Item &i : items)
            keys.append(i.key);
        return reply.json(200, QJsonDocument(keys));
    }
    QByteArray text;
    for (const Item &i : items)
        text += i.key.toUtf8() + "\r\n";
    reply.text(200, text);
}

void NodeApi::getKey(const Request &req, const Reply &reply) {
    QString error;
    const auto key = decodeKey(req.tail, &error);
    if (!key)
        return reply.error(400, QStringLiteral("bad key"), error);
    // The owner answers from its own store, synchronously: no routing, no event, no
    // coroutine frame.
    if (std::optional<GetResult> local = m_node.readLocal(*key))
        return sendValue(req, reply, *key, std::move(*local));
    getRoutedKey(req, reply, *key);
}

QCoro::Task<> NodeApi::getRoutedKey(Request req, Reply reply, QString key) {
    const auto r = co_await m_node.get(key);
    if (!r.ok())
        co_return replyOutcomeError(reply, r.error, r.message);
    sendValue(req, reply, key, *r.value);
}

QByteArray NodeApi::addressOf(const NodeRef &node) {
    // X-Chord-Owner on every GET: the last owner's address (on the owner: its own) is kept.
    if (m_lastOwnerAddress.isEmpty() || !node.sameEndpoint(m_lastOwner)) {
        m_lastOwner = node;
        m_lastOwnerAddress = node.address().toUtf8();
    }
    return m_lastOwnerAddress;
}

void NodeApi::sendValue(const Request &req, const Reply &reply, const QString &key,
                        const GetResult &g) {
    const QByteArrayView found = g.found ? "true" : "false";
    if (req.wantsJson) {
        QJsonObject o{{QStringLiteral("key"), key},
                      {QStringLiteral("id"), Json::fromId(m_node.space().hashKey(key))},
                      {QStringLiteral("found"), g.found},
                      {QStringLiteral("owner"), Json::fromNode(g.owner)},
                      {QStringLiteral("hops"), g.hops}};
        o.insert(QStringLiteral("value"),
                 g.found ? valueJson(g.item.value, o) : QJsonValue(QJsonValue::Null));
        return reply.json(200, QJsonDocument(o), {{"X-Chord-Found", found}});
    }
    // pipelinedht contract: 200 with an empty body when the key is absent.
    reply.send(200, g.item.value, "application/octet-stream",
               {{"X-Chord-Found", found}, {"X-Chord-Owner", addressOf(g.owner)}});
}

QCoro::Task<> NodeApi::putKey(Request req, Reply reply) {
    QString error;
    const auto key = decodeKey(req.tail, &error);
    if (!key)
        co_return reply.error(400, QStringLiteral("bad key"), error);
    if (req.body.size() > m_maxValueBytes)
        co_return reply.error(413, QStringLiteral("value too large"),
                              QStringLiteral("value of %1 bytes; the limit is %2 bytes")
                                  .arg(req.body.size())
                                  .arg(m_maxValueBytes));
    const auto r = co_await m_node.put(*key, req.body);
    if (!r.ok())
        co_return replyOutcomeError(reply, r.error, r.message);
    reply.json({{QStringLiteral("key"), *key},
                {QStringLiteral("id"), Json::fromId(m_node.space().hashKey(*key))},
                {QStringLiteral("owner"), Json::fromNode(r.value->owner)},
                {QStringLiteral("version"), QString::number(r.value->version)},
                {QStringLiteral("copies"), r.value->copies},
                {QStringLiteral("hops"), r.value->hops}});
}

QCoro::Task<> NodeApi::deleteKey(Request req, Reply reply) {
    QString error;
    const auto key = decodeKey(req.tail, &error);
    if (!key)
        co_return reply.error(400, QStringLiteral("bad key"), error);
    const auto r = co_await m_node.put(*key, {}, true);
    if (!r.ok())
        co_return replyOutcomeError(reply, r.error, r.message);
    reply.json({{QStringLiteral("key"), *key},
                {QStringLiteral("deleted"), true},
                {QStringLiteral("owner"), Json::fromNode(r.value->owner)}});
}

void NodeApi::metrics(const Request &, const Reply &reply) {
    const NodeStats &st = m_node.stats();
    QByteArray out;
    auto family = [&](const char *name, const char *type, const char *help) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    auto escape = [](const QString &s) {
        return s.toUtf8().replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    };
    family("chord_http_requests_total", "counter", "HTTP requests answered, by route and status.");
    for (const auto &[route, stats] : m_server.routeStats()) {
        for (const auto &[status, n] : stats.byStatus)
            out += "chord_http_requests_total{route=\"" + escape(route) + "\",status=\"" +
                   QByteArray::number(status) + "\"} " + QByteArray::number(n) + '\n';
    }
    family("chord_http_request_duration_ms", "histogram", "Time to answer, by route (ms).");
    for (const auto &[route, stats] : m_server.routeStats()) {
        if (stats.total == 0)
            continue;
        const RouteStats::Latency &latency = stats.latency;
        quint64 cumulative = 0;
        const auto &bounds = HttpServer::latencyBounds();
        const QByteArray label = "{route=\"" + escape(route) + "\"";
        for (std::size_t i = 0; i < latency.buckets.size(); ++i) {
            cumulative += latency.buckets[i];
            const QByteArray le = i < bounds.size() ? QByteArray::number(bounds[i]) : "+Inf";
            out += "chord_http_request_duration_ms_bucket" + label + ",le=\"" + le + "\"} " +
                   QByteArray::number(cumulative) + '\n';
        }
        out += "chord_http_request_duration_ms_sum" + label + "} " +
               QByteArray::number(latency.sumMs, 'f', 3) + '\n';
        out += "chord_http_request_duration_ms_count" + label + "} " +
               QByteArray::number(cumulative) + '\n';
    }
    family("chord_lookups_total", "counter", "Iterative lookups started at this node.");
    out += "chord_lookups_total " + QByteArray::number(st.lookups) + '\n';
    family("chord_lookup_failures_total", "counter", "Lookups that found no owner.");
    out += "chord_lookup_failures_total " + QByteArray::number(st.lookupFailures) + '\n';
    family("chord_lookup_hops", "histogram", "Nodes contacted per successful lookup.");
    quint64 cumulative = 0;
    quint64 sum = 0;
    for (std::size_t i = 0; i < st.hopHistogram.size(); ++i) {
        cumulative += st.hopHistogram[i];
        sum += st.hopHistogram[i] * i;
        const QByteArray le = i + 1 < st.hopHistogram.size() ? QByteArray::number(i) : "+Inf";
        out +=
            "chord_lookup_hops_bucket{le=\"" + le + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    out += "chord_lookup_hops_sum " + QByteArray::number(sum) + '\n';
    out += "chord_lookup_hops_count " + QByteArray::number(cumulative) + '\n';
    family("chord_keys", "gauge", "Live keys held, by role.");
    out += "chord_keys{role=\"primary\"} " + QByteArray::number(m_node.primaryCount()) + '\n';
    out += "chord_keys{role=\"replica\"} " + QByteArray::number(m_node.replicaCount()) + '\n';
    family("chord_stabilize_rounds_total", "counter", "Maintenance rounds run.");
    out += "chord_stabilize_rounds_total " + QByteArray::number(st.stabilizeRounds) + '\n';
    family("chord_peer_failures_total", "counter", "Calls to peers that failed.");
    out += "chord_peer_failures_total " + QByteArray::number(st.peerFailures) + '\n';
    family("chord_handoff_items_total", "counter", "Keys moved by hand-offs, by direction.");
    out += "chord_handoff_items_total{direction=\"out\"} " +
           QByteArray::number(st.handoffItemsOut) + '\n';
    out += "chord_handoff_items_total{direction=\"in\"} " + QByteArray::number(st.handoffItemsIn) +
           '\n';
    family("chord_replica_syncs_total", "counter", "Full replica syncs (digest mismatches).");
    out += "chord_replica_syncs_total " + QByteArray::number(st.replicationSyncs) + '\n';
    family("chord_owner_cache_total", "counter",
           "Reads and writes sent to a cached owner, by result (miss: routed again).");
    out +=
        "chord_owner_cache_total{result=\"hit\"} " + QByteArray::number(st.ownerCacheHits) + '\n';
    out += "chord_owner_cache_total{result=\"miss\"} " + QByteArray::number(st.ownerCacheMisses) +
           '\n';
    reply.send(200, out, "text/plain; version=0.0.4; charset=utf-8");
}

void NodeApi::openApi(const Request &, const Reply &reply) {
    QFile file(QStringLiteral(":/chordlab/chordlab.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        return reply.error(500, QStringLiteral("no OpenAPI document"),
                           QStringLiteral("the node was built without it"));
    reply.send(200, file.readAll(), "application/yaml; charset=utf-8");
}

// ---- node-to-node routes -----------------------------------------------------------------

void NodeApi::neighbors(const Request &req, const Reply &reply) {
    // ?caller=<id>&ring=<token>[&lease=ms&horizon=ms&cap=version&vclock=version]: the asking node's
    // stabilize (it is our predecessor, alive, and asks for its lease; docs/API.md).
    StabilizeCall call;
    const QString caller = req.queryValue(QStringLiteral("caller"));
    if (!caller.isEmpty()) {
        bool ok = false;
        call.caller = caller.toULongLong(&ok);
        if (!ok)
            return reply.error(400, QStringLiteral("bad caller"),
                               QStringLiteral("caller must be a decimal node id"));
        const std::optional<quint64> ring = ringParam(req, reply);
        if (!ring)
            return;
        call.ringToken = *ring;
        auto number = [&](const char *name, quint64 max, quint64 *out) {
            const QString text = req.queryValue(QString::fromLatin1(name));
            if (text.isEmpty())
                return true;
            bool good = false;
            *out = text.toULongLong(&good);
            return good && *out <= max;
        };
        quint64 lease = 0, horizon = 0, cap = 0, vclock = 0;
        if (!number("lease", 3600000, &lease) || !number("horizon", 3600000, &horizon) ||
            !number("cap", std::numeric_limits<quint64>::max(), &cap) ||
            !number("vclock", std::numeric_limits<quint64>::max(), &vclock))
            return reply.error(400, QStringLiteral("bad lease"),
                               QStringLiteral("lease and horizon are 0..3600000 ms, cap and "
                                              "vclock decimal versions"));
        const QString chain = req.queryValue(QStringLiteral("chain"));
        for (const QString &part : chain.split(u',', Qt::SkipEmptyParts)) {
            bool good = false;
            call.predChain.append(part.toULongLong(&good));
            if (!good || call.predChain.size() > 16)
                return reply.error(400, QStringLiteral("bad chain"),
                                   QStringLiteral("chain is up to 16 decimal node ids, "
                                                  "comma-separated"));
        }
        call.leaseMs = int(lease);
        call.horizonMs = int(horizon);
        call.versionCap = cap;
        call.versionClock = vclock;
    }
    reply.json(Json::fromNeighbors(m_node.answerNeighbors(call)));
}

void NodeApi::rectify(const Request &req, const Reply &reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        return;
    const auto candidate = Json::toNode(*o);
    if (!candidate || !o->contains(QLatin1String("id")) || !m_node.space().isValid(candidate->id))
        return reply.error(400, QStringLiteral("bad node"),
                           QStringLiteral("expected {name, host, port, id}"));
    const std::optional<quint64> ring = ringParam(req, reply);
    if (!ring)
        return;
    reply.json(Json::fromRectifyAnswer(m_node.rectify(*candidate, *ring)));
}

void NodeApi::notifyLeave(const Request &req, const Reply &reply) {
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

void NodeApi::storeItems(const Request &req, const Reply &reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        return;
    const auto items = Json::toItems(o->value(QLatin1String("items")));
    if (!items)
        return reply.error(400, QStringLiteral("bad items"),
                           QStringLiteral("expected {\"items\": [{key, value(base64), version}]}"));
    if (!checkRing(m_node, req, reply))
        return; // it left that ring: copies kept here would leave the ring with it
    // A leaving node may have handed its keys on already and is about to go: copies given to
    // it now (a neighbour's hand-off as it leaves too) would leave with it.
    if (m_node.isLeaving())
        return reply.error(409, QStringLiteral("leaving"),
                           QStringLiteral("this node is leaving the ring; hand the copies to "
                                          "the next node"));
    reply.json({{QStringLiteral("stored"), m_node.storeItems(*items)}});
}

void NodeApi::replicate(const Request &req, const Reply &reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        return;
    const auto request = Json::toReplicateRequest(*o);
    if (!request)
        return reply.error(400, QStringLiteral("bad replicate request"),
                           QStringLiteral("expected {owner, from, to, digest, full[, items]}"));
    reply.json(Json::fromReplicateAnswer(m_node.replicate(*request)));
}

QCoro::Task<> NodeApi::fetchItem(Request req, Reply reply) {
    const QString key = req.queryValue(QStringLiteral("key"));
    if (key.isEmpty() || key.toUtf8().size() > MaxKeyBytes)
        co_return reply.error(400, QStringLiteral("bad key"),
                              QStringLiteral("key must be 1..%1 bytes").arg(MaxKeyBytes));
    if (!checkRing(m_node, req, reply))
        co_return;
    const FetchAnswer a = co_await m_node.fetchConfirmed(key);
    QJsonObject o{{QStringLiteral("found"), a.found},
                  {QStringLiteral("primary"), a.primary},
                  {QStringLiteral("clock"), QString::number(a.clockMs)}};
    if (a.unconfirmed)
        o.insert(QStringLiteral("unconfirmed"), true);
    if (a.found)
        o.insert(QStringLiteral("item"), Json::fromItem(a.item));
    reply.json(o);
}

QCoro::Task<> NodeApi::ownerWrite(Request req, Reply reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        co_return;
    const QString key = o->value(QLatin1String("key")).toString();
    const auto value =
        QByteArray::fromBase64Encoding(o->value(QLatin1String("value")).toString().toLatin1(),
                                       QByteArray::AbortOnBase64DecodingErrors);
    if (key.isEmpty() || key.toUtf8().size() > MaxKeyBytes || !value)
        co_return reply.error(400, QStringLiteral("bad write"),
                              QStringLiteral("expected {key, value(base64), deleted}"));
    if (value.decoded.size() > m_maxValueBytes)
        co_return reply.error(413, QStringLiteral("value too large"), QString());
    if (!checkRing(m_node, req, reply))
        co_return;
    bool deadlineOk = true;
    const qint64 deadline = o->value(QLatin1String("deadline")).toString().toLongLong(&deadlineOk);
    if (o->contains(QLatin1String("deadline")) && (!deadlineOk || deadline < 0))
        co_return reply.error(400, QStringLiteral("bad write"),
                              QStringLiteral("deadline must be a decimal number of ms"));
    bool writeIdOk = true;
    const quint64 writeId = o->value(QLatin1String("write")).toString().toULongLong(&writeIdOk);
    if (o->contains(QLatin1String("write")) && !writeIdOk)
        co_return reply.error(400, QStringLiteral("bad write"),
                              QStringLiteral("write must be a decimal number (the write's id)"));
    const WriteAnswer a =
        co_await m_node.ownerWrite({key, value.decoded, o->value(QLatin1String("deleted")).toBool(),
                                    o->value(QLatin1String("cached")).toBool(), deadline, writeId});
    if (!a.owner)
        co_return reply.error(421, QStringLiteral("not the owner"),
                              QStringLiteral("this node does not own the key; route again"));
    if (!a.error.isEmpty())
        co_return reply.error(503, QStringLiteral("write not acknowledged"), a.error);
    reply.json({{QStringLiteral("version"), QString::number(a.version)},
                {QStringLiteral("copies"), a.copies},
                {QStringLiteral("needed"), a.needed},
                {QStringLiteral("clock"), QString::number(a.clockMs)}});
}

void NodeApi::stabilizeNow(const Request &, const Reply &reply) {
    m_node.maintenanceRound();
    reply.send(202, "{\"ok\":true}", "application/json");
}

} // namespace Chord::Http
