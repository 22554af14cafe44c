#include "GuardedTcpServer.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace Chord::Http {

namespace {

// Follows request boundaries on one connection: header bytes until CRLFCRLF, then the
// declared body length, then the next request.
class ConnectionGuard : public QObject {
public:
    ConnectionGuard(QTcpSocket *socket, QObject *httpServer, const ServerLimits *limits)
        : QObject(socket)
        , m_socket(socket)
        , m_httpServer(httpServer)
        , m_limits(limits) {
        m_idle.setSingleShot(true);
        m_idle.setInterval(limits->idleTimeoutMs);
        connect(&m_idle, &QTimer::timeout, this, [this] {
            qCDebug(lcHttp) << "closing idle connection";
            m_socket->disconnectFromHost();
        });
        m_idle.start();
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::inspect);
        connect(socket, &QTcpSocket::bytesWritten, this, [this] { m_idle.start(); });
    }

private:
    void inspect() {
        m_idle.start();
        if (m_rejected) {
            m_socket->readAll(); // drain and discard: nothing of a rejected request is kept
            return;
        }
        const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
        qsizetype pos = 0;
        while (pos < fresh.size() && !m_rejected) {
            if (m_bodyLeft > 0) {
                const qsizetype take = std::min<qint64>(m_bodyLeft, fresh.size() - pos);
                m_bodyLeft -= take;
                pos += take;
                continue;
            }
            if (m_chunked) {
                pos = followChunks(fresh, pos);
                continue;
            }
            const qsizetype before = m_header.size();
            m_header.append(fresh.constData() + pos, fresh.size() - pos);
            const qsizetype end = m_header.indexOf("\r\n\r\n");
            if (end < 0) {
                checkRequestLine();
                if (!m_rejected && m_header.size() > m_limits->maxHeaderBytes)
                    reject(431, "request header too large",
                           QStringLiteral("headers are limited to %1 bytes")
                               .arg(m_limits->maxHeaderBytes));
                return;
            }
            pos += end + 4 - before;
            const QByteArray header = m_header.left(end + 4);
            m_header.clear();
            if (header.size() > m_limits->maxHeaderBytes)
                return reject(431, "request header too large",
                              QStringLiteral("headers are limited to %1 bytes")
                                  .arg(m_limits->maxHeaderBytes));
            checkRequestLine(header);
            if (!m_rejected)
                checkHeader(header);
        }
    }

