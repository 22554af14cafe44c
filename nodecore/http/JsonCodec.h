#pragma once

#include "ChordNode.h"
#include "EventLog.h"
#include "Messages.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace Chord::Json {

// The one place that knows the JSON shapes of the external contract (docs/API.md).
// Identifiers travel as decimal strings: 64-bit values do not fit a JavaScript number.

QJsonValue fromId(Id id);
std::optional<Id> toId(const QJsonValue &value, const IdSpace &space);

QJsonValue fromNode(const OptionalNode &node);
QJsonObject fromNode(const NodeRef &node);
// Accepts {name, host, port, id}; id may be missing (0) when only an endpoint is known.
// A 64-bit whole number: a decimal string (the full range), or a JSON number that is one
// exactly (up to 2^53).
std::optional<quint64> toU64(const QJsonValue &v);
std::optional<NodeRef> toNode(const QJsonValue &value);
QJsonArray fromNodes(const QList<NodeRef> &nodes);
std::optional<QList<NodeRef>> toNodes(const QJsonValue &value);

// {host, port[, name]}: a node known only by its address (a bootstrap, a joiner).
QJsonObject fromEndpoint(const Endpoint &endpoint);
std::optional<Endpoint> toEndpoint(const QJsonValue &value);

QJsonObject fromItem(const Item &item);
std::optional<Item> toItem(const QJsonValue &value);
QJsonArray fromItems(const QList<Item> &items);
std::optional<QList<Item>> toItems(const QJsonValue &value);

QJsonObject fromStep(const StepAnswer &step);
std::optional<StepAnswer> toStep(const QJsonObject &object);

QJsonObject fromNeighbors(const Neighbors &n);
std::optional<Neighbors> toNeighbors(const QJsonObject &object);

QJsonObject fromLookup(const LookupResult &lookup);
// GET /dht/lookup answers and the "lookup" member of lookup events.
std::optional<LookupResult> toLookup(const QJsonObject &object);
QJsonObject fromEvent(const Event &event);
// An event of a node's feed (GET /dht/events); nullopt without seq or type.
std::optional<Event> toEvent(const QJsonObject &object);

QJsonObject fromLeaveNotice(const LeaveNotice &notice);
std::optional<LeaveNotice> toLeaveNotice(const QJsonObject &object);
// GET /dht/departure: {notice, items}.
QJsonObject fromDeparture(const Departure &departure);
std::optional<Departure> toDeparture(const QJsonObject &object);

QJsonObject fromReplicateRequest(const ReplicateRequest &request);
std::optional<ReplicateRequest> toReplicateRequest(const QJsonObject &object);
QJsonObject fromReplicateAnswer(const ReplicateAnswer &answer);
std::optional<ReplicateAnswer> toReplicateAnswer(const QJsonObject &object);

// GET /dht/item?ring= between nodes (a fetch) and PUT /dht/item (an owner write).
QJsonObject fromFetchAnswer(const FetchAnswer &answer);
std::optional<FetchAnswer> toFetchAnswer(const QJsonObject &object);
QJsonObject fromOwnerWrite(const OwnerWrite &write);
// A bad write (400 "bad write") says which field is wrong.
Outcome<OwnerWrite> toOwnerWrite(const QJsonObject &object);
QJsonObject fromWriteAnswer(const WriteAnswer &answer);
WriteAnswer toWriteAnswer(const QJsonObject &object);

// "title: detail" of an error answer ({"error": title, "detail": detail}, written by
// HttpServer's Reply::error; docs/API.md), for logs and the errors of peer calls.
QString errorText(const QJsonObject &object);

QJsonObject fromRectifyAnswer(const RectifyAnswer &answer);
std::optional<RectifyAnswer> toRectifyAnswer(const QJsonObject &object);

// GET/PUT /dht/maintenance (docs/API.md, "Time control"): the state, and a change of it
// (one or more fields; periodMs in MinPeriodMs..MaxPeriodMs).
inline constexpr int MinPeriodMs = 50;
inline constexpr int MaxPeriodMs = 600000;
struct MaintenanceState {
    bool paused = false;
    int periodMs = 0;
    bool messages = false;
};
struct MaintenanceChange {
    std::optional<bool> paused;
    std::optional<int> periodMs;
    std::optional<bool> messages;
};
QJsonObject fromMaintenance(const MaintenanceState &state);
Outcome<MaintenanceChange> toMaintenanceChange(const QJsonObject &object);
// POST /dht/maintenance/step: {"step": "stabilize" | "rectify" | "finger" |
// "check-predecessor" | "sync"}.
QString fromMaintenanceStep(MaintenanceStep step);
Outcome<MaintenanceStep> toMaintenanceStep(const QJsonObject &object);

// The part of a node's arc that no reachable node holds copies of: {from, to}, the range
// (from, to]; null when there is none.
QJsonValue unavailableRange(const UncoveredRange &range);
QJsonObject nodeInfo(const ChordNode &node);
QJsonObject ringWalk(const RingWalk &walk, int bits);

// The answers of the contract's routes (docs/API.md).
// GET /dht/lookup: the trace with its op; a failed one with {"error", "detail"} too.
QJsonObject lookupAnswer(const LookupResult &lookup, const QString &op);
// POST /dht/join: the node, "joined", its predecessor and successor.
QJsonObject joinAnswer(const ChordNode &node);
// POST /dht/leave: the node, "left" and the keys it still holds.
QJsonObject leaveAnswer(const ChordNode &node);
// GET /db/<key> with Accept: application/json: key, id, found, owner, hops and the value (a
// value that is not UTF-8 as base64 with "encoding": "base64").
QJsonObject valueAnswer(const QString &key, Id id, const GetResult &get);
// POST /dht/maintenance/step: the maintenance state, the step run and the node's pointers.
QJsonObject stepAnswer(const MaintenanceState &state, MaintenanceStep step,
                       const Neighbors &neighbors);

} // namespace Chord::Json
