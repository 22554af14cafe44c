// The external HTTP contract (docs/API.md): shapes of every endpoint, and a 4xx JSON error for
// every kind of bad input, after which the node is still up and still holds its data.
#include "HttpServer.h"
#include "JsonCodec.h"
#include "LocalRing.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace Chord;

namespace {
// One response read off a raw connection.
struct Answer {
    int status = 0;
    QByteArray head; // status line and header fields, without the empty line
    QByteArray body;
    QByteArray header(QByteArrayView name) const {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 &&
                QByteArrayView(line).first(colon).compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
};

// Reads one response per entry of headRequests from s, in order; an entry is true when its
// request was HEAD, whose response has no body whatever its Content-Length says. What follows
// the last response (up to settleMs later) is returned in rest: bytes there are a body that a
// HEAD response must not have had, or an answer nobody asked for.
QList<Answer> readAnswers(QTcpSocket &s, const QList<bool> &headRequests, QByteArray *rest,
                          int settleMs = 300) {
    QList<Answer> out;
    QByteArray buf = s.readAll();
    for (const bool head : headRequests) {
        qsizetype end;
        while ((end = buf.indexOf("\r\n\r\n")) < 0) {
            if (!s.waitForReadyRead(5000))
                return out;
            buf += s.readAll();
        }
        Answer a;
        a.head = buf.left(end);
        buf.remove(0, end + 4);
        a.status = a.head.startsWith("HTTP/1.1 ") ? a.head.mid(9, 3).toInt() : -1;
        const qsizetype length = head ? 0 : a.header("Content-Length").toLongLong();
        while (buf.size() < length && s.waitForReadyRead(5000))
            buf += s.readAll();
        a.body = buf.left(length);
        buf.remove(0, length);
        out.append(a);
    }
    QTest::qWait(settleMs);
    *rest = buf + s.readAll();
    return out;
}
} // namespace

class TestHttpContract : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void shapes();
    void manualWiring();
    void badInput_data();
    void badInput();
    void brokenConnections();
    void requestFraming_data();
    void requestFraming();
    void headIsGetWithoutBody();
    void idleTimerWaitsForTheReply();
    void maintenancePausedAndStepped();
    void messagesRecordedAsEvents();
    void operationIdsTieEvents();
    void refusedWriteAttemptStaysRefused();

private:
    std::unique_ptr<LocalRing> m_ring;
};

void TestHttpContract::initTestCase() {
    m_ring = std::make_unique<LocalRing>(64, 150);
    QVERIFY(m_ring->startRing(3));
    QVERIFY(m_ring->waitQuiet(3, 20000, false).isEmpty());
    QVERIFY(m_ring->call("PUT", m_ring->node(0), "/db/kept", "safe", "text/plain").ok());
}

void TestHttpContract::cleanupTestCase() {
    m_ring.reset();
}

void TestHttpContract::shapes() {
    NodeProcess *n = m_ring->node(1);
    const auto ready = m_ring->raw("GET", n, "/");
    QCOMPARE(ready.status, 200);
    QVERIFY(ready.body.isEmpty());

    const auto info = m_ring->raw("GET", n, "/nodeinfo");
    QCOMPARE(info.status, 200);
    QVERIFY(info.contentType.startsWith("application/json"));
    const QJsonObject o = QJsonDocument::fromJson(info.body).object();
    for (const char *field : {"name", "host", "port", "id", "bits", "pred", "succ", "successors",
                              "fingers", "keys", "replicas", "stabilizeMs", "uptimeMs", "version"})
        QVERIFY2(o.contains(QLatin1String(field)), field);
    QVERIFY(o.value(QLatin1String("id")).isString());
    // A member: not left; in a ring of r = 3 nodes every node keeps every copy, the whole
    // circle from its own id.
    QCOMPARE(o.value(QLatin1String("left")), QJsonValue(false));
    QCOMPARE(o.value(QLatin1String("copiesFrom")), o.value(QLatin1String("id")));
    QCOMPARE(o.value(QLatin1String("fingers")).toArray().size(), 64);
    const QJsonObject f0 = o.value(QLatin1String("fingers")).toArray().first().toObject();
    QVERIFY(f0.contains(QLatin1String("i")) && f0.contains(QLatin1String("start")) &&
            f0.contains(QLatin1String("node")));

    for (const QByteArray path : {"/pred", "/succ"}) {
        const auto r = m_ring->call("GET", n, path);
        QVERIFY(r.ok());
        QVERIFY(Json::toNode(r->object()));
    }
    QCOMPARE(m_ring->call("GET", n, "/fingers")->array().size(), 64);

    const auto step = m_ring->call("GET", n, "/dht/find-successor?id=0x10");
    QVERIFY(step.ok());
    QVERIFY(step->object().value(QLatin1String("done")).isBool());

    const auto lookup = m_ring->call("GET", n, "/dht/lookup?key=kept");
    QVERIFY(lookup.ok());
    for (const char *field : {"key", "id", "owner", "hopCount", "ms", "hops"})
        QVERIFY2(lookup->object().contains(QLatin1String(field)), field);

    const auto peersText = m_ring->raw("GET", n, "/dht/peers");
    QCOMPARE(peersText.body.count("\r\n"), 3);
    const auto peersJson =
        m_ring->raw("GET", n, "/dht/peers", {}, {{"Accept", "application/json"}});
    QCOMPARE(QJsonDocument::fromJson(peersJson.body).array().size(), 3);

    const auto ring = m_ring->call("GET", n, "/dht/ring");
    QCOMPARE(ring->object().value(QLatin1String("complete")).toBool(), true);
    QCOMPARE(ring->object().value(QLatin1String("nodes")).toArray().size(), 3);

    const auto events = m_ring->call("GET", n, "/dht/events?since=0");
    QVERIFY(events.ok());
    QVERIFY(events->isArray());

    const auto keyJson = m_ring->raw("GET", n, "/db/kept", {}, {{"Accept", "application/json"}});
    const QJsonObject k = QJsonDocument::fromJson(keyJson.body).object();
    QCOMPARE(k.value(QLatin1String("value")).toString(), QStringLiteral("safe"));
    QCOMPARE(k.value(QLatin1String("found")).toBool(), true);
    QVERIFY(k.contains(QLatin1String("owner")) && k.contains(QLatin1String("hops")));

    const auto metrics = m_ring->raw("GET", n, "/metrics");
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.body.contains("chord_http_requests_total{"));
    QVERIFY(metrics.body.contains("chord_lookup_hops_bucket{le=\"+Inf\"}"));
}

