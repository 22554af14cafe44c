#pragma once

#include "HttpServer.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace Chord::Http {

class ConnectionGuard;

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
    void writeResponse(const QByteArray &head, const QByteArray &body);

private:
    friend class GuardedTcpServer;
    ConnectionGuard *m_guard = nullptr;
};

// The listening socket behind HttpServer. QtHttpServer 6.4 enforces no limits (QT64_NOTES
// item 5), so each connection gets a small guard that reads the byte stream ahead of Qt's
// parser (it peeks; Qt still consumes): it rejects a bad request line with 400, oversized
// headers with 431, a declared body over the limit with 413 (before it is buffered),
// answers `Expect: 100-continue`, and closes idle connections.
class GuardedTcpServer : public QTcpServer {
    Q_OBJECT

public:
    GuardedTcpServer(QObject *httpServer, const ServerLimits *limits, QObject *parent = nullptr);

    int openConnections() const { return m_open; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QObject *m_httpServer;
    const ServerLimits *m_limits;
    int m_open = 0;
};

} // namespace Chord::Http
