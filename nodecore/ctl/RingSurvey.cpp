#include "RingSurvey.h"

#include "JsonCodec.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Chord {

QStringList RingSurvey::problems(int expectedMembers, bool checkFingers, bool checkKeys) const {
    QStringList out = errors;
    if (!reachable)
        return out;
    if (!complete)
        out << QStringLiteral("the successor walk does not come back to the start");
    out += RingCheck(IdSpace(bits), successorListLength, replicas)
               .problems(members, expectedMembers, checkFingers, checkKeys);
    return out;
}

namespace {
NodeSnapshot snapshotOf(const QJsonObject &info, const QJsonArray &primary, const QJsonArray &all) {
    NodeSnapshot s;
    s.self = Json::toNode(info).value_or(NodeRef());
    s.pred = Json::toNode(info.value(QLatin1String("pred")));
    s.successors =
        Json::toNodes(info.value(QLatin1String("successors"))).value_or(QList<NodeRef>());
    for (const QJsonValue &f : info.value(QLatin1String("fingers")).toArray())
        s.fingers.append(Json::toNode(f.toObject().value(QLatin1String("node"))));
    for (const QJsonValue &k : primary)
        s.primaryKeys.append(k.toString());
    for (const QJsonValue &k : all)
        s.allKeys.append(k.toString());
    return s;
}
} // namespace

QCoro::Task<RingSurvey> surveyRing(Http::HttpPeerClient &client, NodeRef via) {
    RingSurvey survey;
    const auto ring = co_await client.call("GET", via, "/dht/ring", {}, 15000);
    if (!ring.ok()) {
        survey.errors << QStringLiteral("%1: %2").arg(via.address(), ring.error);
        co_return survey;
    }
    survey.reachable = true;
    const QJsonObject ringObject = ring->object();
    survey.bits = ringObject.value(QLatin1String("bits")).toInt(64);
    survey.complete = ringObject.value(QLatin1String("complete")).toBool();
    const QJsonArray nodes = ringObject.value(QLatin1String("nodes")).toArray();
    survey.ringToken = nodes.first().toObject().value(QLatin1String("ring")).toString();
    for (const QJsonValue &v : nodes) {
        const auto ref = Json::toNode(v);
        if (!ref)
            continue;
        const auto info = co_await client.call("GET", *ref, "/nodeinfo", {}, 5000);
        const auto primary = co_await client.call("GET", *ref, "/db", {}, 15000);
        const auto all = co_await client.call("GET", *ref, "/db?role=all", {}, 15000);
        if (!info.ok() || !primary.ok() || !all.ok()) {
            survey.errors << QStringLiteral("%1 did not answer").arg(ref->name);
            continue;
        }
        survey.replicas = info->object().value(QLatin1String("replicas")).toInt(3);
        survey.successorListLength = std::max(survey.successorListLength, survey.replicas);
        survey.members.append(snapshotOf(info->object(), primary->array(), all->array()));
    }
    co_return survey;
}

} // namespace Chord