void TestHttpContract::manualWiring() {
    // The seed course's bootloader: two standalone nodes wired with PUT /pred and /succ.
    NodeProcess *a = m_ring->start(QStringLiteral("wa"));
    NodeProcess *b = m_ring->start(QStringLiteral("wb"));
    QVERIFY(a && b);
    // A standalone node has no predecessor: the JSON null, not an empty body.
    const auto none = m_ring->raw("GET", a, "/pred");
    QCOMPARE(none.status, 200);
    QVERIFY(none.contentType.startsWith("application/json"));
    QCOMPARE(none.body, QByteArray("null"));
    QCOMPARE(m_ring->raw("PUT", a, "/succ", "127.0.0.1:" + QByteArray::number(b->port())).status,
             200);
    QCOMPARE(m_ring
                 ->raw("PUT", a, "/pred",
                       "{\"host\":\"127.0.0.1\",\"port\":" + QByteArray::number(b->port()) + "}")
                 .status,
             200);
    QCOMPARE(
        m_ring->raw("PUT", b, "/succ", "127.0.0.1:" + QByteArray::number(a->port()) + ":wa").status,
        200);
    QCOMPARE(m_ring->raw("PUT", b, "/pred", "127.0.0.1:" + QByteArray::number(a->port())).status,
             200);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const auto r = m_ring->call("GET", a, "/dht/ring");
            return r.ok() && r->object().value(QLatin1String("complete")).toBool() &&
                   r->object().value(QLatin1String("nodes")).toArray().size() == 2;
        },
        10000));
    QCOMPARE(Json::toNode(m_ring->call("GET", a, "/succ")->object())->port, b->port());
}

