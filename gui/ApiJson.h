#pragma once

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
// GET /dht/ring: the members in ring order.
QList<Chord::NodeRef> readRingMembers(const QJsonObject &object);
// GET /db with Accept: application/json.
QStringList readKeyList(const QJsonArray &array);

} // namespace ChordLab::ApiJson
