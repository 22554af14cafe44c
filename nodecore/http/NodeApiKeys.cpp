// The key routes of the client contract (docs/API.md, "Additions to contract routes"): GET/PUT/
// DELETE /db/<key> through any node, the listing of what a node owns, and the operator's
// release of an unavailable range. Part of NodeApi (NodeApi.cpp registers them).
#include "NodeApi.h"

#include "JsonCodec.h"
#include "RequestParsing.h"
#include "RouteSupport.h"

#include <QJsonArray>

namespace Chord::Http {

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
    const Outcome<QString> key = decodeKey(req.tail);
    if (!key.ok())
        return replyFailure(reply, key);
    const Outcome<QString> op = opParam(req);
    if (!op.ok())
        return replyFailure(reply, op);
    // The owner answers from its own store, synchronously: no routing, no event, no
    // coroutine frame.
    if (std::optional<GetResult> local = m_node.readLocal(*key))
        return sendValue(req, reply, *key, std::move(*local));
    getRoutedKey(req, reply, *key, opOr(*op));
}

QString NodeApi::opOr(const QString &given) {
    if (!given.isEmpty())
        return given;
    return QStringLiteral("%1-%2").arg(m_node.self().name).arg(++m_ops);
}

QCoro::Task<> NodeApi::getRoutedKey(Request req, Reply reply, QString key, QString op) {
    const auto r = co_await m_node.get(key, op);
    if (!r.ok())
        co_return replyFailure(reply, r);
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
        return reply.json(200,
                          QJsonDocument(Json::valueAnswer(key, m_node.space().hashKey(key), g)),
                          {{"X-Chord-Found", found}});
    }
    // pipelinedht contract: 200 with an empty body when the key is absent.
    reply.send(200, g.item.value, "application/octet-stream",
               {{"X-Chord-Found", found}, {"X-Chord-Owner", addressOf(g.owner)}});
}

QCoro::Task<> NodeApi::putKey(Request req, Reply reply) {
    const Outcome<QString> key = decodeKey(req.tail);
    if (!key.ok())
        co_return replyFailure(reply, key);
    if (req.body.size() > m_maxValueBytes)
        co_return reply.error(413, QStringLiteral("value too large"),
                              QStringLiteral("value of %1 bytes; the limit is %2 bytes")
                                  .arg(req.body.size())
                                  .arg(m_maxValueBytes));
    const Outcome<QString> given = opParam(req);
    if (!given.ok())
        co_return replyFailure(reply, given);
    const QString op = opOr(*given);
    const auto r = co_await m_node.put(*key, req.body, false, op);
    if (!r.ok())
        co_return replyFailure(reply, r);
    reply.json({{QStringLiteral("key"), *key},
                {QStringLiteral("id"), Json::fromId(m_node.space().hashKey(*key))},
                {QStringLiteral("owner"), Json::fromNode(r.value->owner)},
                {QStringLiteral("version"), QString::number(r.value->version)},
                {QStringLiteral("copies"), r.value->copies},
                {QStringLiteral("hops"), r.value->hops},
                {QStringLiteral("op"), op}});
}

QCoro::Task<> NodeApi::deleteKey(Request req, Reply reply) {
    const Outcome<QString> key = decodeKey(req.tail);
    if (!key.ok())
        co_return replyFailure(reply, key);
    const Outcome<QString> given = opParam(req);
    if (!given.ok())
        co_return replyFailure(reply, given);
    const QString op = opOr(*given);
    const auto r = co_await m_node.put(*key, {}, true, op);
    if (!r.ok())
        co_return replyFailure(reply, r);
    reply.json({{QStringLiteral("key"), *key},
                {QStringLiteral("deleted"), true},
                {QStringLiteral("owner"), Json::fromNode(r.value->owner)},
                {QStringLiteral("op"), op}});
}

void NodeApi::releaseUnavailable(const Request &req, const Reply &reply) {
    // Destructive: a write that only the absent nodes held is lost for good, and one of them
    // that was only paused would be read as older than it is until it syncs. Asked for by name.
    if (req.queryValue(QStringLiteral("confirm")) != QLatin1String("lost")) {
        const UncoveredRange &range = m_node.unavailable();
        return reply.error(
            400, QStringLiteral("confirmation missing"),
            range.empty()
                ? QStringLiteral(
                      "nothing is unavailable here; DELETE /dht/unavailable?confirm=lost "
                      "declares the nodes an unavailable range waits for gone for good")
                : QStringLiteral("the ids in (%1, %2] wait for the nodes that held their copies; "
                                 "DELETE /dht/unavailable?confirm=lost declares them gone for "
                                 "good: a write that only they held is lost")
                      .arg(range.from)
                      .arg(range.to));
    }
    const UncoveredRange released = m_node.forgetUnavailable();
    reply.json(
        QJsonObject{{QStringLiteral("released"), Json::unavailableRange(released)},
                    {QStringLiteral("unavailable"), Json::unavailableRange(m_node.unavailable())}});
}

} // namespace Chord::Http