void TestHttpContract::badInput_data() {
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    auto row = [](const char *name, const char *m, const QByteArray &p, const QByteArray &b,
                  int s) {
        QTest::newRow(name) << QByteArray(m) << p << b << s;
    };
    row("unknown path", "GET", "/nope", {}, 404);
    row("wrong method nodeinfo", "DELETE", "/nodeinfo", {}, 405);
    row("wrong method db key", "PATCH", "/db/x", {}, 405);
    row("find-successor no id", "GET", "/dht/find-successor", {}, 400);
    row("find-successor text id", "GET", "/dht/find-successor?id=abc", {}, 400);
    row("find-successor negative id", "GET", "/dht/find-successor?id=-1", {}, 400);
    row("find-successor id 2^64", "GET", "/dht/find-successor?id=18446744073709551616", {}, 400);
    row("find-successor bad ring", "GET", "/dht/find-successor?id=1&ring=x", {}, 400);
    row("lookup without params", "GET", "/dht/lookup", {}, 400);
    row("lookup bad id", "GET", "/dht/lookup?id=0xZZ", {}, 400);
    row("lookup empty key", "GET", "/dht/lookup?key=", {}, 400);
    row("lookup empty op", "GET", "/dht/lookup?key=a&op=", {}, 400);
    row("lookup op with a space", "GET", "/dht/lookup?key=a&op=a%20b", {}, 400);
    row("lookup op of 65 characters", "GET", "/dht/lookup?key=a&op=" + QByteArray(65, 'x'), {},
        400);
    row("get bad op", "GET", "/db/a?op=%2F", {}, 400);
    row("put bad op", "PUT", "/db/a?op=%C3%A9", "v", 400);
    row("delete bad op", "DELETE", "/db/a?op=a*b", {}, 400);
    row("pred malformed JSON", "PUT", "/pred", "{\"host\":", 400);
    row("pred no port", "PUT", "/pred", "{\"host\":\"127.0.0.1\"}", 400);
    row("succ garbage text", "PUT", "/succ", "not an address", 400);
    row("succ port out of range", "PUT", "/succ", "127.0.0.1:70000", 400);
    row("succ unreachable node", "PUT", "/succ", "127.0.0.1:1", 502);
    row("join empty body", "POST", "/dht/join", {}, 400);
    row("join malformed JSON", "POST", "/dht/join", "{bad", 400);
    row("join empty bootstrap", "POST", "/dht/join", "{\"bootstrap\":{}}", 400);
    row("join garbage line", "POST", "/dht/join", "this is not a peer", 400);
    row("join unreachable", "POST", "/dht/join",
        "{\"bootstrap\":{\"host\":\"127.0.0.1\",\"port\":1}}", 502);
    row("events bad since", "GET", "/dht/events?since=x", {}, 400);
    row("db bad role", "GET", "/db?role=zzz", {}, 400);
    row("empty key", "PUT", "/db/", "v", 400);
    row("key too long", "GET", "/db/" + QByteArray(1025, 'k'), {}, 400);
    row("key bad utf8", "GET", "/db/%FF%FE", {}, 400);
    row("value too large", "PUT", "/db/big", QByteArray(1024 * 1024 + 1, 'v'), 413);
    row("rectify not a node", "POST", "/dht/rectify", "{}", 400);
    row("store-items not a list", "POST", "/dht/store-items", "{\"items\":3}", 400);
    row("store-items bad ring", "POST", "/dht/store-items?ring=x", "{\"items\":[]}", 400);
    row("store-items bad replica", "POST", "/dht/store-items?replica=yes", "{\"items\":[]}", 400);
    row("store-items other ring", "POST", "/dht/store-items?ring=12345", "{\"items\":[]}", 409);
    row("store-items bad base64", "POST", "/dht/store-items",
        "{\"items\":[{\"key\":\"k\",\"version\":\"1\",\"value\":\"***\"}]}", 400);
    row("replicate missing fields", "POST", "/dht/replicate", "{\"owner\":{}}", 400);
    row("notify-leave bad", "POST", "/dht/notify-leave", "[]", 400);
    row("notify-leave bad copiesFrom", "POST", "/dht/notify-leave",
        "{\"leaver\":{\"host\":\"127.0.0.1\",\"port\":1,\"id\":\"5\"},\"successors\":[],"
        "\"copiesFrom\":\"x\",\"copiesTo\":[]}",
        400);
    row("departure no ring", "GET", "/dht/departure", {}, 400);
    row("departure bad ring", "GET", "/dht/departure?ring=x", {}, 400);
    row("departure not departed", "GET", "/dht/departure?ring=12345", {}, 404);
    row("departure bad node", "GET", "/dht/departure?ring=12345&node=nowhere", {}, 400);
    row("departure empty node", "GET", "/dht/departure?ring=12345&node=", {}, 400);
    row("departure not held", "GET", "/dht/departure?ring=12345&node=127.0.0.1:1", {}, 404);
    row("unavailable unconfirmed", "DELETE", "/dht/unavailable", {}, 400);
    row("item no key", "GET", "/dht/item", {}, 400);
    row("item write bad", "PUT", "/dht/item", "{\"key\":\"\"}", 400);
    // (On the key the check below reads: a bad write must change nothing, owner or not.)
    row("item write no value", "PUT", "/dht/item", "{\"key\":\"kept\",\"deleted\":false}", 400);
    row("item write value not text", "PUT", "/dht/item",
        "{\"key\":\"kept\",\"value\":5,\"deleted\":false}", 400);
    row("item write no deleted", "PUT", "/dht/item", "{\"key\":\"kept\",\"value\":\"eA==\"}", 400);
    row("item write deleted not bool", "PUT", "/dht/item",
        "{\"key\":\"kept\",\"value\":\"eA==\",\"deleted\":\"no\"}", 400);
    row("item write bad deadline", "PUT", "/dht/item",
        "{\"key\":\"k\",\"value\":\"dg==\",\"deleted\":false,\"deadline\":\"soon\"}", 400);
    row("item write bad write id", "PUT", "/dht/item",
        "{\"key\":\"k\",\"value\":\"dg==\",\"deleted\":false,\"write\":\"x1\"}", 400);
    row("item write bad attempt", "PUT", "/dht/item",
        "{\"key\":\"k\",\"value\":\"dg==\",\"deleted\":false,\"attempt\":0}", 400);
    row("item bad ring", "GET", "/dht/item?key=k&ring=x", {}, 400);
    row("item another ring", "GET", "/dht/item?key=k&ring=12345", {}, 409);
    row("item write another ring", "PUT", "/dht/item?ring=12345",
        "{\"key\":\"k\",\"value\":\"dg==\",\"deleted\":false}", 409);
    row("neighbors bad caller", "GET", "/dht/neighbors?caller=x&ring=1", {}, 400);
    row("neighbors bad ring", "GET", "/dht/neighbors?caller=1&ring=x", {}, 400);
    row("neighbors bad vclock", "GET", "/dht/neighbors?caller=1&ring=1&vclock=soon", {}, 400);
    row("maintenance not JSON", "PUT", "/dht/maintenance", "pause", 400);
    row("maintenance empty object", "PUT", "/dht/maintenance", "{}", 400);
    row("maintenance paused not bool", "PUT", "/dht/maintenance", "{\"paused\":\"yes\"}", 400);
    row("maintenance period too short", "PUT", "/dht/maintenance", "{\"periodMs\":10}", 400);
    row("maintenance period fraction", "PUT", "/dht/maintenance", "{\"periodMs\":500.5}", 400);
    row("maintenance period text", "PUT", "/dht/maintenance", "{\"periodMs\":\"500\"}", 400);
    row("maintenance unknown field", "PUT", "/dht/maintenance", "{\"speed\":2}", 400);
    row("maintenance messages not bool", "PUT", "/dht/maintenance", "{\"messages\":1}", 400);
    row("maintenance messages text", "PUT", "/dht/maintenance", "{\"messages\":\"on\"}", 400);
    row("maintenance step unknown", "POST", "/dht/maintenance/step", "{\"step\":\"repair\"}", 400);
    row("maintenance step missing", "POST", "/dht/maintenance/step", "{}", 400);
    row("maintenance step not JSON", "POST", "/dht/maintenance/step", "stabilize", 400);
    row("rectify bad ring", "POST", "/dht/rectify?ring=x",
        "{\"name\":\"a\",\"host\":\"127.0.0.1\",\"port\":9,\"id\":\"1\"}", 400);
}

