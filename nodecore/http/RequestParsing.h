#pragma once

#include "NodeRef.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Chord::Http {

inline constexpr int MaxKeyBytes = 1024;

struct ParseError {
    QString detail;
};

// "host:port", "host:port:name" (seed course) or "name:host:port" (pipelinedht): the form is
// told apart by which field is the port number.
std::optional<Endpoint> parseEndpointText(const QString &text);
// A body naming one node: JSON {host, port[, name]} or the text forms above.
std::optional<Endpoint> parseEndpointBody(const QByteArray &body, QString *error);
// pipelinedht join body: one `name:host:port` per line (\n or \r\n), blank lines ignored.
std::optional<QList<Endpoint>> parsePeerLines(const QByteArray &body, QString *error);
// A key from a raw (still percent-encoded) path tail: decoded, valid UTF-8, 1..1024 bytes.
std::optional<QString> decodeKey(const QByteArray &encodedTail, QString *error);
// Percent-encodes a key for a URL path segment or query value (everything but unreserved).
QByteArray encodeKey(const QString &key);

// The elements of a comma-separated header field list (RFC 9110 5.6.1): whitespace trimmed,
// empty elements dropped. Views into value.
QList<QByteArrayView> headerTokens(QByteArrayView value);
// Whether the list holds token as a whole element, in any case ("close" is not in "xclosex").
bool hasHeaderToken(QByteArrayView value, QByteArrayView token);

// A Transfer-Encoding list (all its field values, joined with commas), by its codings
// (RFC 9112 6.1, 6.3): only `chunked`, once and last (Chunked); another coding before a final
// chunked, which this code cannot decode (Unsupported); or no final chunked, chunked twice or
// an empty list (Malformed: the body's length cannot be told).
enum class TransferCoding { Chunked, Unsupported, Malformed };
TransferCoding transferCoding(QByteArrayView transferEncoding);

} // namespace Chord::Http
