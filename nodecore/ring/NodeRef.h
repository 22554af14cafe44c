#pragma once

#include "IdSpace.h"

#include <QString>

#include <optional>

namespace Chord {

// A node as others see it: where to reach it and its place on the circle.
struct NodeRef {
    QString name;
    QString host;
    quint16 port = 0;
    Id id = 0;

    QString address() const { return host + QLatin1Char(':') + QString::number(port); }
    // Two references name the same node when they point at the same endpoint.
    bool sameEndpoint(const NodeRef &other) const {
        return port == other.port && host == other.host;
    }
    bool operator==(const NodeRef &other) const = default;
};

using OptionalNode = std::optional<NodeRef>;

struct Endpoint {
    QString host;
    quint16 port = 0;
    QString name;

    QString address() const { return host + QLatin1Char(':') + QString::number(port); }
};

} // namespace Chord
