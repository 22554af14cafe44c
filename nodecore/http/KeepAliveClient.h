#pragma once

#include <QByteArray>
#include <QCoroTask>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <coroutine>

namespace Chord::Http {

// What one request got back: an HTTP status and body, or (status 0) why there is none.
struct RawReply {
    int status = 0;
    QByteArray body;
    QString error;
};

// The node's outgoing HTTP/1.1 client: keep-alive connections pooled per peer, in the
// calling thread, one request per connection at a time (QtHttpServer 6.4 answers pipelined
// requests out of order). It replaces QNetworkAccessManager, whose six connections
// per host, HTTP thread and per-reply QObject cost dominated a lookup hop (docs/PERFORMANCE.md).
//
// Every request has a timeout that covers connecting, sending and receiving. A request sent
// on a reused connection that the server closed before answering a byte (its idle timeout
// raced us) is sent once more on a fresh connection, if its method is idempotent (RFC 9110
// 9.2.2: GET, HEAD, OPTIONS, PUT, DELETE; PUT /dht/item carries its write's deadline, so a
// second copy is never carried out later than the first could have been). A POST (rectify,
// hand-offs, join, ...) or any other method may have been carried out before the connection
// closed: it is never sent twice, the caller gets the error (such a request is only put on a
// kept connection after a look at the kernel for a close already there). Sockets set TCP_NODELAY; a
// request is one write(). Idle connections are closed after idleTimeoutMs, well before the server's
// own idle limit, and at most maxIdlePerPeer are kept per peer.
class KeepAliveClient : public QObject {
    Q_OBJECT

public:
    explicit KeepAliveClient(QObject *parent = nullptr);
    // Requests still under way are abandoned: their callers are never resumed.
    ~KeepAliveClient() override;

    // request: a complete HTTP/1.1 request (see buildRequest).
    QCoro::Task<RawReply> send(QString host, quint16 port, QByteArray request, int timeoutMs);

    // "METHOD target HTTP/1.1" with Host, the given extra header lines (each ending in CRLF)
    // and Content-Length when there is a body or the method is POST or PUT.
    static QByteArray buildRequest(const QByteArray &method, const QString &host, quint16 port,
                                   const QByteArray &target, const QByteArray &headers,
                                   const QByteArray &body);

    void setMaxIdlePerPeer(int n) { m_maxIdlePerPeer = n; }
    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }
    int idleConnections() const;
    int openConnections() const { return int(m_all.size()); }

    // Completion slot of one request, kept in the awaiting coroutine's frame.
    struct Exchange {
        RawReply reply;
        std::coroutine_handle<> waiter;
        bool done = false;
        bool retry = false; // closed before any answer on a reused connection
    };

private:
    class Connection;
    friend class Connection;

    // An idle connection to host:port, nullptr when there is none; probe: only one whose
    // peer has sent nothing since (Connection::peerQuiet).
    Connection *take(const QString &host, quint16 port, bool probe);
    void release(Connection *c);
    void discard(Connection *c);

    QHash<QString, QList<Connection *>> m_idle;
    QList<Connection *> m_all;
    // Few per peer: every open socket is one more descriptor in each poll() of the event loop.
    int m_maxIdlePerPeer = 8;
    // Short enough that the burst of connections a join or a survey opens is gone in seconds
    // (each one costs every poll() of the event loop); maintenance reuses its own within 1 s.
    int m_idleTimeoutMs = 5000;
};

} // namespace Chord::Http
