#include "HeaderFields.h"
#include "RequestParsing.h"

#include <QTest>

using namespace Chord;
using namespace Chord::Http;
using namespace Qt::StringLiterals;

class TestRequestParsing : public QObject {
    Q_OBJECT

private slots:
    void endpointText_data();
    void endpointText();
    void endpointBody_data();
    void endpointBody();
    void peerLines_data();
    void peerLines();
    void decodeKey_data();
    void decodeKey();
    void validators_data();
    void validators();
    void encodeKeyRoundTrips_data();
    void encodeKeyRoundTrips();
    void headerTokens_data();
    void headerTokens();
    void transferCoding_data();
    void transferCoding();
};

void TestRequestParsing::endpointText_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("name");
    // clang-format off
    QTest::newRow("host:port")           << u"127.0.0.1:5000"_s << true << u"127.0.0.1"_s << 5000 << QString();
    QTest::newRow("hostname:port")       << u"localhost:80"_s << true << u"localhost"_s << 80 << QString();
    QTest::newRow("host:port:name")      << u"127.0.0.1:5000:n1"_s << true << u"127.0.0.1"_s << 5000 << u"n1"_s;
    QTest::newRow("name:host:port")      << u"n1:127.0.0.1:5001"_s << true << u"127.0.0.1"_s << 5001 << u"n1"_s;
    QTest::newRow("numeric name first")  << u"7:localhost:5002"_s << true << u"localhost"_s << 5002 << u"7"_s;
    QTest::newRow("port 1")              << u"h:1"_s << true << u"h"_s << 1 << QString();
    QTest::newRow("port 65535")          << u"h:65535"_s << true << u"h"_s << 65535 << QString();
    QTest::newRow("outer whitespace")    << u"  h:5000\r\n"_s << true << u"h"_s << 5000 << QString();
    QTest::newRow("empty")               << QString() << false << QString() << 0 << QString();
    QTest::newRow("host only")           << u"localhost"_s << false << QString() << 0 << QString();
    QTest::newRow("no port")             << u"localhost:"_s << false << QString() << 0 << QString();
    QTest::newRow("no host")             << u":5000"_s << false << QString() << 0 << QString();
    QTest::newRow("port 0")              << u"h:0"_s << false << QString() << 0 << QString();
    QTest::newRow("port 65536")          << u"h:65536"_s << false << QString() << 0 << QString();
    QTest::newRow("port negative")       << u"h:-1"_s << false << QString() << 0 << QString();
    QTest::newRow("port plus")           << u"h:+5000"_s << false << QString() << 0 << QString();
    QTest::newRow("port letters")        << u"h:50a0"_s << false << QString() << 0 << QString();
    QTest::newRow("port hex")            << u"h:0x10"_s << false << QString() << 0 << QString();
    QTest::newRow("port with space")     << u"h: 5000"_s << false << QString() << 0 << QString();
    QTest::newRow("no port in 3 parts")  << u"a:b:c"_s << false << QString() << 0 << QString();
    QTest::newRow("empty host 3 parts")  << u"n1::5000"_s << false << QString() << 0 << QString();
    QTest::newRow("four parts")          << u"a:h:5000:x"_s << false << QString() << 0 << QString();
    QTest::newRow("url")                 << u"http://h:5000"_s << false << QString() << 0 << QString();
    // clang-format on
}

void TestRequestParsing::endpointText() {
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const std::optional<Endpoint> ep = parseEndpointText(text);
    QCOMPARE(ep.has_value(), valid);
    if (!valid || !ep)
        return;
    QTEST(ep->host, "host");
    QTEST(int(ep->port), "port");
    QTEST(ep->name, "name");
}

