// Link faults (issue 12): the table (LinkFaults: addresses, rules, partition, seeded draws) and
// the body of PUT /dht/faults (FaultRoutes::tableFromJson).
#include "FaultRoutes.h"
#include "LinkFaults.h"

#include <QJsonDocument>
#include <QTest>

using namespace Chord;

namespace {
const QString Self = QStringLiteral("127.0.0.1:5000");
const QString A = QStringLiteral("127.0.0.1:5001");
const QString B = QStringLiteral("127.0.0.1:5002");

LinkRule rule(const QString &peer, const char *direction, LinkFault fault) {
    LinkRule r;
    r.peer = peer;
    r.out = qstrcmp(direction, "in") != 0;
    r.in = qstrcmp(direction, "out") != 0;
    r.fault = fault;
    return r;
}
LinkFault cut() {
    LinkFault f;
    f.cut = true;
    return f;
}
LinkFault delay(int ms, int jitter = 0) {
    LinkFault f;
    f.delayMs = ms;
    f.jitterMs = jitter;
    return f;
}
LinkFault loss(double p) {
    LinkFault f;
    f.loss = p;
    return f;
}
} // namespace

class TestLinkFaults : public QObject {
    Q_OBJECT

private slots:
    void addresses_data();
    void addresses();
    void invalidTables_data();
    void invalidTables();
    void directions();
    void partitionCutsEverythingOutsideTheGroup();
    void lossIsSeeded();
    void jitterStaysInRange();
    void invalidSetChangesNothing();
    void clearHeals();
    void body_data();
    void body();
    void bodyRoundTrip();
};

void TestLinkFaults::addresses_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalized"); // empty: refused
    QTest::newRow("ipv4") << QStringLiteral("127.0.0.1:5000") << QStringLiteral("127.0.0.1:5000");
    QTest::newRow("localhost") << QStringLiteral("localhost:80") << QStringLiteral("127.0.0.1:80");
    QTest::newRow("leading zeros")
        << QStringLiteral("010.0.0.001:7") << QStringLiteral("10.0.0.1:7");
    QTest::newRow("no port") << QStringLiteral("127.0.0.1") << QStringLiteral("");
    QTest::newRow("port 0") << QStringLiteral("127.0.0.1:0") << QStringLiteral("");
    QTest::newRow("port too big") << QStringLiteral("127.0.0.1:65536") << QStringLiteral("");
    QTest::newRow("signed port") << QStringLiteral("127.0.0.1:+80") << QStringLiteral("");
    QTest::newRow("octet too big") << QStringLiteral("256.0.0.1:80") << QStringLiteral("");
    QTest::newRow("three octets") << QStringLiteral("10.0.1:80") << QStringLiteral("");
    QTest::newRow("hostname") << QStringLiteral("example.org:80") << QStringLiteral("");
    QTest::newRow("url") << QStringLiteral("http://127.0.0.1:80") << QStringLiteral("");
    QTest::newRow("empty") << QStringLiteral("") << QStringLiteral("");
    QTest::newRow("name form") << QStringLiteral("n1:127.0.0.1:80") << QStringLiteral("");
}

void TestLinkFaults::addresses() {
    QFETCH(QString, text);
    QFETCH(QString, normalized);
    const auto got = LinkFaults::normalizeAddress(text);
    QCOMPARE(got.value_or(QString()), normalized);
}

