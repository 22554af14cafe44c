#include "JsonCodec.h"

#include <QJsonDocument>
#include <QTest>

using namespace Chord;
using namespace Qt::StringLiterals;

namespace {

constexpr quint64 Max64 = ~quint64(0);

QJsonObject parseObject(const QByteArray &json) {
    return QJsonDocument::fromJson(json).object();
}

// Through text and back, as a peer on the other side of a socket would see it.
QJsonObject overTheWire(const QJsonObject &o) {
    return QJsonDocument::fromJson(QJsonDocument(o).toJson(QJsonDocument::Compact)).object();
}

NodeRef ref(const QString &name, quint16 port, Id id) {
    return NodeRef{name, u"127.0.0.1"_s, port, id};
}

} // namespace

class TestJsonCodec : public QObject {
    Q_OBJECT

private slots:
    void idsAreDecimalStrings_data();
    void idsAreDecimalStrings();
    void toId_data();
    void toId();
    void nodeRoundTrip_data();
    void nodeRoundTrip();
    void nodeShape();
    void nullNode();
    void badNode_data();
    void badNode();
    void nodesListRejectsOneBadEntry();
    void itemRoundTrip_data();
    void itemRoundTrip();
    void badItem_data();
    void badItem();
    void stepRoundTrip();
    void badStep_data();
    void badStep();
    void neighborsRoundTrip();
    void badNeighbors();
    void leaveNoticeRoundTrip();
    void replicateRoundTrip();
    void badReplicate();
    void rectifyRoundTrip();
    void fetchAndWriteRoundTrip();
    void badOwnerWrite_data();
    void badOwnerWrite();
    void lookupShape();
    void eventShape();
    void nodeInfoShape();
    void ringWalkShape();
};

void TestJsonCodec::idsAreDecimalStrings_data() {
    QTest::addColumn<quint64>("id");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << quint64(0) << u"0"_s;
    QTest::newRow("small") << quint64(17) << u"17"_s;
    QTest::newRow("2^53+1, not a double") << ((quint64(1) << 53) + 1) << u"9007199254740993"_s;
    QTest::newRow("2^63") << (quint64(1) << 63) << u"9223372036854775808"_s;
    QTest::newRow("2^64-1") << Max64 << u"18446744073709551615"_s;
}

void TestJsonCodec::idsAreDecimalStrings() {
    QFETCH(quint64, id);
    QFETCH(QString, text);
    const QJsonValue v = Json::fromId(id);
    QVERIFY(v.isString());
    QCOMPARE(v.toString(), text);
    QCOMPARE(Json::toId(v, IdSpace(64)), std::optional<Id>(id));
    // Exact through serialized JSON too.
    const QJsonObject back = overTheWire({{u"id"_s, v}});
    QCOMPARE(Json::toId(back.value(u"id"_s), IdSpace(64)), std::optional<Id>(id));
}

void TestJsonCodec::toId_data() {
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("id");
    // clang-format off
    QTest::newRow("decimal string") << QJsonValue(u"42"_s) << 6 << true  << quint64(42);
    QTest::newRow("hex string")     << QJsonValue(u"0x2a"_s) << 6 << true << quint64(42);
    QTest::newRow("number")         << QJsonValue(42) << 6 << true << quint64(42);
    QTest::newRow("2^m string")     << QJsonValue(u"64"_s) << 6 << false << quint64(0);
    QTest::newRow("2^m number")     << QJsonValue(64) << 6 << false << quint64(0);
    QTest::newRow("negative str")   << QJsonValue(u"-1"_s) << 64 << false << quint64(0);
    QTest::newRow("negative num")   << QJsonValue(-1) << 64 << false << quint64(0);
    QTest::newRow("fraction")       << QJsonValue(1.5) << 64 << false << quint64(0);
    QTest::newRow("beyond 2^53")    << QJsonValue(1e19) << 64 << false << quint64(0);
    QTest::newRow("garbage")        << QJsonValue(u"x"_s) << 64 << false << quint64(0);
    QTest::newRow("empty")          << QJsonValue(u""_s) << 64 << false << quint64(0);
    QTest::newRow("bool")           << QJsonValue(true) << 64 << false << quint64(0);
    QTest::newRow("null")           << QJsonValue() << 64 << false << quint64(0);
    QTest::newRow("object")         << QJsonValue(QJsonObject()) << 64 << false << quint64(0);
    // clang-format on
}

void TestJsonCodec::toId() {
    QFETCH(QJsonValue, value);
    QFETCH(int, bits);
    QFETCH(bool, valid);
    QFETCH(quint64, id);
    const std::optional<Id> got = Json::toId(value, IdSpace(bits));
    QCOMPARE(got.has_value(), valid);
    if (valid && got)
        QCOMPARE(*got, id);
}

void TestJsonCodec::nodeRoundTrip_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<quint64>("id");
    QTest::newRow("plain") << u"n1"_s << u"127.0.0.1"_s << 5000 << quint64(17);
    QTest::newRow("max id") << u"big"_s << u"localhost"_s << 65535 << Max64;
    QTest::newRow("zero id port 1") << u"z"_s << u"10.0.0.1"_s << 1 << quint64(0);
    QTest::newRow("unicode name") << u"n\u00e9\u65e5"_s << u"::1"_s << 8080 << quint64(1);
}

