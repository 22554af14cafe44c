#pragma once

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <array>
#include <functional>
#include <map>
#include <memory>

namespace Chord::Http {

using Method = QHttpServerRequest::Method;

// What a route handler sees: a copy of the request that outlives the socket, so that a
// coroutine may keep it across co_await.
struct Request {
    Method method = Method::Unknown;
    QByteArray path; // raw, still percent-encoded
    QByteArray tail; // for prefix routes: what follows the prefix, still encoded
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QByteArray authorization;
    bool wantsJson = false;

    QString queryValue(const QString &name) const {
        return query.queryItemValue(name, QUrl::FullyDecoded);
    }
};

// A deferred reply. Copies share one responder; the first send() wins.
// Qt 6.4: the responder keeps a raw QTcpSocket*, and writing after the client left
// segfaults (QTBUG-105202), so every write checks the socket through a QPointer first.
class Reply {
public:
    Reply(QHttpServerResponder &&responder, QString routeLabel,
          std::function<void(const QString &, int, double)> onSent);

    void send(int status, const QByteArray &body, const QByteArray &contentType,
              const QList<std::pair<QByteArray, QByteArray>> &headers = {}) const;
    void json(int status, const QJsonDocument &doc,
              const QList<std::pair<QByteArray, QByteArray>> &headers = {}) const;
    void json(const QJsonObject &object) const { json(200, QJsonDocument(object)); }
    void text(int status, const QByteArray &body) const;
    void error(int status, const QString &error, const QString &detail = {},
               const QList<std::pair<QByteArray, QByteArray>> &headers = {}) const;
    bool clientGone() const;

private:
    struct State {
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        QString route;
        std::function<void(const QString &, int, double)> onSent;
        bool sent = false;
        QElapsedTimer started;
    };
    std::shared_ptr<State> m_state;
};

using Handler = std::function<void(const Request &, const Reply &)>;

struct ServerLimits {
    qint64 maxBodyBytes = 1024 * 1024 + 64 * 1024;
    // Node-to-node routes (/dht/...) carry values as base64 JSON and whole arcs of keys in
    // hand-offs and replica syncs: they get a limit of their own.
    qint64 maxInternalBodyBytes = 256ll * 1024 * 1024;
    qint64 bodyLimitFor(const QByteArray &path) const {
        return path.startsWith("/dht/") ? std::max(maxInternalBodyBytes, maxBodyBytes)
                                        : maxBodyBytes;
    }
    int maxHeaderBytes = 16 * 1024;
    int idleTimeoutMs = 30000;
    int maxConnections = 4096;
};

// The only class that touches QHttpServer: routing on the raw URL, method checks (405),
// bearer-token checks, and the connection guard for the limits Qt 6.4 lacks.
class HttpServer : public QAbstractHttpServer {
    Q_OBJECT

public:
    explicit HttpServer(QObject *parent = nullptr);

    // A route matches its path exactly, or (prefix) every path starting with it.
    void route(const QByteArray &path, QList<Method> methods, Handler handler,
               bool mutating = false, bool prefix = false);
    // Port 0 picks a free port. Returns the port, 0 on failure.
    quint16 listenOn(const QHostAddress &address, quint16 port);
    void setToken(const QString &token, bool guardReads = false);
    void setLimits(const ServerLimits &limits) { m_limits = limits; }
    const ServerLimits &limits() const { return m_limits; }
    QList<QByteArray> routePaths() const;

    // Requests answered, by route and status, for /metrics.
    const std::map<std::pair<QString, int>, quint64> &requestCounts() const { return m_counts; }
    struct Latency {
        std::array<quint64, 12> buckets{}; // per latencyBounds(), the last one +Inf
        double sumMs = 0;
    };
    const std::map<QString, Latency> &latency() const { return m_latency; }
    static const std::array<double, 11> &latencyBounds();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route {
        QByteArray path;
        QList<Method> methods;
        Handler handler;
        bool mutating = false;
        bool prefix = false;
        QString label; // for metrics and logs, built once
    };
    void count(const QString &route, int status, double ms);

    QList<Route> m_routes;
    QString m_token;
    bool m_guardReads = false;
    ServerLimits m_limits;
    std::map<std::pair<QString, int>, quint64> m_counts;
    std::map<QString, Latency> m_latency;
};

QByteArray methodName(Method method);

} // namespace Chord::Http