void TestLinkFaults::invalidTables_data() {
    QTest::addColumn<LinkFaultTable>("table");
    QTest::addColumn<QString>("error"); // a part of the message; empty: valid
    LinkFaultTable ok;
    ok.links = {rule(A, "both", cut()), rule(B, "out", delay(100, 20))};
    QTest::newRow("valid") << ok << QStringLiteral("");
    LinkFaultTable t;
    t.links = {rule(QStringLiteral("nowhere"), "both", cut())};
    QTest::newRow("bad peer") << t << QStringLiteral("not host:port");
    t.links = {rule(Self, "both", cut())};
    QTest::newRow("self") << t << QStringLiteral("this node itself");
    t.links = {rule(QStringLiteral("localhost:5000"), "out", cut())};
    QTest::newRow("self as localhost") << t << QStringLiteral("this node itself");
    t.links = {rule(A, "both", delay(-1))};
    QTest::newRow("negative delay") << t << QStringLiteral("0..600000");
    t.links = {rule(A, "both", delay(0, 600001))};
    QTest::newRow("jitter too long") << t << QStringLiteral("0..600000");
    t.links = {rule(A, "both", loss(1.5))};
    QTest::newRow("loss > 1") << t << QStringLiteral("loss must be 0..1");
    t.links = {rule(A, "both", loss(-0.1))};
    QTest::newRow("loss < 0") << t << QStringLiteral("loss must be 0..1");
    t.links = {rule(A, "out", cut()), rule(QStringLiteral("localhost:5001"), "both", loss(0.5))};
    QTest::newRow("twice") << t << QStringLiteral("given twice");
    t.links = {rule(A, "out", cut()), rule(A, "in", loss(0.5))};
    QTest::newRow("out and in apart") << t << QStringLiteral("");
    LinkRule none = rule(A, "both", cut());
    none.out = none.in = false;
    t.links = {none};
    QTest::newRow("no direction") << t << QStringLiteral("no direction");
    t = {};
    t.partition = {{Self, A}, {B}};
    QTest::newRow("partition") << t << QStringLiteral("");
    t.partition = {{A}, {B}};
    QTest::newRow("partition without self")
        << t << QStringLiteral("in none of the partition groups");
    t.partition = {{Self, A}, {A, B}};
    QTest::newRow("address in two groups") << t << QStringLiteral("in two partition groups");
    t.partition = {{Self}, {}};
    QTest::newRow("empty group") << t << QStringLiteral("empty");
    t.partition = {{Self}, {QStringLiteral("x:1")}};
    QTest::newRow("bad partition address") << t << QStringLiteral("is not host:port");
}

void TestLinkFaults::invalidTables() {
    QFETCH(LinkFaultTable, table);
    QFETCH(QString, error);
    const QString got = LinkFaults::validate(table, Self);
    if (error.isEmpty())
        QVERIFY2(got.isEmpty(), qPrintable(got));
    else
        QVERIFY2(got.contains(error), qPrintable(got));
}

void TestLinkFaults::directions() {
    LinkFaults f(Self);
    QVERIFY(f.empty());
    LinkFaultTable t;
    t.links = {rule(A, "out", cut()), rule(B, "in", delay(250))};
    QVERIFY(f.set(t).isEmpty());
    QCOMPARE(f.count(), 2);
    QVERIFY(f.decide(A, LinkDirection::Out).drop);
    QVERIFY(f.decide(A, LinkDirection::Out).cut);
    QVERIFY(!f.decide(A, LinkDirection::In).drop);
    QCOMPARE(f.decide(A, LinkDirection::In).delayMs, 0);
    QCOMPARE(f.decide(B, LinkDirection::In).delayMs, 250);
    QVERIFY(!f.decide(B, LinkDirection::Out).drop);
    QCOMPARE(f.decide(B, LinkDirection::Out).delayMs, 0);
    // Another peer, or a client with no address at all: untouched.
    QVERIFY(!f.decide(QStringLiteral("127.0.0.1:9"), LinkDirection::Out).drop);
    QVERIFY(!f.decide(QString(), LinkDirection::In).drop);
    QCOMPARE(f.counters().droppedOut, 2u);
    QCOMPARE(f.counters().delayedIn, 1u);
    QCOMPARE(f.counters().droppedIn, 0u);
}

void TestLinkFaults::partitionCutsEverythingOutsideTheGroup() {
    LinkFaults f(Self);
    LinkFaultTable t;
    t.partition = {{Self, QStringLiteral("localhost:5001")}, {B}};
    t.links = {rule(A, "out", delay(40))};
    QVERIFY(f.set(t).isEmpty());
    QCOMPARE(f.table().partition.first().last(), A); // normalized
    QCOMPARE(f.count(), 2);                          // the delay, and the other group
    for (LinkDirection d : {LinkDirection::Out, LinkDirection::In}) {
        QVERIFY(f.decide(B, d).cut);
        // Not in any group is outside this node's group too.
        QVERIFY(f.decide(QStringLiteral("127.0.0.1:7777"), d).cut);
        QVERIFY(!f.decide(A, d).drop);
    }
    QCOMPARE(f.decide(A, LinkDirection::Out).delayMs, 40);
}