void TestHttpContract::badInput() {
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    NodeProcess *n = m_ring->node(2);
    const auto r = m_ring->raw(method, n, path, body, {{"Expect", ""}});
    QCOMPARE(r.status, status);
    QVERIFY2(r.contentType.startsWith("application/json"), r.contentType.constData());
    const QJsonObject e = QJsonDocument::fromJson(r.body).object();
    QVERIFY2(e.value(QLatin1String("error")).isString(), r.body.constData());
    QVERIFY(e.contains(QLatin1String("detail")));
    // Still up, data intact.
    QCOMPARE(m_ring->raw("GET", n, "/").status, 200);
    QCOMPARE(m_ring->raw("GET", n, "/db/kept").body, QByteArray("safe"));
}

void TestHttpContract::brokenConnections() {
    NodeProcess *n = m_ring->node(0);
    auto rawExchange = [&](const QByteArray &bytes) {
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), n->port());
        if (!s.waitForConnected(2000))
            return QByteArray("no connection");
        s.write(bytes);
        s.waitForBytesWritten(1000);
        QByteArray got;
        while (s.waitForReadyRead(1500))
            got += s.readAll();
        return got;
    };
    QVERIFY(rawExchange("\x01\x02garbage\r\n\r\n").startsWith("HTTP/1.1 400"));
    QVERIFY(rawExchange("GET / HTTP/1.1\r\nX: " + QByteArray(40000, 'a') + "\r\n\r\n")
                .startsWith("HTTP/1.1 431"));
    QVERIFY(rawExchange("PUT /db/x HTTP/1.1\r\nHost: a\r\nContent-Length: 67108864\r\n\r\n")
                .startsWith("HTTP/1.1 413"));
    const QByteArray cont = rawExchange(
        "PUT /db/expect HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    QVERIFY2(cont.startsWith("HTTP/1.1 100 Continue"), cont.constData());
    QCOMPARE(m_ring->raw("GET", n, "/db/kept").body, QByteArray("safe"));
}

