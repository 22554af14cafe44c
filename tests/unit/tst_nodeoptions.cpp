#include "NodeOptions.h"

#include <QTest>

using namespace Chord;
using namespace Qt::StringLiterals;

namespace {

std::variant<NodeOptions, OptionsExit> parse(QStringList args) {
    args.prepend(u"chord-node"_s);
    return parseNodeOptions(args);
}

} // namespace

class TestNodeOptions : public QObject {
    Q_OBJECT

private slots:
    void init();
    void defaults();
    void bothValueForms_data();
    void bothValueForms();
    void everyOption();
    void idAgainstBits_data();
    void idAgainstBits();
    void successorListCoversReplicas();
    void rejected_data();
    void rejected();
    void helpAndVersion();
    void tokenFromEnvironment();
};

void TestNodeOptions::init() {
    qunsetenv("CHORD_TOKEN");
}

void TestNodeOptions::defaults() {
    const auto r = parse({});
    QVERIFY(std::holds_alternative<NodeOptions>(r));
    const NodeOptions &o = std::get<NodeOptions>(r);
    QCOMPARE(o.host, u"127.0.0.1"_s);
    QCOMPARE(o.port, quint16(5000));
    QVERIFY(o.name.isEmpty());
    QVERIFY(!o.pred && !o.succ && !o.join && !o.id);
    QCOMPARE(o.bits, 64);
    QCOMPARE(o.replicas, 3);
    QCOMPARE(o.successorListLength, 4);
    QCOMPARE(o.stabilizeMs, 500);
    QCOMPARE(o.protocol, Protocol::Zave);
    QCOMPARE(o.maxValueBytes, qint64(1024 * 1024));
    QVERIFY(o.logFile.isEmpty());
    QVERIFY(o.token.isEmpty());
    QVERIFY(!o.tokenReads);
}

void TestNodeOptions::bothValueForms_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("port");
    QTest::newRow("--port=5001") << QStringList{u"--port=5001"_s} << 5001;
    QTest::newRow("--port 5001") << QStringList{u"--port"_s, u"5001"_s} << 5001;
    QTest::newRow("--port=0 picks a free port") << QStringList{u"--port=0"_s} << 0;
    QTest::newRow("--port 65535") << QStringList{u"--port"_s, u"65535"_s} << 65535;
    QTest::newRow("last one wins") << QStringList{u"--port=1"_s, u"--port=2"_s} << 2;
}

void TestNodeOptions::bothValueForms() {
    QFETCH(QStringList, args);
    const auto r = parse(args);
    QVERIFY2(std::holds_alternative<NodeOptions>(r), std::holds_alternative<OptionsExit>(r)
                                                         ? qPrintable(std::get<OptionsExit>(r).text)
                                                         : "");
    QTEST(int(std::get<NodeOptions>(r).port), "port");
}

void TestNodeOptions::everyOption() {
    const auto r = parse({u"--host=0.0.0.0"_s,
                          u"--port"_s,
                          u"6000"_s,
                          u"--name"_s,
                          u"n1"_s,
                          u"--pred=127.0.0.1:5001"_s,
                          u"--succ"_s,
                          u"n2:127.0.0.1:5002"_s,
                          u"--join"_s,
                          u"127.0.0.1:5003:n3"_s,
                          u"--bits=8"_s,
                          u"--id"_s,
                          u"0xff"_s,
                          u"--replicas=2"_s,
                          u"--successors"_s,
                          u"5"_s,
                          u"--stabilize-ms=100"_s,
                          u"--max-value"_s,
                          u"2048"_s,
                          u"--log-file=/tmp/n1.log"_s,
                          u"--token"_s,
                          u"secret"_s,
                          u"--token-reads"_s,
                          u"--protocol=original"_s});
    QVERIFY2(std::holds_alternative<NodeOptions>(r), std::holds_alternative<OptionsExit>(r)
                                                         ? qPrintable(std::get<OptionsExit>(r).text)
                                                         : "");
    const NodeOptions &o = std::get<NodeOptions>(r);
    QCOMPARE(o.host, u"0.0.0.0"_s);
    QCOMPARE(o.port, quint16(6000));
    QCOMPARE(o.name, u"n1"_s);
    QVERIFY(o.pred && o.succ && o.join);
    QCOMPARE(o.pred->address(), u"127.0.0.1:5001"_s);
    QCOMPARE(o.succ->address(), u"127.0.0.1:5002"_s);
    QCOMPARE(o.succ->name, u"n2"_s);
    QCOMPARE(o.join->address(), u"127.0.0.1:5003"_s);
    QCOMPARE(o.join->name, u"n3"_s);
    QCOMPARE(o.bits, 8);
    QCOMPARE(o.id, std::optional<quint64>(255));
    QCOMPARE(o.replicas, 2);
    QCOMPARE(o.successorListLength, 5);
    QCOMPARE(o.stabilizeMs, 100);
    QCOMPARE(o.maxValueBytes, qint64(2048));
    QCOMPARE(o.logFile, u"/tmp/n1.log"_s);
    QCOMPARE(o.token, u"secret"_s);
    QVERIFY(o.tokenReads);
    QCOMPARE(o.protocol, Protocol::Original);
}

