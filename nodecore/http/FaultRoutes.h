#pragma once

#include "HttpServer.h"
#include "LinkFaults.h"
#include "Outcome.h"

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
    // loss, cut}], partition: [[host:port, ...], ...], seed}, every field optional. Checks the
    // fields, their types and the ranges of single values (a 400 "bad faults" that says which);
    // the table's own rules (addresses, duplicates, the partition) are LinkFaults::validate.
    static Outcome<LinkFaultTable> tableFromJson(const QJsonObject &body);
    // What PUT takes of what GET shows: the table's fields, not the read-only ones.
    static QJsonObject settable(const QJsonObject &shown);
    // GET /dht/faults: the table as set (addresses normalized), plus self, count and counters.
    static QJsonObject toJson(const LinkFaults &faults);

private:
    void get(const Request &, const Reply &);
    void put(const Request &, const Reply &);
    void heal(const Request &, const Reply &);

    LinkFaults &m_faults;
};

} // namespace Chord::Http