// The node reads requests itself (GuardedTcpServer): framing by Content-Length and chunked
// encoding, pipelining, requests split across writes, and what a lenient reader accepts.
void TestHttpContract::requestFraming_data() {
    QTest::addColumn<QList<QByteArray>>("writes");
    QTest::addColumn<QList<QByteArray>>("expected"); // in order, each in the reply stream
    QTest::addColumn<bool>("closed");
    auto row = [](const char *name, QList<QByteArray> writes, QList<QByteArray> expected,
                  bool closed = false) {
        QTest::newRow(name) << writes << expected << closed;
    };
    row("pipelined put, get, readiness",
        {"PUT /db/framed HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /db/framed HTTP/1.1\r\n\r\n"
         "GET / HTTP/1.1\r\n\r\n"},
        {"HTTP/1.1 200", "\"key\":\"framed\"", "HTTP/1.1 200", "\r\n\r\nabc",
         "HTTP/1.1 200 OK\r\n"
         "Content-Length: 0"});
    row("split across writes", {"GET /db/ke", "pt HTTP/1.1\r\nHo", "st: a\r", "\n\r", "\n"},
        {"HTTP/1.1 200", "X-Chord-Found: true", "\r\n\r\nsafe"});
    row("body split across writes",
        {"PUT /db/split HTTP/1.1\r\nContent-Length: 6\r\n\r\nab", "cd",
         "efGET /db/split HTTP/1.1\r\n\r\n"},
        {"HTTP/1.1 200", "HTTP/1.1 200", "\r\n\r\nabcdef"});
    row("chunked with extension and trailer",
        {"PUT /db/chunked HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n2\r\nde"
         "\r\n0\r\nX-Trailer: t\r\n\r\nGET /db/chunked HTTP/1.1\r\n\r\n"},
        {"HTTP/1.1 200", "HTTP/1.1 200", "\r\n\r\nabcde"});
    row("bare LF line ends", {"GET /db/kept HTTP/1.1\nHost: a\n\n"},
        {"HTTP/1.1 200", "\r\n\r\nsafe"});
    row("blank lines before a request", {"\r\n\r\nGET /db/kept HTTP/1.1\r\n\r\n"},
        {"HTTP/1.1 200", "\r\n\r\nsafe"});
    row("absolute-form target", {"GET http://127.0.0.1/db/kept HTTP/1.1\r\n\r\n"},
        {"HTTP/1.1 200", "\r\n\r\nsafe"});
    row("query with a percent-encoded key",
        {"GET /dht/lookup?key=k%20%2F HTTP/1.1\r\nAccept: application/json\r\n\r\n"},
        {"HTTP/1.1 200", "\"key\":\"k /\""});
    row("HTTP/1.0 closes", {"GET /db/kept HTTP/1.0\r\n\r\n"},
        {"HTTP/1.1 200", "Connection: close", "\r\n\r\nsafe"}, true);
    row("Connection: close",
        {"GET /db/kept HTTP/1.1\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n"},
        {"HTTP/1.1 200", "Connection: close", "\r\n\r\nsafe"}, true);
    row("HTTP/1.0 keep-alive",
        {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /db/kept HTTP/1.0\r\n"
         "Connection: Keep-Alive\r\n\r\n"},
        {"HTTP/1.1 200", "Connection: keep-alive", "HTTP/1.1 200", "Connection: keep-alive",
         "\r\n\r\nsafe"});
    row("conflicting Content-Length",
        {"PUT /db/x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"},
        {"HTTP/1.1 400", "Content-Length"}, true);
    row("Transfer-Encoding and Content-Length",
        {"PUT /db/smuggled HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
         "0\r\n\r\nGET /db/kept HTTP/1.1\r\n\r\n"},
        {"HTTP/1.1 400", "Connection: close", "Transfer-Encoding and Content-Length"}, true);
    row("Content-Length after Transfer-Encoding",
        {"PUT /db/smuggled HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n"
         "0\r\n\r\n"},
        {"HTTP/1.1 400", "Transfer-Encoding and Content-Length"}, true);
    row("Transfer-Encoding tokens: case, empty elements, two fields",
        {"PUT /db/tokens HTTP/1.1\r\nTransfer-Encoding: ,\r\nTransfer-Encoding:  CHUNKED \r\n\r\n"
         "2\r\nab\r\n0\r\n\r\nGET /db/tokens HTTP/1.1\r\n\r\n"},
        {"HTTP/1.1 200", "HTTP/1.1 200", "\r\n\r\nab"});
    row("chunked only as a substring",
        {"PUT /db/x HTTP/1.1\r\nTransfer-Encoding: xchunkedx\r\n\r\n0\r\n\r\n"},
        {"HTTP/1.1 400", "Transfer-Encoding must end with chunked"}, true);
    row("final coding not chunked",
        {"PUT /db/x HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"},
        {"HTTP/1.1 400", "Transfer-Encoding must end with chunked"}, true);
    row("chunked twice",
        {"PUT /db/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"
         "\r\n0\r\n\r\n"},
        {"HTTP/1.1 400", "Transfer-Encoding must end with chunked"}, true);
    row("unknown coding before chunked",
        {"PUT /db/x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"},
        {"HTTP/1.1 501 Not Implemented", "Connection: close"}, true);
    row("Connection token, not substring",
        {"GET / HTTP/1.1\r\nConnection: xclosex\r\n\r\nGET /db/kept HTTP/1.1\r\n\r\n"},
        {"HTTP/1.1 200", "HTTP/1.1 200", "\r\n\r\nsafe"});
    row("chunk longer than its size",
        {"PUT /db/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"},
        {"HTTP/1.1 400", "chunk"}, true);
    row("chunk sizes whose sum overflows",
        {"PUT /db/x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n"
         "7fffffffffffffff\r\n"},
        {"HTTP/1.1 413"}, true);
    row("request then garbage", {"GET / HTTP/1.1\r\n\r\n\x01\x02\x03\r\n\r\n"},
        {"HTTP/1.1 200", "HTTP/1.1 400"}, true);
}

void TestHttpContract::requestFraming() {
    QFETCH(QList<QByteArray>, writes);
    QFETCH(QList<QByteArray>, expected);
    QFETCH(bool, closed);
    NodeProcess *n = m_ring->node(0);
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), n->port());
    QVERIFY(s.waitForConnected(2000));
    for (const QByteArray &w : writes) {
        s.write(w);
        QVERIFY(s.waitForBytesWritten(1000));
        QTest::qWait(20); // separate segments
    }
    QByteArray got;
    auto complete = [&] {
        qsizetype from = 0;
        for (const QByteArray &e : expected) {
            from = got.indexOf(e, from);
            if (from < 0)
                return false;
            from += e.size();
        }
        return true;
    };
    // (What arrived during the waits above is already buffered.)
    for (got = s.readAll(); !complete() && s.waitForReadyRead(3000);)
        got += s.readAll();
    QVERIFY2(complete(), got.constData());
    if (closed) {
        QVERIFY2(s.state() == QAbstractSocket::UnconnectedState || s.waitForDisconnected(3000),
                 "the connection stayed open after the rejection");
    }
}

