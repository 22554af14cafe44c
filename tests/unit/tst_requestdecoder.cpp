// The request side of the node's HTTP/1.1 framing (nodecore/http/RequestDecoder.h), bytes in:
// every row is decoded whole and again one byte at a time, and must come out the same.
#include "RequestDecoder.h"

#include <QTest>

using namespace Chord;
using namespace Chord::Http;
using namespace Qt::StringLiterals;

namespace {

using Step = RequestDecoder::Step;

// What decoding `bytes` produced: each request as "METHOD path body", 100-continue as
// "continue", an error as "error <status>", in order.
QStringList decodeAll(QByteArrayView bytes, qsizetype chunk, const ServerLimits &limits,
                      QByteArray *connection = nullptr) {
    RequestDecoder decoder(limits);
    QStringList out;
    QByteArray buffer;
    qsizetype fed = 0;
    while (fed < bytes.size() || !buffer.isEmpty()) {
        const qsizetype take = std::min(chunk, bytes.size() - fed);
        buffer.append(bytes.sliced(fed, take));
        fed += take;
        for (;;) {
            qsizetype used = 0;
            const Step step = decoder.decode(buffer, used);
            if (used < 0 || used > buffer.size())
                return {u"consumed out of range"_s};
            buffer.remove(0, used);
            if (step == Step::Continue) {
                out << u"continue"_s;
            } else if (step == Step::Request) {
                const Request r = decoder.takeRequest();
                out << u"%1 %2 %3"_s.arg(QString::fromLatin1(methodName(r.method)),
                                         QString::fromLatin1(r.path), QString::fromLatin1(r.body));
                if (connection)
                    *connection = decoder.connectionReply().toByteArray();
            } else if (step == Step::Error) {
                return out << u"error %1"_s.arg(decoder.failure().status);
            } else {
                break;
            }
        }
        if (fed == bytes.size())
            break; // the rest is an unfinished request
    }
    return out;
}

} // namespace

class TestRequestDecoder : public QObject {
    Q_OBJECT

private slots:
    void table_data();
    void table();
    void connectionReply_data();
    void connectionReply();
    void queryAndTarget();
    void headErrorKnowsItsMethod();
};

