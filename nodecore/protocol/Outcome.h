#pragma once

#include "PeerClient.h"

#include <QString>

#include <optional>
#include <utility>

namespace Chord {

// What went wrong, for the HTTP layer to answer with (one status per kind:
// Http::replyFailure, the one mapping).
// LeftRing: this node left the ring a client's request was for while serving it (answered as
// Unavailable; the request ends at once rather than being retried in the node's new ring).
enum class NodeError {
    None,
    BadRequest,
    Unreachable,
    Conflict,
    NotFound,
    Busy,
    Unavailable,
    LeftRing
};

// What a peer's failure means for the request this node serves, decided here only: a peer not
// reached, or failing on its side, is Unreachable; one not ready (503) is Unavailable, to be
// retried; one that refused in its state (4xx) is a Conflict, with its reason in the message.
constexpr NodeError peerError(int status) {
    if (status == 503)
        return NodeError::Unavailable;
    if (status >= 400 && status < 500)
        return NodeError::Conflict;
    return NodeError::Unreachable;
}

// The one result type of the node's operations and of the request validators: a value, or
// why there is none. Answered as the JSON error {"error": title, "detail": message}, with the
// status of its kind; an empty title stands for the kind's own ("bad request", "conflict", ...).
template <typename T> struct Outcome {
    std::optional<T> value;
    NodeError error = NodeError::None;
    QString message;
    QString title;

    bool ok() const { return value.has_value(); }
    const T &operator*() const { return *value; }
    const T *operator->() const { return &*value; }

    static Outcome failure(NodeError e, QString why, QString title = {}) {
        return {std::nullopt, e, std::move(why), std::move(title)};
    }
    // A request that cannot be served as it is (400), named by what is wrong ("bad key").
    static Outcome badRequest(QString title, QString why) {
        return failure(NodeError::BadRequest, std::move(why), std::move(title));
    }
    // A call made for a ring this node is not in (it left it, or never joined it): 409.
    static Outcome ringMismatch() {
        return failure(NodeError::Conflict, QStringLiteral("this node is no longer in that ring"),
                       QStringLiteral("ring mismatch"));
    }
    // A peer's failure (see peerError).
    template <typename U> static Outcome peerFailure(const PeerResult<U> &peer, QString why) {
        return failure(peerError(peer.status), std::move(why));
    }
    // The same failure as a result of another type.
    template <typename U> Outcome<U> failed() const {
        return Outcome<U>::failure(error, message, title);
    }
    // The same failure under another name ("bad bootstrap" for a node body).
    Outcome retitled(QString name) && {
        if (!ok())
            title = std::move(name);
        return std::move(*this);
    }
};

} // namespace Chord