// HEAD is answered wherever GET is, with the GET's status and header fields (Content-Length
// included) and no body; 404 and 405 answers to HEAD have no body either; the connection goes
// on with the next pipelined request.
void TestHttpContract::headIsGetWithoutBody() {
    NodeProcess *n = m_ring->node(0);
    auto exchange = [&](const QByteArray &bytes, const QList<bool> &heads, QByteArray *rest) {
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), n->port());
        if (!s.waitForConnected(2000))
            return QList<Answer>();
        s.write(bytes);
        s.waitForBytesWritten(1000);
        return readAnswers(s, heads, rest);
    };
    // Static answers (same bytes for GET and HEAD): the header fields must match exactly.
    for (const QByteArray path : {"/db/kept", "/openapi.yaml", "/fingers"}) {
        QByteArray rest;
        const QList<Answer> a = exchange("GET " + path + " HTTP/1.1\r\n\r\nHEAD " + path +
                                             " HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n",
                                         {false, true, false}, &rest);
        QCOMPARE(a.size(), 3);
        QVERIFY2(rest.isEmpty(), rest.left(200).constData());
        QCOMPARE(a[0].status, 200);
        QVERIFY(!a[0].body.isEmpty());
        QCOMPARE(a[1].head, a[0].head);
        QCOMPARE(a[1].header("Content-Length").toLongLong(), a[0].body.size());
        QCOMPARE(a[2].status, 200); // keep-alive goes on after the HEAD
    }
    // Unmatched paths and methods: the error's Content-Length, no body, the next one answered.
    QByteArray rest;
    const QList<Answer> a = exchange("HEAD /nope HTTP/1.1\r\n\r\nHEAD /dht/rectify HTTP/1.1\r\n\r\n"
                                     "HEAD /dht/ring HTTP/1.1\r\n\r\nGET /db/kept HTTP/1.1\r\n\r\n",
                                     {true, true, true, false}, &rest);
    QCOMPARE(a.size(), 4);
    QVERIFY2(rest.isEmpty(), rest.left(200).constData());
    QCOMPARE(a[0].status, 404);
    QVERIFY(a[0].header("Content-Length").toLongLong() > 0);
    QCOMPARE(a[1].status, 405);
    QCOMPARE(a[1].header("Allow"), QByteArray("POST"));
    QCOMPARE(a[2].status, 200); // an asynchronous route
    QVERIFY(a[2].header("Content-Length").toLongLong() > 0);
    QCOMPARE(a[3].status, 200);
    QCOMPARE(a[3].body, QByteArray("safe"));
    // GET's routes list HEAD among the allowed methods.
    const auto wrong = m_ring->raw("DELETE", n, "/nodeinfo");
    QCOMPARE(wrong.status, 405);
    QCOMPARE(wrong.header("Allow"), QByteArray("GET, HEAD"));
    // Where GET changes state (GET /dht/leave), HEAD stays safe: 405, and the node stays.
    const QByteArray succBefore = m_ring->raw("GET", n, "/succ").body;
    const QList<Answer> leave = exchange(
        "HEAD /dht/leave HTTP/1.1\r\n\r\nGET /db/kept HTTP/1.1\r\n\r\n", {true, false}, &rest);
    QCOMPARE(leave.size(), 2);
    QCOMPARE(leave[0].status, 405);
    QCOMPARE(leave[0].header("Allow"), QByteArray("GET, POST"));
    QCOMPARE(leave[1].status, 200);
    QCOMPARE(m_ring->raw("GET", n, "/succ").body, succBefore);
}

