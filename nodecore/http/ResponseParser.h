#pragma once

#include "ChunkedDecoder.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Chord::Http {

// Incremental parser of one HTTP/1.1 response, for the node's own keep-alive client. Bytes
// arrive in any split; feed() consumes what it can. The body is framed by Content-Length, by
// chunked transfer coding, or (neither given) by the end of the connection. Interim 1xx
// responses are skipped. Sizes are bounded so that a broken or hostile peer cannot make the
// client buffer without limit.
class ResponseParser {
public:
    enum class State { Incomplete, Complete, Failed };

    static constexpr qsizetype MaxHeaderBytes = 64 * 1024;
    // Chunked bodies: each size or trailer line, and the trailer fields (as the server's side).
    static constexpr qsizetype MaxChunkLineBytes = 4096;
    static constexpr int MaxTrailerFields = 100;
    static constexpr qsizetype DefaultMaxBodyBytes = 512LL * 1024 * 1024;

    explicit ResponseParser(qsizetype maxBodyBytes = DefaultMaxBodyBytes)
        : m_maxBody(maxBodyBytes) {}

    // The request was HEAD: the response has no body, whatever its Content-Length or
    // Transfer-Encoding say (RFC 9112 6.3).
    void setHeadRequest(bool head) { m_headRequest = head; }

    // Consumes bytes from the front of buffer (what it leaves there belongs to no response:
    // a server must not send anything before the next request).
    State feed(QByteArray &buffer);
    // The connection ended: completes a body framed by the end of the connection.
    State finish();

    State state() const { return m_state; }
    int status() const { return m_status; }
    QByteArray takeBody() { return std::move(m_body); }
    // The server asked to close (Connection: close, or HTTP/1.0 without keep-alive), or the
    // body ran to the end of the connection: the connection cannot be reused.
    bool mustClose() const { return m_close; }
    QString error() const { return m_error; }
    // Whether any byte of a response has been seen (a reused connection that closes before
    // that may be retried: the server never answered).
    bool started() const { return m_started; }

private:
    enum class Phase { Head, Body, Chunked, ToEnd, Done };
    State fail(const QString &why);
    State parseHead(QByteArray &buffer);

    qsizetype m_maxBody;
    State m_state = State::Incomplete;
    Phase m_phase = Phase::Head;
    int m_status = 0;
    bool m_close = false;
    bool m_started = false;
    bool m_headRequest = false;
    qsizetype m_remaining = 0;
    std::optional<ChunkedDecoder> m_chunked;
    QByteArray m_body;
    QString m_error;
};

} // namespace Chord::Http
