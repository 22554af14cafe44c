#pragma once

#include "IdSpace.h"
#include "NodeRef.h"
#include "Outcome.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Chord::Http {

inline constexpr int MaxKeyBytes = 1024;

// The validators of what requests carry. Each returns the value, or a bad request (400) named
// by what is wrong ("bad key", "bad id", ...) with a detail that says what was expected.

// "host:port", "host:port:name" (seed course) or "name:host:port" (pipelinedht): the form is
// told apart by which field is the port number.
std::optional<Endpoint> parseEndpointText(const QString &text);
// A body naming one node: JSON {host, port[, name]} or the text forms above ("bad node").
Outcome<Endpoint> parseEndpointBody(const QByteArray &body);
// pipelinedht join body: one `name:host:port` per line (\n or \r\n), blank lines ignored
// ("bad peer list").
Outcome<QList<Endpoint>> parsePeerLines(const QByteArray &body);
// A key from a raw (still percent-encoded) path tail: decoded, valid UTF-8, 1..1024 bytes.
Outcome<QString> decodeKey(const QByteArray &encodedTail);
// A key given as a (decoded) query value: 1..1024 bytes.
Outcome<QString> checkKey(const QString &key);
// An identifier, decimal or 0x-hex, in the ring's space ("bad id").
Outcome<Id> parseId(const IdSpace &space, const QString &text);
// A ring token (`?ring=`): decimal; empty (absent) is 0, any ring ("bad ring").
Outcome<quint64> parseRingToken(const QString &text);
// A flag in the query (`?join=`, `?replica=`): 1 is set, 0 or absent is not; anything else is
// a bad request titled "bad <name>".
Outcome<bool> parseFlag(const QString &text, const QString &name);
// An operation id (`?op=`, Event::op): 1..64 characters of [A-Za-z0-9._:-]; an absent one is
// empty, none ("bad op").
Outcome<QString> parseOp(const QString &text, bool given);
// Percent-encodes a key for a URL path segment or query value (everything but unreserved).
QByteArray encodeKey(const QString &key);

} // namespace Chord::Http
