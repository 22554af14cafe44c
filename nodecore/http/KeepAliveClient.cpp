#include "KeepAliveClient.h"

#include "ResponseParser.h"

#include <QNetworkProxy>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#endif

namespace Chord::Http {

namespace {
QString peerKey(const QString &host, quint16 port) {
    return host + u':' + QString::number(port);
}

// RFC 9110 9.2.2. Anything else (POST, PATCH, an unknown method) may have had its effect
// before a connection closed without an answer, and is not sent again.
bool isIdempotent(const QByteArray &request) {
    for (const char *method : {"GET ", "HEAD ", "OPTIONS ", "PUT ", "DELETE "}) {
        if (request.startsWith(method))
            return true;
    }
    return false;
}

struct ExchangeAwaiter {
    KeepAliveClient::Exchange &ex;
    bool await_ready() const noexcept { return ex.done; }
    void await_suspend(std::coroutine_handle<> h) noexcept { ex.waiter = h; }
    void await_resume() const noexcept {}
};
} // namespace

// One TCP connection to one peer. Busy while it carries an exchange, idle in the pool between.
class KeepAliveClient::Connection : public QObject {
public:
    Connection(KeepAliveClient *pool, const QString &host, quint16 port)
        : QObject(pool)
        , m_pool(pool)
        , m_host(host)
        , m_port(port)
        , m_key(peerKey(host, port)) {
        m_socket.setProxy(QNetworkProxy::NoProxy);
        m_timer.setSingleShot(true);
        connect(&m_socket, &QTcpSocket::connected, this, [this] {
            m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
            if (!m_unsent.isEmpty())
                send(std::exchange(m_unsent, {}));
        });
        connect(&m_socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] { onClosed(QString()); });
        connect(&m_socket, &QTcpSocket::errorOccurred, this,
                [this](QAbstractSocket::SocketError e) {
                    onClosed(e == QAbstractSocket::RemoteHostClosedError ? QString()
                                                                         : m_socket.errorString());
                });
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (m_exchange)
                finish(QStringLiteral("timed out after %1 ms").arg(m_timeoutMs));
            else
                close(); // idle too long
        });
    }

    ~Connection() override {
        m_socket.disconnect(this);
        m_timer.disconnect(this);
        m_socket.abort();
    }

    const QString &key() const { return m_key; }
    bool isUsable() const {
        return !m_dead && m_socket.state() == QAbstractSocket::ConnectedState &&
               m_socket.bytesAvailable() == 0;
    }

    // Whether the kernel holds nothing from the peer for this connection (no end of stream,
    // no reset, no stray bytes) that the event loop has not delivered yet: one recv(MSG_PEEK).
    // A request that is not sent twice is only put on a kept connection that passes it.
    bool peerQuiet() const {
#ifdef Q_OS_UNIX
        const qintptr fd = m_socket.socketDescriptor();
        if (fd < 0)
            return false;
        char byte;
        ssize_t n;
        do {
            n = ::recv(int(fd), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        } while (n < 0 && errno == EINTR);
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
#else
        return true;
#endif
    }

    void start(Exchange *ex, const QByteArray &request, int timeoutMs, bool reused) {
        m_exchange = ex;
        m_reused = reused;
        m_timeoutMs = timeoutMs;
        m_parser = ResponseParser();
        m_parser.setHeadRequest(request.startsWith("HEAD "));
        m_buffer.clear();
        m_timer.start(timeoutMs);
        if (m_socket.state() == QAbstractSocket::ConnectedState) {
            send(request);
        } else {
            m_unsent = request;
            if (m_socket.state() == QAbstractSocket::UnconnectedState)
                m_socket.connectToHost(m_host, m_port);
        }
    }

    void idle(int timeoutMs) {
        m_timer.start(timeoutMs);
    }

private:
    // Hands the bytes to the kernel now: QAbstractSocket would otherwise wait for the next
    // event-loop pass (write notifier) to flush them, one more poll() per request.
    void send(const QByteArray &bytes) {
        m_socket.write(bytes);
        m_socket.flush();
    }

    void onReadyRead() {
        if (m_dead)
            return;
        m_buffer.append(m_socket.readAll());
        if (!m_exchange) {
            close(); // unsolicited bytes: nothing sane can follow on this connection
            return;
        }
        switch (m_parser.feed(m_buffer)) {
        case ResponseParser::State::Incomplete:
            return;
        case ResponseParser::State::Failed:
            finish(QStringLiteral("bad response: %1").arg(m_parser.error()));
            return;
        case ResponseParser::State::Complete:
            finish(QString());
            return;
        }
    }

    void onClosed(const QString &why) {
        if (m_dead)
            return;
        if (!m_exchange) {
            close();
            return;
        }
        // A body framed by the end of the connection is complete now.
        if (why.isEmpty() && m_parser.finish() == ResponseParser::State::Complete) {
            finish(QString());
            return;
        }
        const bool neverAnswered = !m_parser.started();
        if (neverAnswered && m_reused)
            m_exchange->retry = true;
        finish(!why.isEmpty()  ? why
               : neverAnswered ? QStringLiteral("connection closed without an answer")
                               : QStringLiteral("connection closed in the middle of the answer"));
    }

    // Ends the current exchange: hands the connection back to the pool (or drops it), then
    // resumes the waiting coroutine, which may start the next exchange on it at once.
    void finish(const QString &error) {
        Exchange *ex = std::exchange(m_exchange, nullptr);
        m_timer.stop();
        if (error.isEmpty()) {
            ex->reply.status = m_parser.status();
            ex->reply.body = m_parser.takeBody();
        } else {
            ex->reply.status = 0;
            ex->reply.error = error;
        }
        if (error.isEmpty() && !m_parser.mustClose() && m_buffer.isEmpty() && !m_dead &&
            m_socket.state() == QAbstractSocket::ConnectedState)
            m_pool->release(this);
        else
            close();
        ex->done = true;
        if (ex->waiter)
            ex->waiter.resume();
    }

public:
    void close() {
        if (m_dead)
            return;
        m_dead = true;
        m_timer.stop();
        m_pool->discard(this);
        m_socket.disconnect(this);
        m_socket.abort();
        deleteLater();
    }

private:
    KeepAliveClient *m_pool;
    QString m_host;
    quint16 m_port;
    QString m_key;
    QTcpSocket m_socket{this};
    QTimer m_timer{this};
    ResponseParser m_parser;
    QByteArray m_buffer;
    QByteArray m_unsent;
    Exchange *m_exchange = nullptr;
    int m_timeoutMs = 0;
    bool m_reused = false;
    bool m_dead = false;
};