void TestJsonCodec::nodeRoundTrip() {
    QFETCH(QString, name);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(quint64, id);
    const NodeRef n{name, host, quint16(port), id};
    const std::optional<NodeRef> back = Json::toNode(overTheWire(Json::fromNode(n)));
    QVERIFY(back);
    QCOMPARE(*back, n);
}

void TestJsonCodec::nodeShape() {
    const QJsonObject o = Json::fromNode(ref(u"n1"_s, 5000, 17));
    QCOMPARE(o.value(u"name"_s).toString(), u"n1"_s);
    QCOMPARE(o.value(u"host"_s).toString(), u"127.0.0.1"_s);
    QVERIFY(o.value(u"port"_s).isDouble());
    QCOMPARE(o.value(u"port"_s).toInt(), 5000);
    QVERIFY(o.value(u"id"_s).isString());
    QCOMPARE(o.value(u"id"_s).toString(), u"17"_s);
    // An endpoint without id or name: id 0, name defaults to host:port.
    const auto bare = Json::toNode(parseObject(R"({"host":"h","port":"5001"})"_ba));
    QVERIFY(bare);
    QCOMPARE(bare->id, Id(0));
    QCOMPARE(bare->port, quint16(5001));
    QCOMPARE(bare->name, u"h:5001"_s);
}

void TestJsonCodec::nullNode() {
    QVERIFY(Json::fromNode(OptionalNode()).isNull());
    const OptionalNode some = ref(u"a"_s, 1, 2);
    QCOMPARE(Json::fromNode(some).toObject(), Json::fromNode(*some));
    QVERIFY(!Json::toNode(QJsonValue()));
}

void TestJsonCodec::badNode_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("no host") << R"({"port":5000})"_ba;
    QTest::newRow("empty host") << R"({"host":"","port":5000})"_ba;
    QTest::newRow("host not string") << R"({"host":5,"port":5000})"_ba;
    QTest::newRow("no port") << R"({"host":"h"})"_ba;
    QTest::newRow("port 0") << R"({"host":"h","port":0})"_ba;
    QTest::newRow("port 65536") << R"({"host":"h","port":65536})"_ba;
    QTest::newRow("port negative") << R"({"host":"h","port":-1})"_ba;
    QTest::newRow("port garbage") << R"({"host":"h","port":"http"})"_ba;
    QTest::newRow("port fraction") << R"({"host":"h","port":5000.5})"_ba;
    QTest::newRow("id fraction") << R"({"host":"h","port":1,"id":2.5})"_ba;
    QTest::newRow("port bool") << R"({"host":"h","port":true})"_ba;
    QTest::newRow("id garbage") << R"({"host":"h","port":1,"id":"x"})"_ba;
    QTest::newRow("id negative") << R"({"host":"h","port":1,"id":-5})"_ba;
    QTest::newRow("id 2^64") << R"({"host":"h","port":1,"id":"18446744073709551616"})"_ba;
    QTest::newRow("id null") << R"({"host":"h","port":1,"id":null})"_ba;
}

void TestJsonCodec::badNode() {
    QFETCH(QByteArray, json);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(!Json::toNode(doc.object()));
}

void TestJsonCodec::nodesListRejectsOneBadEntry() {
    const QList<NodeRef> list{ref(u"a"_s, 1, 1), ref(u"b"_s, 2, Max64)};
    QCOMPARE(Json::toNodes(Json::fromNodes(list)), std::optional<QList<NodeRef>>(list));
    QJsonArray bad = Json::fromNodes(list);
    bad.append(QJsonObject{{u"host"_s, u"h"_s}});
    QVERIFY(!Json::toNodes(bad));
    QVERIFY(!Json::toNodes(QJsonObject()));
    QCOMPARE(Json::toNodes(QJsonArray())->size(), 0);
}

void TestJsonCodec::itemRoundTrip_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<quint64>("version");
    QTest::addColumn<bool>("deleted");
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary.append(char(i));
    QTest::newRow("text") << u"k"_s << "hello"_ba << quint64(1) << false;
    QTest::newRow("binary") << u"bin"_s << binary << quint64(12345) << false;
    QTest::newRow("empty value") << u"e"_s << QByteArray() << quint64(2) << false;
    QTest::newRow("tombstone") << u"gone"_s << QByteArray() << quint64(3) << true;
    QTest::newRow("max version") << u"v"_s << "x"_ba << Max64 << false;
    QTest::newRow("2^53+1 version") << u"v"_s << "x"_ba << ((quint64(1) << 53) + 1) << false;
    QTest::newRow("odd key") << u"a/b c%?#\u00e9\u65e5"_s << "v"_ba << quint64(9) << false;
}

