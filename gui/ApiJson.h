#pragma once

#include "LinkFaults.h"
#include "Messages.h"
#include "RingSnapshot.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace ChordLab::ApiJson {

// Readers for the answers of the node API the app consumes, used by NodeClient only. Node
// references and ids go through Chord::Json (the one codec of those shapes); this adds the
// composite answers.

// GET /nodeinfo: fills ref, pointers, fingers and key counts of *node; false if malformed.
bool readNodeInfo(const QJsonObject &object, NodeSnapshot *node, int *bits);
// An id range {from, to} as GET /nodeinfo's "unavailable" and DELETE /dht/unavailable give it
// (nullopt for null or a malformed one), and back.
std::optional<IdRange> readIdRange(const QJsonValue &value);
QJsonValue idRangeBody(const std::optional<IdRange> &range);
// GET /dht/ring: the members in ring order.
QList<Chord::NodeRef> readRingMembers(const QJsonObject &object);
// GET /db with Accept: application/json.
QStringList readKeyList(const QJsonArray &array);
// GET, PUT and DELETE /dht/faults: the node's table, read with the node's own codec
// (Chord::Http::FaultRoutes::tableFromJson); nullopt if malformed.
std::optional<Chord::LinkFaultTable> readFaultTable(const QJsonObject &object);
// The body of PUT /dht/faults for the node at `self`, written with the node's own codec
// (FaultRoutes::toJson) without what only GET shows (self, count, counters) and without a
// seed when none was chosen (0: the node picks one). Empty, and *error says why (the node's
// own rules, LinkFaults::validate), for a table the node would refuse.
QJsonObject faultTableBody(const Chord::LinkFaultTable &table, const QString &self, QString *error);

} // namespace ChordLab::ApiJson