void TestRequestParsing::endpointBody_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("name");
    // clang-format off
    QTest::newRow("json")             << R"({"host":"127.0.0.1","port":5000})"_ba << true << u"127.0.0.1"_s << 5000 << QString();
    QTest::newRow("json with name")   << R"({"host":"h","port":5001,"name":"n1"})"_ba << true << u"h"_s << 5001 << u"n1"_s;
    QTest::newRow("json port string") << R"({"host":"h","port":"5002"})"_ba << true << u"h"_s << 5002 << QString();
    QTest::newRow("json whitespace")  << "  \n{\"host\":\"h\",\"port\":1}\n"_ba << true << u"h"_s << 1 << QString();
    QTest::newRow("text")             << "h:5003"_ba << true << u"h"_s << 5003 << QString();
    QTest::newRow("text with name")   << "h:5004:n4\n"_ba << true << u"h"_s << 5004 << u"n4"_s;
    QTest::newRow("text name first")  << "n5:h:5005"_ba << true << u"h"_s << 5005 << u"n5"_s;
    QTest::newRow("empty")            << QByteArray() << false << QString() << 0 << QString();
    QTest::newRow("blank")            << " \r\n"_ba << false << QString() << 0 << QString();
    QTest::newRow("malformed json")   << R"({"host":"h","port":)"_ba << false << QString() << 0 << QString();
    QTest::newRow("json array")       << R"([{"host":"h","port":1}])"_ba << false << QString() << 0 << QString();
    QTest::newRow("json no host")     << R"({"port":5000})"_ba << false << QString() << 0 << QString();
    QTest::newRow("json host number") << R"({"host":1,"port":5000})"_ba << false << QString() << 0 << QString();
    QTest::newRow("json no port")     << R"({"host":"h"})"_ba << false << QString() << 0 << QString();
    QTest::newRow("json port 0")      << R"({"host":"h","port":0})"_ba << false << QString() << 0 << QString();
    QTest::newRow("json port 65536")  << R"({"host":"h","port":65536})"_ba << false << QString() << 0 << QString();
    QTest::newRow("json port text")   << R"({"host":"h","port":"http"})"_ba << false << QString() << 0 << QString();
    QTest::newRow("json port frac")   << R"({"host":"h","port":5000.5})"_ba << false << QString() << 0 << QString();
    QTest::newRow("json port null")   << R"({"host":"h","port":null})"_ba << false << QString() << 0 << QString();
    QTest::newRow("bad text")         << "not an endpoint"_ba << false << QString() << 0 << QString();
    // clang-format on
}

void TestRequestParsing::endpointBody() {
    QFETCH(QByteArray, body);
    QFETCH(bool, valid);
    const Outcome<Endpoint> ep = parseEndpointBody(body);
    QCOMPARE(ep.ok(), valid);
    if (!valid) {
        QVERIFY2(!ep.message.isEmpty(), "a refusal says why");
        QCOMPARE(ep.error, NodeError::BadRequest);
        QCOMPARE(ep.title, u"bad node"_s);
        return;
    }
    QTEST(ep->host, "host");
    QTEST(int(ep->port), "port");
    QTEST(ep->name, "name");
}

void TestRequestParsing::peerLines_data() {
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("addresses"); // empty: refused
    QTest::addColumn<QStringList>("names");
    QTest::newRow("one") << "n1:127.0.0.1:5000"_ba << QStringList{u"127.0.0.1:5000"_s}
                         << QStringList{u"n1"_s};
    QTest::newRow("crlf and blank lines")
        << "n1:h:5000\r\n\r\nn2:h:5001\r\n\n"_ba << QStringList{u"h:5000"_s, u"h:5001"_s}
        << QStringList{u"n1"_s, u"n2"_s};
    QTest::newRow("lf, spaces") << "  n1:h:5000  \n n2:h:5001"_ba
                                << QStringList{u"h:5000"_s, u"h:5001"_s}
                                << QStringList{u"n1"_s, u"n2"_s};
    QTest::newRow("empty") << QByteArray() << QStringList() << QStringList();
    QTest::newRow("only blank lines") << "\r\n\n  \n"_ba << QStringList() << QStringList();
    QTest::newRow("one bad line") << "n1:h:5000\nbogus\n"_ba << QStringList() << QStringList();
    QTest::newRow("bad port") << "n1:h:99999"_ba << QStringList() << QStringList();
}

