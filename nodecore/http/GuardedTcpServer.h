#pragma once

#include "HttpServer.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace Chord::Http {

class RequestReader;

// One accepted connection. Replies are written through writeResponse().
class GuardedSocket : public QTcpSocket {
    Q_OBJECT

public:
    explicit GuardedSocket(QObject *parent = nullptr);

    // Writes one whole response (head: status line and headers). With nothing queued in
    // QTcpSocket's write buffer, it goes to the kernel at once in one sendmsg(): a buffered
    // QTcpSocket::write switches the write notifier on and, once flushed, off again, which
    // under the glib event dispatcher costs two eventfd wake-ups and one more loop iteration
    // per reply. What the kernel does not take is queued in QTcpSocket as usual (in order).
    // Measured: without it, small replies run at 0.55x the throughput (docs/PERFORMANCE.md).
    void writeResponse(const QByteArray &head, const QByteArray &body);
    // The Connection header for the reply to the request in flight: "close" (the connection
    // ends after it), "keep-alive" (an HTTP/1.0 client that asked for it) or empty.
    QByteArrayView connectionHeader() const { return m_connectionHeader; }

private:
    friend class GuardedTcpServer;
    friend class RequestReader;
    RequestReader *m_reader = nullptr;
    QByteArrayView m_connectionHeader; // a literal
};

// The listening socket behind HttpServer. Each connection reads its own requests (request
// line, headers, a Content-Length or chunked body; RFC 9112) and hands each complete one to
// HttpServer::dispatch, enforcing the limits QtHttpServer 6.4 lacked:
// a bad request line gets 400, oversized headers 431, a declared or chunked body over the
// limit 413 before it is buffered, `Expect: 100-continue` is answered, idle connections are
// closed, and at most maxConnections are open (503 beyond).
class GuardedTcpServer : public QTcpServer {
    Q_OBJECT

public:
    GuardedTcpServer(HttpServer *server, const ServerLimits *limits, QObject *parent = nullptr);

    int openConnections() const { return m_open; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    HttpServer *m_server;
    const ServerLimits *m_limits;
    int m_open = 0;
};

} // namespace Chord::Http
