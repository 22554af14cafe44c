#pragma once

// What the route classes (NodeApi, PeerRoutes) share: body and parameter parsing that answers
// 400 itself, the ring check of the node-to-node routes, and one mapping from NodeError to an
// HTTP status.

#include "ChordNode.h"
#include "HttpServer.h"

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

// The body as a JSON object; answers 400 and returns nothing when it is not one.
std::optional<QJsonObject> jsonBody(const Request &req, const Reply &reply);
// `?ring=<token>` on the node-to-node routes: the caller's ring token, 0 when absent. Answers
// 400 and returns nothing when it is not a decimal number.
std::optional<quint64> ringParam(const Request &req, const Reply &reply);
void ringMismatch(const Reply &reply);
// GET/PUT /dht/item and POST /dht/store-items with `?ring=`: a node in another ring (it left)
// answers 409 rather than its own copy or a write. Returns false once it has answered.
bool checkRing(const ChordNode &node, const Request &req, const Reply &reply);
// An operation id (Event::op): 1..64 characters of [A-Za-z0-9._:-]; empty means none.
bool validOp(const QString &op);
QString opRule();
// `?op=<id>` on a client's lookup, read or write: the id its events carry, empty when the
// client gave none. Answers 400 and returns nothing for a bad one.
std::optional<QString> opParam(const Request &req, const Reply &reply);
// The HTTP status and error of a failed node operation.
void replyNodeError(const Reply &reply, NodeError error, const QString &message);

} // namespace Chord::Http