void TestLinkFaults::lossIsSeeded() {
    auto run = [](quint64 seed) {
        LinkFaults f(Self);
        LinkFaultTable t;
        t.seed = seed;
        t.links = {rule(A, "both", loss(0.3))};
        f.set(t);
        QString pattern;
        for (int i = 0; i < 2000; ++i)
            pattern += f.decide(A, i % 2 ? LinkDirection::In : LinkDirection::Out).drop
                           ? QLatin1Char('x')
                           : QLatin1Char('.');
        return pattern;
    };
    const QString one = run(7);
    QCOMPARE(run(7), one);
    QVERIFY(run(8) != one);
    const auto lost = one.count(QLatin1Char('x'));
    QVERIFY2(lost > 500 && lost < 700, qPrintable(QString::number(lost))); // about 30%
    // Loss 0 never drops, loss 1 always does.
    LinkFaults f(Self);
    LinkFaultTable t;
    t.links = {rule(A, "out", loss(0)), rule(B, "out", loss(1))};
    f.set(t);
    for (int i = 0; i < 100; ++i) {
        QVERIFY(!f.decide(A, LinkDirection::Out).drop);
        QVERIFY(f.decide(B, LinkDirection::Out).drop);
    }
}

void TestLinkFaults::jitterStaysInRange() {
    LinkFaults f(Self);
    LinkFaultTable t;
    t.seed = 1;
    t.links = {rule(A, "both", delay(100, 50))};
    f.set(t);
    int lowest = 1000, highest = 0;
    for (int i = 0; i < 1000; ++i) {
        const int d = f.decide(A, LinkDirection::Out).delayMs;
        lowest = std::min(lowest, d);
        highest = std::max(highest, d);
    }
    QCOMPARE(lowest, 100);
    QCOMPARE(highest, 150);
}

void TestLinkFaults::invalidSetChangesNothing() {
    LinkFaults f(Self);
    LinkFaultTable t;
    t.seed = 3;
    t.links = {rule(A, "both", cut())};
    QVERIFY(f.set(t).isEmpty());
    LinkFaultTable bad;
    bad.links = {rule(B, "both", loss(2))};
    QVERIFY(!f.set(bad).isEmpty());
    QCOMPARE(f.table(), t);
    QVERIFY(f.decide(A, LinkDirection::In).drop);
    QVERIFY(!f.decide(B, LinkDirection::In).drop);
}

void TestLinkFaults::clearHeals() {
    LinkFaults f(Self);
    LinkFaultTable t;
    t.partition = {{Self}, {A, B}};
    QVERIFY(f.set(t).isEmpty());
    QVERIFY(f.decide(A, LinkDirection::Out).drop);
    f.clear();
    QVERIFY(f.empty());
    QCOMPARE(f.count(), 0);
    QVERIFY(!f.decide(A, LinkDirection::Out).drop);
    QVERIFY(!f.decide(B, LinkDirection::In).drop);
}

