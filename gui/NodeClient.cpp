#include "NodeClient.h"

#include "ApiJson.h"
#include "JsonCodec.h"
#include "RequestParsing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ChordLab {

using namespace Qt::StringLiterals;
using Chord::NodeRef;
using Chord::PeerResult;

namespace {

// Keyed writes and reads wait for routing, retries and the owner: the entry node's own budget.
constexpr int KeyCallMs = 10000;
// Joins and leaves move keys and rewire the ring.
constexpr int MembershipMs = 30000;
constexpr int MaintenanceMs = 5000;

template <typename T> PeerResult<T> failed(const PeerResult<QJsonDocument> &r) {
    return PeerResult<T>::failure(r.error, r.status);
}

template <typename T> PeerResult<T> malformed(const NodeRef &node) {
    return PeerResult<T>::failure(u"malformed answer from %1"_s.arg(node.address()));
}

QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray keyPath(const QString &key, const QByteArray &op) {
    return "/db/" + Chord::Http::encodeKey(key) + "?op=" + op;
}

} // namespace

QCoro::Task<PeerResult<NodeClient::Info>> NodeClient::nodeInfo(NodeRef node, int timeoutMs) {
    const auto r = co_await m_transport.call("GET", node, "/nodeinfo", {}, timeoutMs);
    if (!r.ok())
        co_return failed<Info>(r);
    Info info;
    if (!ApiJson::readNodeInfo(r->object(), &info.node, &info.bits))
        co_return malformed<Info>(node);
    co_return PeerResult<Info>{std::move(info)};
}

QCoro::Task<PeerResult<QStringList>> NodeClient::keys(NodeRef node, int timeoutMs) {
    const auto r = co_await m_transport.call("GET", node, "/db", {}, timeoutMs);
    if (!r.ok())
        co_return failed<QStringList>(r);
    if (!r->isArray())
        co_return malformed<QStringList>(node);
    co_return PeerResult<QStringList>{ApiJson::readKeyList(r->array())};
}

QCoro::Task<PeerResult<QList<Chord::Event>>> NodeClient::events(NodeRef node, quint64 since,
                                                                int timeoutMs) {
    const auto r = co_await m_transport.call(
        "GET", node, "/dht/events?since=" + QByteArray::number(since), {}, timeoutMs);
    if (!r.ok())
        co_return failed<QList<Chord::Event>>(r);
    if (!r->isArray())
        co_return malformed<QList<Chord::Event>>(node);
    QList<Chord::Event> events;
    // An event this app cannot read is skipped, not the whole feed.
    for (const QJsonValue &v : r->array()) {
        if (std::optional<Chord::Event> ev = Chord::Json::toEvent(v.toObject()))
            events.append(std::move(*ev));
    }
    co_return PeerResult<QList<Chord::Event>>{std::move(events)};
}

QCoro::Task<PeerResult<QList<NodeRef>>> NodeClient::ringMembers(NodeRef node, int timeoutMs) {
    const auto r = co_await m_transport.call("GET", node, "/dht/ring", {}, timeoutMs);
    if (!r.ok())
        co_return failed<QList<NodeRef>>(r);
    co_return PeerResult<QList<NodeRef>>{ApiJson::readRingMembers(r->object())};
}

QCoro::Task<PeerResult<bool>> NodeClient::ready(NodeRef node, int timeoutMs) {
    const auto r = co_await m_transport.call("GET", node, "/", {}, timeoutMs);
    co_return r.ok() ? PeerResult<bool>{true} : failed<bool>(r);
}

QCoro::Task<PeerResult<NodeRef>> NodeClient::put(NodeRef via, QString key, QString value,
                                                 QByteArray op) {
    const auto r = co_await m_transport.call("PUT", via, keyPath(key, op), value.toUtf8(),
                                             KeyCallMs, "text/plain; charset=utf-8");
    if (!r.ok())
        co_return failed<NodeRef>(r);
    const std::optional<NodeRef> owner = Chord::Json::toNode(r->object().value("owner"_L1));
    if (!owner)
        co_return malformed<NodeRef>(via);
    co_return PeerResult<NodeRef>{*owner};
}

QCoro::Task<PeerResult<bool>> NodeClient::remove(NodeRef via, QString key, QByteArray op) {
    const auto r = co_await m_transport.call("DELETE", via, keyPath(key, op), {}, KeyCallMs);
    co_return r.ok() ? PeerResult<bool>{true} : failed<bool>(r);
}

QCoro::Task<PeerResult<std::optional<QString>>> NodeClient::get(NodeRef via, QString key,
                                                                QByteArray op) {
    const auto r = co_await m_transport.call("GET", via, keyPath(key, op), {}, KeyCallMs);
    if (!r.ok())
        co_return failed<std::optional<QString>>(r);
    const QJsonObject o = r->object();
    const QJsonValue found = o.value("found"_L1);
    if (!found.isBool())
        co_return malformed<std::optional<QString>>(via);
    co_return PeerResult<std::optional<QString>>{
        found.toBool() ? std::optional<QString>(o.value("value"_L1).toString()) : std::nullopt};
}

