#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <algorithm>
#include <array>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <vector>

namespace Chord::Http {

// The method vocabulary of routes (requests are read in GuardedTcpServer.cpp); a method
// outside it is Unknown, and routed like any other (404 or 405).
enum class Method { Unknown, Get, Put, Delete, Post, Head, Options, Patch, Connect, Trace };

// What a route handler sees: a copy of the request that outlives the socket, so that a
// coroutine may keep it across co_await.
struct Request {
    Method method = Method::Unknown;
    QByteArray path; // raw, still percent-encoded
    QByteArray tail; // for prefix routes: what follows the prefix, still encoded
    QUrlQuery query; // parsed only when the URL has a query
    QByteArray body;
    QByteArray contentType;
    QByteArray authorization;
    // X-Chord-From: the address (host:port) of the node that sent this request. Nodes send it
    // on their calls to each other; a client's request has none.
    QByteArray from;
    bool wantsJson = false;

    QString queryValue(const QString &name) const {
        return query.queryItemValue(name, QUrl::FullyDecoded);
    }
};

// Extra response headers: views, valid for the call they are passed to.
using HeaderList = std::initializer_list<std::pair<QByteArrayView, QByteArrayView>>;

// Requests answered on one route (by label), for /metrics.
struct RouteStats {
    struct Latency {
        std::array<quint64, 12> buckets{}; // per HttpServer::latencyBounds(), the last one +Inf
        double sumMs = 0;
    };
    std::map<int, quint64> byStatus;
    Latency latency;
    quint64 total = 0;

    void count(int status, double ms);
};

// A deferred reply. Copies share one socket; the first send() wins. The reply to a HEAD
// request carries the status and headers the GET would, Content-Length included, and no body
// (RFC 9110 9.3.2).
// A reply may come long after its request (a routed GET, a join): the client may have left
// and its socket been deleted by then, so a Reply holds the socket through a QPointer and
// checks it before writing (QtHttpServer 6.4's responder wrote through a dangling socket
// then and segfaulted: QTBUG-105202). The response goes out in one write (GuardedSocket).
class Reply {
public:
    Reply(QTcpSocket *socket, RouteStats *stats, bool headOnly = false);

    void send(int status, const QByteArray &body, QByteArrayView contentType,
              HeaderList headers = {}) const;
    void json(int status, const QJsonDocument &doc, HeaderList headers = {}) const;
    void json(const QJsonObject &object) const { json(200, QJsonDocument(object)); }
    void text(int status, const QByteArray &body) const;
    void error(int status, const QString &error, const QString &detail = {},
               HeaderList headers = {}) const;
    bool clientGone() const;

private:
    struct State {
        QPointer<QTcpSocket> socket;
        RouteStats *stats = nullptr;
        bool sent = false;
        bool headOnly = false; // the request was HEAD: no body goes out
        QElapsedTimer started;
    };
    std::shared_ptr<State> m_state;
};

using Handler = std::function<void(const Request &, const Reply &)>;

// What happens to a request from another node (one with X-Chord-From) before it is served:
// link faults (FaultRoutes, docs/API.md "Link faults"). Dropped: never answered, as if lost on
// the way; delayed: served after delayMs.
struct PeerVerdict {
    bool drop = false;
    int delayMs = 0;
};
using PeerGate = std::function<PeerVerdict(const QByteArray &from)>;

// Body limits by route, so that a route takes what it needs and no more. The client-facing
// routes take --max-value and room for the framing (PUT /db/<key> itself answers 413 above
// --max-value exactly). A node-to-node route sends a value base64 in JSON, 4/3 of its size:
// PUT /dht/item (one value) takes that much plus room for the key and fields, the bulk routes
// (hand-offs, replica syncs: whole arcs of keys) take maxInternalBodyBytes, and never less
// than one value needs. The other /dht/ routes carry node references only and take the
// client limit: no route lets a client make the node buffer more than it can use.
struct ServerLimits {
    qint64 maxValueBytes = 1024 * 1024;
    qint64 maxBodyBytes = 1024 * 1024 + 64 * 1024;
    qint64 maxInternalBodyBytes = 256ll * 1024 * 1024;
    static constexpr qint64 ItemOverheadBytes = 64 * 1024;

