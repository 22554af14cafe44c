#include "PeerRoutes.h"

#include "JsonCodec.h"
#include "RequestParsing.h"
#include "RouteSupport.h"

#include <limits>

namespace Chord::Http {

PeerRoutes::PeerRoutes(ChordNode &node, HttpServer &server, qint64 maxValueBytes, QObject *parent)
    : QObject(parent)
    , m_node(node)
    , m_maxValueBytes(maxValueBytes) {
    HttpServer &s = server;
    s.route("/dht/neighbors", Get, syncRoute(this, &PeerRoutes::neighbors));
    s.route("/dht/rectify", Post, syncRoute(this, &PeerRoutes::rectify), true);
    s.route("/dht/notify-leave", Post, syncRoute(this, &PeerRoutes::notifyLeave), true);
    s.route("/dht/store-items", Post, syncRoute(this, &PeerRoutes::storeItems), true);
    s.route("/dht/replicate", Post, syncRoute(this, &PeerRoutes::replicate), true);
    s.route("/dht/item", Get, asyncRoute(this, &PeerRoutes::fetchItem));
    s.route("/dht/item", Put, asyncRoute(this, &PeerRoutes::ownerWrite), true);
    s.route("/dht/stabilize", Post, syncRoute(this, &PeerRoutes::stabilizeNow), true);
}

void PeerRoutes::neighbors(const Request &req, const Reply &reply) {
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

void PeerRoutes::rectify(const Request &req, const Reply &reply) {
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

QCoro::Task<> PeerRoutes::ownerWrite(Request req, Reply reply) {
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
    const QString op = o->value(QLatin1String("op")).toString();
    if (!validOp(op))
        co_return reply.error(400, QStringLiteral("bad write"), opRule());
    const WriteAnswer a = co_await m_node.ownerWrite(
        {key, value.decoded, o->value(QLatin1String("deleted")).toBool(),
         o->value(QLatin1String("cached")).toBool(), deadline, writeId, op});
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

void PeerRoutes::stabilizeNow(const Request &, const Reply &reply) {
    m_node.maintenanceRound();
    reply.send(202, "{\"ok\":true}", "application/json");
}

} // namespace Chord::Http