KeepAliveClient::KeepAliveClient(QObject *parent)
    : QObject(parent) {}

KeepAliveClient::~KeepAliveClient() {
    // Children (the connections) go with us; no exchange is finished, no coroutine resumed.
    m_idle.clear();
    m_all.clear();
}

int KeepAliveClient::idleConnections() const {
    int n = 0;
    for (const auto &list : m_idle)
        n += int(list.size());
    return n;
}

QByteArray KeepAliveClient::buildRequest(const QByteArray &method, const QString &host,
                                         quint16 port, const QByteArray &target,
                                         const QByteArray &headers, const QByteArray &body) {
    QByteArray r;
    r.reserve(method.size() + target.size() + host.size() + headers.size() + body.size() + 64);
    r += method;
    r += ' ';
    // The target goes on the request line as given, except that bytes which cannot appear
    // there (controls, space, non-ASCII) are percent-encoded: no caller can break the framing.
    for (const char c : target) {
        const auto u = uchar(c);
        if (u > 0x20 && u < 0x7f) {
            r += c;
        } else {
            static constexpr char Hex[] = "0123456789ABCDEF";
            r += '%';
            r += Hex[u >> 4];
            r += Hex[u & 15];
        }
    }
    r += " HTTP/1.1\r\nHost: ";
    r += host.toUtf8();
    r += ':';
    r += QByteArray::number(port);
    r += "\r\n";
    r += headers;
    if (!body.isEmpty() || method == "POST" || method == "PUT") {
        r += "Content-Length: ";
        r += QByteArray::number(body.size());
        r += "\r\n";
    }
    r += "\r\n";
    r += body;
    return r;
}

KeepAliveClient::Connection *KeepAliveClient::take(const QString &host, quint16 port, bool probe) {
    const QString key = peerKey(host, port);
    for (;;) {
        auto it = m_idle.find(key);
        if (it == m_idle.end())
            return nullptr;
        Connection *c = it->takeLast(); // the most recently used: least likely to be stale
        if (it->isEmpty())
            m_idle.erase(it);
        if (c->isUsable() && (!probe || c->peerQuiet()))
            return c;
        c->close();
    }
}

void KeepAliveClient::release(Connection *c) {
    QList<Connection *> &list = m_idle[c->key()];
    if (list.size() >= m_maxIdlePerPeer) {
        c->close();
        return;
    }
    list.append(c);
    c->idle(m_idleTimeoutMs);
}

void KeepAliveClient::discard(Connection *c) {
    m_all.removeOne(c);
    auto it = m_idle.find(c->key());
    if (it != m_idle.end()) {
        it->removeOne(c);
        if (it->isEmpty())
            m_idle.erase(it);
    }
}

QCoro::Task<RawReply> KeepAliveClient::send(QString host, quint16 port, QByteArray request,
                                            int timeoutMs) {
    // A request that is not sent twice gets a kept connection only after a look at the
    // kernel: a close from the peer that is already there is seen before sending, not after.
    const bool idempotent = isIdempotent(request);
    for (int attempt = 0;; ++attempt) {
        Exchange ex;
        Connection *c = take(host, port, !idempotent);
        const bool reused = c != nullptr;
        if (!c) {
            c = new Connection(this, host, port);
            m_all.append(c);
        }
        c->start(&ex, request, timeoutMs, reused);
        co_await ExchangeAwaiter{ex};
        if (ex.retry && attempt == 0) {
            if (idempotent)
                continue;
            ex.reply.error += QStringLiteral(" (not sent again: the method is not idempotent)");
        }
        co_return std::move(ex.reply);
    }
}

} // namespace Chord::Http
