#pragma once

#include "ChordNode.h"
#include "HttpServer.h"

#include <QByteArray>

namespace Chord::Http {

// GET /metrics: the node's counters and the server's per-route figures in the Prometheus text
// format (docs/API.md).
QByteArray metricsText(const ChordNode &node, const HttpServer &server);

} // namespace Chord::Http