void TestJsonCodec::itemRoundTrip() {
    QFETCH(QString, key);
    QFETCH(QByteArray, value);
    QFETCH(quint64, version);
    QFETCH(bool, deleted);
    const Item item{key, IdSpace(64).hashKey(key), value, version, deleted};
    const QJsonObject o = Json::fromItem(item);
    QVERIFY(o.value(u"version"_s).isString());
    QVERIFY(o.value(u"id"_s).isString());
    const std::optional<Item> back = Json::toItem(overTheWire(o));
    QVERIFY(back);
    QCOMPARE(back->key, key);
    QCOMPARE(back->value, value);
    QCOMPARE(back->version, version);
    QCOMPARE(back->deleted, deleted);
    const auto list = Json::toItems(Json::fromItems({item, item}));
    QVERIFY(list);
    QCOMPARE(list->size(), 2);
}

void TestJsonCodec::badItem_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("no key") << R"({"value":"","version":"1"})"_ba;
    QTest::newRow("empty key") << R"({"key":"","value":"","version":"1"})"_ba;
    QTest::newRow("key not string") << R"({"key":1,"value":"","version":"1"})"_ba;
    QTest::newRow("no version") << R"({"key":"k","value":""})"_ba;
    QTest::newRow("version garbage") << R"({"key":"k","value":"","version":"v1"})"_ba;
    QTest::newRow("version negative") << R"({"key":"k","value":"","version":-1})"_ba;
    QTest::newRow("value not base64") << R"({"key":"k","value":"!!!","version":"1"})"_ba;
}

void TestJsonCodec::badItem() {
    QFETCH(QByteArray, json);
    const QJsonObject o = parseObject(json);
    QVERIFY(!o.isEmpty());
    QVERIFY(!Json::toItem(o));
    QVERIFY(!Json::toItems(QJsonArray{Json::fromItem(Item{u"ok"_s, 0, "v"_ba, 1, false}), o}));
}

void TestJsonCodec::stepRoundTrip() {
    const StepAnswer done{true, ref(u"owner"_s, 5001, 21)};
    const QJsonObject d = Json::fromStep(done);
    QVERIFY(d.contains(u"node"_s));
    QVERIFY(!d.contains(u"next"_s));
    auto back = Json::toStep(overTheWire(d));
    QVERIFY(back && back->done);
    QCOMPARE(back->node, done.node);

    const StepAnswer next{false, ref(u"hop"_s, 5002, Max64)};
    const QJsonObject n = Json::fromStep(next);
    QVERIFY(n.contains(u"next"_s));
    QVERIFY(!n.contains(u"node"_s));
    back = Json::toStep(overTheWire(n));
    QVERIFY(back && !back->done);
    QCOMPARE(back->node, next.node);
}

void TestJsonCodec::badStep_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("no done") << R"({"node":{"host":"h","port":1}})"_ba;
    QTest::newRow("done not bool") << R"({"done":"true","node":{"host":"h","port":1}})"_ba;
    QTest::newRow("done without node") << R"({"done":true,"next":{"host":"h","port":1}})"_ba;
    QTest::newRow("next without next") << R"({"done":false,"node":{"host":"h","port":1}})"_ba;
    QTest::newRow("bad node") << R"({"done":true,"node":{"host":"h","port":0}})"_ba;
}

void TestJsonCodec::badStep() {
    QFETCH(QByteArray, json);
    QVERIFY(!Json::toStep(parseObject(json)));
}

void TestJsonCodec::neighborsRoundTrip() {
    Neighbors n;
    n.self = ref(u"self"_s, 5000, 40);
    n.pred = ref(u"pred"_s, 5001, 30);
    n.successors = {ref(u"s1"_s, 5002, 50), ref(u"s2"_s, 5003, Max64)};
    n.bits = 64;
    n.ringToken = Max64 - 7;
    n.primaryKeys = 12;
    n.replicaKeys = 34;
    const QJsonObject o = Json::fromNeighbors(n);
    QCOMPARE(o.value(u"succ"_s).toObject(), Json::fromNode(n.successors.first()));
    const std::optional<Neighbors> back = Json::toNeighbors(overTheWire(o));
    QVERIFY(back);
    QCOMPARE(back->self, n.self);
    QCOMPARE(back->pred, n.pred);
    QCOMPARE(back->successors, n.successors);
    QCOMPARE(back->bits, 64);
    QCOMPARE(back->ringToken, n.ringToken);
    QCOMPARE(back->primaryKeys, 12);
    QCOMPARE(back->replicaKeys, 34);
    // Never stopped: nothing said, read back as never.
    QVERIFY(!o.contains(u"resumedAgo"_s));
    QCOMPARE(back->resumedAgoMs, -1);
    n.resumedAgoMs = 0;
    QCOMPARE(Json::toNeighbors(overTheWire(Json::fromNeighbors(n)))->resumedAgoMs, 0);
    n.resumedAgoMs = 86400000;
    QCOMPARE(Json::toNeighbors(overTheWire(Json::fromNeighbors(n)))->resumedAgoMs, 86400000);
    n.resumedAgoMs = -1;

    n.pred.reset();
    n.bits = 6;
    const std::optional<Neighbors> noPred = Json::toNeighbors(overTheWire(Json::fromNeighbors(n)));
    QVERIFY(noPred);
    QVERIFY(!noPred->pred);
    QCOMPARE(noPred->bits, 6);
}