void TestLinkFaults::body_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error"); // a part of the message; empty: read
    QTest::newRow("empty") << QByteArray("{}") << QStringLiteral("");
    QTest::newRow("full") << QByteArray(R"({"links":[{"peer":"127.0.0.1:1","direction":"out",
        "delayMs":10,"jitterMs":5,"loss":0.25,"cut":false}],"partition":[["127.0.0.1:2"]],
        "seed":42})") << QStringLiteral("");
    QTest::newRow("seed as string")
        << QByteArray(R"({"seed":"18446744073709551615"})") << QStringLiteral("");
    QTest::newRow("unknown field")
        << QByteArray(R"({"link":[]})") << QStringLiteral("unknown field 'link'");
    QTest::newRow("links not array")
        << QByteArray(R"({"links":{}})") << QStringLiteral("links must be an array");
    QTest::newRow("link not object")
        << QByteArray(R"({"links":[1]})") << QStringLiteral("must be an object");
    QTest::newRow("no peer") << QByteArray(R"({"links":[{"cut":true}]})")
                             << QStringLiteral("needs \"peer\"");
    QTest::newRow("peer number") << QByteArray(R"({"links":[{"peer":5000}]})")
                                 << QStringLiteral("needs \"peer\"");
    QTest::newRow("unknown link field")
        << QByteArray(R"({"links":[{"peer":"127.0.0.1:1","drop":true}]})")
        << QStringLiteral("'drop'");
    QTest::newRow("bad direction")
        << QByteArray(R"({"links":[{"peer":"127.0.0.1:1","direction":"up"}]})")
        << QStringLiteral("direction");
    QTest::newRow("direction not string")
        << QByteArray(R"({"links":[{"peer":"127.0.0.1:1","direction":1}]})")
        << QStringLiteral("direction");
    QTest::newRow("delay string") << QByteArray(
                                         R"({"links":[{"peer":"127.0.0.1:1","delayMs":"10"}]})")
                                  << QStringLiteral("delayMs");
    QTest::newRow("delay fraction")
        << QByteArray(R"({"links":[{"peer":"127.0.0.1:1","delayMs":1.5}]})")
        << QStringLiteral("delayMs");
    QTest::newRow("negative delay")
        << QByteArray(R"({"links":[{"peer":"127.0.0.1:1","delayMs":-1}]})")
        << QStringLiteral("delayMs");
    QTest::newRow("huge jitter") << QByteArray(
                                        R"({"links":[{"peer":"127.0.0.1:1","jitterMs":1e12}]})")
                                 << QStringLiteral("jitterMs");
    QTest::newRow("loss string") << QByteArray(R"({"links":[{"peer":"127.0.0.1:1","loss":"0.5"}]})")
                                 << QStringLiteral("loss");
    QTest::newRow("loss 2") << QByteArray(R"({"links":[{"peer":"127.0.0.1:1","loss":2}]})")
                            << QStringLiteral("loss");
    QTest::newRow("cut number") << QByteArray(R"({"links":[{"peer":"127.0.0.1:1","cut":1}]})")
                                << QStringLiteral("cut must be");
    QTest::newRow("partition flat")
        << QByteArray(R"({"partition":["127.0.0.1:1"]})") << QStringLiteral("partition group");
    QTest::newRow("partition object")
        << QByteArray(R"({"partition":{}})") << QStringLiteral("partition must");
    QTest::newRow("partition number")
        << QByteArray(R"({"partition":[[1]]})") << QStringLiteral("partition group");
    QTest::newRow("seed negative") << QByteArray(R"({"seed":-1})") << QStringLiteral("seed");
    QTest::newRow("seed fraction") << QByteArray(R"({"seed":0.5})") << QStringLiteral("seed");
    QTest::newRow("seed word") << QByteArray(R"({"seed":"abc"})") << QStringLiteral("seed");
    QTest::newRow("seed bool") << QByteArray(R"({"seed":true})") << QStringLiteral("seed");
}

void TestLinkFaults::body() {
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    QVERIFY(doc.isObject());
    const auto table = Http::FaultRoutes::tableFromJson(doc.object());
    if (error.isEmpty()) {
        QVERIFY2(table.ok(), qPrintable(table.message));
    } else {
        QVERIFY(!table.ok());
        QCOMPARE(table.error, NodeError::BadRequest);
        QCOMPARE(table.title, QStringLiteral("bad faults"));
        QVERIFY2(table.message.contains(error), qPrintable(table.message));
    }
}

void TestLinkFaults::bodyRoundTrip() {
    LinkFaults f(Self);
    LinkFaultTable t;
    t.seed = 99;
    t.links = {rule(A, "in", delay(10, 3)), rule(B, "both", loss(0.5))};
    t.partition = {{Self, A, B}, {QStringLiteral("127.0.0.1:6000")}};
    QVERIFY(f.set(t).isEmpty());
    QJsonObject shown = Http::FaultRoutes::toJson(f);
    QCOMPARE(shown.value(QLatin1String("self")).toString(), Self);
    QCOMPARE(shown.value(QLatin1String("count")).toInt(), 4);
    QCOMPARE(shown.value(QLatin1String("seed")).toString(), QStringLiteral("99"));
    // What GET shows, sent back (without the read-only fields), sets the same table.
    const QJsonObject settable = Http::FaultRoutes::settable(shown);
    QCOMPARE(settable.keys(), (QStringList{QStringLiteral("links"), QStringLiteral("partition"),
                                           QStringLiteral("seed")}));
    const auto again = Http::FaultRoutes::tableFromJson(settable);
    QVERIFY2(again.ok(), qPrintable(again.message));
    QCOMPARE(*again, t);
}

QTEST_GUILESS_MAIN(TestLinkFaults)
#include "tst_linkfaults.moc"
