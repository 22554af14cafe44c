#include "HttpServer.h"

#include "GuardedTcpServer.h"

#include <QLoggingCategory>
#include <QTimer>

#include <charconv>
#include <cstring>

Q_LOGGING_CATEGORY(lcHttp, "chord.http")

namespace Chord::Http {

QByteArray methodName(Method method) {
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Put:
        return "PUT";
    case Method::Delete:
        return "DELETE";
    case Method::Post:
        return "POST";
    case Method::Head:
        return "HEAD";
    case Method::Options:
        return "OPTIONS";
    case Method::Patch:
        return "PATCH";
    case Method::Connect:
        return "CONNECT";
    case Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

namespace {

// Reason phrases as Qt 6.4's responder wrote them (http_parser's table), for the statuses a
// node answers with; others get a generic phrase of their class.
QByteArrayView reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 421:
        return "Misdirected Request";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return status < 300 ? "OK" : status < 500 ? "Client Error" : "Server Error";
    }
}

// Writes the status line and header fields into one buffer sized up front: plain copies
// (QByteArray::append goes through the general insert() path, ~200 instructions a call).
class HeadWriter {
public:
    explicit HeadWriter(qsizetype capacity)
        : m_head(capacity, Qt::Uninitialized)
        , m_out(m_head.data()) {}

    HeadWriter &operator<<(QByteArrayView text) {
        std::memcpy(m_out, text.data(), std::size_t(text.size()));
        m_out += text.size();
        return *this;
    }
    HeadWriter &operator<<(qint64 n) {
        m_out = std::to_chars(m_out, m_out + 20, n).ptr;
        return *this;
    }
    QByteArray take() {
        m_head.truncate(m_out - m_head.constData());
        return std::move(m_head);
    }

private:
    QByteArray m_head;
    char *m_out;
};

} // namespace

// ---- RouteStats --------------------------------------------------------------------------

void RouteStats::count(int status, double ms) {
    ++total;
    ++byStatus[status];
    const auto &bounds = HttpServer::latencyBounds();
    std::size_t i = 0;
    while (i < bounds.size() && ms > bounds[i])
        ++i;
    ++latency.buckets[i]; // the last slot is +Inf
    latency.sumMs += ms;
}

// ---- Reply -------------------------------------------------------------------------------

Reply::Reply(QTcpSocket *socket, RouteStats *stats, bool headOnly)
    : m_state(std::make_shared<State>()) {
    m_state->socket = socket;
    m_state->stats = stats;
    m_state->headOnly = headOnly;
    m_state->started.start();
}

bool Reply::clientGone() const {
    return !m_state->socket || m_state->socket->state() != QAbstractSocket::ConnectedState;
}

void Reply::send(int status, const QByteArray &body, QByteArrayView contentType,
                 HeaderList headers) const {
    if (m_state->sent)
        return;
    m_state->sent = true;
    if (m_state->stats)
        m_state->stats->count(status, double(m_state->started.nsecsElapsed()) / 1e6);
    if (clientGone()) {
        qCDebug(lcHttp) << "client left before the reply";
        return;
    }
    // The status line and headers in one buffer: QHttpServerResponder wrote each piece
    // separately (about 20 QIODevice::write calls per reply).
    QTcpSocket *socket = m_state->socket.data();
    auto *guarded = qobject_cast<GuardedSocket *>(socket);
    const QByteArrayView connection = guarded ? guarded->connectionHeader() : QByteArrayView();
    const QByteArrayView reason = reasonPhrase(status);
    qsizetype size = 100 + reason.size() + contentType.size() + connection.size();
    for (const auto &[name, value] : headers)
        size += name.size() + value.size() + 4;
    HeadWriter w(size);
    w << "HTTP/1.1 " << qint64(status) << " " << reason << "\r\n";
    if (!contentType.isEmpty())
        w << "Content-Type: " << contentType << "\r\n";
    for (const auto &[name, value] : headers)
        w << name << ": " << value << "\r\n";
    if (!connection.isEmpty())
        w << "Connection: " << connection << "\r\n";
    w << "Content-Length: " << qint64(body.size()) << "\r\n\r\n";
    const QByteArray head = w.take();
    // HEAD: the Content-Length of the body a GET gets, and no body.
    const QByteArray &content = m_state->headOnly ? QByteArray() : body;
    if (guarded) {
        guarded->writeResponse(head, content);
    } else {
        socket->write(head);
        socket->write(content);
    }
}

void Reply::json(int status, const QJsonDocument &doc, HeaderList headers) const {
    send(status, doc.toJson(QJsonDocument::Compact), "application/json", headers);
}

void Reply::text(int status, const QByteArray &body) const {
    send(status, body, "text/plain; charset=utf-8");
}

void Reply::error(int status, const QString &error, const QString &detail,
                  HeaderList headers) const {
    json(status,
         QJsonDocument(
             QJsonObject{{QStringLiteral("error"), error}, {QStringLiteral("detail"), detail}}),
         headers);
}

// ---- HttpServer --------------------------------------------------------------------------

HttpServer::HttpServer(QObject *parent)
    : QObject(parent) {
    m_stats.try_emplace(QStringLiteral("unmatched"));
}

void HttpServer::route(const QByteArray &path, QList<Method> methods, Handler handler,
                       bool mutating, bool prefix) {
    const QString label = QString::fromUtf8(path + (prefix ? "{key}" : ""));
    RouteStats *stats = &m_stats[label];
    const qsizetype index = qsizetype(m_routes.size());
    m_routes.push_back(
        Route{path, std::move(methods), std::move(handler), mutating, prefix, stats});
    if (prefix)
        m_prefixes.append(index);
    else
        m_exact[path].append(index);
}