void TestJsonCodec::badNeighbors() {
    Neighbors n;
    n.self = ref(u"self"_s, 5000, 40);
    n.successors = {ref(u"s1"_s, 5002, 50)};
    QJsonObject o = Json::fromNeighbors(n);
    QVERIFY(Json::toNeighbors(o));
    QJsonObject empty = o;
    empty.insert(u"successors"_s, QJsonArray());
    QVERIFY(!Json::toNeighbors(empty));
    QJsonObject noHost = o;
    noHost.remove(u"host"_s);
    QVERIFY(!Json::toNeighbors(noHost));
    QJsonObject badSucc = o;
    badSucc.insert(u"successors"_s, QJsonArray{QJsonObject{{u"host"_s, u"h"_s}}});
    QVERIFY(!Json::toNeighbors(badSucc));
    // An unreadable resumedAgo is read as never stopped, not as a refusal (an older node may
    // send anything there).
    for (const QJsonValue &bad : {QJsonValue(u"soon"_s), QJsonValue(-5), QJsonValue(u"-5"_s),
                                  QJsonValue(true), QJsonValue(u"99999999999999999999"_s)}) {
        QJsonObject odd = o;
        odd.insert(u"resumedAgo"_s, bad);
        const std::optional<Neighbors> read = Json::toNeighbors(odd);
        QVERIFY(read);
        QCOMPARE(read->resumedAgoMs, -1);
    }
}

void TestJsonCodec::leaveNoticeRoundTrip() {
    const LeaveNotice notice{ref(u"l"_s, 1, 5), ref(u"p"_s, 2, 3), {ref(u"s"_s, 3, 9)}};
    const auto back = Json::toLeaveNotice(overTheWire(Json::fromLeaveNotice(notice)));
    QVERIFY(back);
    QCOMPARE(back->leaver, notice.leaver);
    QCOMPARE(back->pred, notice.pred);
    QCOMPARE(back->successors, notice.successors);
    const LeaveNotice noPred{ref(u"l"_s, 1, 5), std::nullopt, {}};
    const auto back2 = Json::toLeaveNotice(overTheWire(Json::fromLeaveNotice(noPred)));
    QVERIFY(back2 && !back2->pred && back2->successors.isEmpty());
    QVERIFY(!back2->copiesFrom && back2->copiesTo.isEmpty());
    QVERIFY(!Json::toLeaveNotice(parseObject(R"({"successors":[]})"_ba)));
    QVERIFY(!Json::toLeaveNotice(parseObject(R"({"leaver":{"host":"h","port":1}})"_ba)));

    // The replica copies handed on, and to whom.
    LeaveNotice withCopies = notice;
    withCopies.copiesFrom = Max64;
    withCopies.copiesTo = {ref(u"s"_s, 3, 9), ref(u"t"_s, 4, 11)};
    const auto back3 = Json::toLeaveNotice(overTheWire(Json::fromLeaveNotice(withCopies)));
    QVERIFY(back3);
    QCOMPARE(back3->copiesFrom, std::optional<Id>(Max64));
    QCOMPARE(back3->copiesTo, withCopies.copiesTo);
    QVERIFY(back3->lost.isEmpty());
    LeaveNotice withLost = notice;
    withLost.lost = {ref(u"x"_s, 7, 13)};
    const auto back4 = Json::toLeaveNotice(overTheWire(Json::fromLeaveNotice(withLost)));
    QVERIFY(back4);
    QCOMPARE(back4->lost, withLost.lost);
    QJsonObject badLost = Json::fromLeaveNotice(withLost);
    badLost.insert(u"lost"_s, QJsonArray{3});
    QVERIFY(!Json::toLeaveNotice(badLost));
    // Malformed, the whole notice is refused rather than read as "nothing handed on".
    QJsonObject badFrom = Json::fromLeaveNotice(withCopies);
    badFrom.insert(u"copiesFrom"_s, u"x"_s);
    QVERIFY(!Json::toLeaveNotice(badFrom));
    QJsonObject badTo = Json::fromLeaveNotice(withCopies);
    badTo.insert(u"copiesTo"_s, QJsonArray{QJsonObject{{u"host"_s, u"h"_s}}});
    QVERIFY(!Json::toLeaveNotice(badTo));
}

void TestJsonCodec::replicateRoundTrip() {
    const Item item{u"k"_s, 7, "v"_ba, Max64, false};
    ReplicateRequest digestOnly{ref(u"o"_s, 1, 2), Max64 - 1, 3, Max64, false, {}};
    auto back = Json::toReplicateRequest(overTheWire(Json::fromReplicateRequest(digestOnly)));
    QVERIFY(back);
    QCOMPARE(back->owner, digestOnly.owner);
    QCOMPARE(back->from, Max64 - 1);
    QCOMPARE(back->to, Id(3));
    QCOMPARE(back->digest, Max64);
    QVERIFY(!back->full);
    QVERIFY(back->items.isEmpty());

    ReplicateRequest full = digestOnly;
    full.full = true;
    full.items = {item};
    back = Json::toReplicateRequest(overTheWire(Json::fromReplicateRequest(full)));
    QVERIFY(back && back->full);
    QCOMPARE(back->items.size(), 1);
    QCOMPARE(back->items.first().version, Max64);

    const ReplicateAnswer answer{false, {item}};
    const auto a = Json::toReplicateAnswer(overTheWire(Json::fromReplicateAnswer(answer)));
    QVERIFY(a && !a->match);
    QCOMPARE(a->newer.size(), 1);
    QCOMPARE(a->newer.first().key, u"k"_s);
    const auto m = Json::toReplicateAnswer(Json::fromReplicateAnswer({true, {}}));
    QVERIFY(m && m->match);
    QVERIFY(!m->vouchFrom);
    QVERIFY(!back->confirmedFrom);

    // What each side holds for sure travels with the exchange, up to the largest id.
    full.confirmedFrom = Max64;
    back = Json::toReplicateRequest(overTheWire(Json::fromReplicateRequest(full)));
    QVERIFY(back && back->confirmedFrom);
    QCOMPARE(*back->confirmedFrom, Max64);
    const auto vouched =
        Json::toReplicateAnswer(overTheWire(Json::fromReplicateAnswer({true, {}, Max64 - 2})));
    QVERIFY(vouched && vouched->vouchFrom);
    QCOMPARE(*vouched->vouchFrom, Max64 - 2);
}

