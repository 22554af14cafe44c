#include "ApiJson.h"

#include "FaultRoutes.h"
#include "JsonCodec.h"

namespace ChordLab::ApiJson {

using namespace Qt::StringLiterals;

namespace {
std::optional<Chord::Id> readId(const QJsonValue &v) {
    // The full 64-bit space accepts every id; the node already reduced it to its m bits.
    static const Chord::IdSpace any(Chord::IdSpace::MaxBits);
    return Chord::Json::toId(v, any);
}
} // namespace

std::optional<IdRange> readIdRange(const QJsonValue &v) {
    const QJsonObject o = v.toObject();
    const auto from = readId(o.value("from"_L1));
    const auto to = readId(o.value("to"_L1));
    if (!from || !to)
        return std::nullopt;
    return IdRange{*from, *to};
}

QJsonValue idRangeBody(const std::optional<IdRange> &range) {
    if (!range)
        return QJsonValue::Null;
    return QJsonObject{{u"from"_s, Chord::Json::fromId(range->from)},
                       {u"to"_s, Chord::Json::fromId(range->to)}};
}

bool readNodeInfo(const QJsonObject &o, NodeSnapshot *node, int *bits) {
    const auto self = Chord::Json::toNode(o);
    if (!self)
        return false;
    node->ref = *self;
    node->pred = Chord::Json::toNode(o.value("pred"_L1));
    node->succ = Chord::Json::toNode(o.value("succ"_L1));
    node->successors =
        Chord::Json::toNodes(o.value("successors"_L1)).value_or(QList<Chord::NodeRef>{});
    node->fingers.clear();
    for (const QJsonValue &v : o.value("fingers"_L1).toArray()) {
        const QJsonObject f = v.toObject();
        const auto ref = Chord::Json::toNode(f.value("node"_L1));
        const auto start = readId(f.value("start"_L1));
        if (!ref || !start)
            continue;
        node->fingers.append(
            {f.value("i"_L1).toInt(), *start, readId(f.value("end"_L1)).value_or(*start), *ref});
    }
    const QJsonObject keys = o.value("keys"_L1).toObject();
    node->primaryKeys = keys.value("primary"_L1).toInt();
    node->replicaKeys = keys.value("replica"_L1).toInt();
    node->protocolState = o.value("state"_L1).toString();
    node->left = o.value("left"_L1).toBool();
    node->protocol = o.value("protocol"_L1).toString(u"zave"_s);
    node->unavailable = readIdRange(o.value("unavailable"_L1));
    node->copiesFrom = readId(o.value("copiesFrom"_L1));
    node->uptimeMs = qint64(o.value("uptimeMs"_L1).toDouble());
    if (bits)
        *bits = o.value("bits"_L1).toInt(64);
    return true;
}

QList<Chord::NodeRef> readRingMembers(const QJsonObject &o) {
    QList<Chord::NodeRef> out;
    for (const QJsonValue &v : o.value("nodes"_L1).toArray()) {
        if (const auto n = Chord::Json::toNode(v))
            out.append(*n);
    }
    return out;
}

QStringList readKeyList(const QJsonArray &array) {
    QStringList keys;
    for (const QJsonValue &v : array)
        keys.append(v.toString());
    return keys;
}

std::optional<Chord::LinkFaultTable> readFaultTable(const QJsonObject &object) {
    const auto table =
        Chord::Http::FaultRoutes::tableFromJson(Chord::Http::FaultRoutes::settable(object));
    return table.value;
}

QJsonObject faultTableBody(const Chord::LinkFaultTable &table, const QString &self,
                           QString *error) {
    Chord::LinkFaults faults(self);
    *error = faults.set(table);
    if (!error->isEmpty())
        return {};
    QJsonObject body = Chord::Http::FaultRoutes::settable(Chord::Http::FaultRoutes::toJson(faults));
    if (table.seed == 0)
        body.remove(QLatin1String("seed"));
    return body;
}

} // namespace ChordLab::ApiJson
