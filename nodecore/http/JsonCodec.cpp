#include "JsonCodec.h"

#include "RequestParsing.h"

#include <QStringDecoder>

#include <cmath>
#include <limits>

namespace Chord::Json {

std::optional<quint64> toU64(const QJsonValue &v) {
    if (v.isString()) {
        bool ok = false;
        const quint64 x = v.toString().toULongLong(&ok);
        return ok ? std::optional<quint64>(x) : std::nullopt;
    }
    // JSON numbers are accepted only when integral and exactly representable (<= 2^53).
    const double d = v.toDouble();
    if (v.isDouble() && d >= 0 && d <= 9007199254740992.0 && d == std::floor(d))
        return quint64(d);
    return std::nullopt;
}

namespace {
QJsonArray fromIds(const QList<Id> &ids) {
    QJsonArray a;
    for (const Id id : ids)
        a.append(QString::number(id));
    return a;
}

// Absent: none; a malformed entry ends the list there (a chain is a hint, read up to what is
// known).
QList<Id> toIds(const QJsonValue &v) {
    QList<Id> ids;
    for (const QJsonValue &x : v.toArray()) {
        const std::optional<quint64> id = toU64(x);
        if (!id || ids.size() >= 16)
            break;
        ids.append(*id);
    }
    return ids;
}

// An optional id field: absent reads as none; malformed refuses the whole message (nullopt).
std::optional<std::optional<Id>> optionalId(const QJsonObject &o, QLatin1String name) {
    if (!o.contains(name))
        return std::optional<Id>();
    const std::optional<quint64> id = toU64(o.value(name));
    if (!id)
        return std::nullopt;
    return std::optional<Id>(*id);
}
} // namespace

QJsonValue fromId(Id id) {
    return QString::number(id);
}

std::optional<Id> toId(const QJsonValue &value, const IdSpace &space) {
    if (value.isString())
        return space.parse(value.toString());
    const std::optional<quint64> v = toU64(value);
    if (!v || !space.isValid(*v))
        return std::nullopt;
    return *v;
}

QJsonObject fromNode(const NodeRef &node) {
    return {{QStringLiteral("name"), node.name},
            {QStringLiteral("host"), node.host},
            {QStringLiteral("port"), node.port},
            {QStringLiteral("id"), fromId(node.id)}};
}

QJsonValue fromNode(const OptionalNode &node) {
    return node ? QJsonValue(fromNode(*node)) : QJsonValue(QJsonValue::Null);
}

QJsonObject fromEndpoint(const Endpoint &endpoint) {
    QJsonObject o{{QStringLiteral("host"), endpoint.host}, {QStringLiteral("port"), endpoint.port}};
    if (!endpoint.name.isEmpty())
        o.insert(QStringLiteral("name"), endpoint.name);
    return o;
}

std::optional<Endpoint> toEndpoint(const QJsonValue &value) {
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    const QJsonValue host = o.value(QLatin1String("host"));
    if (!host.isString() || host.toString().isEmpty())
        return std::nullopt;
    const std::optional<quint64> port = toU64(o.value(QLatin1String("port")));
    if (!port || *port == 0 || *port > 65535)
        return std::nullopt;
    return Endpoint{host.toString(), quint16(*port), o.value(QLatin1String("name")).toString()};
}

std::optional<NodeRef> toNode(const QJsonValue &value) {
    const std::optional<Endpoint> ep = toEndpoint(value);
    if (!ep)
        return std::nullopt;
    NodeRef n;
    n.host = ep->host;
    n.port = ep->port;
    n.name = ep->name.isEmpty() ? n.address() : ep->name;
    const QJsonObject o = value.toObject();
    if (o.contains(QLatin1String("id"))) {
        const std::optional<quint64> id = toU64(o.value(QLatin1String("id")));
        if (!id)
            return std::nullopt;
        n.id = *id;
    }
    return n;
}

QJsonArray fromNodes(const QList<NodeRef> &nodes) {
    QJsonArray a;
    for (const NodeRef &n : nodes)
        a.append(fromNode(n));
    return a;
}

std::optional<QList<NodeRef>> toNodes(const QJsonValue &value) {
    if (!value.isArray())
        return std::nullopt;
    QList<NodeRef> out;
    for (const QJsonValue &v : value.toArray()) {
        const std::optional<NodeRef> n = toNode(v);
        if (!n)
            return std::nullopt;
        out.append(*n);
    }
    return out;
}

QJsonObject fromItem(const Item &item) {
    return {{QStringLiteral("key"), item.key},
            {QStringLiteral("id"), fromId(item.id)},
            {QStringLiteral("value"), QString::fromLatin1(item.value.toBase64())},
            {QStringLiteral("version"), QString::number(item.version)},
            {QStringLiteral("deleted"), item.deleted}};
}

std::optional<Item> toItem(const QJsonValue &value) {
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    const QJsonValue key = o.value(QLatin1String("key"));
    const std::optional<quint64> version = toU64(o.value(QLatin1String("version")));
    if (!key.isString() || key.toString().isEmpty() || !version)
        return std::nullopt;
    const auto decoded =
        QByteArray::fromBase64Encoding(o.value(QLatin1String("value")).toString().toLatin1(),
                                       QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    Item item;
    item.key = key.toString();
    item.value = *decoded;
    item.version = *version;
    item.deleted = o.value(QLatin1String("deleted")).toBool();
    return item;
}

QJsonArray fromItems(const QList<Item> &items) {
    QJsonArray a;
    for (const Item &i : items)
        a.append(fromItem(i));
    return a;
}

std::optional<QList<Item>> toItems(const QJsonValue &value) {
    if (!value.isArray())
        return std::nullopt;
    QList<Item> out;
    for (const QJsonValue &v : value.toArray()) {
        const std::optional<Item> i = toItem(v);
        if (!i)
            return std::nullopt;
        out.append(*i);
    }
    return out;
}

QJsonObject fromStep(const StepAnswer &step) {
    QJsonObject o{{QStringLiteral("done"), step.done}};
    o.insert(step.done ? QStringLiteral("node") : QStringLiteral("next"), fromNode(step.node));
    if (step.clockMs)
        o.insert(QStringLiteral("clock"), QString::number(step.clockMs));
    return o;
}

std::optional<StepAnswer> toStep(const QJsonObject &o) {
    if (!o.value(QLatin1String("done")).isBool())
        return std::nullopt;
    const bool done = o.value(QLatin1String("done")).toBool();
    const std::optional<NodeRef> n =
        toNode(o.value(done ? QLatin1String("node") : QLatin1String("next")));
    if (!n)
        return std::nullopt;
    return StepAnswer{done, *n, qint64(toU64(o.value(QLatin1String("clock"))).value_or(0))};
}

QJsonObject fromNeighbors(const Neighbors &n) {
    QJsonObject o = fromNode(n.self);
    o.insert(QStringLiteral("pred"), fromNode(n.pred));
    o.insert(QStringLiteral("succ"), fromNode(n.successors.value(0)));
    o.insert(QStringLiteral("successors"), fromNodes(n.successors));
    o.insert(QStringLiteral("bits"), n.bits);
    o.insert(QStringLiteral("ring"), QString::number(n.ringToken));
    o.insert(QStringLiteral("keys"), QJsonObject{{QStringLiteral("primary"), n.primaryKeys},
                                                 {QStringLiteral("replica"), n.replicaKeys}});
    if (n.leaseGranted)
        o.insert(QStringLiteral("lease"), true);
    if (n.clockMs)
        o.insert(QStringLiteral("clock"), QString::number(n.clockMs));
    if (n.unsure)
        o.insert(QStringLiteral("unsure"), true);
    if (n.resumedAgoMs >= 0)
        o.insert(QStringLiteral("resumedAgo"), QString::number(n.resumedAgoMs));
    if (n.joining)
        o.insert(QStringLiteral("joining"), true);
    if (n.versionClock)
        o.insert(QStringLiteral("versionClock"), QString::number(n.versionClock));
    if (n.protocol != Protocol::Zave)
        o.insert(QStringLiteral("protocol"), protocolName(n.protocol));
    return o;
}

std::optional<Neighbors> toNeighbors(const QJsonObject &o) {
    const std::optional<NodeRef> self = toNode(o);
    const std::optional<QList<NodeRef>> succs = toNodes(o.value(QLatin1String("successors")));
    if (!self || !succs || succs->isEmpty())
        return std::nullopt;
    Neighbors n;
    n.self = *self;
    n.pred = toNode(o.value(QLatin1String("pred")));
    n.successors = *succs;
    n.bits = o.value(QLatin1String("bits")).toInt(64);
    n.ringToken = toU64(o.value(QLatin1String("ring"))).value_or(0);
    const QJsonObject keys = o.value(QLatin1String("keys")).toObject();
    n.primaryKeys = keys.value(QLatin1String("primary")).toInt();
    n.replicaKeys = keys.value(QLatin1String("replica")).toInt();
    n.leaseGranted = o.value(QLatin1String("lease")).toBool();
    n.clockMs = qint64(toU64(o.value(QLatin1String("clock"))).value_or(0));
    n.unsure = o.value(QLatin1String("unsure")).toBool();
    // Absent: never stopped (or a node of a version before it, which did not say).
    const std::optional<quint64> resumed = toU64(o.value(QLatin1String("resumedAgo")));
    n.resumedAgoMs = resumed && *resumed <= quint64(std::numeric_limits<qint64>::max() / 1000000)
                         ? qint64(*resumed)
                         : -1;
    n.joining = o.value(QLatin1String("joining")).toBool();
    n.versionClock = toU64(o.value(QLatin1String("versionClock"))).value_or(0);
    // Absent: zave (a node of a version before issue 12 runs Zave's maintenance).
    const std::optional<Protocol> protocol =
        parseProtocol(o.value(QLatin1String("protocol")).toString(QStringLiteral("zave")));
    if (!protocol)
        return std::nullopt;
    n.protocol = *protocol;
    return n;
}

QJsonObject fromLookup(const LookupResult &lookup) {
    QJsonArray hops;
    for (const Hop &h : lookup.hops) {
        QJsonObject o{{QStringLiteral("node"), fromNode(h.node)},
                      {QStringLiteral("done"), h.done},
                      {QStringLiteral("ms"), h.ms}};
        if (h.failed)
            o.insert(QStringLiteral("failed"), true);
        else
            o.insert(QStringLiteral("next"), fromNode(h.next));
        hops.append(o);
    }
    QJsonObject o{{QStringLiteral("key"),
                   lookup.key.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(lookup.key)},
                  {QStringLiteral("id"), fromId(lookup.id)},
                  {QStringLiteral("owner"),
                   lookup.ok ? QJsonValue(fromNode(lookup.owner)) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("hopCount"), int(lookup.hops.size())},
                  {QStringLiteral("ms"), lookup.ms},
                  {QStringLiteral("hops"), hops}};
    if (!lookup.ok)
        o.insert(QStringLiteral("error"), lookup.error);
    return o;
}

std::optional<LookupResult> toLookup(const QJsonObject &o) {
    const std::optional<quint64> id = toU64(o.value(QLatin1String("id")));
    if (!id)
        return std::nullopt;
    LookupResult r;
    r.id = *id;
    r.key = o.value(QLatin1String("key")).toString();
    r.ms = o.value(QLatin1String("ms")).toDouble();
    const std::optional<NodeRef> owner = toNode(o.value(QLatin1String("owner")));
    r.ok = owner.has_value();
    if (owner)
        r.owner = *owner;
    r.error = o.value(QLatin1String("error")).toString();
    for (const QJsonValue &v : o.value(QLatin1String("hops")).toArray()) {
        const QJsonObject h = v.toObject();
        const std::optional<NodeRef> node = toNode(h.value(QLatin1String("node")));
        if (!node)
            return std::nullopt;
        r.hops.append(Hop{*node, h.value(QLatin1String("done")).toBool(),
                          h.value(QLatin1String("failed")).toBool(),
                          toNode(h.value(QLatin1String("next"))).value_or(NodeRef{}),
                          h.value(QLatin1String("ms")).toDouble()});
    }
    return r;
}

QJsonObject fromEvent(const Event &e) {
    QJsonObject o{{QStringLiteral("seq"), QString::number(e.seq)},
                  {QStringLiteral("time"), double(e.timeMs)},
                  {QStringLiteral("type"), e.type}};
    if (!e.detail.isEmpty())
        o.insert(QStringLiteral("detail"), e.detail);
    if (e.node)
        o.insert(QStringLiteral("node"), fromNode(*e.node));
    if (e.previous)
        o.insert(QStringLiteral("previous"), fromNode(*e.previous));
    if (e.id)
        o.insert(QStringLiteral("id"), fromId(*e.id));
    if (!e.key.isEmpty())
        o.insert(QStringLiteral("key"), e.key);
    if (e.count)
        o.insert(QStringLiteral("count"), e.count);
    if (e.lookup)
        o.insert(QStringLiteral("lookup"), fromLookup(*e.lookup));
    if (!e.op.isEmpty())
        o.insert(QStringLiteral("op"), e.op);
    return o;
}

std::optional<Event> toEvent(const QJsonObject &o) {
    // The /dht/events shape (fromEvent): seq and type are required, the rest as present.
    const std::optional<quint64> seq = toU64(o.value(QLatin1String("seq")));
    const QString type = o.value(QLatin1String("type")).toString();
    if (!seq || type.isEmpty())
        return std::nullopt;
    Event e;
    e.seq = *seq;
    e.timeMs = qint64(o.value(QLatin1String("time")).toDouble());
    e.type = type;
    e.detail = o.value(QLatin1String("detail")).toString();
    e.node = toNode(o.value(QLatin1String("node")));
    e.previous = toNode(o.value(QLatin1String("previous")));
    if (const std::optional<quint64> id = toU64(o.value(QLatin1String("id"))))
        e.id = *id;
    e.key = o.value(QLatin1String("key")).toString();
    e.count = o.value(QLatin1String("count")).toInt();
    if (o.contains(QLatin1String("lookup")))
        e.lookup = toLookup(o.value(QLatin1String("lookup")).toObject());
    e.op = o.value(QLatin1String("op")).toString();
    return e;
}

namespace {
// An arc's part without reachable copies (UncoveredRange): "uncovered": {from, to, since},
// absent when empty.
void insertUncovered(QJsonObject &o, const UncoveredRange &u) {
    if (!u.empty())
        o.insert(QStringLiteral("uncovered"),
                 QJsonObject{{QStringLiteral("from"), fromId(u.from)},
                             {QStringLiteral("to"), fromId(u.to)},
                             {QStringLiteral("since"), QString::number(u.since)}});
}

UncoveredRange toUncovered(const QJsonObject &o) {
    const QJsonObject u = o.value(QLatin1String("uncovered")).toObject();
    const std::optional<quint64> from = toU64(u.value(QLatin1String("from")));
    const std::optional<quint64> to = toU64(u.value(QLatin1String("to")));
    if (!from || !to)
        return {};
    return {*from, *to, toU64(u.value(QLatin1String("since"))).value_or(0)};
}
} // namespace

QJsonObject fromLeaveNotice(const LeaveNotice &notice) {
    QJsonObject o{{QStringLiteral("leaver"), fromNode(notice.leaver)},
                  {QStringLiteral("pred"), fromNode(notice.pred)},
                  {QStringLiteral("successors"), fromNodes(notice.successors)},
                  {QStringLiteral("horizonMs"), notice.horizonMs},
                  {QStringLiteral("versionCap"), QString::number(notice.versionCap)}};
    insertUncovered(o, notice.uncovered);
    if (notice.copiesFrom) {
        o.insert(QStringLiteral("copiesFrom"), fromId(*notice.copiesFrom));
        o.insert(QStringLiteral("copiesTo"), fromNodes(notice.copiesTo));
    }
    if (!notice.lost.isEmpty())
        o.insert(QStringLiteral("lost"), fromNodes(notice.lost));
    return o;
}

std::optional<LeaveNotice> toLeaveNotice(const QJsonObject &o) {
    const std::optional<NodeRef> leaver = toNode(o.value(QLatin1String("leaver")));
    const std::optional<QList<NodeRef>> succs = toNodes(o.value(QLatin1String("successors")));
    const auto copiesFrom = optionalId(o, QLatin1String("copiesFrom"));
    const std::optional<QList<NodeRef>> copiesTo = o.contains(QLatin1String("copiesTo"))
                                                       ? toNodes(o.value(QLatin1String("copiesTo")))
                                                       : QList<NodeRef>();
    const std::optional<QList<NodeRef>> lost = o.contains(QLatin1String("lost"))
                                                   ? toNodes(o.value(QLatin1String("lost")))
                                                   : QList<NodeRef>();
    if (!leaver || !succs || !copiesFrom || !copiesTo || !lost)
        return std::nullopt;
    return LeaveNotice{*leaver,
                       toNode(o.value(QLatin1String("pred"))),
                       *succs,
                       std::max(0, o.value(QLatin1String("horizonMs")).toInt()),
                       toU64(o.value(QLatin1String("versionCap"))).value_or(0),
                       toUncovered(o),
                       *copiesFrom,
                       *copiesTo,
                       *lost};
}

QJsonObject fromDeparture(const Departure &departure) {
    return {{QStringLiteral("notice"), fromLeaveNotice(departure.notice)},
            {QStringLiteral("items"), fromItems(departure.items)}};
}

std::optional<Departure> toDeparture(const QJsonObject &o) {
    const auto notice = toLeaveNotice(o.value(QLatin1String("notice")).toObject());
    const auto items = toItems(o.value(QLatin1String("items")));
    if (!notice || !items)
        return std::nullopt;
    return Departure{*notice, *items};
}

QJsonObject fromReplicateRequest(const ReplicateRequest &r) {
    QJsonObject o{{QStringLiteral("owner"), fromNode(r.owner)},
                  {QStringLiteral("from"), fromId(r.from)},
                  {QStringLiteral("to"), fromId(r.to)},
                  {QStringLiteral("digest"), QString::number(r.digest)},
                  {QStringLiteral("full"), r.full}};
    if (r.full)
        o.insert(QStringLiteral("items"), fromItems(r.items));
    if (r.confirmedFrom)
        o.insert(QStringLiteral("confirmedFrom"), fromId(*r.confirmedFrom));
    return o;
}

std::optional<ReplicateRequest> toReplicateRequest(const QJsonObject &o) {
    const std::optional<NodeRef> owner = toNode(o.value(QLatin1String("owner")));
    const std::optional<quint64> from = toU64(o.value(QLatin1String("from")));
    const std::optional<quint64> to = toU64(o.value(QLatin1String("to")));
    const std::optional<quint64> digest = toU64(o.value(QLatin1String("digest")));
    if (!owner || !from || !to || !digest)
        return std::nullopt;
    const auto confirmedFrom = optionalId(o, QLatin1String("confirmedFrom"));
    if (!confirmedFrom)
        return std::nullopt;
    ReplicateRequest r{*owner, *from,         *to, *digest, o.value(QLatin1String("full")).toBool(),
                       {},     *confirmedFrom};
    if (r.full) {
        const std::optional<QList<Item>> items = toItems(o.value(QLatin1String("items")));
        if (!items)
            return std::nullopt;
        r.items = *items;
    }
    return r;
}

QJsonObject fromReplicateAnswer(const ReplicateAnswer &a) {
    QJsonObject o{{QStringLiteral("match"), a.match},
                  {QStringLiteral("newer"), fromItems(a.newer)}};
    if (a.vouchFrom)
        o.insert(QStringLiteral("vouchFrom"), fromId(*a.vouchFrom));
    return o;
}

std::optional<ReplicateAnswer> toReplicateAnswer(const QJsonObject &o) {
    const std::optional<QList<Item>> newer = toItems(o.value(QLatin1String("newer")));
    if (!newer)
        return std::nullopt;
    const auto vouchFrom = optionalId(o, QLatin1String("vouchFrom"));
    if (!vouchFrom)
        return std::nullopt;
    return ReplicateAnswer{o.value(QLatin1String("match")).toBool(), *newer, *vouchFrom};
}

QJsonObject fromFetchAnswer(const FetchAnswer &a) {
    QJsonObject o{{QStringLiteral("found"), a.found},
                  {QStringLiteral("primary"), a.primary},
                  {QStringLiteral("clock"), QString::number(a.clockMs)}};
    if (a.unconfirmed)
        o.insert(QStringLiteral("unconfirmed"), true);
    if (a.found)
        o.insert(QStringLiteral("item"), fromItem(a.item));
    return o;
}

std::optional<FetchAnswer> toFetchAnswer(const QJsonObject &o) {
    FetchAnswer a;
    a.found = o.value(QLatin1String("found")).toBool();
    a.primary = o.value(QLatin1String("primary")).toBool(true);
    a.unconfirmed = o.value(QLatin1String("unconfirmed")).toBool();
    a.clockMs = o.value(QLatin1String("clock")).toString().toLongLong();
    if (a.found) {
        const std::optional<Item> item = toItem(o.value(QLatin1String("item")));
        if (!item)
            return std::nullopt;
        a.item = *item;
    }
    return a;
}

QJsonObject fromOwnerWrite(const OwnerWrite &w) {
    QJsonObject o{{QStringLiteral("key"), w.key},
                  {QStringLiteral("value"), QString::fromLatin1(w.value.toBase64())},
                  {QStringLiteral("deleted"), w.deleted},
                  {QStringLiteral("cached"), w.cached},
                  {QStringLiteral("deadline"), QString::number(w.deadlineMs)},
                  {QStringLiteral("write"), QString::number(w.writeId)}};
    if (w.attempt > 0)
        o.insert(QStringLiteral("attempt"), w.attempt);
    if (!w.op.isEmpty())
        o.insert(QStringLiteral("op"), w.op);
    return o;
}

Outcome<OwnerWrite> toOwnerWrite(const QJsonObject &o) {
    const auto bad = [](QString why) {
        return Outcome<OwnerWrite>::badRequest(QStringLiteral("bad write"), std::move(why));
    };
    // Every field typed as sent (a missing value or a "deleted" that is not a boolean would
    // otherwise overwrite the key with an empty value, acknowledged).
    const QJsonValue key = o.value(QLatin1String("key"));
    const QJsonValue valueText = o.value(QLatin1String("value"));
    const QJsonValue deleted = o.value(QLatin1String("deleted"));
    const QJsonValue cached = o.value(QLatin1String("cached"));
    const auto value = QByteArray::fromBase64Encoding(valueText.toString().toLatin1(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
    OwnerWrite w;
    w.key = key.toString();
    if (!key.isString() || w.key.isEmpty() || w.key.toUtf8().size() > Http::MaxKeyBytes ||
        !valueText.isString() || !value || !deleted.isBool() ||
        !(cached.isUndefined() || cached.isBool()))
        return bad(QStringLiteral("expected {key, value(base64), deleted(bool)[, cached(bool)]}"));
    w.value = value.decoded;
    w.deleted = deleted.toBool();
    w.cached = cached.toBool();
    bool ok = true;
    if (o.contains(QLatin1String("deadline"))) {
        w.deadlineMs = o.value(QLatin1String("deadline")).toString().toLongLong(&ok);
        if (!ok || w.deadlineMs < 0)
            return bad(QStringLiteral("deadline must be a decimal number of ms"));
    }
    if (o.contains(QLatin1String("write"))) {
        w.writeId = o.value(QLatin1String("write")).toString().toULongLong(&ok);
        if (!ok)
            return bad(QStringLiteral("write must be a decimal number (the write's id)"));
    }
    if (o.contains(QLatin1String("attempt"))) {
        const QJsonValue attempt = o.value(QLatin1String("attempt"));
        const double n = attempt.toDouble(-1);
        if (!attempt.isDouble() || n < 1 || n > 1e6 || n != double(int(n)))
            return bad(QStringLiteral("attempt must be a whole number from 1"));
        w.attempt = int(n);
    }
    w.op = o.value(QLatin1String("op")).toString();
    const Outcome<QString> op = Http::parseOp(w.op, !w.op.isEmpty());
    if (!op.ok())
        return bad(op.message);
    return {w};
}

QJsonObject fromWriteAnswer(const WriteAnswer &a) {
    return {{QStringLiteral("version"), QString::number(a.version)},
            {QStringLiteral("copies"), a.copies},
            {QStringLiteral("needed"), a.needed},
            {QStringLiteral("clock"), QString::number(a.clockMs)}};
}

WriteAnswer toWriteAnswer(const QJsonObject &o) {
    WriteAnswer a;
    a.version = o.value(QLatin1String("version")).toString().toULongLong();
    a.copies = o.value(QLatin1String("copies")).toInt();
    a.needed = o.value(QLatin1String("needed")).toInt();
    a.clockMs = o.value(QLatin1String("clock")).toString().toLongLong();
    return a;
}

QString errorText(const QJsonObject &o) {
    const QString detail = o.value(QLatin1String("detail")).toString();
    const QString error = o.value(QLatin1String("error")).toString();
    return detail.isEmpty() ? error : error + QStringLiteral(": ") + detail;
}

QJsonObject fromRectifyAnswer(const RectifyAnswer &a) {
    QJsonObject o{{QStringLiteral("accepted"), a.accepted},
                  {QStringLiteral("handoff"), fromItems(a.handoff)},
                  {QStringLiteral("horizonMs"), a.horizonMs},
                  {QStringLiteral("versionCap"), QString::number(a.versionCap)},
                  {QStringLiteral("vouched"), a.vouched}};
    if (!a.replicas.isEmpty())
        o.insert(QStringLiteral("replicas"), fromItems(a.replicas));
    if (!a.predChain.isEmpty())
        o.insert(QStringLiteral("predChain"), fromIds(a.predChain));
    if (a.replicasFrom)
        o.insert(QStringLiteral("replicasFrom"), fromId(*a.replicasFrom));
    if (a.from)
        o.insert(QStringLiteral("from"), fromId(*a.from));
    insertUncovered(o, a.uncovered);
    if (a.unsure)
        o.insert(QStringLiteral("unsure"), true);
    if (!a.waitFor.isEmpty())
        o.insert(QStringLiteral("waitFor"), fromNodes(a.waitFor));
    return o;
}

std::optional<RectifyAnswer> toRectifyAnswer(const QJsonObject &o) {
    const std::optional<QList<Item>> items = toItems(o.value(QLatin1String("handoff")));
    if (!items)
        return std::nullopt;
    std::optional<QList<Item>> replicas = QList<Item>();
    if (o.contains(QLatin1String("replicas")))
        replicas = toItems(o.value(QLatin1String("replicas")));
    if (!replicas)
        return std::nullopt;
    const auto from = optionalId(o, QLatin1String("from"));
    const auto replicasFrom = optionalId(o, QLatin1String("replicasFrom"));
    if (!from || !replicasFrom)
        return std::nullopt;
    std::optional<QList<NodeRef>> waitFor = QList<NodeRef>();
    if (o.contains(QLatin1String("waitFor")))
        waitFor = toNodes(o.value(QLatin1String("waitFor")));
    if (!waitFor)
        return std::nullopt;
    return RectifyAnswer{o.value(QLatin1String("accepted")).toBool(),
                         *items,
                         std::max(0, o.value(QLatin1String("horizonMs")).toInt()),
                         toU64(o.value(QLatin1String("versionCap"))).value_or(0),
                         *from,
                         toUncovered(o),
                         o.value(QLatin1String("vouched")).toBool(),
                         *replicas,
                         toIds(o.value(QLatin1String("predChain"))),
                         *replicasFrom,
                         o.value(QLatin1String("unsure")).toBool(),
                         *waitFor};
}

QJsonObject fromMaintenance(const MaintenanceState &state) {
    return {{QStringLiteral("paused"), state.paused},
            {QStringLiteral("periodMs"), state.periodMs},
            {QStringLiteral("messages"), state.messages}};
}

Outcome<MaintenanceChange> toMaintenanceChange(const QJsonObject &o) {
    const QString expected = QStringLiteral("expected {\"paused\": true|false, \"periodMs\": "
                                            "%1..%2, \"messages\": true|false}, one or more")
                                 .arg(MinPeriodMs)
                                 .arg(MaxPeriodMs);
    const auto bad = [](QString why) {
        return Outcome<MaintenanceChange>::badRequest(QStringLiteral("bad maintenance"),
                                                      std::move(why));
    };
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != QLatin1String("paused") && it.key() != QLatin1String("periodMs") &&
            it.key() != QLatin1String("messages"))
            return bad(QStringLiteral("unknown field '%1'; ").arg(it.key()) + expected);
    }
    const QJsonValue paused = o.value(QLatin1String("paused"));
    const QJsonValue period = o.value(QLatin1String("periodMs"));
    const QJsonValue messages = o.value(QLatin1String("messages"));
    const double ms = period.toDouble();
    if ((paused.isUndefined() && period.isUndefined() && messages.isUndefined()) ||
        (!paused.isUndefined() && !paused.isBool()) ||
        (!messages.isUndefined() && !messages.isBool()) ||
        (!period.isUndefined() &&
         (!period.isDouble() || ms != double(qint64(ms)) || ms < MinPeriodMs || ms > MaxPeriodMs)))
        return bad(expected);
    MaintenanceChange change;
    if (paused.isBool())
        change.paused = paused.toBool();
    if (period.isDouble())
        change.periodMs = int(ms);
    if (messages.isBool())
        change.messages = messages.toBool();
    return {change};
}

namespace {
const std::pair<const char *, MaintenanceStep> StepNames[] = {
    {"stabilize", MaintenanceStep::Stabilize},
    {"rectify", MaintenanceStep::Rectify},
    {"finger", MaintenanceStep::Finger},
    {"check-predecessor", MaintenanceStep::CheckPredecessor},
    {"sync", MaintenanceStep::Sync}};
} // namespace

QString fromMaintenanceStep(MaintenanceStep step) {
    for (const auto &[text, s] : StepNames) {
        if (s == step)
            return QString::fromLatin1(text);
    }
    return {};
}

Outcome<MaintenanceStep> toMaintenanceStep(const QJsonObject &o) {
    const QString name = o.value(QLatin1String("step")).toString();
    for (const auto &[text, step] : StepNames) {
        if (name == QLatin1String(text))
            return {step};
    }
    return Outcome<MaintenanceStep>::badRequest(
        QStringLiteral("bad step"),
        QStringLiteral("expected {\"step\": \"stabilize\" | \"rectify\" | "
                       "\"finger\" | \"check-predecessor\" | \"sync\"}"));
}

QJsonValue unavailableRange(const UncoveredRange &range) {
    if (range.empty())
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("from"), fromId(range.from)},
                       {QStringLiteral("to"), fromId(range.to)}};
}