void TestJsonCodec::badReplicate() {
    ReplicateRequest full{ref(u"o"_s, 1, 2), 1, 3, 4, true, {}};
    QJsonObject o = Json::fromReplicateRequest(full);
    QVERIFY(Json::toReplicateRequest(o));
    QJsonObject noItems = o;
    noItems.remove(u"items"_s);
    QVERIFY(!Json::toReplicateRequest(noItems));
    QJsonObject noDigest = o;
    noDigest.remove(u"digest"_s);
    QVERIFY(!Json::toReplicateRequest(noDigest));
    QJsonObject badFrom = o;
    badFrom.insert(u"from"_s, u"x"_s);
    QVERIFY(!Json::toReplicateRequest(badFrom));
    QJsonObject noOwner = o;
    noOwner.remove(u"owner"_s);
    QVERIFY(!Json::toReplicateRequest(noOwner));
    QVERIFY(!Json::toReplicateAnswer(parseObject(R"({"match":true})"_ba)));
    // A malformed claim is refused, not read as "nothing held" or "everything held".
    QJsonObject badConfirmed = o;
    badConfirmed.insert(u"confirmedFrom"_s, u"x"_s);
    QVERIFY(!Json::toReplicateRequest(badConfirmed));
    QVERIFY(
        !Json::toReplicateAnswer(parseObject(R"({"match":true,"newer":[],"vouchFrom":"-1"})"_ba)));
    QVERIFY(
        !Json::toReplicateAnswer(parseObject(R"({"match":true,"newer":[],"vouchFrom":{}})"_ba)));
}

