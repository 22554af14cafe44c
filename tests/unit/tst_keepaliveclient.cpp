// The node's outgoing HTTP client: the response parser on every split of good and bad
// answers, and the connection pool against an in-process loopback server that misbehaves
// on purpose (closes kept-alive connections, never answers, sends garbage or too much).
#include "KeepAliveClient.h"
#include "ResponseParser.h"

#include <QCoroTask>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>
#include <vector>

using namespace Chord::Http;
using namespace Qt::StringLiterals;

namespace {
// A loopback server whose behaviour per request is a function of the request's head.
class ScriptedServer : public QObject {
public:
    // Returns the bytes to answer with; "" means never answer; "CLOSE" closes at once.
    using Script = std::function<QByteArray(const QByteArray &head, int requestNumber)>;

    explicit ScriptedServer(Script script)
        : m_script(std::move(script)) {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++m_connections;
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int connections() const { return m_connections; }
    int requests() const { return m_requests; }
    // Closes every connection the server holds (as an idle timeout would).
    void closeAll() {
        for (QTcpSocket *s : m_server.findChildren<QTcpSocket *>())
            s->disconnectFromHost();
    }

private:
    void onData(QTcpSocket *s) {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        for (;;) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            QByteArray head = buf.left(end);
            qsizetype length = 0;
            for (const QByteArray &line : head.split('\n'))
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            if (buf.size() < end + 4 + length)
                return;
            buf.remove(0, end + 4 + length);
            const QByteArray answer = m_script(head, ++m_requests);
            if (answer == "CLOSE") {
                s->disconnectFromHost();
                return;
            }
            if (!answer.isEmpty())
                s->write(answer);
        }
    }

    QTcpServer m_server;
    Script m_script;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_connections = 0;
    int m_requests = 0;
};

QByteArray ok(const QByteArray &body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

RawReply get(KeepAliveClient &client, quint16 port, int timeoutMs = 2000,
             const QByteArray &target = "/") {
    return QCoro::waitFor(client.send(
        u"127.0.0.1"_s, port,
        KeepAliveClient::buildRequest("GET", u"127.0.0.1"_s, port, target, {}, {}), timeoutMs));
}
} // namespace

class TestKeepAliveClient : public QObject {
    Q_OBJECT

private slots:
    void parserEverySplit_data();
    void parserEverySplit();
    void parserEndOfConnectionBody();
    void parserHeadResponse();
    void parserBodyLimit();
    void buildRequestFraming();
    void reusesConnections();
    void retriesWhenKeptConnectionWasClosed();
    void neverRetriesNonIdempotent();
    void postAvoidsAConnectionClosedMeanwhile();
    void timesOut();
    void refusedPortIsAnError();
    void garbageAnswerIsAnError();
    void connectionCloseIsHonoured();
    void manyConcurrentRequestsToOnePeer();
};

void TestKeepAliveClient::parserEverySplit_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("mustClose");
    // clang-format off
    QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << true << 200 << QByteArray("hello") << false;
    QTest::newRow("empty body")     << QByteArray("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n") << true << 404 << QByteArray() << false;
    QTest::newRow("case of names")  << QByteArray("HTTP/1.1 200 OK\r\ncontent-LENGTH:  3 \r\n\r\nabc") << true << 200 << QByteArray("abc") << false;
    QTest::newRow("chunked")        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nTrailer: t\r\n\r\n") << true << 200 << QByteArray("abc0123456789") << false;
    QTest::newRow("100 first")      << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok") << true << 201 << QByteArray("ok") << false;
    QTest::newRow("close header")   << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx") << true << 200 << QByteArray("x") << true;
    QTest::newRow("http/1.0")       << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx") << true << 200 << QByteArray("x") << true;
    QTest::newRow("204 no body")    << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << true << 204 << QByteArray() << false;
    QTest::newRow("not http")       << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << false << 0 << QByteArray() << true;
    QTest::newRow("bad status")     << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << false << 0 << QByteArray() << true;
    QTest::newRow("two lengths")    << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy") << false << 0 << QByteArray() << true;
    QTest::newRow("negative len")   << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") << false << 0 << QByteArray() << true;
    QTest::newRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << false << 0 << QByteArray() << true;
    QTest::newRow("chunk no crlf")  << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxyz") << false << 0 << QByteArray() << true;
    QTest::newRow("CHUNKED, listed")<< QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: , CHUNKED \r\n\r\n2\r\nab\r\n0\r\n\r\n") << true << 200 << QByteArray("ab") << false;
    QTest::newRow("chunked+length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n") << true << 200 << QByteArray("ab") << true;
    QTest::newRow("xclosex")        << QByteArray("HTTP/1.1 200 OK\r\nConnection: xclosex\r\nContent-Length: 1\r\n\r\nx") << true << 200 << QByteArray("x") << false;
    QTest::newRow("xchunkedx")      << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunkedx\r\n\r\n0\r\n\r\n") << false << 0 << QByteArray() << true;
    QTest::newRow("gzip, chunked")  << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n") << false << 0 << QByteArray() << true;
    QTest::newRow("chunked, gzip")  << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n") << false << 0 << QByteArray() << true;
    QTest::newRow("header no colon")<< QByteArray("HTTP/1.1 200 OK\r\nnonsense\r\n\r\n") << false << 0 << QByteArray() << true;
    // clang-format on
}