void TestRequestParsing::peerLines() {
    QFETCH(QByteArray, body);
    QFETCH(QStringList, addresses);
    QFETCH(QStringList, names);
    const Outcome<QList<Endpoint>> peers = parsePeerLines(body);
    if (addresses.isEmpty()) {
        QVERIFY(!peers.ok());
        QVERIFY(!peers.message.isEmpty());
        QCOMPARE(peers.title, u"bad peer list"_s);
        return;
    }
    QVERIFY2(peers.ok(), qPrintable(peers.message));
    QStringList gotAddresses;
    QStringList gotNames;
    for (const Endpoint &e : *peers) {
        gotAddresses << e.address();
        gotNames << e.name;
    }
    QCOMPARE(gotAddresses, addresses);
    QCOMPARE(gotNames, names);
}

void TestRequestParsing::decodeKey_data() {
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("key");
    const QByteArray kib(MaxKeyBytes, 'a');
    // 341 three-byte characters and one byte: exactly 1024 bytes, 342 characters.
    QString wide1024 = QString(341, QChar(0x65e5)) + u"a"_s;
    // clang-format off
    QTest::newRow("plain")            << "abc"_ba << true << u"abc"_s;
    QTest::newRow("slash %2F")        << "a%2Fb"_ba << true << u"a/b"_s;
    QTest::newRow("slash %2f")        << "a%2fb%2F"_ba << true << u"a/b/"_s;
    QTest::newRow("space %20")        << "a%20b"_ba << true << u"a b"_s;
    QTest::newRow("plus stays plus")  << "a+b"_ba << true << u"a+b"_s;
    QTest::newRow("percent %25")      << "100%25"_ba << true << u"100%"_s;
    QTest::newRow("query and hash")   << "%3F%23%26"_ba << true << u"?#&"_s;
    QTest::newRow("non-ASCII %xx")    << "caf%C3%A9-%E6%97%A5"_ba << true << u"caf\u00e9-\u65e5"_s;
    QTest::newRow("non-ASCII raw")    << "caf\xc3\xa9"_ba << true << u"caf\u00e9"_s;
    QTest::newRow("emoji")            << "%F0%9F%94%91"_ba << true << u"\U0001F511"_s;
    QTest::newRow("1024 bytes")       << kib << true << QString::fromLatin1(kib);
    QTest::newRow("1024 bytes wide")  << wide1024.toUtf8().toPercentEncoding() << true << wide1024;
    QTest::newRow("1025 bytes")       << kib + "b" << false << QString();
    QTest::newRow("1025 after decode") << kib + "%2F" << false << QString();
    QTest::newRow("1026 bytes wide")  << QString(342, QChar(0x65e5)).toUtf8().toPercentEncoding() << false << QString();
    QTest::newRow("empty")            << QByteArray() << false << QString();
    QTest::newRow("invalid 0xFF")     << "a%FFb"_ba << false << QString();
    QTest::newRow("truncated C3")     << "a%C3"_ba << false << QString();
    QTest::newRow("overlong slash")   << "%C0%AF"_ba << false << QString();
    QTest::newRow("lone surrogate")   << "%ED%A0%80"_ba << false << QString();
    QTest::newRow("raw invalid")      << "a\xfe"_ba << false << QString();
    // clang-format on
}

void TestRequestParsing::decodeKey() {
    QFETCH(QByteArray, encoded);
    QFETCH(bool, valid);
    const Outcome<QString> key = Http::decodeKey(encoded);
    QCOMPARE(key.ok(), valid);
    if (!valid) {
        QVERIFY(!key.message.isEmpty());
        QCOMPARE(key.title, u"bad key"_s);
        return;
    }
    QTEST(*key, "key");
    QVERIFY(key->toUtf8().size() <= MaxKeyBytes);
}

