#include "RouteSupport.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace Chord::Http {

std::optional<QJsonObject> jsonBody(const Request &req, const Reply &reply) {
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

bool validOp(const QString &op) {
    if (op.size() > 64)
        return false;
    return std::all_of(op.cbegin(), op.cend(), [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
               (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
               (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') ||
               c == QLatin1Char('_') || c == QLatin1Char(':') || c == QLatin1Char('-');
    });
}

QString opRule() {
    return QStringLiteral("op must be 1..64 characters of A-Z a-z 0-9 . _ : -");
}

std::optional<QString> opParam(const Request &req, const Reply &reply) {
    if (req.query.isEmpty() || !req.query.hasQueryItem(QStringLiteral("op")))
        return QString();
    const QString op = req.queryValue(QStringLiteral("op"));
    if (op.isEmpty() || !validOp(op)) {
        reply.error(400, QStringLiteral("bad op"), opRule());
        return std::nullopt;
    }
    return op;
}

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

void replyNodeError(const Reply &reply, NodeError error, const QString &message) {
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

} // namespace Chord::Http
