#include "FaultRoutes.h"

#include "JsonCodec.h"
#include "RouteSupport.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <cmath>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace Chord::Http {

namespace {

const QString Expected = QStringLiteral(
    "expected {\"links\": [{\"peer\": \"host:port\", \"direction\": \"out\"|\"in\"|\"both\", "
    "\"delayMs\": 0..600000, \"jitterMs\": 0..600000, \"loss\": 0..1, \"cut\": true|false}], "
    "\"partition\": [[\"host:port\", ...], ...], \"seed\": integer}, every field optional");

// A whole number of milliseconds in 0..MaxDelayMs.
bool readMs(const QJsonValue &v, int *out) {
    if (v.isUndefined())
        return true;
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d != std::floor(d) || d < 0 || d > LinkFaults::MaxDelayMs)
        return false;
    *out = int(d);
    return true;
}

QString directionName(const LinkRule &rule) {
    return rule.out && rule.in ? QStringLiteral("both")
           : rule.out          ? QStringLiteral("out")
                               : QStringLiteral("in");
}

// The first field of body that a table does not have, as an error message; or empty.
QString unknownTableField(const QJsonObject &body) {
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (it.key() != QLatin1String("links") && it.key() != QLatin1String("partition") &&
            it.key() != QLatin1String("seed"))
            return QStringLiteral("unknown field '%1'").arg(it.key());
    }
    return {};
}

// The first field of a link object that a LinkRule does not have, as an error message; or empty.
QString unknownLinkField(const QJsonObject &o) {
    for (auto it = o.begin(); it != o.end(); ++it) {
        static const QStringList fields{QStringLiteral("peer"),    QStringLiteral("direction"),
                                        QStringLiteral("delayMs"), QStringLiteral("jitterMs"),
                                        QStringLiteral("loss"),    QStringLiteral("cut")};
        if (!fields.contains(it.key()))
            return QStringLiteral("unknown link field '%1'").arg(it.key());
    }
    return {};
}

// The peer and direction of a link object into rule. An error message, or empty.
QString readPeerAndDirection(const QJsonObject &o, LinkRule *rule) {
    const QJsonValue peer = o.value(QLatin1String("peer"));
    if (!peer.isString())
        return QStringLiteral("each link needs \"peer\": \"host:port\"");
    rule->peer = peer.toString();
    const QJsonValue direction = o.value(QLatin1String("direction"));
    const QString dir = direction.toString();
    if (!direction.isUndefined() &&
        (!direction.isString() || (dir != QLatin1String("out") && dir != QLatin1String("in") &&
                                   dir != QLatin1String("both"))))
        return QStringLiteral("direction must be \"out\", \"in\" or \"both\"");
    rule->out = dir != QLatin1String("in");
    rule->in = dir != QLatin1String("out");
    return {};
}

// The delay, jitter, loss and cut of a link object into rule. An error message, or empty.
QString readLinkFault(const QJsonObject &o, LinkRule *rule) {
    if (!readMs(o.value(QLatin1String("delayMs")), &rule->fault.delayMs) ||
        !readMs(o.value(QLatin1String("jitterMs")), &rule->fault.jitterMs))
        return QStringLiteral("delayMs and jitterMs must be whole numbers 0..%1")
            .arg(LinkFaults::MaxDelayMs);
    const QJsonValue loss = o.value(QLatin1String("loss"));
    if (!loss.isUndefined() &&
        (!loss.isDouble() || !(loss.toDouble() >= 0 && loss.toDouble() <= 1)))
        return QStringLiteral("loss must be a number 0..1");
    rule->fault.loss = loss.toDouble(0);
    const QJsonValue cut = o.value(QLatin1String("cut"));
    if (!cut.isUndefined() && !cut.isBool())
        return QStringLiteral("cut must be true or false");
    rule->fault.cut = cut.toBool();
    return {};
}

// The "links" array into links, one LinkRule per object. An error message, or empty.
QString readLinks(const QJsonValue &value, QList<LinkRule> *links) {
    if (!value.isUndefined() && !value.isArray())
        return QStringLiteral("links must be an array");
    for (const QJsonValue &v : value.toArray()) {
        if (!v.isObject())
            return QStringLiteral("each link must be an object");
        const QJsonObject o = v.toObject();
        LinkRule rule;
        QString error = unknownLinkField(o);
        if (error.isEmpty())
            error = readPeerAndDirection(o, &rule);
        if (error.isEmpty())
            error = readLinkFault(o, &rule);
        if (!error.isEmpty())
            return error;
        links->append(rule);
    }
    return {};
}

// The "partition" array of address groups into partition. An error message, or empty.
QString readPartition(const QJsonValue &value, QList<QStringList> *partition) {
    if (!value.isUndefined() && !value.isArray())
        return QStringLiteral("partition must be an array of groups");
    for (const QJsonValue &g : value.toArray()) {
        if (!g.isArray())
            return QStringLiteral("each partition group must be an array of \"host:port\"");
        QStringList group;
        for (const QJsonValue &a : g.toArray()) {
            if (!a.isString())
                return QStringLiteral("each partition group must be an array of \"host:port\"");
            group << a.toString();
        }
        partition->append(group);
    }
    return {};
}

// The "seed", if given, into seed. An error message, or empty.
QString readSeed(const QJsonValue &value, quint64 *seed) {
    if (value.isUndefined())
        return {};
    const std::optional<quint64> n = Json::toU64(value);
    if (!n)
        return QStringLiteral("seed must be a whole number (or a decimal string)");
    *seed = *n;
    return {};
}

} // namespace