void TestRequestParsing::validators_data() {
    // Each validator on one text: accepted with its value, or refused as a bad request named by
    // what is wrong.
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("value"); // the accepted value, as text
    QTest::addColumn<QString>("title"); // empty: accepted
    // clang-format off
    QTest::newRow("id decimal")      << u"id"_s << u"200"_s << u"200"_s << QString();
    QTest::newRow("id hex")          << u"id"_s << u"0xff"_s << u"255"_s << QString();
    QTest::newRow("id out of space") << u"id"_s << u"256"_s << QString() << u"bad id"_s;
    QTest::newRow("id text")         << u"id"_s << u"abc"_s << QString() << u"bad id"_s;
    QTest::newRow("id empty")        << u"id"_s << QString() << QString() << u"bad id"_s;
    QTest::newRow("ring absent")     << u"ring"_s << QString() << u"0"_s << QString();
    QTest::newRow("ring decimal")    << u"ring"_s << u"8479"_s << u"8479"_s << QString();
    QTest::newRow("ring text")       << u"ring"_s << u"x"_s << QString() << u"bad ring"_s;
    QTest::newRow("ring negative")   << u"ring"_s << u"-1"_s << QString() << u"bad ring"_s;
    QTest::newRow("flag absent")     << u"flag"_s << QString() << u"0"_s << QString();
    QTest::newRow("flag 0")          << u"flag"_s << u"0"_s << u"0"_s << QString();
    QTest::newRow("flag 1")          << u"flag"_s << u"1"_s << u"1"_s << QString();
    QTest::newRow("flag yes")        << u"flag"_s << u"yes"_s << QString() << u"bad replica"_s;
    QTest::newRow("flag 2")          << u"flag"_s << u"2"_s << QString() << u"bad replica"_s;
    QTest::newRow("op absent")       << u"op"_s << QString() << QString() << QString();
    QTest::newRow("op given")        << u"op"_s << u"lab-1.a:b_c"_s << u"lab-1.a:b_c"_s << QString();
    QTest::newRow("op space")        << u"op"_s << u"a b"_s << QString() << u"bad op"_s;
    QTest::newRow("op 65 chars")     << u"op"_s << QString(65, u'a') << QString() << u"bad op"_s;
    QTest::newRow("op given empty")  << u"op="_s << QString() << QString() << u"bad op"_s;
    QTest::newRow("key")             << u"key"_s << u"a b/c"_s << u"a b/c"_s << QString();
    QTest::newRow("key empty")       << u"key"_s << QString() << QString() << u"bad key"_s;
    QTest::newRow("key 1025 bytes")  << u"key"_s << QString(1025, u'k') << QString() << u"bad key"_s;
    // clang-format on
}

void TestRequestParsing::validators() {
    QFETCH(QString, which);
    QFETCH(QString, text);
    QFETCH(QString, title);
    const IdSpace space(8);
    const auto check = [&](const auto &outcome, auto show) {
        QCOMPARE(outcome.ok(), title.isEmpty());
        if (!outcome.ok()) {
            QCOMPARE(outcome.error, NodeError::BadRequest);
            QCOMPARE(outcome.title, title);
            QVERIFY2(!outcome.message.isEmpty(), "a refusal says what was expected");
            return;
        }
        QTEST(show(*outcome), "value");
    };
    const auto asText = [](auto v) {
        return QString::number(v);
    };
    const auto same = [](const QString &v) {
        return v;
    };
    if (which == u"id")
        check(parseId(space, text), asText);
    else if (which == u"ring")
        check(parseRingToken(text), asText);
    else if (which == u"flag")
        check(parseFlag(text, u"replica"_s), asText);
    else if (which == u"op")
        check(parseOp(text, !text.isEmpty()), same);
    else if (which == u"op=")
        check(parseOp(text, true), same);
    else
        check(checkKey(text), same);
}

