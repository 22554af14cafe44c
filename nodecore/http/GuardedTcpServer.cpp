#include "GuardedTcpServer.h"

#include <QLoggingCategory>
#include <QTimer>

#include <chrono>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <sys/socket.h>
#include <sys/uio.h>
#endif

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace Chord::Http {

namespace {

qint64 monotonicMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

bool containsNoCase(QByteArrayView haystack, QByteArrayView needle) {
    for (qsizetype i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (haystack.sliced(i, needle.size()).compare(needle, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// `^[A-Z]{3,10} [^ \x00-\x1f]+ HTTP/1\.[01]$`, without a regular expression (this runs for
// every request). Like `$`, a single final '\n' is tolerated.
bool validRequestLine(QByteArrayView line) {
    if (line.endsWith('\n'))
        line.chop(1);
    const qsizetype sp = line.indexOf(' ');
    if (sp < 3 || sp > 10)
        return false;
    for (char c : line.first(sp)) {
        if (c < 'A' || c > 'Z')
            return false;
    }
    const QByteArrayView rest = line.sliced(sp + 1);
    if (rest.size() < 10 || !(rest.endsWith(" HTTP/1.1") || rest.endsWith(" HTTP/1.0")))
        return false;
    for (char c : rest.chopped(9)) {
        if (uchar(c) <= 0x20)
            return false;
    }
    return true;
}

bool looksLikeMethodPrefix(QByteArrayView bytes) {
    for (char c : bytes) {
        if (c == ' ')
            return true;
        if (c < 'A' || c > 'Z')
            return false;
    }
    return true;
}

} // namespace

// Follows request boundaries on one connection: header bytes until CRLFCRLF, then the
// declared body length, then the next request.
class ConnectionGuard : public QObject {
public:
    ConnectionGuard(QTcpSocket *socket, QObject *httpServer, const ServerLimits *limits)
        : QObject(socket)
        , m_socket(socket)
        , m_httpServer(httpServer)
        , m_limits(limits) {
        // The idle timer is not restarted on every request (a timer restart per request
        // showed in the profile): it fires once per period and re-arms itself for what is
        // left of the period after the last activity.
        m_idle.setSingleShot(true);
        connect(&m_idle, &QTimer::timeout, this, &ConnectionGuard::checkIdle);
        noteActivity();
        m_idle.start(limits->idleTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::inspect);
        connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::noteActivity);
    }

    void noteActivity() { m_lastActivityMs = monotonicMs(); }

private:
    void checkIdle() {
        const qint64 idle = monotonicMs() - m_lastActivityMs;
        if (idle < m_limits->idleTimeoutMs || m_socket->bytesToWrite() > 0) {
            m_idle.start(int(std::max<qint64>(1, m_limits->idleTimeoutMs - idle)));
            return;
        }
        qCDebug(lcHttp) << "closing idle connection";
        m_socket->disconnectFromHost();
    }

    void inspect() {
        noteActivity();
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
            if (m_header.isEmpty()) {
                // The usual case: a whole header in this chunk, checked where it lies.
                const qsizetype end = fresh.indexOf("\r\n\r\n", pos);
                if (end >= 0) {
                    checkCompleteHeader(QByteArrayView(fresh).sliced(pos, end + 4 - pos));
                    pos = end + 4;
                    continue;
                }
            }
            const qsizetype before = m_header.size();
            m_header.append(fresh.constData() + pos, fresh.size() - pos);
            const qsizetype end = m_header.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
            if (end < 0) {
                checkRequestLine(m_header);
                if (!m_rejected && m_header.size() > m_limits->maxHeaderBytes)
                    reject(431, "request header too large",
                           QStringLiteral("headers are limited to %1 bytes")
                               .arg(m_limits->maxHeaderBytes));
                return;
            }
            pos += end + 4 - before;
            const QByteArray header = m_header.left(end + 4);
            m_header.clear();
            checkCompleteHeader(header);
        }
    }

    void checkCompleteHeader(QByteArrayView header) {
        if (header.size() > m_limits->maxHeaderBytes)
            return reject(
                431, "request header too large",
                QStringLiteral("headers are limited to %1 bytes").arg(m_limits->maxHeaderBytes));
        checkRequestLine(header);
        if (!m_rejected)
            checkHeader(header);
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

    void checkRequestLine(QByteArrayView h) {
        // Tolerate blank lines between requests (RFC 9112 2.2).
        qsizetype start = 0;
        while (start < h.size() && (h[start] == '\r' || h[start] == '\n'))
            ++start;
        const qsizetype eol = h.indexOf("\r\n", start);
        if (eol < 0) {
            if (h.size() - start > 8192)
                reject(414, "request line too long", QStringLiteral("at most 8192 bytes"));
            else if (!looksLikeMethodPrefix(h.sliced(start)))
                reject(400, "bad request", QStringLiteral("not an HTTP request"));
            return;
        }
        if (!validRequestLine(h.sliced(start, eol - start)))
            reject(400, "bad request", QStringLiteral("malformed request line"));
    }

    void checkHeader(QByteArrayView header) {
        qint64 length = 0;
        bool expectContinue = false;
        int count = 0;
        for (qsizetype from = 0; from < header.size();) {
            qsizetype nl = header.indexOf('\n', from);
            if (nl < 0)
                nl = header.size();
            const QByteArrayView l = header.sliced(from, nl - from).trimmed();
            from = nl + 1;
            const qsizetype colon = l.indexOf(':');
            if (colon <= 0)
                continue;
            ++count;
            const QByteArrayView name = l.first(colon).trimmed();
            const QByteArrayView value = l.sliced(colon + 1).trimmed();
            if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
                bool ok = false;
                length = value.toLongLong(&ok);
                if (!ok || length < 0)
                    return reject(400, "bad request", QStringLiteral("bad Content-Length"));
            } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0 &&
                       containsNoCase(value, "chunked")) {
                m_chunked = true;
            } else if (name.compare("expect", Qt::CaseInsensitive) == 0 &&
                       value.compare("100-continue", Qt::CaseInsensitive) == 0) {
                expectContinue = true;
            }
        }
        if (count > 100)
            return reject(431, "too many headers", QStringLiteral("at most 100 header fields"));
        // The target decides the limit: node-to-node routes carry bulk transfers.
        const qsizetype sp = header.indexOf(' ');
        const qsizetype sp2 = header.indexOf(' ', sp + 1);
        const QByteArrayView target =
            header.sliced(sp + 1, (sp2 < 0 ? header.size() : sp2) - sp - 1);
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
    qint64 m_lastActivityMs = 0;
};

GuardedSocket::GuardedSocket(QObject *parent)
    : QTcpSocket(parent) {}

void GuardedSocket::writeResponse(const QByteArray &head, const QByteArray &body) {
    if (m_guard)
        m_guard->noteActivity();
    qint64 sent = 0;
#ifdef Q_OS_UNIX
    const qintptr fd = socketDescriptor();
    if (bytesToWrite() == 0 && fd >= 0) {
        iovec parts[2] = {{const_cast<char *>(head.constData()), std::size_t(head.size())},
                          {const_cast<char *>(body.constData()), std::size_t(body.size())}};
        msghdr message{};
        message.msg_iov = parts;
        message.msg_iovlen = body.isEmpty() ? 1 : 2;
        ssize_t n;
        do {
            n = ::sendmsg(int(fd), &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        } while (n < 0 && errno == EINTR);
        // On EAGAIN or an error the rest goes through QTcpSocket, which reports errors.
        sent = std::max<ssize_t>(n, 0);
    }
#endif
    if (sent < head.size()) {
        write(head.constData() + sent, head.size() - sent);
        write(body);
    } else if (sent - head.size() < body.size()) {
        write(body.constData() + (sent - head.size()), body.size() - (sent - head.size()));
    }
}

GuardedTcpServer::GuardedTcpServer(QObject *httpServer, const ServerLimits *limits, QObject *parent)
    : QTcpServer(parent)
    , m_httpServer(httpServer)
    , m_limits(limits) {}

void GuardedTcpServer::incomingConnection(qintptr descriptor) {
    auto *socket = new GuardedSocket(this);
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
    socket->m_guard = new ConnectionGuard(socket, m_httpServer, m_limits);
    addPendingConnection(socket);
}

} // namespace Chord::Http
