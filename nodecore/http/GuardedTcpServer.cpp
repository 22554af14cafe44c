#include "GuardedTcpServer.h"

#include "RequestDecoder.h"

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

} // namespace

// Reads the requests of one connection, decoded by RequestDecoder (RFC 9112 framing and its
// limits), and dispatches each complete one to the HttpServer; a request refused by the
// decoder is answered with its status and the connection closes.
// Pipelined requests are answered in order: the next one is dispatched only once the reply
// to the previous one is written (QtHttpServer 6.4 answered a later request before a
// deferred earlier one); meanwhile at most PipelineBufferBytes more are
// read, and the socket's own buffer is capped the same, so TCP holds the rest.
class RequestReader : public QObject {
public:
    RequestReader(GuardedSocket *socket, HttpServer *server, const ServerLimits *limits)
        : QObject(socket)
        , m_socket(socket)
        , m_server(server)
        , m_limits(limits)
        , m_decoder(*limits) {
        // The idle timer is not restarted on every request (a timer restart per request
        // showed in the profile): it fires once per period and re-arms itself for what is
        // left of the period after the last activity.
        m_idle.setSingleShot(true);
        connect(&m_idle, &QTimer::timeout, this, &RequestReader::checkIdle);
        noteActivity();
        m_idle.start(limits->idleTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, &RequestReader::onReadyRead);
        connect(socket, &QTcpSocket::bytesWritten, this, &RequestReader::noteActivity);
    }

    void noteActivity() { m_lastActivityMs = monotonicMs(); }

    // The reply to the request dispatched last has been written; closing: the connection
    // ends with it (Connection: close), so nothing more is read.
    void replied(bool closing) {
        noteActivity();
        m_awaitingReply = false;
        if (closing)
            m_rejected = true;
        // Inside process() (a synchronous handler) the loop goes on by itself; otherwise a
        // pipelined request may be waiting (not in a deferred reply's call stack: queued).
        if (!m_inProcess && !m_rejected &&
            (m_pos < m_buffer.size() || m_socket->bytesAvailable() > 0))
            QMetaObject::invokeMethod(this, &RequestReader::readAndProcess, Qt::QueuedConnection);
    }

    static constexpr qint64 PipelineBufferBytes = 256 * 1024;

private:
    // A connection whose reply is still pending (a join or a leave may take longer than the
    // idle timeout) is not idle: the countdown starts again once the reply is written.
    void checkIdle() {
        if (m_awaitingReply) {
            m_idle.start(m_limits->idleTimeoutMs);
            return;
        }
        const qint64 idle = monotonicMs() - m_lastActivityMs;
        if (idle < m_limits->idleTimeoutMs || m_socket->bytesToWrite() > 0) {
            m_idle.start(int(std::max<qint64>(1, m_limits->idleTimeoutMs - idle)));
            return;
        }
        qCDebug(lcHttp) << "closing idle connection";
        m_socket->disconnectFromHost();
    }

    void onReadyRead() {
        noteActivity();
        if (m_rejected) {
            m_socket->readAll(); // drain and discard: nothing of a rejected request is kept
            return;
        }
        readAndProcess();
    }

    void readAndProcess() {
        if (m_awaitingReply && m_buffer.size() - m_pos >= PipelineBufferBytes)
            return; // read on once the reply is out
        if (const qint64 available = m_socket->bytesAvailable(); available > 0) {
            const qsizetype old = m_buffer.size();
            m_buffer.resize(old + available);
            const qint64 got = m_socket->read(m_buffer.data() + old, available);
            m_buffer.resize(old + std::max<qint64>(got, 0));
        }
        process();
    }