void TestJsonCodec::rectifyRoundTrip() {
    const RectifyAnswer answer{true, {Item{u"a"_s, 1, "x"_ba, 5, false}}};
    const auto back = Json::toRectifyAnswer(overTheWire(Json::fromRectifyAnswer(answer)));
    QVERIFY(back && back->accepted);
    QCOMPARE(back->handoff.size(), 1);
    QCOMPARE(back->handoff.first().value, "x"_ba);
    QVERIFY(back->uncovered.empty());
    QVERIFY(!back->vouched);
    RectifyAnswer marked = answer;
    marked.from = 7;
    marked.vouched = true;
    marked.uncovered = {3, 9, 12345678901234ull};
    const auto again = Json::toRectifyAnswer(overTheWire(Json::fromRectifyAnswer(marked)));
    QVERIFY(again && again->vouched);
    QCOMPARE(again->from, Id(7));
    QCOMPARE(again->uncovered.from, Id(3));
    QCOMPARE(again->uncovered.to, Id(9));
    QCOMPARE(again->uncovered.since, 12345678901234ull);
    QVERIFY(again->replicas.isEmpty());
    QVERIFY(again->predChain.isEmpty());
    marked.replicas = {Item{u"r"_s, 2, "y"_ba, 6, false}};
    marked.predChain = {18446744073709551615ull, 4};
    const auto withCopies = Json::toRectifyAnswer(overTheWire(Json::fromRectifyAnswer(marked)));
    QVERIFY(withCopies);
    QCOMPARE(withCopies->replicas.size(), 1);
    QCOMPARE(withCopies->replicas.first().key, u"r"_s);
    QCOMPARE(withCopies->predChain, (QList<Id>{18446744073709551615ull, 4}));
    QVERIFY(!withCopies->replicasFrom);
    marked.replicasFrom = 11;
    const auto withStart = Json::toRectifyAnswer(overTheWire(Json::fromRectifyAnswer(marked)));
    QVERIFY(withStart && withStart->replicasFrom);
    QCOMPARE(*withStart->replicasFrom, Id(11));
    QVERIFY(!Json::toRectifyAnswer(
        parseObject(R"({"accepted":true,"handoff":[],"replicasFrom":"x"})"_ba)));
    // "Not sure of its place" travels only when set; anything but true reads as sure (the
    // joiner then confirms nothing more than it would for a sure successor).
    QVERIFY(!withStart->unsure);
    QVERIFY(!Json::fromRectifyAnswer(marked).contains(u"unsure"_s));
    marked.unsure = true;
    const auto unsure = Json::toRectifyAnswer(overTheWire(Json::fromRectifyAnswer(marked)));
    QVERIFY(unsure && unsure->unsure && unsure->accepted);
    const auto oddUnsure =
        Json::toRectifyAnswer(parseObject(R"({"accepted":true,"handoff":[],"unsure":"yes"})"_ba));
    QVERIFY(oddUnsure && !oddUnsure->unsure);
    // The nodes an unsure successor waits for go with it (the joiner waits for them too); a
    // malformed list refuses the answer: a joiner that dropped it would skip the wait.
    QVERIFY(!Json::fromRectifyAnswer(marked).contains(u"waitFor"_s));
    marked.waitFor = {NodeRef{u"n3"_s, u"127.0.0.1"_s, 5003, 8235}};
    const auto waits = Json::toRectifyAnswer(overTheWire(Json::fromRectifyAnswer(marked)));
    QVERIFY(waits && waits->unsure);
    QCOMPARE(waits->waitFor.size(), 1);
    QCOMPARE(waits->waitFor.first().id, Id(8235));
    QCOMPARE(waits->waitFor.first().port, quint16(5003));
    QVERIFY(!Json::toRectifyAnswer(
        parseObject(R"({"accepted":true,"handoff":[],"unsure":true,"waitFor":[{"id":"x"}]})"_ba)));
    QVERIFY(!Json::toRectifyAnswer(
        parseObject(R"({"accepted":true,"handoff":[],"unsure":true,"waitFor":"n3"})"_ba)));
    // A malformed copy is refused like a malformed hand-off; a malformed chain is read up to
    // the first bad entry (it is a hint).
    QVERIFY(!Json::toRectifyAnswer(
        parseObject(R"({"accepted":true,"handoff":[],"replicas":[{}]})"_ba)));
    const auto badChain = Json::toRectifyAnswer(
        parseObject(R"({"accepted":true,"handoff":[],"predChain":["5","x","6"]})"_ba));
    QVERIFY(badChain);
    QCOMPARE(badChain->predChain, (QList<Id>{5}));
    const LeaveNotice notice{
        NodeRef{u"n"_s, u"127.0.0.1"_s, 5000, 1}, std::nullopt, {}, 0, 0, {3, 9, 4}};
    const auto leave = Json::toLeaveNotice(overTheWire(Json::fromLeaveNotice(notice)));
    QVERIFY(leave);
    QCOMPARE(leave->uncovered.to, Id(9));
    QCOMPARE(leave->uncovered.since, quint64(4));
    QVERIFY(!Json::toRectifyAnswer(parseObject(R"({"accepted":true})"_ba)));
    QVERIFY(!Json::toRectifyAnswer(parseObject(R"({"accepted":true,"handoff":[{}]})"_ba)));
}

// The /dht/lookup shape of docs/API.md.
void TestJsonCodec::lookupShape() {
    LookupResult r;
    r.ok = true;
    r.key = u"k"_s;
    r.id = Max64;
    r.owner = ref(u"o"_s, 3, 9);
    r.ms = 1.5;
    r.hops = {Hop{ref(u"a"_s, 1, 1), false, false, ref(u"b"_s, 2, 5), 0.25},
              Hop{ref(u"b"_s, 2, 5), true, false, ref(u"o"_s, 3, 9), 0.5}};
    const QJsonObject o = Json::fromLookup(r);
    QCOMPARE(o.value(u"key"_s).toString(), u"k"_s);
    QCOMPARE(o.value(u"id"_s).toString(), u"18446744073709551615"_s);
    QCOMPARE(o.value(u"owner"_s).toObject(), Json::fromNode(r.owner));
    QCOMPARE(o.value(u"hopCount"_s).toInt(), 2);
    QCOMPARE(o.value(u"ms"_s).toDouble(), 1.5);
    const QJsonArray hops = o.value(u"hops"_s).toArray();
    QCOMPARE(hops.size(), 2);
    QCOMPARE(hops[0].toObject().value(u"node"_s).toObject(), Json::fromNode(r.hops[0].node));
    QCOMPARE(hops[0].toObject().value(u"done"_s).toBool(), false);
    QCOMPARE(hops[0].toObject().value(u"next"_s).toObject(), Json::fromNode(r.hops[0].next));
    QCOMPARE(hops[0].toObject().value(u"ms"_s).toDouble(), 0.25);
    QCOMPARE(hops[1].toObject().value(u"done"_s).toBool(), true);
    QVERIFY(!o.contains(u"error"_s));

    LookupResult failed;
    failed.id = 3;
    failed.error = u"n1 did not answer"_s;
    failed.hops = {Hop{ref(u"a"_s, 1, 1), false, true, {}, 3.0}};
    const QJsonObject f = Json::fromLookup(failed);
    QVERIFY(f.value(u"key"_s).isNull());
    QVERIFY(f.value(u"owner"_s).isNull());
    QCOMPARE(f.value(u"error"_s).toString(), failed.error);
    QCOMPARE(f.value(u"hops"_s).toArray()[0].toObject().value(u"failed"_s).toBool(), true);
}