void TestNodeOptions::idAgainstBits_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("id");
    QTest::newRow("63 in 6 bits") << QStringList{u"--bits=6"_s, u"--id=63"_s} << true
                                  << quint64(63);
    QTest::newRow("id before bits")
        << QStringList{u"--id=63"_s, u"--bits=6"_s} << true << quint64(63);
    QTest::newRow("64 in 6 bits") << QStringList{u"--bits=6"_s, u"--id=64"_s} << false
                                  << quint64(0);
    QTest::newRow("hex") << QStringList{u"--bits=6"_s, u"--id=0x3F"_s} << true << quint64(63);
    QTest::newRow("max in 64 bits")
        << QStringList{u"--id=18446744073709551615"_s} << true << ~quint64(0);
    QTest::newRow("2^64") << QStringList{u"--id=18446744073709551616"_s} << false << quint64(0);
    QTest::newRow("negative") << QStringList{u"--id=-1"_s} << false << quint64(0);
    QTest::newRow("garbage") << QStringList{u"--id=abc"_s} << false << quint64(0);
    QTest::newRow("empty") << QStringList{u"--id="_s} << false << quint64(0);
}

void TestNodeOptions::idAgainstBits() {
    QFETCH(QStringList, args);
    QFETCH(bool, valid);
    const auto r = parse(args);
    QCOMPARE(std::holds_alternative<NodeOptions>(r), valid);
    if (valid) {
        QTEST(std::get<NodeOptions>(r).id.value_or(12345), "id");
    } else {
        QCOMPARE(std::get<OptionsExit>(r).code, 2);
        QVERIFY(std::get<OptionsExit>(r).text.contains(u"--id"_s));
    }
}

void TestNodeOptions::successorListCoversReplicas() {
    const auto r = parse({u"--replicas=6"_s, u"--successors=2"_s});
    QVERIFY(std::holds_alternative<NodeOptions>(r));
    QCOMPARE(std::get<NodeOptions>(r).replicas, 6);
    QCOMPARE(std::get<NodeOptions>(r).successorListLength, 6);
}

void TestNodeOptions::rejected_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    // clang-format off
    QTest::newRow("port 65536")       << QStringList{u"--port=65536"_s} << u"--port"_s;
    QTest::newRow("port -1")          << QStringList{u"--port"_s, u"-1"_s} << u"port"_s;
    QTest::newRow("port text")        << QStringList{u"--port"_s, u"http"_s} << u"--port"_s;
    QTest::newRow("port empty")       << QStringList{u"--port="_s} << u"--port"_s;
    QTest::newRow("port suffix")      << QStringList{u"--port=5000x"_s} << u"--port"_s;
    QTest::newRow("port missing")     << QStringList{u"--port"_s} << u"port"_s;
    QTest::newRow("bits 2")           << QStringList{u"--bits=2"_s} << u"--bits"_s;
    QTest::newRow("bits 65")          << QStringList{u"--bits=65"_s} << u"--bits"_s;
    QTest::newRow("replicas 0")       << QStringList{u"--replicas=0"_s} << u"--replicas"_s;
    QTest::newRow("replicas 17")      << QStringList{u"--replicas=17"_s} << u"--replicas"_s;
    QTest::newRow("successors 0")     << QStringList{u"--successors=0"_s} << u"--successors"_s;
    QTest::newRow("stabilize 5")      << QStringList{u"--stabilize-ms=5"_s} << u"--stabilize-ms"_s;
    QTest::newRow("max-value 0")      << QStringList{u"--max-value=0"_s} << u"--max-value"_s;
    QTest::newRow("max-value text")   << QStringList{u"--max-value=big"_s} << u"--max-value"_s;
    QTest::newRow("pred no port")     << QStringList{u"--pred=localhost"_s} << u"--pred"_s;
    QTest::newRow("succ bad port")    << QStringList{u"--succ=h:0"_s} << u"--succ"_s;
    QTest::newRow("join garbage")     << QStringList{u"--join=a:b:c"_s} << u"--join"_s;
    QTest::newRow("protocol other")   << QStringList{u"--protocol=chord"_s} << u"--protocol"_s;
    QTest::newRow("unknown option")   << QStringList{u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("positional")       << QStringList{u"extra"_s} << u"extra"_s;
    // clang-format on
}

void TestNodeOptions::rejected() {
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const auto r = parse(args);
    QVERIFY(std::holds_alternative<OptionsExit>(r));
    const OptionsExit &e = std::get<OptionsExit>(r);
    QCOMPARE(e.code, 2);
    QVERIFY2(e.text.contains(mentions), qPrintable(e.text));
}

void TestNodeOptions::helpAndVersion() {
    auto r = parse({u"--help"_s});
    QVERIFY(std::holds_alternative<OptionsExit>(r));
    QCOMPARE(std::get<OptionsExit>(r).code, 0);
    for (const char *flag : {"--host", "--port", "--name", "--pred", "--succ", "--join", "--bits",
                             "--id", "--replicas", "--stabilize-ms", "--log-file", "--token"})
        QVERIFY2(std::get<OptionsExit>(r).text.contains(QLatin1String(flag)), flag);
    r = parse({u"--version"_s});
    QVERIFY(std::holds_alternative<OptionsExit>(r));
    QCOMPARE(std::get<OptionsExit>(r).code, 0);
    QCOMPARE(std::get<OptionsExit>(r).text, u"chord-node "_s + QStringLiteral(CHORDLAB_VERSION));
}

void TestNodeOptions::tokenFromEnvironment() {
    qputenv("CHORD_TOKEN", "from-env");
    auto r = parse({});
    QCOMPARE(std::get<NodeOptions>(r).token, u"from-env"_s);
    r = parse({u"--token=flag"_s});
    QCOMPARE(std::get<NodeOptions>(r).token, u"flag"_s);
    qunsetenv("CHORD_TOKEN");
}

QTEST_GUILESS_MAIN(TestNodeOptions)
#include "tst_nodeoptions.moc"