    // Decodes as much of m_buffer as makes progress; m_pos is where the unread part starts.
    void process() {
        m_inProcess = true;
        while (!m_rejected && !m_awaitingReply && m_pos < m_buffer.size()) {
            qsizetype used = 0;
            const RequestDecoder::Step step =
                m_decoder.decode(QByteArrayView(m_buffer).sliced(m_pos), used);
            m_pos += used;
            if (step == RequestDecoder::Step::Continue) {
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            } else if (step == RequestDecoder::Step::Request) {
                m_awaitingReply = true;
                m_socket->m_connectionHeader = m_decoder.connectionReply();
                m_server->dispatch(m_decoder.takeRequest(), m_socket);
            } else {
                if (step == RequestDecoder::Step::Error)
                    reject(m_decoder.failure());
                break;
            }
        }
        m_inProcess = false;
        if (m_pos >= m_buffer.size()) {
            m_buffer.truncate(0); // keeps the capacity for the next request
            m_pos = 0;
        } else if (m_pos > 64 * 1024) {
            m_buffer.remove(0, m_pos);
            m_pos = 0;
        }
    }

    void reject(const RequestDecoder::Failure &failure) {
        m_rejected = true;
        m_buffer.clear();
        m_pos = 0;
        const int status = failure.status;
        const QByteArray body = "{\"error\":\"" + failure.error + "\",\"detail\":\"" +
                                failure.detail.toUtf8().replace('"', '\'') + "\"}";
        static const QHash<int, QByteArray> reasons{{400, "Bad Request"},
                                                    {413, "Payload Too Large"},
                                                    {414, "URI Too Long"},
                                                    {431, "Request Header Fields Too Large"},
                                                    {501, "Not Implemented"}};
        // The answer to a HEAD request has no body (RFC 9110 9.3.2), not even an error's.
        const bool head = m_decoder.method() == Method::Head;
        m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasons.value(status) +
                        "\r\nContent-Type: application/json\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
                        (head ? QByteArray() : body));
        m_socket->readAll();
        qCInfo(lcHttp) << "rejected connection from" << m_socket->peerAddress().toString() << status
                       << failure.error;
        // Let the reply drain, then close; keep discarding whatever still arrives.
        connect(m_socket, &QTcpSocket::bytesWritten, m_socket, [s = m_socket] {
            if (s->bytesToWrite() == 0)
                s->disconnectFromHost();
        });
        QTimer::singleShot(5000, m_socket, [s = m_socket] { s->abort(); });
    }

    GuardedSocket *m_socket;
    HttpServer *m_server;
    const ServerLimits *m_limits;
    RequestDecoder m_decoder;
    QByteArray m_buffer; // bytes read from the socket, m_pos of them consumed
    qsizetype m_pos = 0;
    bool m_rejected = false;
    bool m_awaitingReply = false;
    bool m_inProcess = false;
    QTimer m_idle;
    qint64 m_lastActivityMs = 0;
};

GuardedSocket::GuardedSocket(QObject *parent)
    : QTcpSocket(parent) {}

void GuardedSocket::writeResponse(const QByteArray &head, const QByteArray &body) {
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
    const bool close = m_connectionHeader == "close";
    m_connectionHeader = {};
    if (m_reader)
        m_reader->replied(close);
    if (close)
        disconnectFromHost(); // after what is still queued has been written
}

GuardedTcpServer::GuardedTcpServer(HttpServer *server, const ServerLimits *limits, QObject *parent)
    : QTcpServer(parent)
    , m_server(server)
    , m_limits(limits) {
    // Qt's default backlog of 50 overflows under a burst of connections: the kernel then
    // drops their handshake's last ACK, and those clients believe they are connected to a
    // server that never accepts them (neither served nor refused with 503).
    setListenBacklogSize(1024);
}

void GuardedTcpServer::incomingConnection(qintptr descriptor) {
    auto *socket = new GuardedSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (m_open >= m_limits->maxConnections) {
        const QByteArray body = R"({"error":"too many connections","detail":"try again later"})";
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                      "Connection: close\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
        return;
    }
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket->setReadBufferSize(RequestReader::PipelineBufferBytes);
    // Not addPendingConnection(): nobody takes connections from this server, and a full
    // pending queue would make it stop accepting.
    socket->m_reader = new RequestReader(socket, m_server, m_limits);
}

} // namespace Chord::Http