void TestRequestParsing::encodeKeyRoundTrips_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("plain") << u"abc-._~"_s << "abc-._~"_ba;
    QTest::newRow("slash space") << u"a/b c"_s << "a%2Fb%20c"_ba;
    QTest::newRow("reserved") << u"%?#&+="_s << "%25%3F%23%26%2B%3D"_ba;
    QTest::newRow("non-ASCII") << u"\u00e9"_s << "%C3%A9"_ba;
}

void TestRequestParsing::encodeKeyRoundTrips() {
    QFETCH(QString, key);
    QTEST(encodeKey(key), "encoded");
    QCOMPARE(Http::decodeKey(encodeKey(key)).value, std::optional<QString>(key));
}

void TestRequestParsing::headerTokens_data() {
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("joined"); // the tokens, joined with '|'
    QTest::addColumn<bool>("hasClose");
    // clang-format off
    QTest::newRow("one")             << QByteArray("close") << QByteArray("close") << true;
    QTest::newRow("case")            << QByteArray("Close") << QByteArray("Close") << true;
    QTest::newRow("list")            << QByteArray("keep-alive, close") << QByteArray("keep-alive|close") << true;
    QTest::newRow("whitespace")      << QByteArray(" \tclose\t ,x ") << QByteArray("close|x") << true;
    QTest::newRow("empty elements")  << QByteArray(",, close,,") << QByteArray("close") << true;
    QTest::newRow("substring")       << QByteArray("xclosex") << QByteArray("xclosex") << false;
    QTest::newRow("prefix")          << QByteArray("closed, upgrade") << QByteArray("closed|upgrade") << false;
    QTest::newRow("empty")           << QByteArray() << QByteArray() << false;
    QTest::newRow("only commas")     << QByteArray(" , ,") << QByteArray() << false;
    // clang-format on
}

void TestRequestParsing::headerTokens() {
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, joined);
    QFETCH(bool, hasClose);
    QByteArray got;
    for (QByteArrayView t : Http::headerTokens(value))
        got += (got.isEmpty() ? "" : "|") + t.toByteArray();
    QCOMPARE(got, joined);
    QCOMPARE(Http::hasHeaderToken(value, "close"), hasClose);
}

void TestRequestParsing::transferCoding_data() {
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("coding");
    const int chunked = int(TransferCoding::Chunked);
    const int unsupported = int(TransferCoding::Unsupported);
    const int malformed = int(TransferCoding::Malformed);
    // clang-format off
    QTest::newRow("chunked")          << QByteArray("chunked") << chunked;
    QTest::newRow("case, spaces")     << QByteArray("  ChUnKeD ") << chunked;
    QTest::newRow("empty element")    << QByteArray(", chunked,") << chunked;
    QTest::newRow("gzip, chunked")    << QByteArray("gzip, chunked") << unsupported;
    QTest::newRow("joined fields")    << QByteArray("gzip,chunked") << unsupported;
    QTest::newRow("xchunkedx")        << QByteArray("xchunkedx") << malformed;
    QTest::newRow("chunked-ish")      << QByteArray("chunkedx") << malformed;
    QTest::newRow("chunked, gzip")    << QByteArray("chunked, gzip") << malformed;
    QTest::newRow("chunked twice")    << QByteArray("chunked, chunked") << malformed;
    QTest::newRow("gzip")             << QByteArray("gzip") << malformed;
    QTest::newRow("identity")         << QByteArray("identity") << malformed;
    QTest::newRow("parameter")        << QByteArray("chunked;q=1") << malformed;
    QTest::newRow("empty")            << QByteArray("") << malformed;
    // clang-format on
}

void TestRequestParsing::transferCoding() {
    QFETCH(QByteArray, value);
    QFETCH(int, coding);
    QCOMPARE(int(Http::transferCoding(value)), coding);
}

QTEST_GUILESS_MAIN(TestRequestParsing)
#include "tst_requestparsing.moc"
