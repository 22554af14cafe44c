#include "RequestParsing.h"

#include "JsonCodec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringConverter>
#include <QStringDecoder>

#include <algorithm>

namespace Chord::Http {

namespace {
std::optional<quint16> parsePort(const QString &s) {
    // Digits only: toUInt would also take surrounding spaces and a '+'.
    if (s.isEmpty() || s.size() > 5 || !std::all_of(s.begin(), s.end(), [](QChar c) {
            return c >= QLatin1Char('0') && c <= QLatin1Char('9');
        }))
        return std::nullopt;
    const uint p = s.toUInt();
    if (p == 0 || p > 65535)
        return std::nullopt;
    return quint16(p);
}
} // namespace

std::optional<Endpoint> parseEndpointText(const QString &text) {
    const QString t = text.trimmed();
    // A URL ("http://h:5000") or anything with spaces or slashes is not an endpoint.
    if (t.contains(QLatin1Char('/')) || t.contains(QLatin1Char(' ')))
        return std::nullopt;
    const QStringList parts = t.split(QLatin1Char(':'));
    if (parts.size() == 2) {
        const auto port = parsePort(parts[1]);
        if (parts[0].isEmpty() || !port)
            return std::nullopt;
        return Endpoint{parts[0], *port, {}};
    }
    if (parts.size() == 3) {
        if (const auto port = parsePort(parts[1]); port && !parts[0].isEmpty())
            return Endpoint{parts[0], *port, parts[2]};
        if (const auto port = parsePort(parts[2]); port && !parts[1].isEmpty())
            return Endpoint{parts[1], *port, parts[0]};
    }
    return std::nullopt;
}

Outcome<Endpoint> parseEndpointBody(const QByteArray &body) {
    const auto bad = [](QString why) {
        return Outcome<Endpoint>::badRequest(QStringLiteral("bad node"), std::move(why));
    };
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty())
        return bad(QStringLiteral("empty body: expected JSON {\"host\", \"port\"} or host:port"));
    if (trimmed.startsWith('{')) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject())
            return bad(QStringLiteral("malformed JSON: ") + pe.errorString());
        const std::optional<Endpoint> ep = Json::toEndpoint(doc.object());
        if (!ep)
            return bad(QStringLiteral("JSON body needs \"host\" (string) and \"port\" (1-65535)"));
        return {*ep};
    }
    if (const auto ep = parseEndpointText(QString::fromUtf8(trimmed)))
        return {*ep};
    return bad(QStringLiteral("expected host:port[:name], got '%1'")
                   .arg(QString::fromUtf8(trimmed.left(80))));
}

Outcome<QList<Endpoint>> parsePeerLines(const QByteArray &body) {
    const auto bad = [](QString why) {
        return Outcome<QList<Endpoint>>::badRequest(QStringLiteral("bad peer list"),
                                                    std::move(why));
    };
    QList<Endpoint> peers;
    for (const QByteArray &raw : body.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            continue;
        const auto ep = parseEndpointText(line);
        if (!ep)
            return bad(
                QStringLiteral("bad peer line '%1': expected name:host:port").arg(line.left(80)));
        peers.append(*ep);
    }
    if (peers.isEmpty())
        return bad(QStringLiteral("no peers given: expected name:host:port lines"));
    return {peers};
}

Outcome<QString> decodeKey(const QByteArray &encodedTail) {
    const auto bad = [](QString why) {
        return Outcome<QString>::badRequest(QStringLiteral("bad key"), std::move(why));
    };
    const QByteArray bytes =
        encodedTail.contains('%') ? QByteArray::fromPercentEncoding(encodedTail) : encodedTail;
    if (bytes.isEmpty())
        return bad(QStringLiteral("empty key"));
    if (bytes.size() > MaxKeyBytes)
        return bad(
            QStringLiteral("key is %1 bytes; at most %2").arg(bytes.size()).arg(MaxKeyBytes));
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString key = utf8.decode(bytes);
    if (utf8.hasError())
        return bad(QStringLiteral("key is not valid UTF-8"));
    return {key};
}

Outcome<QString> checkKey(const QString &key) {
    if (key.isEmpty() || key.toUtf8().size() > MaxKeyBytes)
        return Outcome<QString>::badRequest(
            QStringLiteral("bad key"), QStringLiteral("key must be 1..%1 bytes").arg(MaxKeyBytes));
    return {key};
}

Outcome<Id> parseId(const IdSpace &space, const QString &text) {
    if (const std::optional<Id> id = space.parse(text))
        return {*id};
    return Outcome<Id>::badRequest(
        QStringLiteral("bad id"),
        QStringLiteral("id must be decimal or 0x-hex in [0, 2^%1)").arg(space.bits()));
}

Outcome<quint64> parseRingToken(const QString &text) {
    if (text.isEmpty())
        return {quint64(0)};
    bool ok = false;
    const quint64 ring = text.toULongLong(&ok);
    if (!ok)
        return Outcome<quint64>::badRequest(QStringLiteral("bad ring"),
                                            QStringLiteral("ring must be a decimal token"));
    return {ring};
}

Outcome<bool> parseFlag(const QString &text, const QString &name) {
    if (text.isEmpty() || text == QLatin1String("0"))
        return {false};
    if (text == QLatin1String("1"))
        return {true};
    return Outcome<bool>::badRequest(QStringLiteral("bad ") + name,
                                     QStringLiteral("expected %1=0 or 1").arg(name));
}

Outcome<QString> parseOp(const QString &text, bool given) {
    if (!given)
        return {QString()};
    const bool valid = !text.isEmpty() && text.size() <= 64 &&
                       std::all_of(text.cbegin(), text.cend(), [](QChar c) {
                           return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                                  (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                                  (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                                  c == QLatin1Char('.') || c == QLatin1Char('_') ||
                                  c == QLatin1Char(':') || c == QLatin1Char('-');
                       });
    if (!valid)
        return Outcome<QString>::badRequest(
            QStringLiteral("bad op"),
            QStringLiteral("op must be 1..64 characters of A-Z a-z 0-9 . _ : -"));
    return {text};
}

QByteArray encodeKey(const QString &key) {
    return key.toUtf8().toPercentEncoding();
}

} // namespace Chord::Http