void TestJsonCodec::eventShape() {
    Event e;
    e.seq = Max64;
    e.timeMs = 1700000000000;
    e.type = u"pred"_s;
    e.detail = u"rectify"_s;
    e.node = ref(u"n"_s, 1, 2);
    e.id = 5;
    e.key = u"k"_s;
    e.count = 3;
    const QJsonObject o = Json::fromEvent(e);
    QCOMPARE(o.value(u"seq"_s).toString(), u"18446744073709551615"_s);
    QCOMPARE(o.value(u"time"_s).toDouble(), 1700000000000.0);
    QCOMPARE(o.value(u"type"_s).toString(), u"pred"_s);
    QCOMPARE(o.value(u"node"_s).toObject(), Json::fromNode(*e.node));
    QVERIFY(!o.contains(u"previous"_s));
    QCOMPARE(o.value(u"id"_s).toString(), u"5"_s);
    QCOMPARE(o.value(u"count"_s).toInt(), 3);
    QVERIFY(!o.contains(u"lookup"_s));
    // Read back the way the app reads the feed.
    e.op = u"app1-7"_s;
    e.lookup = LookupResult{true, {}, u"k"_s, 5, *e.node, 1.5, {}};
    const auto back = Json::toEvent(overTheWire(Json::fromEvent(e)));
    QVERIFY(back);
    QCOMPARE(back->seq, e.seq);
    QCOMPARE(back->timeMs, e.timeMs);
    QCOMPARE(back->type, e.type);
    QCOMPARE(back->detail, e.detail);
    QCOMPARE(back->node, e.node);
    QVERIFY(!back->previous);
    QCOMPARE(back->id, e.id);
    QCOMPARE(back->key, e.key);
    QCOMPARE(back->count, e.count);
    QCOMPARE(back->op, e.op);
    QVERIFY(back->lookup && back->lookup->owner == *e.node);
    // seq and type are required.
    QVERIFY(!Json::toEvent(parseObject(R"({"type":"pred"})"_ba)));
    QVERIFY(!Json::toEvent(parseObject(R"({"seq":"1"})"_ba)));
    QVERIFY(!Json::toEvent(parseObject(R"({"seq":"x","type":"pred"})"_ba)));
}

// /nodeinfo for a lone node: every field of docs/API.md with the documented types.
void TestJsonCodec::nodeInfoShape() {
    NodeConfig config;
    config.space = IdSpace(6);
    config.self = NodeRef{u"n1"_s, u"127.0.0.1"_s, 5000, 8};
    config.autoMaintenance = false;
    const ChordNode node(config, nullptr);
    const QJsonObject o = Json::nodeInfo(node);
    for (const char *field : {"name", "host", "port", "id", "bits", "pred", "succ", "successors",
                              "fingers", "keys", "replicas", "stabilizeMs", "uptimeMs", "version"})
        QVERIFY2(o.contains(QLatin1String(field)), field);
    QCOMPARE(o.value(u"id"_s).toString(), u"8"_s);
    QCOMPARE(o.value(u"bits"_s).toInt(), 6);
    QVERIFY(o.value(u"pred"_s).isNull());
    QCOMPARE(o.value(u"succ"_s).toObject().value(u"id"_s).toString(), u"8"_s);
    const QJsonArray fingers = o.value(u"fingers"_s).toArray();
    QCOMPARE(fingers.size(), 6);
    const char *starts[] = {"9", "10", "12", "16", "24", "40"};
    for (int i = 0; i < 6; ++i) {
        const QJsonObject f = fingers[i].toObject();
        QCOMPARE(f.value(u"i"_s).toInt(), i);
        QCOMPARE(f.value(u"start"_s).toString(), QLatin1String(starts[i]));
        QVERIFY(f.contains(u"node"_s));
    }
    QCOMPARE(o.value(u"keys"_s).toObject().value(u"primary"_s).toInt(), 0);
    QCOMPARE(o.value(u"keys"_s).toObject().value(u"replica"_s).toInt(), 0);
    QCOMPARE(o.value(u"replicas"_s).toInt(), 3);
    QCOMPARE(o.value(u"stabilizeMs"_s).toInt(), 500);
    QCOMPARE(o.value(u"version"_s).toString(), QStringLiteral(CHORDLAB_VERSION));
}

void TestJsonCodec::ringWalkShape() {
    Neighbors a;
    a.self = ref(u"a"_s, 1, 1);
    a.pred = ref(u"b"_s, 2, 40);
    a.successors = {ref(u"b"_s, 2, 40)};
    Neighbors b;
    b.self = ref(u"b"_s, 2, 40);
    b.pred = a.self;
    b.successors = {a.self};
    const QJsonObject o = Json::ringWalk(RingWalk{true, {a, b}}, 6);
    QCOMPARE(o.value(u"bits"_s).toInt(), 6);
    QCOMPARE(o.value(u"complete"_s).toBool(), true);
    const QJsonArray nodes = o.value(u"nodes"_s).toArray();
    QCOMPARE(nodes.size(), 2);
    QCOMPARE(nodes[0].toObject().value(u"id"_s).toString(), u"1"_s);
    QCOMPARE(nodes[1].toObject().value(u"succ"_s).toObject().value(u"id"_s).toString(), u"1"_s);
    QVERIFY(nodes[0].toObject().contains(u"successors"_s));
    QVERIFY(nodes[0].toObject().contains(u"keys"_s));
}