void TestKeepAliveClient::parserEverySplit() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, complete);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, mustClose);
    // Whole, then split in two at every position, then one byte at a time.
    QList<QList<QByteArray>> splits{{bytes}};
    for (qsizetype i = 1; i < bytes.size(); ++i)
        splits.append({bytes.left(i), bytes.mid(i)});
    QList<QByteArray> bytewise;
    for (char c : bytes)
        bytewise.append(QByteArray(1, c));
    splits.append(bytewise);
    for (const QList<QByteArray> &parts : splits) {
        ResponseParser p;
        QByteArray buffer;
        ResponseParser::State state = ResponseParser::State::Incomplete;
        for (const QByteArray &part : parts) {
            buffer += part;
            state = p.feed(buffer);
        }
        const auto want =
            complete ? ResponseParser::State::Complete : ResponseParser::State::Failed;
        QCOMPARE(state, want);
        if (complete) {
            QCOMPARE(p.status(), status);
            QCOMPARE(p.takeBody(), body);
            QCOMPARE(p.mustClose(), mustClose);
            QVERIFY(buffer.isEmpty());
        } else {
            QVERIFY(!p.error().isEmpty());
            QVERIFY(p.mustClose());
        }
    }
}

void TestKeepAliveClient::parserEndOfConnectionBody() {
    ResponseParser p;
    QByteArray buffer("HTTP/1.1 200 OK\r\n\r\nto the end");
    QCOMPARE(p.feed(buffer), ResponseParser::State::Incomplete);
    buffer = " of it";
    QCOMPARE(p.feed(buffer), ResponseParser::State::Incomplete);
    QCOMPARE(p.finish(), ResponseParser::State::Complete);
    QCOMPARE(p.takeBody(), QByteArray("to the end of it"));
    QVERIFY(p.mustClose());

    ResponseParser cut;
    buffer = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort";
    QCOMPARE(cut.feed(buffer), ResponseParser::State::Incomplete);
    QCOMPARE(cut.finish(), ResponseParser::State::Failed);
    QVERIFY(cut.started());

    ResponseParser silent;
    QCOMPARE(silent.finish(), ResponseParser::State::Failed);
    QVERIFY(!silent.started());
}

void TestKeepAliveClient::parserHeadResponse() {
    // The answer to HEAD has the GET's Content-Length and no body; the next one follows.
    ResponseParser p;
    p.setHeadRequest(true);
    QByteArray buffer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\n");
    QCOMPARE(p.feed(buffer), ResponseParser::State::Complete);
    QCOMPARE(p.status(), 200);
    QVERIFY(p.takeBody().isEmpty());
    QVERIFY(!p.mustClose());
    QCOMPARE(buffer, QByteArray("HTTP/1.1 200 OK\r\n"));
}