    // Chunked bodies (RFC 9112 7.1): follow size lines and data so that the running total
    // can be refused with 413 before Qt has buffered it.
    qsizetype followChunks(const QByteArray &fresh, qsizetype pos) {
        while (pos < fresh.size() && m_chunked && !m_rejected) {
            if (m_chunkLeft > 0) {
                const qsizetype take = std::min<qint64>(m_chunkLeft, fresh.size() - pos);
                m_chunkLeft -= take;
                pos += take;
                continue;
            }
            const qsizetype eol = fresh.indexOf('\n', pos);
            m_chunkLine.append(fresh.mid(pos, eol < 0 ? -1 : eol - pos + 1));
            if (m_chunkLine.size() > 4096)
                return reject(400, "bad request", QStringLiteral("chunk line too long")),
                       fresh.size();
            if (eol < 0)
                return fresh.size();
            pos = eol + 1;
            const QByteArray line = m_chunkLine.trimmed();
            m_chunkLine.clear();
            if (m_inTrailer) {
                if (line.isEmpty()) { // end of the message
                    m_chunked = m_inTrailer = false;
                    m_chunkTotal = 0;
                }
                continue;
            }
            bool ok = false;
            const qint64 size = line.split(';').first().trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0)
                return reject(400, "bad request", QStringLiteral("bad chunk size")), fresh.size();
            m_chunkTotal += size;
            if (m_chunkTotal > m_chunkLimit)
                return reject(413, "payload too large",
                              QStringLiteral("chunked body over %1 bytes").arg(m_chunkLimit)),
                       fresh.size();
            if (size == 0)
                m_inTrailer = true;
            else
                m_chunkLeft = size + 2; // the data and its CRLF
        }
        return pos;
    }

    void checkRequestLine(const QByteArray &header = {}) {
        const QByteArray &h = header.isEmpty() ? m_header : header;
        // Tolerate blank lines between requests (RFC 9112 2.2).
        qsizetype start = 0;
        while (start < h.size() && (h[start] == '\r' || h[start] == '\n'))
            ++start;
        const qsizetype eol = h.indexOf("\r\n", start);
        if (eol < 0) {
            if (h.size() - start > 8192)
                reject(414, "request line too long", QStringLiteral("at most 8192 bytes"));
            else if (!looksLikeMethodPrefix(h.mid(start)))
                reject(400, "bad request", QStringLiteral("not an HTTP request"));
            return;
        }
        static const QRegularExpression line(
            QStringLiteral("^[A-Z]{3,10} [^ \\x00-\\x1f]+ HTTP/1\\.[01]$"));
        const QString first = QString::fromLatin1(h.mid(start, eol - start));
        if (!line.match(first).hasMatch())
            reject(400, "bad request", QStringLiteral("malformed request line"));
    }

    static bool looksLikeMethodPrefix(const QByteArray &bytes) {
        for (char c : bytes) {
            if (c == ' ')
                return true;
            if (c < 'A' || c > 'Z')
                return false;
        }
        return true;
    }

    void checkHeader(const QByteArray &header) {
        qint64 length = 0;
        bool expectContinue = false;
        int count = 0;
        for (const QByteArray &raw : header.split('\n')) {
            const QByteArray l = raw.trimmed();
            const qsizetype colon = l.indexOf(':');
            if (colon <= 0)
                continue;
            ++count;
            const QByteArray name = l.left(colon).trimmed().toLower();
            const QByteArray value = l.mid(colon + 1).trimmed();
            if (name == "content-length") {
                bool ok = false;
                length = value.toLongLong(&ok);
                if (!ok || length < 0)
                    return reject(400, "bad request", QStringLiteral("bad Content-Length"));
            } else if (name == "transfer-encoding" && value.toLower().contains("chunked")) {
                m_chunked = true;
            } else if (name == "expect" && value.toLower() == "100-continue") {
                expectContinue = true;
            }
        }
        if (count > 100)
            return reject(431, "too many headers", QStringLiteral("at most 100 header fields"));
        // The target decides the limit: node-to-node routes carry bulk transfers.
        const qsizetype sp = header.indexOf(' ');
        const QByteArray target = header.mid(sp + 1, header.indexOf(' ', sp + 1) - sp - 1);
        const qint64 limit = m_limits->bodyLimitFor(target);
        if (length > limit)
            return reject(
                413, "payload too large",
                QStringLiteral("body of %1 bytes; the limit is %2 bytes").arg(length).arg(limit));
        if (expectContinue)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        m_chunkLimit = limit;
        m_bodyLeft = length;
    }

    void reject(int status, const char *error, const QString &detail) {
        m_rejected = true;
        // Take the socket from Qt's parser so that it buffers nothing more of this request.
        QObject::disconnect(m_socket, nullptr, m_httpServer, nullptr);
        const QByteArray body = "{\"error\":\"" + QByteArray(error) + "\",\"detail\":\"" +
                                detail.toUtf8().replace('"', '\'') + "\"}";
        static const QHash<int, QByteArray> reasons{{400, "Bad Request"},
                                                    {413, "Payload Too Large"},
                                                    {414, "URI Too Long"},
                                                    {431, "Request Header Fields Too Large"}};
        m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasons.value(status) +
                        "\r\nContent-Type: application/json\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        m_socket->readAll();
        qCInfo(lcHttp) << "rejected connection from" << m_socket->peerAddress().toString() << status
                       << error;
        // Let the reply drain, then close; keep discarding whatever still arrives.
        connect(m_socket, &QTcpSocket::bytesWritten, m_socket, [s = m_socket] {
            if (s->bytesToWrite() == 0)
                s->disconnectFromHost();
        });
        QTimer::singleShot(5000, m_socket, [s = m_socket] { s->abort(); });
    }

    QTcpSocket *m_socket;
    QObject *m_httpServer;
    const ServerLimits *m_limits;
    QByteArray m_header;
    qint64 m_bodyLeft = 0;
    bool m_chunked = false;
    bool m_inTrailer = false;
    qint64 m_chunkLeft = 0;
    qint64 m_chunkTotal = 0;
    qint64 m_chunkLimit = 0;
    QByteArray m_chunkLine;
    bool m_rejected = false;
    QTimer m_idle;
};

} // namespace

GuardedTcpServer::GuardedTcpServer(QObject *httpServer, const ServerLimits *limits, QObject *parent)
    : QTcpServer(parent)
    , m_httpServer(httpServer)
    , m_limits(limits) {}

void GuardedTcpServer::incomingConnection(qintptr descriptor) {
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (m_open >= m_limits->maxConnections) {
        const QByteArray body = R"({"error":"too many connections","detail":"try again later"})";
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                      "Connection: close\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Connected before Qt's own readyRead handler, so the guard sees each chunk first.
    new ConnectionGuard(socket, m_httpServer, m_limits);
    addPendingConnection(socket);
}

} // namespace Chord::Http