    // The body of one value sent between nodes: base64 of --max-value, key and fields.
    qint64 itemBodyBytes() const { return 4 * ((maxValueBytes + 2) / 3) + ItemOverheadBytes; }
    qint64 bodyLimitFor(QByteArrayView path) const {
        if (!path.startsWith("/dht/"))
            return maxBodyBytes;
        if (path == "/dht/item")
            return std::max(itemBodyBytes(), maxBodyBytes);
        if (path == "/dht/store-items" || path == "/dht/replicate")
            return std::max({maxInternalBodyBytes, itemBodyBytes(), maxBodyBytes});
        return maxBodyBytes;
    }
    int maxHeaderBytes = 16 * 1024;
    int idleTimeoutMs = 30000;
    int maxConnections = 4096;
};

// The node's HTTP/1.1 server: routing on the raw URL, method checks (405), bearer-token
// checks. Its connections (GuardedTcpServer.h) read the requests themselves: QtHttpServer
// 6.4's parser reads one byte per QIODevice::read call and rebuilds a QUrl per request, which
// was three quarters of the user-space work of a GET (docs/PERFORMANCE.md), and it lacks every
// limit (QtHttpServer 6.4 enforces none). QtHttpServer is not used at all (README, Layout).
class HttpServer : public QObject {
    Q_OBJECT

public:
    explicit HttpServer(QObject *parent = nullptr);

    // A route matches its path exactly, or (prefix) every path starting with it. A route that
    // takes GET also answers HEAD (RFC 9110 9.1), with the GET handler and no body.
    void route(const QByteArray &path, QList<Method> methods, Handler handler,
               bool mutating = false, bool prefix = false);
    // Port 0 picks a free port. Returns the port, 0 on failure.
    quint16 listenOn(const QHostAddress &address, quint16 port);
    void setToken(const QString &token, bool guardReads = false);
    // Consulted for every request that names its sending node (Request::from); none: all pass.
    void setPeerGate(PeerGate gate) { m_peerGate = std::move(gate); }
    // More metric families for GET /metrics (Prometheus text, each with its HELP and TYPE
    // lines), from parts of the node that are not the protocol (link faults).
    void addMetrics(std::function<QByteArray()> source) { m_metrics.push_back(std::move(source)); }
    const std::vector<std::function<QByteArray()>> &extraMetrics() const { return m_metrics; }
    void setLimits(const ServerLimits &limits) { m_limits = limits; }
    const ServerLimits &limits() const { return m_limits; }
    QList<QByteArray> routePaths() const;

    // Requests answered, by route label, for /metrics ("unmatched" for 404 and 405).
    const std::map<QString, RouteStats> &routeStats() const { return m_stats; }
    static const std::array<double, 11> &latencyBounds();

    // One complete request read from socket (by GuardedTcpServer's connections): routed,
    // checked and handed to its handler, which answers through a Reply on socket.
    void dispatch(Request request, QTcpSocket *socket);

private:
    struct Route {
        QByteArray path;
        QList<Method> methods;
        Handler handler;
        bool mutating = false;
        bool prefix = false;
        RouteStats *stats = nullptr; // in m_stats, by label
    };
    const Route *findRoute(const QByteArray &path, Method method) const;
    void answerUnmatched(QTcpSocket *socket, Method method, const QByteArray &path);
    void serve(Request request, QTcpSocket *socket);

    std::vector<Route> m_routes;
    // Exact paths to their routes' indexes, in registration order; prefix routes are few and
    // scanned. The first route (in registration order) whose path and method match wins.
    QHash<QByteArray, QList<qsizetype>> m_exact;
    QList<qsizetype> m_prefixes;
    QString m_token;
    QByteArray m_bearer; // "Bearer <token>", built once
    bool m_guardReads = false;
    PeerGate m_peerGate;
    std::vector<std::function<QByteArray()>> m_metrics;
    ServerLimits m_limits;
    std::map<QString, RouteStats> m_stats; // node-based: Route::stats stays valid
};

QByteArray methodName(Method method);

} // namespace Chord::Http