void TestJsonCodec::fetchAndWriteRoundTrip() {
    FetchAnswer f;
    f.found = true;
    f.primary = false;
    f.unconfirmed = true;
    f.clockMs = 123456789012;
    f.item = {QStringLiteral("k"), 7, QByteArrayLiteral("v\0w"), 42, false};
    const auto f2 = Json::toFetchAnswer(Json::fromFetchAnswer(f));
    QVERIFY(f2);
    QCOMPARE(f2->found, true);
    QCOMPARE(f2->primary, false);
    QCOMPARE(f2->unconfirmed, true);
    QCOMPARE(f2->clockMs, f.clockMs);
    QCOMPARE(f2->item.value, f.item.value);
    QCOMPARE(f2->item.version, f.item.version);
    QVERIFY(!Json::toFetchAnswer({{QStringLiteral("found"), true}}));

    const OwnerWrite w{QStringLiteral("a/b c"),
                       QByteArrayLiteral("\x01\xff"),
                       true,
                       true,
                       9000,
                       18446744073709551615ull,
                       0,
                       QStringLiteral("op-1")};
    const Outcome<OwnerWrite> w2 = Json::toOwnerWrite(Json::fromOwnerWrite(w));
    QVERIFY2(w2.ok(), qPrintable(w2.message));
    QCOMPARE(w2->key, w.key);
    QCOMPARE(w2->value, w.value);
    QCOMPARE(w2->deleted, true);
    QCOMPARE(w2->cached, true);
    QCOMPARE(w2->deadlineMs, w.deadlineMs);
    QCOMPARE(w2->writeId, w.writeId);
    QCOMPARE(w2->op, w.op);
    QCOMPARE(w2->attempt, 0);
    OwnerWrite third = w;
    third.attempt = 3;
    QCOMPARE(Json::toOwnerWrite(Json::fromOwnerWrite(third))->attempt, 3);

    const WriteAnswer a{true, 77, 3, 2, QString(), 5};
    const WriteAnswer a2 = Json::toWriteAnswer(Json::fromWriteAnswer(a));
    QCOMPARE(a2.version, a.version);
    QCOMPARE(a2.copies, a.copies);
    QCOMPARE(a2.needed, a.needed);
    QCOMPARE(a2.clockMs, a.clockMs);
    const QJsonObject error{{QStringLiteral("error"), QStringLiteral("bad key")},
                            {QStringLiteral("detail"), QStringLiteral("empty")}};
    QCOMPARE(Json::errorText(error), QStringLiteral("bad key: empty"));
}

void TestJsonCodec::badOwnerWrite_data() {
    QTest::addColumn<QByteArray>("json");
    // clang-format off
    QTest::newRow("no key")         << R"({"value":"dg==","deleted":false})"_ba;
    QTest::newRow("key not text")   << R"({"key":5,"value":"dg==","deleted":false})"_ba;
    QTest::newRow("no value")       << R"({"key":"k","deleted":false})"_ba;
    QTest::newRow("value not text") << R"({"key":"k","value":5,"deleted":false})"_ba;
    QTest::newRow("value not b64")  << R"({"key":"k","value":"***","deleted":false})"_ba;
    QTest::newRow("no deleted")     << R"({"key":"k","value":"dg=="})"_ba;
    QTest::newRow("deleted text")   << R"({"key":"k","value":"dg==","deleted":"no"})"_ba;
    QTest::newRow("cached number")  << R"({"key":"k","value":"dg==","deleted":false,"cached":1})"_ba;
    QTest::newRow("bad deadline")   << R"({"key":"k","value":"dg==","deleted":false,"deadline":"soon"})"_ba;
    QTest::newRow("neg deadline")   << R"({"key":"k","value":"dg==","deleted":false,"deadline":"-5"})"_ba;
    QTest::newRow("bad write id")   << R"({"key":"k","value":"dg==","deleted":false,"write":"x"})"_ba;
    QTest::newRow("bad op")         << R"({"key":"k","value":"dg==","deleted":false,"op":"a b"})"_ba;
    QTest::newRow("attempt text")   << R"({"key":"k","value":"dg==","deleted":false,"attempt":"2"})"_ba;
    QTest::newRow("attempt zero")   << R"({"key":"k","value":"dg==","deleted":false,"attempt":0})"_ba;
    QTest::newRow("attempt frac")   << R"({"key":"k","value":"dg==","deleted":false,"attempt":1.5})"_ba;
    QTest::newRow("attempt neg")    << R"({"key":"k","value":"dg==","deleted":false,"attempt":-1})"_ba;
    // clang-format on
}

void TestJsonCodec::badOwnerWrite() {
    QFETCH(QByteArray, json);
    const Outcome<OwnerWrite> w = Json::toOwnerWrite(QJsonDocument::fromJson(json).object());
    QVERIFY(!w.ok());
    QCOMPARE(w.error, NodeError::BadRequest);
    QCOMPARE(w.title, QStringLiteral("bad write"));
    QVERIFY(!w.message.isEmpty());
}

QTEST_GUILESS_MAIN(TestJsonCodec)
#include "tst_jsoncodec.moc"
