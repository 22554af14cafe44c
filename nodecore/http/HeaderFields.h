#pragma once

// Header field values as HTTP/1.1 framing reads them (RequestDecoder, ResponseParser): pure,
// shared by the server's request side and the client's response side.

#include <QByteArrayView>
#include <QList>

namespace Chord::Http {

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
