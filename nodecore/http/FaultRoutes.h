#pragma once

#include "HttpServer.h"
#include "LinkFaults.h"

#include <QJsonObject>
#include <QObject>

#include <optional>

namespace Chord::Http {

// Link faults over HTTP (issue 12; docs/API.md, "Link faults"): GET, PUT and DELETE
// /dht/faults read, replace and heal the node's LinkFaults table, and the server's peer gate
// applies the table to the requests other nodes send here (those with X-Chord-From). The calls
// this node makes go through FaultyPeerClient with the same table (NodeRunner wires both).
class FaultRoutes : public QObject {
    Q_OBJECT

public:
    FaultRoutes(LinkFaults &faults, HttpServer &server, QObject *parent = nullptr);

    // The body of PUT /dht/faults as a table: {links: [{peer, direction, delayMs, jitterMs,
    // loss, cut}], partition: [[host:port, ...], ...], seed}, every field optional. Checks
    // types and fields only; the table's own rules are LinkFaults::validate. Nothing, and
    // *error says why, for anything else. seed: whether the body gave one.
    static std::optional<LinkFaultTable> tableFromJson(const QJsonObject &body, QString *error,
                                                       bool *seeded = nullptr);
    // GET /dht/faults: the table as set (addresses normalized), plus self, count and counters.
    static QJsonObject toJson(const LinkFaults &faults);

private:
    void get(const Request &, const Reply &);
    void put(const Request &, const Reply &);
    void heal(const Request &, const Reply &);

    LinkFaults &m_faults;
};

} // namespace Chord::Http
