#include "GuardedTcpServer.h"

#include "RequestParsing.h"

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

constexpr qsizetype MaxRequestLineBytes = 8192;
constexpr qsizetype MaxChunkLineBytes = 4096;
constexpr int MaxHeaderFields = 100;

qint64 monotonicMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

bool is(QByteArrayView name, QByteArrayView lowerCase) {
    return name.size() == lowerCase.size() && name.compare(lowerCase, Qt::CaseInsensitive) == 0;
}

// `^[A-Z]{3,10} [^ \x00-\x1f]+ HTTP/1\.[01]$`, without a regular expression (this runs for
// every request).
bool validRequestLine(QByteArrayView line) {
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

Method methodFrom(QByteArrayView name) {
    static const std::pair<QByteArrayView, Method> known[] = {
        {"GET", Method::Get},       {"PUT", Method::Put},         {"POST", Method::Post},
        {"DELETE", Method::Delete}, {"HEAD", Method::Head},       {"OPTIONS", Method::Options},
        {"PATCH", Method::Patch},   {"CONNECT", Method::Connect}, {"TRACE", Method::Trace}};
    for (const auto &[text, method] : known) {
        if (name == text)
            return method;
    }
    return Method::Unknown; // routed like any other: 404 or 405
}

// A line without its line break (LF or CRLF).
QByteArrayView chopLineBreak(QByteArrayView line) {
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

} // namespace

// Reads the requests of one connection (RFC 9112: request line, header fields, then a
// Content-Length or chunked body) and dispatches each complete one to the HttpServer.
// Every limit is checked on bytes as they arrive, before anything large is buffered.
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
        , m_limits(limits) {
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
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailer };

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

    // Consumes as much of m_buffer as makes progress; m_pos is where the unread part starts.
    void process() {
        m_inProcess = true;
        bool progress = true;
        while (progress && !m_rejected && !m_awaitingReply && m_pos < m_buffer.size()) {
            switch (m_state) {
            case State::Head:
                progress = readHead();
                break;
            case State::Body:
                progress = readBody();
                break;
            default:
                progress = readChunked();
                break;
            }
        }
        m_inProcess = false;
        if (m_pos >= m_buffer.size()) {
            m_buffer.truncate(0); // keeps the capacity for the next request
            m_pos = 0;
            m_scan = 0;
        } else if (m_pos > 64 * 1024) {
            m_buffer.remove(0, m_pos);
            m_pos = 0;
        }
    }

    QByteArrayView unread() const { return QByteArrayView(m_buffer).sliced(m_pos); }

    bool readHead() {
        if (m_scan == 0) {
            // Tolerate blank lines between requests (RFC 9112 2.2).
            while (m_pos < m_buffer.size() && (m_buffer[m_pos] == '\r' || m_buffer[m_pos] == '\n'))
                ++m_pos;
            if (m_pos == m_buffer.size())
                return false;
        }
        const QByteArrayView data = unread();
        // The header block ends at the first empty line (CRLF or a bare LF, as Qt accepted).
        qsizetype lineStart = m_scan;
        qsizetype end = -1;
        for (qsizetype nl; (nl = data.indexOf('\n', lineStart)) >= 0; lineStart = nl + 1) {
            if (lineStart > 0 &&
                chopLineBreak(data.sliced(lineStart, nl + 1 - lineStart)).isEmpty()) {
                end = nl + 1;
                break;
            }
        }
        if (end < 0) {
            m_scan = lineStart; // the next search starts at the unfinished line
            checkPartialRequestLine(data);
            if (!m_rejected && data.size() > m_limits->maxHeaderBytes)
                reject(431, "request header too large",
                       QStringLiteral("headers are limited to %1 bytes")
                           .arg(m_limits->maxHeaderBytes));
            return false;
        }
        m_scan = 0;
        m_pos += end;
        if (end > m_limits->maxHeaderBytes) {
            reject(431, "request header too large",
                   QStringLiteral("headers are limited to %1 bytes").arg(m_limits->maxHeaderBytes));
            return false;
        }
        return parseHead(data.first(end));
    }

    void checkPartialRequestLine(QByteArrayView data) {
        const qsizetype eol = data.indexOf('\n');
        if (eol >= 0) {
            if (!validRequestLine(chopLineBreak(data.first(eol + 1))))
                reject(400, "bad request", QStringLiteral("malformed request line"));
        } else if (data.size() > MaxRequestLineBytes) {
            reject(414, "request line too long",
                   QStringLiteral("at most %1 bytes").arg(MaxRequestLineBytes));
        } else if (!looksLikeMethodPrefix(data)) {
            reject(400, "bad request", QStringLiteral("not an HTTP request"));
        }
    }

    // head: the request line and the header fields, up to and with the empty line.
    bool parseHead(QByteArrayView head) {
        qsizetype nl = head.indexOf('\n');
        const QByteArrayView line = chopLineBreak(head.first(nl + 1));
        if (!validRequestLine(line)) {
            reject(400, "bad request", QStringLiteral("malformed request line"));
            return false;
        }
        const qsizetype sp = line.indexOf(' ');
        Request &req = m_request;
        req.method = methodFrom(line.first(sp));
        setTarget(req, line.sliced(sp + 1).chopped(9));

        qint64 length = -1;
        bool transferEncoding = false;
        QByteArray codings; // every Transfer-Encoding field, joined
        bool expectContinue = false;
        bool close = false;
        bool keepAlive = false;
        QByteArray accept;
        int fields = 0;
        auto join = [](QByteArray &to, QByteArrayView value) {
            if (!to.isEmpty())
                to.append(", ");
            to.append(value);
        };
        for (qsizetype from = nl + 1; from < head.size(); from = nl + 1) {
            nl = head.indexOf('\n', from);
            const QByteArrayView field = chopLineBreak(head.sliced(from, nl + 1 - from));
            const qsizetype colon = field.indexOf(':');
            if (colon <= 0)
                continue; // not a header field (or the final empty line): ignored, as Qt did
            if (++fields > MaxHeaderFields) {
                reject(431, "too many headers",
                       QStringLiteral("at most %1 header fields").arg(MaxHeaderFields));
                return false;
            }
            const QByteArrayView name = field.first(colon).trimmed();
            const QByteArrayView value = field.sliced(colon + 1).trimmed();
            if (is(name, "content-length")) {
                bool ok = false;
                const qint64 n = value.toLongLong(&ok);
                // Two different lengths: which one frames the body is ambiguous (RFC 9112 6.3).
                if (!ok || n < 0 || (length >= 0 && n != length)) {
                    reject(400, "bad request", QStringLiteral("bad Content-Length"));
                    return false;
                }
                length = n;
            } else if (is(name, "transfer-encoding")) {
                transferEncoding = true;
                join(codings, value);
            } else if (is(name, "expect")) {
                expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
            } else if (is(name, "content-type")) {
                join(req.contentType, value);
            } else if (is(name, "authorization")) {
                join(req.authorization, value);
            } else if (is(name, "accept")) {
                join(accept, value);
            } else if (is(name, "connection")) {
                close = close || hasHeaderToken(value, "close");
                keepAlive = keepAlive || hasHeaderToken(value, "keep-alive");
            }
        }
        // Both framings: a request smuggled past an intermediary that reads the other one
        // (RFC 9112 6.1, 6.3). Refused, and the connection closes after the answer.
        if (transferEncoding && length >= 0) {
            reject(400, "bad request", QStringLiteral("both Transfer-Encoding and Content-Length"));
            return false;
        }
        // `chunked` must be the final coding, as a whole element of the list (RFC 9112 6.3);
        // another coding before it is one this reader cannot decode (RFC 9112 6.1: 501).
        // So a request that has a Transfer-Encoding and is read on has a chunked body.
        const bool chunked = transferEncoding;
        switch (chunked ? transferCoding(codings) : TransferCoding::Chunked) {
        case TransferCoding::Chunked:
            break;
        case TransferCoding::Malformed:
            reject(400, "bad request",
                   QStringLiteral("Transfer-Encoding must end with chunked, applied once"));
            return false;
        case TransferCoding::Unsupported:
            reject(501, "not implemented",
                   QStringLiteral("no transfer coding but chunked is supported"));
            return false;
        }
        req.wantsJson = accept.contains("application/json");
        // Persistence (RFC 9112 9.3): HTTP/1.1 keeps the connection unless told to close;
        // HTTP/1.0 closes it unless the client asked for keep-alive, which is then confirmed.
        const bool http10 = line.endsWith("1.0");
        m_connectionReply = close || (http10 && !keepAlive) ? QByteArrayView("close")
                            : http10                        ? QByteArrayView("keep-alive")
                                                            : QByteArrayView();

        // The target decides the limit: node-to-node routes carry bulk transfers.
        m_bodyLimit = m_limits->bodyLimitFor(req.path);
        if (chunked) {
            m_state = State::ChunkSize;
            m_bodyTotal = 0;
        } else if (length > m_bodyLimit) {
            reject(413, "payload too large",
                   QStringLiteral("body of %1 bytes; the limit is %2 bytes")
                       .arg(length)
                       .arg(m_bodyLimit));
            return false;
        } else if (length > 0) {
            m_state = State::Body;
            m_bodyLeft = length;
            req.body.reserve(qsizetype(std::min<qint64>(length, 4 * 1024 * 1024)));
        }
        if (expectContinue && m_state != State::Head)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        if (m_state == State::Head)
            finishRequest();
        return true;
    }

    // The request target: origin form (/path?query) or absolute form (http://host/path).
    static void setTarget(Request &req, QByteArrayView target) {
        if (target.startsWith("http://") || target.startsWith("https://")) {
            const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? QByteArrayView("/") : target.sliced(slash);
        }
        if (const qsizetype hash = target.indexOf('#'); hash >= 0)
            target.truncate(hash);
        const qsizetype question = target.indexOf('?');
        req.path = (question < 0 ? target : target.first(question)).toByteArray();
        if (question >= 0 && question + 1 < target.size())
            req.query = QUrlQuery(QString::fromUtf8(target.sliced(question + 1)));
    }

    bool readBody() {
        const qsizetype take = qsizetype(std::min<qint64>(m_bodyLeft, m_buffer.size() - m_pos));
        m_request.body.append(m_buffer.constData() + m_pos, take);
        m_pos += take;
        m_bodyLeft -= take;
        if (m_bodyLeft == 0)
            finishRequest();
        return true;
    }

    // Chunked bodies (RFC 9112 7.1): size lines, data, CRLF, ... a zero size, trailer fields
    // and an empty line. The running total is refused with 413 as soon as it is over the
    // limit.
    bool readChunked() {
        if (m_state == State::ChunkData) {
            const qsizetype take =
                qsizetype(std::min<qint64>(m_chunkLeft, m_buffer.size() - m_pos));
            m_request.body.append(m_buffer.constData() + m_pos, take);
            m_pos += take;
            m_chunkLeft -= take;
            if (m_chunkLeft == 0)
                m_state = State::ChunkEnd;
            return true;
        }
        const QByteArrayView data = unread();
        const qsizetype nl = data.indexOf('\n');
        if (nl < 0) {
            if (data.size() > MaxChunkLineBytes)
                reject(400, "bad request", QStringLiteral("chunk line too long"));
            return false;
        }
        if (nl > MaxChunkLineBytes) {
            reject(400, "bad request", QStringLiteral("chunk line too long"));
            return false;
        }
        const QByteArrayView line = chopLineBreak(data.first(nl + 1)).trimmed();
        m_pos += nl + 1;
        switch (m_state) {
        case State::ChunkEnd:
            if (!line.isEmpty()) {
                reject(400, "bad request", QStringLiteral("chunk data longer than its size"));
                return false;
            }
            m_state = State::ChunkSize;
            return true;
        case State::Trailer:
            if (line.isEmpty())
                finishRequest();
            else if (++m_trailerFields > MaxHeaderFields)
                reject(431, "too many headers", QStringLiteral("too many trailer fields"));
            return true;
        default: {
            const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
            bool ok = false;
            const qint64 size =
                (semicolon < 0 ? line : line.first(semicolon)).trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0) {
                reject(400, "bad request", QStringLiteral("bad chunk size"));
                return false;
            }
            // Compared before adding: a huge declared size must not overflow the running total.
            if (size > m_bodyLimit - m_bodyTotal) {
                reject(413, "payload too large",
                       QStringLiteral("chunked body over %1 bytes").arg(m_bodyLimit));
                return false;
            }
            m_bodyTotal += size;
            if (size == 0) {
                m_state = State::Trailer;
                m_trailerFields = 0;
            } else {
                m_state = State::ChunkData;
                m_chunkLeft = size;
            }
            return true;
        }
        }
    }

    void finishRequest() {
        m_state = State::Head;
        m_awaitingReply = true;
        m_socket->m_connectionHeader = m_connectionReply;
        Request request = std::move(m_request);
        m_request = Request();
        m_server->dispatch(std::move(request), m_socket);
    }

    void reject(int status, const char *error, const QString &detail) {
        m_rejected = true;
        m_buffer.clear();
        m_pos = 0;
        const QByteArray body = "{\"error\":\"" + QByteArray(error) + "\",\"detail\":\"" +
                                detail.toUtf8().replace('"', '\'') + "\"}";
        static const QHash<int, QByteArray> reasons{{400, "Bad Request"},
                                                    {413, "Payload Too Large"},
                                                    {414, "URI Too Long"},
                                                    {431, "Request Header Fields Too Large"},
                                                    {501, "Not Implemented"}};
        // The answer to a HEAD request has no body (RFC 9110 9.3.2), not even an error's.
        const bool head = m_request.method == Method::Head;
        m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasons.value(status) +
                        "\r\nContent-Type: application/json\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
                        (head ? QByteArray() : body));
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

    GuardedSocket *m_socket;
    HttpServer *m_server;
    const ServerLimits *m_limits;
    QByteArray m_buffer; // bytes read from the socket, m_pos of them consumed
    qsizetype m_pos = 0;
    qsizetype m_scan = 0; // State::Head: where the search for the empty line resumes
    State m_state = State::Head;
    Request m_request; // the request being read
    qint64 m_bodyLimit = 0;
    qint64 m_bodyLeft = 0;
    qint64 m_bodyTotal = 0; // chunked: declared so far
    qint64 m_chunkLeft = 0;
    int m_trailerFields = 0;
    bool m_rejected = false;
    bool m_awaitingReply = false;
    bool m_inProcess = false;
    QByteArrayView m_connectionReply; // Connection header of the reply to the current request
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