// The idle timeout never cuts a connection whose reply is pending (a POST /dht/join may take
// longer than it): the reply is written, and the countdown starts again after it. In-process
// server with a short idle timeout and a handler slower than it.
void TestHttpContract::idleTimerWaitsForTheReply() {
    constexpr int IdleMs = 200;
    Http::HttpServer server;
    Http::ServerLimits limits;
    limits.idleTimeoutMs = IdleMs;
    server.setLimits(limits);
    server.route("/slow", {Http::Method::Post}, [](const Http::Request &, const Http::Reply &r) {
        QTimer::singleShot(4 * IdleMs, [r] { r.text(200, "done"); });
    });
    server.route("/", {Http::Method::Get},
                 [](const Http::Request &, const Http::Reply &r) { r.text(200, "up"); });
    const quint16 port = server.listenOn(QHostAddress::LocalHost, 0);
    QVERIFY(port);

    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(QTest::qWaitFor([&] { return s.state() == QAbstractSocket::ConnectedState; }, 2000));
    QByteArray got;
    auto waitFor = [&](QByteArrayView text, int ms) {
        return QTest::qWaitFor(
            [&] {
                got += s.readAll();
                return got.contains(text);
            },
            ms);
    };
    QElapsedTimer sent;
    sent.start();
    s.write("POST /slow HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    QVERIFY2(waitFor("\r\n\r\ndone", 10 * IdleMs), got.constData());
    QVERIFY(sent.elapsed() >= 4 * IdleMs - 20);
    QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
    // The countdown restarted with the reply: the connection serves the next request...
    got.clear();
    s.write("GET / HTTP/1.1\r\n\r\n");
    QVERIFY2(waitFor("\r\n\r\nup", 10 * IdleMs), got.constData());
    // ...and, left idle, is closed after about the idle timeout.
    QElapsedTimer idle;
    idle.start();
    QVERIFY(QTest::qWaitFor([&] { return s.state() == QAbstractSocket::UnconnectedState; },
                            10 * IdleMs));
    QVERIFY(idle.elapsed() >= IdleMs / 2);
}

// Time control: paused rounds stay paused (no round runs, a neighbour's poke included), reads
// and writes go on, one step runs when asked, and resuming brings the rounds back.
void TestHttpContract::maintenancePausedAndStepped() {
    NodeProcess *n = m_ring->node(1);
    auto rounds = [&] {
        const QByteArray text = m_ring->raw("GET", n, "/metrics").body;
        for (const QByteArray &line : text.split('\n')) {
            if (line.startsWith("chord_stabilize_rounds_total "))
                return line.mid(29).toLongLong();
        }
        return -1ll;
    };
    const auto paused = m_ring->raw("PUT", n, "/dht/maintenance", "{\"paused\":true}");
    QCOMPARE(paused.status, 200);
    QCOMPARE(QJsonDocument::fromJson(paused.body).object().value(QLatin1String("paused")).toBool(),
             true);
    QCOMPARE(QJsonDocument::fromJson(m_ring->raw("GET", n, "/dht/maintenance").body)
                 .object()
                 .value(QLatin1String("paused"))
                 .toBool(),
             true);
    const qint64 before = rounds();
    QVERIFY(before >= 0);
    QCOMPARE(m_ring->raw("POST", n, "/dht/stabilize").status, 202); // a poke
    QTest::qWait(1500);                                             // ten periods of 150 ms
    QCOMPARE(rounds(), before);
    // Still serving while paused (leases are renewed by the heartbeat).
    QVERIFY(m_ring->call("PUT", n, "/db/paused-key", "v", "text/plain").ok());
    QCOMPARE(m_ring->raw("GET", n, "/db/paused-key").body, QByteArray("v"));
    for (const char *step : {"stabilize", "rectify", "finger", "check-predecessor", "sync"}) {
        const auto r = m_ring->raw("POST", n, "/dht/maintenance/step",
                                   QByteArray("{\"step\":\"") + step + "\"}");
        QVERIFY2(r.status == 200, r.body.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o.value(QLatin1String("step")).toString(), QString::fromLatin1(step));
        QVERIFY(o.value(QLatin1String("neighbors")).toObject().contains(QLatin1String("succ")));
    }
    QCOMPARE(rounds(), before); // steps are not rounds
    const auto period = m_ring->raw("PUT", n, "/dht/maintenance", "{\"periodMs\":200}");
    QCOMPARE(QJsonDocument::fromJson(period.body).object().value(QLatin1String("periodMs")).toInt(),
             200);
    QCOMPARE(
        m_ring->raw("PUT", n, "/dht/maintenance", "{\"paused\":false,\"periodMs\":150}").status,
        200);
    QTRY_VERIFY_WITH_TIMEOUT(rounds() > before, 5000);
}

// Messages to other nodes are events only while asked for: a step's messages appear in the
// feed with their peer and outcome, none before, none after it is turned off again.
void TestHttpContract::messagesRecordedAsEvents() {
    NodeProcess *n = m_ring->node(2);
    auto messageEvents = [&] {
        QList<QJsonObject> found;
        const QJsonArray events =
            QJsonDocument::fromJson(m_ring->raw("GET", n, "/dht/events?since=0").body).array();
        for (const QJsonValue &v : events) {
            if (v.toObject().value(QLatin1String("type")).toString() == QLatin1String("message"))
                found.append(v.toObject());
        }
        return found;
    };
    QVERIFY(messageEvents().isEmpty()); // off by default
    const auto on = m_ring->raw("PUT", n, "/dht/maintenance", "{\"messages\":true}");
    QCOMPARE(on.status, 200);
    QVERIFY(QJsonDocument::fromJson(on.body).object().value(QLatin1String("messages")).toBool());
    QCOMPARE(m_ring->raw("POST", n, "/dht/maintenance/step", "{\"step\":\"stabilize\"}").status,
             200);
    QTRY_VERIFY_WITH_TIMEOUT(!messageEvents().isEmpty(), 5000);
    const QJsonObject first = messageEvents().constFirst();
    QVERIFY(first.value(QLatin1String("node")).toObject().contains(QLatin1String("port")));
    QVERIFY2(first.value(QLatin1String("detail")).toString().contains(QLatin1String(": ")),
             qPrintable(first.value(QLatin1String("detail")).toString()));
    bool sawStabilize = false;
    for (const QJsonObject &e : messageEvents())
        sawStabilize |= e.value(QLatin1String("detail"))
                            .toString()
                            .startsWith(QLatin1String("neighbors (stabilize)"));
    QVERIFY(sawStabilize);
    // The messages a client operation sends carry its op id (the hops of a routed write, the
    // owner write): writes of ten keys from this node, each its own op; maintenance carries
    // none.
    for (int i = 0; i < 10; ++i) {
        const QByteArray path =
            "/db/msg-key-" + QByteArray::number(i) + "?op=msg-op-" + QByteArray::number(i);
        QCOMPARE(m_ring->raw("PUT", n, path, "v").status, 200);
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QJsonObject &e : messageEvents()) {
                if (e.value(QLatin1String("op")).toString().startsWith(QLatin1String("msg-op-")))
                    return true;
            }
            return false;
        }(),
        5000);
    for (const QJsonObject &e : messageEvents()) {
        const QString op = e.value(QLatin1String("op")).toString();
        const QString detail = e.value(QLatin1String("detail")).toString();
        if (detail.startsWith(QLatin1String("neighbors (stabilize)")) ||
            detail.startsWith(QLatin1String("rectify")) ||
            detail.startsWith(QLatin1String("replicate")))
            QVERIFY2(op.isEmpty(), qPrintable(detail + QLatin1String(" has op ") + op));
        if (!op.isEmpty())
            QVERIFY2(op.startsWith(QLatin1String("msg-op-")), qPrintable(op));
        if (detail.startsWith(QLatin1String("owner-write")))
            QVERIFY2(op.startsWith(QLatin1String("msg-op-")), qPrintable(detail));
    }
    const auto off = m_ring->raw("PUT", n, "/dht/maintenance", "{\"messages\":false}");
    QCOMPARE(off.status, 200);
    QVERIFY(!QJsonDocument::fromJson(off.body).object().value(QLatin1String("messages")).toBool());
    // A step sends messages and answers once they are done: none of them is recorded now.
    const qsizetype count = messageEvents().size();
    QCOMPARE(m_ring->raw("POST", n, "/dht/maintenance/step", "{\"step\":\"stabilize\"}").status,
             200);
    QCOMPARE(messageEvents().size(), count);
}