QJsonObject nodeInfo(const ChordNode &node) {
    const IdSpace &space = node.space();
    QJsonObject o = fromNode(node.self());
    o.insert(QStringLiteral("bits"), space.bits());
    o.insert(QStringLiteral("protocol"), protocolName(node.config().protocol));
    o.insert(QStringLiteral("pred"), fromNode(node.predecessor()));
    o.insert(QStringLiteral("succ"), fromNode(node.successor()));
    o.insert(QStringLiteral("successors"), fromNodes(node.successors()));
    QJsonArray fingers;
    for (int i = 0; i < space.bits(); ++i) {
        const Id start = space.fingerStart(node.self().id, i);
        const Id end =
            i + 1 < space.bits() ? space.fingerStart(node.self().id, i + 1) : node.self().id;
        fingers.append(QJsonObject{{QStringLiteral("i"), i},
                                   {QStringLiteral("start"), fromId(start)},
                                   {QStringLiteral("end"), fromId(end)},
                                   {QStringLiteral("node"), fromNode(node.fingers().value(i))}});
    }
    o.insert(QStringLiteral("fingers"), fingers);
    o.insert(QStringLiteral("keys"), QJsonObject{{QStringLiteral("primary"), node.primaryCount()},
                                                 {QStringLiteral("replica"), node.replicaCount()}});
    o.insert(QStringLiteral("replicas"), node.config().replicas);
    o.insert(QStringLiteral("stabilizeMs"), node.config().stabilizeMs);
    o.insert(QStringLiteral("uptimeMs"), double(node.uptimeMs()));
    o.insert(QStringLiteral("version"), QStringLiteral(CHORDLAB_VERSION));
    o.insert(QStringLiteral("ring"), QString::number(node.ringToken()));
    o.insert(QStringLiteral("unavailable"), unavailableRange(node.unavailable()));
    const std::optional<Id> copiesFrom = node.vouchedCopies();
    o.insert(QStringLiteral("copiesFrom"), copiesFrom ? fromId(*copiesFrom) : QJsonValue());
    o.insert(QStringLiteral("state"), node.isLeaving() ? QStringLiteral("leaving")
                                      : node.isAlone() ? QStringLiteral("alone")
                                                       : QStringLiteral("member"));
    o.insert(QStringLiteral("left"), node.hasLeft());
    return o;
}

