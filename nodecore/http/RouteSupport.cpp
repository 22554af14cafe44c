#include "RouteSupport.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <limits>

namespace Chord::Http {

Outcome<QJsonObject> parseJsonObject(const QByteArray &body) {
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return Outcome<QJsonObject>::badRequest(QStringLiteral("malformed JSON"),
                                                pe.error != QJsonParseError::NoError
                                                    ? pe.errorString()
                                                    : QStringLiteral("expected an object"));
    return {doc.object()};
}

std::optional<QJsonObject> jsonBody(const Request &req, const Reply &reply) {
    Outcome<QJsonObject> o = parseJsonObject(req.body);
    if (!o.ok())
        replyFailure(reply, o);
    return std::move(o.value);
}

Outcome<QString> opParam(const Request &req) {
    const bool given = !req.query.isEmpty() && req.query.hasQueryItem(QStringLiteral("op"));
    return parseOp(given ? req.queryValue(QStringLiteral("op")) : QString(), given);
}

Outcome<quint64> ringParam(const Request &req) {
    return parseRingToken(req.queryValue(QStringLiteral("ring")));
}

Outcome<StabilizeCall> parseStabilizeCall(const Request &req) {
    StabilizeCall call;
    const QString caller = req.queryValue(QStringLiteral("caller"));
    if (caller.isEmpty())
        return {call};
    const auto bad = [](QString title, QString why) {
        return Outcome<StabilizeCall>::badRequest(std::move(title), std::move(why));
    };
    bool ok = false;
    call.caller = caller.toULongLong(&ok);
    if (!ok)
        return bad(QStringLiteral("bad caller"),
                   QStringLiteral("caller must be a decimal node id"));
    const Outcome<quint64> ring = ringParam(req);
    if (!ring.ok())
        return ring.failed<StabilizeCall>();
    call.ringToken = *ring;
    const auto number = [&](const char *name, quint64 max, quint64 *out) {
        const QString text = req.queryValue(QString::fromLatin1(name));
        if (text.isEmpty())
            return true;
        bool good = false;
        *out = text.toULongLong(&good);
        return good && *out <= max;
    };
    quint64 lease = 0, horizon = 0;
    if (!number("lease", 3600000, &lease) || !number("horizon", 3600000, &horizon) ||
        !number("cap", std::numeric_limits<quint64>::max(), &call.versionCap) ||
        !number("vclock", std::numeric_limits<quint64>::max(), &call.versionClock))
        return bad(QStringLiteral("bad lease"),
                   QStringLiteral("lease and horizon are 0..3600000 ms, cap and vclock decimal "
                                  "versions"));
    call.leaseMs = int(lease);
    call.horizonMs = int(horizon);
    const QString chain = req.queryValue(QStringLiteral("chain"));
    for (const QString &part : chain.split(u',', Qt::SkipEmptyParts)) {
        bool good = false;
        call.predChain.append(part.toULongLong(&good));
        if (!good || call.predChain.size() > 16)
            return bad(QStringLiteral("bad chain"),
                       QStringLiteral("chain is up to 16 decimal node ids, comma-separated"));
    }
    return {call};
}

Outcome<quint64> sameRing(const ChordNode &node, const Request &req) {
    Outcome<quint64> ring = ringParam(req);
    if (ring.ok() && !node.inRing(*ring))
        return Outcome<quint64>::ringMismatch();
    return ring;
}

namespace {
struct StatusOf {
    int status;
    QString title;
};
StatusOf statusOf(NodeError error) {
    switch (error) {
    case NodeError::BadRequest:
        return {400, QStringLiteral("bad request")};
    case NodeError::Conflict:
        return {409, QStringLiteral("conflict")};
    case NodeError::NotFound:
        return {404, QStringLiteral("not found")};
    case NodeError::Busy:
        return {409, QStringLiteral("busy")};
    case NodeError::Unavailable:
    case NodeError::LeftRing:
        return {503, QStringLiteral("unavailable")};
    case NodeError::Unreachable:
    case NodeError::None:
        break;
    }
    return {502, QStringLiteral("peer unreachable")};
}
} // namespace

void replyFailure(const Reply &reply, NodeError error, const QString &message,
                  const QString &title) {
    const StatusOf s = statusOf(error);
    reply.error(s.status, title.isEmpty() ? s.title : title, message);
}

} // namespace Chord::Http