void TestKeepAliveClient::parserBodyLimit() {
    ResponseParser p(10);
    QByteArray buffer("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n");
    QCOMPARE(p.feed(buffer), ResponseParser::State::Failed);
    ResponseParser chunked(10);
    buffer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n";
    QCOMPARE(chunked.feed(buffer), ResponseParser::State::Failed);
    ResponseParser header;
    buffer = "HTTP/1.1 200 OK\r\nX: " + QByteArray(ResponseParser::MaxHeaderBytes + 1, 'a');
    QCOMPARE(header.feed(buffer), ResponseParser::State::Failed);
}

void TestKeepAliveClient::buildRequestFraming() {
    const QByteArray get =
        KeepAliveClient::buildRequest("GET", u"127.0.0.1"_s, 80, "/db/a b\r\nX: y", {}, {});
    QCOMPARE(get, QByteArray("GET /db/a%20b%0D%0AX:%20y HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n"));
    const QByteArray put = KeepAliveClient::buildRequest("PUT", u"h"_s, 1, "/x",
                                                         "Content-Type: text/plain\r\n", "val");
    QCOMPARE(put, QByteArray("PUT /x HTTP/1.1\r\nHost: h:1\r\nContent-Type: text/plain\r\n"
                             "Content-Length: 3\r\n\r\nval"));
    QVERIFY(KeepAliveClient::buildRequest("POST", u"h"_s, 1, "/x", {}, {})
                .contains("Content-Length: 0\r\n"));
}

void TestKeepAliveClient::reusesConnections() {
    ScriptedServer server([](const QByteArray &, int n) { return ok(QByteArray::number(n)); });
    KeepAliveClient client;
    for (int i = 1; i <= 20; ++i) {
        const RawReply r = get(client, server.port());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray::number(i));
    }
    QCOMPARE(server.connections(), 1);
    QCOMPARE(client.idleConnections(), 1);
}

void TestKeepAliveClient::retriesWhenKeptConnectionWasClosed() {
    ScriptedServer server([](const QByteArray &, int n) { return ok(QByteArray::number(n)); });
    KeepAliveClient client;
    QCOMPARE(get(client, server.port()).status, 200);
    // The server closes the kept connection; the client may pick it before it notices.
    server.closeAll();
    const RawReply r = get(client, server.port());
    QCOMPARE(r.status, 200);
    QCOMPARE(server.connections(), 2);

    // A server that closes every request without answering: an error, not a hang or loop.
    ScriptedServer rude([](const QByteArray &, int) { return QByteArray("CLOSE"); });
    const RawReply bad = get(client, rude.port());
    QCOMPARE(bad.status, 0);
    QVERIFY2(bad.error.contains(u"closed"_s), qPrintable(bad.error));
}

// A POST (or PATCH) on a kept connection that closes without an answer may have been carried
// out: it is reported to the caller, never sent a second time. A PUT or DELETE is retried.
void TestKeepAliveClient::neverRetriesNonIdempotent() {
    for (const QByteArray method : {"POST", "PATCH", "PUT", "DELETE"}) {
        const bool idempotent = method == "PUT" || method == "DELETE";
        // The second request is read, then its connection closes without an answer.
        ScriptedServer server([](const QByteArray &, int n) {
            return n == 2 ? QByteArray("CLOSE") : ok(QByteArray::number(n));
        });
        KeepAliveClient client;
        QCOMPARE(get(client, server.port()).status, 200);
        QCOMPARE(client.idleConnections(), 1);
        const RawReply r = QCoro::waitFor(
            client.send(u"127.0.0.1"_s, server.port(),
                        KeepAliveClient::buildRequest(method, u"127.0.0.1"_s, server.port(),
                                                      "/dht/rectify", {}, "{}"),
                        2000));
        if (idempotent) {
            QCOMPARE(r.status, 200);
            QCOMPARE(server.requests(), 3);
            QCOMPARE(server.connections(), 2);
        } else {
            QCOMPARE(r.status, 0);
            QVERIFY2(r.error.contains(u"closed"_s), qPrintable(r.error));
            QVERIFY2(r.error.contains(u"not idempotent"_s), qPrintable(r.error));
            QCOMPARE(server.requests(), 2); // received once, never again
            QCOMPARE(server.connections(), 1);
        }
    }
}