// ?op= ties a client's operation to its events: the lookup event at the entry node and the
// owner's put event carry it, the answers echo it, and without one the node makes one up.
void TestHttpContract::operationIdsTieEvents() {
    NodeProcess *entry = m_ring->node(0);
    const auto looked = m_ring->raw("GET", entry, "/dht/lookup?key=op-key&op=app-7.lookup");
    QCOMPARE(looked.status, 200);
    QCOMPARE(QJsonDocument::fromJson(looked.body).object().value(QLatin1String("op")).toString(),
             QStringLiteral("app-7.lookup"));
    const auto written = m_ring->raw("PUT", entry, "/db/op-key?op=app-7:write", "v");
    QCOMPARE(written.status, 200);
    const QJsonObject answer = QJsonDocument::fromJson(written.body).object();
    QCOMPARE(answer.value(QLatin1String("op")).toString(), QStringLiteral("app-7:write"));
    const QString owner =
        answer.value(QLatin1String("owner")).toObject().value(QLatin1String("name")).toString();
    // Events with that op: the entry node's lookups, and the owner's put.
    auto eventsWithOp = [&](const QString &op) {
        QStringList found;
        for (NodeProcess *n : m_ring->running()) {
            const QJsonArray events =
                QJsonDocument::fromJson(m_ring->raw("GET", n, "/dht/events?since=0").body).array();
            for (const QJsonValue &v : events) {
                const QJsonObject e = v.toObject();
                if (e.value(QLatin1String("op")).toString() == op)
                    found << n->spec().name + QLatin1Char(':') +
                                 e.value(QLatin1String("type")).toString();
            }
        }
        return found;
    };
    QVERIFY(eventsWithOp(QStringLiteral("app-7.lookup"))
                .contains(entry->spec().name + QStringLiteral(":lookup")));
    const QStringList write = eventsWithOp(QStringLiteral("app-7:write"));
    QVERIFY2(write.contains(owner + QStringLiteral(":put")), qPrintable(write.join(u' ')));
    // No op given: one is made up, "<entry node>-<n>".
    const auto plain = m_ring->raw("DELETE", entry, "/db/op-key");
    QCOMPARE(plain.status, 200);
    const QString madeUp =
        QJsonDocument::fromJson(plain.body).object().value(QLatin1String("op")).toString();
    QVERIFY2(madeUp.startsWith(entry->spec().name + QLatin1Char('-')), qPrintable(madeUp));
    QVERIFY(eventsWithOp(madeUp).contains(owner + QStringLiteral(":delete")));
}

// PUT /dht/item with a write id and an attempt number (docs/API.md): an attempt the owner
// refused once is refused again, whatever the copy carries; a new attempt is a write.
void TestHttpContract::refusedWriteAttemptStaysRefused() {
    const auto first = m_ring->raw("PUT", m_ring->node(0), "/db/attempt-key", "first");
    QCOMPARE(first.status, 200);
    const quint16 ownerPort = quint16(QJsonDocument::fromJson(first.body)
                                          .object()
                                          .value(QLatin1String("owner"))
                                          .toObject()
                                          .value(QLatin1String("port"))
                                          .toInt());
    NodeProcess *owner = nullptr;
    for (NodeProcess *n : m_ring->running()) {
        if (n->port() == ownerPort)
            owner = n;
    }
    QVERIFY(owner);
    const auto write = [&](const QByteArray &deadline, int attempt) {
        return m_ring->raw(
            "PUT", owner, "/dht/item",
            "{\"key\":\"attempt-key\",\"value\":\"" + QByteArray("zombie").toBase64() +
                "\",\"deleted\":false,\"deadline\":\"" + deadline +
                "\",\"write\":\"4242\",\"attempt\":" + QByteArray::number(attempt) + "}");
    };
    // Past its deadline (1 ms on the owner's clock): refused.
    QCOMPARE(write("1", 1).status, 503);
    // The same attempt again, now with no deadline: still refused, nothing written.
    const auto again = write("0", 1);
    QCOMPARE(again.status, 503);
    QVERIFY2(again.body.contains("refused"), again.body.constData());
    const auto later = m_ring->raw("PUT", m_ring->node(1), "/db/attempt-key", "later");
    QCOMPARE(later.status, 200);
    QCOMPARE(m_ring->raw("GET", m_ring->node(2), "/db/attempt-key").body, QByteArray("later"));
    QCOMPARE(write("0", 1).status, 503);
    QCOMPARE(m_ring->raw("GET", m_ring->node(2), "/db/attempt-key").body, QByteArray("later"));
    // A new attempt of that write is carried out.
    QCOMPARE(write("0", 2).status, 200);
    QCOMPARE(m_ring->raw("GET", m_ring->node(0), "/db/attempt-key").body, QByteArray("zombie"));
}

QTEST_GUILESS_MAIN(TestHttpContract)
#include "tst_http_contract.moc"