QCoro::Task<PeerResult<Chord::LookupResult>> NodeClient::lookup(NodeRef via, QString key,
                                                                QByteArray op) {
    const auto r = co_await m_transport.call(
        "GET", via, "/dht/lookup?key=" + Chord::Http::encodeKey(key) + "&op=" + op, {}, KeyCallMs);
    if (!r.ok())
        co_return failed<Chord::LookupResult>(r);
    const std::optional<Chord::LookupResult> trace = Chord::Json::toLookup(r->object());
    if (!trace)
        co_return malformed<Chord::LookupResult>(via);
    co_return PeerResult<Chord::LookupResult>{*trace};
}

QCoro::Task<PeerResult<bool>> NodeClient::join(NodeRef node, NodeRef via) {
    const QByteArray body =
        compact({{u"bootstrap"_s, QJsonObject{{u"host"_s, via.host}, {u"port"_s, via.port}}}});
    const auto r = co_await m_transport.call("POST", node, "/dht/join", body, MembershipMs);
    co_return r.ok() ? PeerResult<bool>{true} : failed<bool>(r);
}

QCoro::Task<PeerResult<bool>> NodeClient::leave(NodeRef node) {
    const auto r = co_await m_transport.call("GET", node, "/dht/leave", {}, MembershipMs);
    co_return r.ok() ? PeerResult<bool>{true} : failed<bool>(r);
}

QCoro::Task<PeerResult<bool>> NodeClient::setMaintenance(NodeRef node, MaintenanceChange change) {
    QJsonObject body;
    if (change.paused)
        body.insert(u"paused"_s, *change.paused);
    if (change.periodMs)
        body.insert(u"periodMs"_s, *change.periodMs);
    if (change.messages)
        body.insert(u"messages"_s, *change.messages);
    const auto r =
        co_await m_transport.call("PUT", node, "/dht/maintenance", compact(body), MaintenanceMs);
    co_return r.ok() ? PeerResult<bool>{true} : failed<bool>(r);
}

QCoro::Task<PeerResult<std::optional<Chord::Neighbors>>> NodeClient::step(NodeRef node,
                                                                          QString kind) {
    // A step may wait on peers that time out (a bulk exchange: 30 s).
    const auto r = co_await m_transport.call("POST", node, "/dht/maintenance/step",
                                             compact({{u"step"_s, kind}}), MembershipMs);
    if (!r.ok())
        co_return failed<std::optional<Chord::Neighbors>>(r);
    co_return PeerResult<std::optional<Chord::Neighbors>>{
        Chord::Json::toNeighbors(r->object().value("neighbors"_L1).toObject())};
}

QCoro::Task<PeerResult<Chord::LinkFaultTable>>
NodeClient::faultTableCall(QByteArray method, NodeRef node, QByteArray body, int timeoutMs) {
    const auto r = co_await m_transport.call(method, node, "/dht/faults", body, timeoutMs);
    if (!r.ok())
        co_return failed<Chord::LinkFaultTable>(r);
    std::optional<Chord::LinkFaultTable> table = ApiJson::readFaultTable(r->object());
    if (!table)
        co_return malformed<Chord::LinkFaultTable>(node);
    co_return PeerResult<Chord::LinkFaultTable>{std::move(*table)};
}

QCoro::Task<PeerResult<Chord::LinkFaultTable>> NodeClient::faults(NodeRef node, int timeoutMs) {
    return faultTableCall("GET", std::move(node), {}, timeoutMs);
}

QCoro::Task<PeerResult<Chord::LinkFaultTable>> NodeClient::setFaults(NodeRef node,
                                                                     Chord::LinkFaultTable table) {
    QString error;
    const QString self =
        Chord::LinkFaults::normalizeAddress(node.address()).value_or(node.address());
    const QJsonObject body = ApiJson::faultTableBody(table, self, &error);
    if (!error.isEmpty()) // refused here, as the node would
        co_return PeerResult<Chord::LinkFaultTable>::failure(error, 400);
    co_return co_await faultTableCall("PUT", std::move(node), compact(body), MaintenanceMs);
}

QCoro::Task<PeerResult<Chord::LinkFaultTable>> NodeClient::healFaults(NodeRef node) {
    return faultTableCall("DELETE", std::move(node), {}, MaintenanceMs);
}

QCoro::Task<PeerResult<std::optional<IdRange>>> NodeClient::releaseUnavailable(NodeRef node) {
    const auto r = co_await m_transport.call("DELETE", node, "/dht/unavailable?confirm=lost", {},
                                             MaintenanceMs);
    if (!r.ok())
        co_return failed<std::optional<IdRange>>(r);
    co_return PeerResult<std::optional<IdRange>>{
        ApiJson::readIdRange(r->object().value(u"released"_s))};
}

} // namespace ChordLab