Outcome<LinkFaultTable> FaultRoutes::tableFromJson(const QJsonObject &body) {
    LinkFaultTable table;
    QString error = unknownTableField(body);
    if (error.isEmpty())
        error = readLinks(body.value(QLatin1String("links")), &table.links);
    if (error.isEmpty())
        error = readPartition(body.value(QLatin1String("partition")), &table.partition);
    if (error.isEmpty())
        error = readSeed(body.value(QLatin1String("seed")), &table.seed);
    if (!error.isEmpty())
        return Outcome<LinkFaultTable>::badRequest(QStringLiteral("bad faults"),
                                                   error + QStringLiteral("; ") + Expected);
    return {table};
}

QJsonObject FaultRoutes::settable(const QJsonObject &shown) {
    QJsonObject table;
    for (const char *field : {"links", "partition", "seed"}) {
        if (shown.contains(QLatin1String(field)))
            table.insert(QLatin1String(field), shown.value(QLatin1String(field)));
    }
    return table;
}

QJsonObject FaultRoutes::toJson(const LinkFaults &faults) {
    const LinkFaultTable &t = faults.table();
    QJsonArray links;
    for (const LinkRule &rule : t.links) {
        links.append(QJsonObject{{QStringLiteral("peer"), rule.peer},
                                 {QStringLiteral("direction"), directionName(rule)},
                                 {QStringLiteral("delayMs"), rule.fault.delayMs},
                                 {QStringLiteral("jitterMs"), rule.fault.jitterMs},
                                 {QStringLiteral("loss"), rule.fault.loss},
                                 {QStringLiteral("cut"), rule.fault.cut}});
    }
    QJsonArray partition;
    for (const QStringList &group : t.partition)
        partition.append(QJsonArray::fromStringList(group));
    const LinkFaults::Counters &c = faults.counters();
    return {{QStringLiteral("self"), faults.self()},
            {QStringLiteral("links"), links},
            {QStringLiteral("partition"), partition},
            {QStringLiteral("seed"), QString::number(t.seed)},
            {QStringLiteral("count"), faults.count()},
            {QStringLiteral("counters"),
             QJsonObject{{QStringLiteral("droppedOut"), double(c.droppedOut)},
                         {QStringLiteral("droppedIn"), double(c.droppedIn)},
                         {QStringLiteral("delayedOut"), double(c.delayedOut)},
                         {QStringLiteral("delayedIn"), double(c.delayedIn)}}}};
}

FaultRoutes::FaultRoutes(LinkFaults &faults, HttpServer &server, QObject *parent)
    : QObject(parent)
    , m_faults(faults) {
    server.route("/dht/faults", Get, syncRoute(this, &FaultRoutes::get));
    server.route("/dht/faults", Put, syncRoute(this, &FaultRoutes::put), true);
    server.route("/dht/faults", Delete, syncRoute(this, &FaultRoutes::heal), true);
    server.setPeerGate([this](const QByteArray &from) {
        if (m_faults.empty())
            return PeerVerdict{};
        const LinkVerdict v = m_faults.decide(QString::fromLatin1(from), LinkDirection::In);
        return PeerVerdict{v.drop, v.delayMs};
    });
    server.addMetrics([this] {
        const LinkFaults::Counters &c = m_faults.counters();
        auto line = [](const char *direction, const char *fate, quint64 n) {
            return QByteArray("chord_link_fault_messages_total{direction=\"") + direction +
                   "\",fate=\"" + fate + "\"} " + QByteArray::number(n) + '\n';
        };
        return "# HELP chord_link_faults Faulted links (GET /dht/faults, count).\n"
               "# TYPE chord_link_faults gauge\n"
               "chord_link_faults " +
               QByteArray::number(m_faults.count()) +
               "\n# HELP chord_link_fault_messages_total Node-to-node messages dropped or "
               "delayed by link faults.\n"
               "# TYPE chord_link_fault_messages_total counter\n" +
               line("out", "dropped", c.droppedOut) + line("in", "dropped", c.droppedIn) +
               line("out", "delayed", c.delayedOut) + line("in", "delayed", c.delayedIn);
    });
}

void FaultRoutes::get(const Request &, const Reply &reply) {
    reply.json(toJson(m_faults));
}

void FaultRoutes::put(const Request &req, const Reply &reply) {
    const auto body = jsonBody(req, reply);
    if (!body)
        return;
    const Outcome<LinkFaultTable> parsed = tableFromJson(*body);
    if (!parsed.ok())
        return replyFailure(reply, parsed);
    LinkFaultTable table = *parsed;
    if (!body->contains(QLatin1String("seed"))) // reported by GET: the run can be repeated
        table.seed = QRandomGenerator::global()->generate64() >> 11;
    const QString error = m_faults.set(std::move(table));
    if (!error.isEmpty())
        return reply.error(400, QStringLiteral("bad faults"), error);
    qCInfo(lcHttp).noquote() << "link faults set:" << m_faults.table().links.size() << "link(s),"
                             << "partition of" << m_faults.table().partition.size()
                             << "group(s), seed" << m_faults.table().seed;
    reply.json(toJson(m_faults));
}

void FaultRoutes::heal(const Request &, const Reply &reply) {
    if (!m_faults.empty())
        qCInfo(lcHttp) << "link faults healed";
    m_faults.clear();
    reply.json(toJson(m_faults));
}

} // namespace Chord::Http