void TestRequestDecoder::table_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expected");
    const auto row = [](const char *name, const QByteArray &bytes, const QStringList &expected) {
        QTest::newRow(name) << bytes << expected;
    };
    row("get", "GET /db/a HTTP/1.1\r\nHost: x\r\n\r\n", {u"GET /db/a "_s});
    row("bare LF", "GET /a HTTP/1.1\nHost: x\n\n", {u"GET /a "_s});
    row("blank lines before", "\r\n\r\nGET /a HTTP/1.1\r\n\r\n", {u"GET /a "_s});
    row("unfinished head", "GET /a HTTP/1.1\r\nHost: x\r\n", {});
    row("pipelined",
        "GET /a HTTP/1.1\r\n\r\nPUT /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /c "
        "HTTP/1.0\r\n\r\n",
        {u"GET /a "_s, u"PUT /b hi"_s, u"GET /c "_s});
    row("content-length", "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
        {u"POST /x hello"_s});
    row("body not all here", "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel", {});
    row("zero length", "PUT /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n", {u"PUT /x "_s});
    row("same length twice", "PUT /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nz",
        {u"error 400"_s});
    row("signed length", "PUT /x HTTP/1.1\r\nContent-Length: +1\r\n\r\nz", {u"error 400"_s});
    row("space before colon", "PUT /x HTTP/1.1\r\nContent-Length : 1\r\n\r\nz", {u"error 400"_s});
    row("folded line", "GET /x HTTP/1.1\r\nX: a\r\n b\r\n\r\n", {u"error 400"_s});
    row("bare CR in a field", "GET /x HTTP/1.1\r\n\rHost: x\r\n\r\n", {u"error 400"_s});
    row("chunked",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: "
        "chunked\r\n\r\n5;ext=1\r\nhello\r\n1\r\n!\r\n0\r\nX-T: 1\r\n\r\n",
        {u"PUT /x hello!"_s});
    row("chunked, upper case",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: CHUNKED\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
        {u"PUT /x 0123456789"_s});
    row("expect 100-continue",
        "PUT /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nv",
        {u"continue"_s, u"PUT /x v"_s});
    row("expect without body", "GET /x HTTP/1.1\r\nExpect: 100-continue\r\n\r\n", {u"GET /x "_s});
    row("unknown method routed", "BREW /pot HTTP/1.1\r\n\r\n", {u"UNKNOWN /pot "_s});
    row("head", "HEAD /db/a HTTP/1.1\r\n\r\n", {u"HEAD /db/a "_s});
    row("absolute form", "GET http://127.0.0.1:5000/db/a HTTP/1.1\r\n\r\n", {u"GET /db/a "_s});

    row("not HTTP", "\x16\x03\x01\x02\x00", {u"error 400"_s});
    row("lower-case method", "get /a HTTP/1.1\r\n\r\n", {u"error 400"_s});
    row("HTTP/2 version", "GET /a HTTP/2.0\r\n\r\n", {u"error 400"_s});
    row("space in target", "GET /a b HTTP/1.1\r\n\r\n", {u"error 400"_s});
    row("request line too long", "GET /" + QByteArray(9000, 'a'), {u"error 414"_s});
    row("header too large", "GET /a HTTP/1.1\r\nX: " + QByteArray(20000, 'a') + "\r\n\r\n",
        {u"error 431"_s});
    QByteArray many = "GET /a HTTP/1.1\r\n";
    for (int i = 0; i <= RequestDecoder::MaxHeaderFields; ++i)
        many += "X-" + QByteArray::number(i) + ": 1\r\n";
    row("too many headers", many + "\r\n", {u"error 431"_s});
    row("bad content-length", "PUT /x HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", {u"error 400"_s});
    row("negative content-length", "PUT /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        {u"error 400"_s});
    row("two lengths", "PUT /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        {u"error 400"_s});
    row("both framings",
        "PUT /x HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        {u"error 400"_s});
    row("gzip coding", "PUT /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", {u"error 400"_s});
    row("gzip then chunked", "PUT /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        {u"error 501"_s});
    row("chunked as a substring", "PUT /x HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n",
        {u"error 400"_s});
    row("chunked twice", "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
        {u"error 400"_s});
    row("body over the limit", "PUT /db/a HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n",
        {u"error 413"_s});
    row("chunked over the limit",
        "PUT /db/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFF\r\n", {u"error 413"_s});
    row("huge chunk size",
        "PUT /db/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n7FFFFFFFFFFFFFFF\r\n",
        {u"error 413"_s});
    row("bad chunk size", "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        {u"error 400"_s});
    row("chunk longer than its size",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n",
        {u"error 400"_s});
    row("chunk line too long",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + QByteArray(5000, '0'),
        {u"error 400"_s});
    row("chunk data then bare LF",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\n0\r\n\r\n", {u"error 400"_s});
    row("chunk size with a blank",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0 \r\n\r\n", {u"error 400"_s});
    row("chunk extensions",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a;b=c;d=\"e f\"\r\nz\r\n0\r\n\r\n",
        {u"PUT /x z"_s});
    row("empty chunk extension",
        "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;\r\nz\r\n0\r\n\r\n",
        {u"error 400"_s});
    row("tab in content-length", "PUT /x HTTP/1.1\r\nContent-Length: 1\t\r\n\r\nz",
        {u"error 400"_s});
    row("request after an error is not read",
        "GET /a HTTP/1.1\r\nContent-Length: x\r\n\r\nGET /b HTTP/1.1\r\n\r\n", {u"error 400"_s});
}

void TestRequestDecoder::table() {
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expected);
    const ServerLimits limits;
    QCOMPARE(decodeAll(bytes, bytes.size() + 1, limits), expected);
    // Any split of the bytes decodes the same (TCP delivers them in any pieces).
    QCOMPARE(decodeAll(bytes, 1, limits), expected);
    QCOMPARE(decodeAll(bytes, 7, limits), expected);
}

void TestRequestDecoder::connectionReply_data() {
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("1.1") << "GET / HTTP/1.1\r\n\r\n"_ba << QByteArray();
    QTest::newRow("1.1 close") << "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"_ba
                               << "close"_ba;
    QTest::newRow("1.1 close token") << "GET / HTTP/1.1\r\nConnection: te, Close\r\n\r\n"_ba
                                     << "close"_ba;
    QTest::newRow("1.0") << "GET / HTTP/1.0\r\n\r\n"_ba
                         << "close"_ba;
    QTest::newRow("1.0 keep-alive") << "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"_ba
                                    << "keep-alive"_ba;
}

void TestRequestDecoder::connectionReply() {
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, reply);
    QByteArray connection = "unset";
    QCOMPARE(decodeAll(head, head.size(), ServerLimits(), &connection).size(), 1);
    QCOMPARE(connection, reply);
}

void TestRequestDecoder::queryAndTarget() {
    const ServerLimits limits;
    RequestDecoder decoder(limits);
    qsizetype used = 0;
    const QByteArray bytes = "GET /dht/item?key=a%20b&ring=5#frag HTTP/1.1\r\n"
                             "Accept: text/html, application/json\r\n"
                             "Authorization: Bearer t\r\nContent-Type: application/json\r\n\r\n";
    QCOMPARE(decoder.decode(bytes, used), Step::Request);
    QCOMPARE(used, bytes.size());
    const Request r = decoder.takeRequest();
    QCOMPARE(r.path, "/dht/item"_ba);
    QCOMPARE(r.queryValue(u"key"_s), u"a b"_s);
    QCOMPARE(r.queryValue(u"ring"_s), u"5"_s);
    QVERIFY(r.wantsJson);
    QCOMPARE(r.authorization, "Bearer t"_ba);
    QCOMPARE(r.contentType, "application/json"_ba);
    // Node-to-node bulk routes take far larger bodies than the contract's.
    QCOMPARE(
        decoder.decode("POST /dht/store-items HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n", used),
        Step::NeedMore);
}

void TestRequestDecoder::headErrorKnowsItsMethod() {
    // The answer to a HEAD has no body, an error's neither: the connection asks the method.
    const ServerLimits limits;
    RequestDecoder decoder(limits);
    qsizetype used = 0;
    QCOMPARE(decoder.decode("HEAD /db/a HTTP/1.1\r\nContent-Length: z\r\n\r\n", used), Step::Error);
    QCOMPARE(decoder.method(), Method::Head);
    QCOMPARE(decoder.failure().status, 400);
    QVERIFY(!decoder.failure().detail.isEmpty());
}

QTEST_APPLESS_MAIN(TestRequestDecoder)
#include "tst_requestdecoder.moc"
