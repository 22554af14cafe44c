#pragma once

// What the route classes (NodeApi, PeerRoutes) share: the validators of bodies and parameters
// (as Outcome, RequestParsing.h), the ring check of the node-to-node routes, and the one mapping
// from a failure to an HTTP status.

#include "ChordNode.h"
#include "HttpServer.h"
#include "RequestParsing.h"

#include <QCoroTask>
#include <QJsonObject>

#include <optional>

namespace Chord::Http {

// Route table shorthands.
inline const QList<Method> Get{Method::Get};
inline const QList<Method> Put{Method::Put};
inline const QList<Method> Post{Method::Post};
inline const QList<Method> PutPost{Method::Put, Method::Post};
inline const QList<Method> GetPost{Method::Get, Method::Post};
inline const QList<Method> Delete{Method::Delete};

// A member function as a route handler (synchronous, or a coroutine that answers later).
template <typename T> auto syncRoute(T *self, void (T::*fn)(const Request &, const Reply &)) {
    return [self, fn](const Request &q, const Reply &r) {
        (self->*fn)(q, r);
    };
}
template <typename T> auto asyncRoute(T *self, QCoro::Task<> (T::*fn)(Request, Reply)) {
    return [self, fn](const Request &q, const Reply &r) {
        (self->*fn)(q, r);
    };
}

// The body as a JSON object ("malformed JSON" otherwise).
Outcome<QJsonObject> parseJsonObject(const QByteArray &body);
// The same, answering 400 itself and returning nothing when the body is not one.
std::optional<QJsonObject> jsonBody(const Request &req, const Reply &reply);
// `?ring=<token>` on the node-to-node routes: the caller's ring token, 0 when absent; a bad
// request when it is not a decimal number.
Outcome<quint64> ringParam(const Request &req);
// The same, checked against the node (GET/PUT /dht/item with `?ring=`): a node in another ring
// (it left) is a conflict ("ring mismatch", 409) rather than its own copy or a write.
Outcome<quint64> sameRing(const ChordNode &node, const Request &req);
// GET /dht/neighbors?caller=<id>&ring=<token>[&lease=ms&horizon=ms&cap=version&vclock=version
// &chain=ids]: a predecessor's stabilize call; without caller, a plain look (docs/API.md).
Outcome<StabilizeCall> parseStabilizeCall(const Request &req);
// `?op=<id>` on a client's lookup, read or write: the id its events carry, empty when the
// client gave none (RequestParsing.h, parseOp).
Outcome<QString> opParam(const Request &req);
// The one mapping of a failure to its HTTP status and JSON error {"error", "detail"}: the title
// when the failure has one, else the kind's own name.
void replyFailure(const Reply &reply, NodeError error, const QString &message,
                  const QString &title = {});
template <typename T> void replyFailure(const Reply &reply, const Outcome<T> &failed) {
    replyFailure(reply, failed.error, failed.message, failed.title);
}

} // namespace Chord::Http