// A kept connection the server has already closed (its FIN is in the kernel, not yet seen by
// the event loop) is not used for a POST: a fresh connection carries it, and it succeeds.
void TestKeepAliveClient::postAvoidsAConnectionClosedMeanwhile() {
    ScriptedServer server([](const QByteArray &, int n) { return ok(QByteArray::number(n)); });
    KeepAliveClient client;
    QCOMPARE(get(client, server.port()).status, 200);
    server.closeAll(); // no event loop pass between this and the POST
    const RawReply r = QCoro::waitFor(client.send(
        u"127.0.0.1"_s, server.port(),
        KeepAliveClient::buildRequest("POST", u"127.0.0.1"_s, server.port(), "/x", {}, "{}"),
        2000));
    QVERIFY2(r.status == 200, qPrintable(r.error));
    QCOMPARE(server.requests(), 2);
    QCOMPARE(server.connections(), 2);
}

void TestKeepAliveClient::timesOut() {
    ScriptedServer server([](const QByteArray &, int) { return QByteArray(); });
    KeepAliveClient client;
    QElapsedTimer t;
    t.start();
    const RawReply r = get(client, server.port(), 300);
    QCOMPARE(r.status, 0);
    QVERIFY2(r.error.contains(u"timed out"_s), qPrintable(r.error));
    QVERIFY(t.elapsed() >= 250); // a coarse timer may fire up to 5% early
    QVERIFY(t.elapsed() < 3000);
    QCOMPARE(client.openConnections(), 0); // a timed-out connection is never reused
}

void TestKeepAliveClient::refusedPortIsAnError() {
    quint16 port;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    KeepAliveClient client;
    const RawReply r = get(client, port);
    QCOMPARE(r.status, 0);
    QVERIFY(!r.error.isEmpty());
    QCOMPARE(client.openConnections(), 0);
}

void TestKeepAliveClient::garbageAnswerIsAnError() {
    ScriptedServer server([](const QByteArray &, int) { return QByteArray("garbage\r\n\r\n"); });
    KeepAliveClient client;
    const RawReply r = get(client, server.port());
    QCOMPARE(r.status, 0);
    QVERIFY2(r.error.contains(u"bad response"_s), qPrintable(r.error));
    QCOMPARE(client.openConnections(), 0);
}

void TestKeepAliveClient::connectionCloseIsHonoured() {
    ScriptedServer server([](const QByteArray &, int) {
        return QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
    });
    KeepAliveClient client;
    QCOMPARE(get(client, server.port()).body, QByteArray("ok"));
    QCOMPARE(get(client, server.port()).body, QByteArray("ok"));
    QCOMPARE(server.connections(), 2);
    QCOMPARE(client.idleConnections(), 0);
}

void TestKeepAliveClient::manyConcurrentRequestsToOnePeer() {
    // More than QNetworkAccessManager's six per host: all run at once, none queue.
    ScriptedServer server(
        [](const QByteArray &head, int) { return ok(head.mid(4, head.indexOf(' ', 4) - 4)); });
    KeepAliveClient client;
    constexpr int N = 40;
    int done = 0;
    std::vector<QCoro::Task<>> tasks;
    for (int i = 0; i < N; ++i) {
        tasks.push_back([](KeepAliveClient &c, quint16 port, int i, int &done) -> QCoro::Task<> {
            const QByteArray target = "/n" + QByteArray::number(i);
            const RawReply r = co_await c.send(
                u"127.0.0.1"_s, port,
                KeepAliveClient::buildRequest("GET", u"127.0.0.1"_s, port, target, {}, {}), 5000);
            if (r.status == 200 && r.body == target)
                ++done;
        }(client, server.port(), i, done));
    }
    QTRY_COMPARE(done, N);
    QCOMPARE(server.connections(), N);
    QCOMPARE(client.idleConnections(), 8); // the rest closed: at most 8 kept per peer
    QTRY_COMPARE(client.openConnections(), 8);
}

QTEST_GUILESS_MAIN(TestKeepAliveClient)
#include "tst_keepaliveclient.moc"
