#include "RequestParsing.h"

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

std::optional<Endpoint> parseEndpointBody(const QByteArray &body, QString *error) {
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty()) {
        *error = QStringLiteral("empty body: expected JSON {\"host\", \"port\"} or host:port");
        return std::nullopt;
    }
    if (trimmed.startsWith('{')) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            *error = QStringLiteral("malformed JSON: ") + pe.errorString();
            return std::nullopt;
        }
        const QJsonObject o = doc.object();
        const QString host = o.value(QLatin1String("host")).toString();
        const QJsonValue portValue = o.value(QLatin1String("port"));
        const int port = portValue.isString() ? portValue.toString().toInt() : portValue.toInt(-1);
        if (host.isEmpty() || port <= 0 || port > 65535) {
            *error = QStringLiteral("JSON body needs \"host\" (string) and \"port\" (1-65535)");
            return std::nullopt;
        }
        return Endpoint{host, quint16(port), o.value(QLatin1String("name")).toString()};
    }
    const auto ep = parseEndpointText(QString::fromUtf8(trimmed));
    if (!ep)
        *error = QStringLiteral("expected host:port[:name], got '%1'")
                     .arg(QString::fromUtf8(trimmed.left(80)));
    return ep;
}

std::optional<QList<Endpoint>> parsePeerLines(const QByteArray &body, QString *error) {
    QList<Endpoint> peers;
    for (const QByteArray &raw : body.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            continue;
        const auto ep = parseEndpointText(line);
        if (!ep) {
            *error =
                QStringLiteral("bad peer line '%1': expected name:host:port").arg(line.left(80));
            return std::nullopt;
        }
        peers.append(*ep);
    }
    if (peers.isEmpty()) {
        *error = QStringLiteral("no peers given: expected name:host:port lines");
        return std::nullopt;
    }
    return peers;
}

std::optional<QString> decodeKey(const QByteArray &encodedTail, QString *error) {
    const QByteArray bytes =
        encodedTail.contains('%') ? QByteArray::fromPercentEncoding(encodedTail) : encodedTail;
    if (bytes.isEmpty()) {
        *error = QStringLiteral("empty key");
        return std::nullopt;
    }
    if (bytes.size() > MaxKeyBytes) {
        *error = QStringLiteral("key is %1 bytes; at most %2").arg(bytes.size()).arg(MaxKeyBytes);
        return std::nullopt;
    }
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString key = utf8.decode(bytes);
    if (utf8.hasError()) {
        *error = QStringLiteral("key is not valid UTF-8");
        return std::nullopt;
    }
    return key;
}

QByteArray encodeKey(const QString &key) {
    return key.toUtf8().toPercentEncoding();
}

QList<QByteArrayView> headerTokens(QByteArrayView value) {
    QList<QByteArrayView> tokens;
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView element = (comma < 0 ? value : value.first(comma)).trimmed();
        if (!element.isEmpty())
            tokens.append(element);
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return tokens;
}

bool hasHeaderToken(QByteArrayView value, QByteArrayView token) {
    const QList<QByteArrayView> tokens = headerTokens(value);
    return std::any_of(tokens.begin(), tokens.end(), [token](QByteArrayView t) {
        return t.compare(token, Qt::CaseInsensitive) == 0;
    });
}

TransferCoding transferCoding(QByteArrayView transferEncoding) {
    const QList<QByteArrayView> codings = headerTokens(transferEncoding);
    auto isChunked = [](QByteArrayView c) {
        return c.compare("chunked", Qt::CaseInsensitive) == 0;
    };
    if (codings.isEmpty() || !isChunked(codings.last()) ||
        std::any_of(codings.begin(), codings.end() - 1, isChunked))
        return TransferCoding::Malformed;
    return codings.size() == 1 ? TransferCoding::Chunked : TransferCoding::Unsupported;
}

} // namespace Chord::Http