QJsonObject ringWalk(const RingWalk &walk, int bits) {
    QJsonArray nodes;
    for (const Neighbors &n : walk.nodes)
        nodes.append(fromNeighbors(n));
    return {{QStringLiteral("bits"), bits},
            {QStringLiteral("complete"), walk.complete},
            {QStringLiteral("nodes"), nodes}};
}

QJsonObject lookupAnswer(const LookupResult &lookup, const QString &op) {
    QJsonObject body = fromLookup(lookup);
    body.insert(QStringLiteral("op"), op);
    if (!lookup.ok) {
        body.insert(QStringLiteral("error"), QStringLiteral("lookup failed"));
        body.insert(QStringLiteral("detail"), lookup.error);
    }
    return body;
}

QJsonObject joinAnswer(const ChordNode &node) {
    QJsonObject o = fromNode(node.self());
    o.insert(QStringLiteral("joined"), true);
    o.insert(QStringLiteral("pred"), fromNode(node.predecessor()));
    o.insert(QStringLiteral("succ"), fromNode(node.successor()));
    return o;
}

QJsonObject leaveAnswer(const ChordNode &node) {
    QJsonObject o = fromNode(node.self());
    o.insert(QStringLiteral("left"), true);
    o.insert(QStringLiteral("keys"), node.store().liveCount());
    return o;
}

QJsonObject valueAnswer(const QString &key, Id id, const GetResult &get) {
    QJsonObject o{{QStringLiteral("key"), key},
                  {QStringLiteral("id"), fromId(id)},
                  {QStringLiteral("found"), get.found},
                  {QStringLiteral("owner"), fromNode(get.owner)},
                  {QStringLiteral("hops"), get.hops}};
    if (!get.found) {
        o.insert(QStringLiteral("value"), QJsonValue(QJsonValue::Null));
        return o;
    }
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString text = utf8.decode(get.item.value);
    if (!utf8.hasError()) {
        o.insert(QStringLiteral("value"), text);
    } else {
        o.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
        o.insert(QStringLiteral("value"), QString::fromLatin1(get.item.value.toBase64()));
    }
    return o;
}

QJsonObject stepAnswer(const MaintenanceState &state, MaintenanceStep step,
                       const Neighbors &neighbors) {
    QJsonObject answer = fromMaintenance(state);
    answer.insert(QStringLiteral("step"), fromMaintenanceStep(step));
    answer.insert(QStringLiteral("neighbors"), fromNeighbors(neighbors));
    return answer;
}

} // namespace Chord::Json
