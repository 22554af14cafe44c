#include "HttpServer.h"

#include "GuardedTcpServer.h"

#include <QLoggingCategory>

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

// ---- Reply -------------------------------------------------------------------------------

Reply::Reply(QHttpServerResponder &&responder, QString routeLabel,
             std::function<void(const QString &, int, double)> onSent)
    : m_state(std::make_shared<State>()) {
    m_state->socket = responder.socket();
    m_state->responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    m_state->route = std::move(routeLabel);
    m_state->onSent = std::move(onSent);
    m_state->started.start();
}

bool Reply::clientGone() const {
    return !m_state->socket || m_state->socket->state() != QAbstractSocket::ConnectedState;
}

void Reply::send(int status, const QByteArray &body, const QByteArray &contentType,
                 const QList<std::pair<QByteArray, QByteArray>> &headers) const {
    if (m_state->sent)
        return;
    m_state->sent = true;
    if (m_state->onSent)
        m_state->onSent(m_state->route, status, double(m_state->started.nsecsElapsed()) / 1e6);
    if (clientGone()) {
        // QTBUG-105202: the responder would write through a dangling socket.
        qCDebug(lcHttp) << "client left before the reply to" << m_state->route;
        return;
    }
    QHttpServerResponder &r = *m_state->responder;
    r.writeStatusLine(QHttpServerResponder::StatusCode(status));
    if (!contentType.isEmpty())
        r.writeHeader("Content-Type", contentType);
    for (const auto &[name, value] : headers)
        r.writeHeader(name, value);
    r.writeHeader("Content-Length", QByteArray::number(body.size()));
    r.writeBody(body);
}

void Reply::json(int status, const QJsonDocument &doc,
                 const QList<std::pair<QByteArray, QByteArray>> &headers) const {
    send(status, doc.toJson(QJsonDocument::Compact), "application/json", headers);
}

void Reply::text(int status, const QByteArray &body) const {
    send(status, body, "text/plain; charset=utf-8");
}

void Reply::error(int status, const QString &error, const QString &detail,
                  const QList<std::pair<QByteArray, QByteArray>> &headers) const {
    json(status,
         QJsonDocument(
             QJsonObject{{QStringLiteral("error"), error}, {QStringLiteral("detail"), detail}}),
         headers);
}

// ---- HttpServer --------------------------------------------------------------------------

HttpServer::HttpServer(QObject *parent)
    : QAbstractHttpServer(parent) {}

void HttpServer::route(const QByteArray &path, QList<Method> methods, Handler handler,
                       bool mutating, bool prefix) {
    const QString label = QString::fromUtf8(path + (prefix ? "{key}" : ""));
    m_routes.append(Route{path, std::move(methods), std::move(handler), mutating, prefix, label});
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
    // bind() rather than listen(): our own QTcpServer carries the connection limits, and
    // listen() is gone in Qt 6.8 (QT64_NOTES item 8).
    bind(tcp);
    return tcp->serverPort();
}

void HttpServer::setToken(const QString &token, bool guardReads) {
    m_token = token;
    m_guardReads = guardReads;
}

const std::array<double, 11> &HttpServer::latencyBounds() {
    static const std::array<double, 11> bounds{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 1000};
    return bounds;
}

void HttpServer::count(const QString &route, int status, double ms) {
    ++m_counts[{route, status}];
    Latency &l = m_latency[route];
    const auto &bounds = latencyBounds();
    std::size_t i = 0;
    while (i < bounds.size() && ms > bounds[i])
        ++i;
    ++l.buckets[i]; // the last slot is +Inf
    l.sumMs += ms;
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) {
    const QByteArray path = request.url().path(QUrl::FullyEncoded).toUtf8();
    const Route *match = nullptr;
    QList<Method> allowed;
    for (const Route &r : m_routes) {
        const bool pathMatches = r.prefix ? path.startsWith(r.path) : path == r.path;
        if (!pathMatches)
            continue;
        allowed += r.methods;
        if (r.methods.contains(request.method())) {
            match = &r;
            break;
        }
    }
    static const QString unmatched = QStringLiteral("unmatched");
    const QString &label = match ? match->label : unmatched;
    auto counter = [this](const QString &route, int status, double ms) {
        count(route, status, ms);
    };
    Reply reply(makeResponder(request, socket), label, counter);
    if (!match) {
        if (allowed.isEmpty()) {
            reply.error(404, QStringLiteral("not found"),
                        QStringLiteral("no route for %1").arg(QString::fromUtf8(path.left(200))));
        } else {
            QByteArray allow;
            for (Method m : allowed)
                allow += (allow.isEmpty() ? "" : ", ") + methodName(m);
            reply.error(405, QStringLiteral("method not allowed"),
                        QStringLiteral("%1 %2; allowed: %3")
                            .arg(QString::fromLatin1(methodName(request.method())),
                                 QString::fromUtf8(path.left(200)), QString::fromLatin1(allow)),
                        {{"Allow", allow}});
        }
        return true;
    }

    Request req;
    req.method = request.method();
    req.path = path;
    req.tail = match->prefix ? path.mid(match->path.size()) : QByteArray();
    req.query = QUrlQuery(request.url().query(QUrl::FullyEncoded));
    req.body = request.body();
    req.contentType = request.value("Content-Type");
    req.authorization = request.value("Authorization");
    req.wantsJson = request.value("Accept").contains("application/json");

    if (!m_token.isEmpty() && (match->mutating || m_guardReads) &&
        req.authorization != "Bearer " + m_token.toUtf8()) {
        reply.error(401, QStringLiteral("unauthorized"),
                    QStringLiteral("this request needs Authorization: Bearer <token>"),
                    {{"WWW-Authenticate", "Bearer"}});
        return true;
    }
    if (req.body.size() > m_limits.bodyLimitFor(path)) {
        reply.error(413, QStringLiteral("payload too large"),
                    QStringLiteral("body of %1 bytes; the limit is %2 bytes")
                        .arg(req.body.size())
                        .arg(m_limits.bodyLimitFor(path)));
        return true;
    }
    qCDebug(lcHttp).noquote() << methodName(req.method) << QString::fromUtf8(path);
    match->handler(req, reply);
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) {
    // Not reached (handleRequest answers everything), but the base class requires it.
    Reply reply(makeResponder(request, socket), QStringLiteral("unmatched"), {});
    reply.error(404, QStringLiteral("not found"));
}

} // namespace Chord::Http