QList<QByteArray> HttpServer::routePaths() const {
    QList<QByteArray> out;
    for (const Route &r : m_routes) {
        for (Method m : r.methods)
            out.append(methodName(m) + ' ' + r.path + (r.prefix ? "{key}" : ""));
    }
    return out;
}

quint16 HttpServer::listenOn(const QHostAddress &address, quint16 port) {
    auto *tcp = new GuardedTcpServer(this, &m_limits, this);
    if (!tcp->listen(address, port)) {
        qCCritical(lcHttp).noquote()
            << "cannot listen on" << address.toString() << port << ":" << tcp->errorString();
        delete tcp;
        return 0;
    }
    return tcp->serverPort();
}

void HttpServer::setToken(const QString &token, bool guardReads) {
    m_token = token;
    m_bearer = "Bearer " + token.toUtf8();
    m_guardReads = guardReads;
}

const std::array<double, 11> &HttpServer::latencyBounds() {
    static const std::array<double, 11> bounds{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 1000};
    return bounds;
}

const HttpServer::Route *HttpServer::findRoute(const QByteArray &path, Method method) const {
    // Candidates in registration order: the exact routes of this path and the prefix routes
    // it starts with, merged by index.
    static const QList<qsizetype> none;
    const auto exact = m_exact.constFind(path);
    const QList<qsizetype> &exacts = exact == m_exact.cend() ? none : *exact;
    qsizetype e = 0;
    qsizetype p = 0;
    while (e < exacts.size() || p < m_prefixes.size()) {
        qsizetype index;
        if (p == m_prefixes.size() || (e < exacts.size() && exacts[e] < m_prefixes[p])) {
            index = exacts[e++];
        } else {
            index = m_prefixes[p++];
            if (!path.startsWith(m_routes[std::size_t(index)].path))
                continue;
        }
        const Route &r = m_routes[std::size_t(index)];
        if (r.methods.contains(method))
            return &r;
    }
    return nullptr;
}

void HttpServer::answerUnmatched(QTcpSocket *socket, Method method, const QByteArray &path) {
    Reply reply(socket, &m_stats[QStringLiteral("unmatched")], method == Method::Head);
    QByteArray allow;
    for (const Route &r : m_routes) {
        if (!(r.prefix ? path.startsWith(r.path) : path == r.path))
            continue;
        for (Method m : r.methods) {
            allow += (allow.isEmpty() ? "" : ", ") + methodName(m);
            if (m == Method::Get && !r.mutating)
                allow += ", HEAD";
        }
    }
    if (allow.isEmpty()) {
        reply.error(404, QStringLiteral("not found"),
                    QStringLiteral("no route for %1").arg(QString::fromUtf8(path.left(200))));
        return;
    }
    reply.error(405, QStringLiteral("method not allowed"),
                QStringLiteral("%1 %2; allowed: %3")
                    .arg(QString::fromLatin1(methodName(method)), QString::fromUtf8(path.left(200)),
                         QString::fromLatin1(allow)),
                {{"Allow", allow}});
}

void HttpServer::dispatch(Request req, QTcpSocket *socket) {
    // Link faults act before anything else, as the network would: a dropped request is never
    // answered (its sender times out; the connection closes when the sender gives up, or after
    // a minute), a delayed one is served later, even if its sender gave up meanwhile.
    if (!req.from.isEmpty() && m_peerGate) {
        const PeerVerdict v = m_peerGate(req.from);
        if (v.drop) {
            qCDebug(lcHttp).noquote()
                << "link fault: dropped" << methodName(req.method) << QString::fromUtf8(req.path)
                << "from" << QString::fromUtf8(req.from);
            QTimer::singleShot(60000, socket, [socket] { socket->abort(); });
            return;
        }
        if (v.delayMs > 0) {
            QTimer::singleShot(v.delayMs, this,
                               [this, req = std::move(req), socket = QPointer(socket)]() mutable {
                                   serve(std::move(req), socket.data());
                               });
            return;
        }
    }
    serve(std::move(req), socket);
}

// socket: null when the sender closed the connection while its request was delayed (it is
// served all the same, and the answer goes nowhere).
void HttpServer::serve(Request req, QTcpSocket *socket) {
    const bool head = req.method == Method::Head;
    const Route *match = findRoute(req.path, req.method);
    // HEAD is GET without the body, except where a GET changes state (GET /dht/leave, kept
    // from the seed contract): HEAD is safe (RFC 9110 9.3.2), so there it is 405.
    if (!match && head) {
        match = findRoute(req.path, Method::Get);
        if (match && match->mutating)
            match = nullptr;
    }
    if (!match) {
        answerUnmatched(socket, req.method, req.path);
        return;
    }
    Reply reply(socket, match->stats, head);
    if (match->prefix)
        req.tail = req.path.mid(match->path.size());
    if (!m_token.isEmpty() && (match->mutating || m_guardReads) && req.authorization != m_bearer) {
        reply.error(401, QStringLiteral("unauthorized"),
                    QStringLiteral("this request needs Authorization: Bearer <token>"),
                    {{"WWW-Authenticate", "Bearer"}});
        return;
    }
    // (The connection refuses a declared body over the limit before reading it.)
    if (req.body.size() > m_limits.bodyLimitFor(req.path)) {
        reply.error(413, QStringLiteral("payload too large"),
                    QStringLiteral("body of %1 bytes; the limit is %2 bytes")
                        .arg(req.body.size())
                        .arg(m_limits.bodyLimitFor(req.path)));
        return;
    }
    qCDebug(lcHttp).noquote() << methodName(req.method) << QString::fromUtf8(req.path);
    match->handler(req, reply);
}

} // namespace Chord::Http
