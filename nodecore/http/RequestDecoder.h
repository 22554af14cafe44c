#pragma once

#include "ChunkedDecoder.h"
#include "HttpServer.h"

#include <optional>

namespace Chord::Http {

// HTTP/1.1 request framing (RFC 9112) with no socket: bytes in; a request, "need more", or an
// error with its status out. The request line and header fields, then a Content-Length or a
// chunked body; every limit is checked on the bytes as they arrive, before anything large is
// buffered. The connection around it (GuardedTcpServer.cpp) reads the socket, answers, and
// keeps pipelined requests in order; the unit table (tests/unit/tst_requestdecoder.cpp) and
// the fuzz target (tests/fuzz) drive it directly.
class RequestDecoder {
public:
    enum class Step {
        NeedMore, // all that could be decoded was; the rest is an unfinished line or nothing
        Continue, // a head with `Expect: 100-continue` and a body to come: answer 100, go on
        Request,  // a whole request: takeRequest()
        Error,    // error(): answer it and close the connection; nothing more is decoded
    };
    struct Failure {
        int status = 0;   // 400, 413, 414, 431 or 501
        QByteArray error; // short, for the JSON body: "bad request", ...
        QString detail;
    };

    static constexpr qsizetype MaxRequestLineBytes = 8192;
    static constexpr qsizetype MaxChunkLineBytes = 4096;
    static constexpr int MaxHeaderFields = 100;

    explicit RequestDecoder(const ServerLimits &limits)
        : m_limits(limits) {}

    // Decodes from the front of `bytes`, the unread part of the connection's buffer, and says
    // how much of it was used. After Continue or Request, call again with what follows.
    Step decode(QByteArrayView bytes, qsizetype &consumed);
    Request takeRequest();
    const Failure &failure() const { return m_failure; }
    // The Connection header of the reply to the request just decoded: "close" (the connection
    // ends with it), "keep-alive" (an HTTP/1.0 client that asked for it) or empty.
    QByteArrayView connectionReply() const { return m_connectionReply; }
    // The method of the request being decoded (the answer to a HEAD has no body, errors too).
    Method method() const { return m_request.method; }

private:
    enum class State { Head, Body, Chunked, Done };

    // Each reader decodes from data (the unread bytes) and advances `used`; nullopt: it made
    // progress, go on.
    std::optional<Step> readHead(QByteArrayView data, qsizetype &used);
    // What the header fields say about the framing and the reply (the rest goes straight into
    // m_request).
    struct HeadFields {
        qint64 length = -1; // Content-Length, -1: none
        bool transferEncoding = false;
        QByteArray codings; // every Transfer-Encoding field, joined
        bool expectContinue = false;
        bool close = false;
        bool keepAlive = false;
        QByteArray accept;
    };
    // The request line, then readFields, then frameBody.
    std::optional<Step> parseHead(QByteArrayView head);
    std::optional<Step> readFields(QByteArrayView lines, HeadFields &fields);
    std::optional<Step> frameBody(const HeadFields &fields, bool http10);
    std::optional<Step> readBody(QByteArrayView data, qsizetype &used);
    std::optional<Step> readChunked(QByteArrayView data, qsizetype &used);
    std::optional<Step> checkPartialRequestLine(QByteArrayView data);
    Step fail(int status, QByteArray error, QString detail);
    Step finish();

    const ServerLimits &m_limits;
    State m_state = State::Head;
    qsizetype m_scan = 0; // Head: where the search for the empty line resumes
    Request m_request;    // the request being decoded
    qint64 m_bodyLimit = 0;
    qint64 m_bodyLeft = 0;
    std::optional<ChunkedDecoder> m_chunked;
    bool m_continue = false; // Head parsed with `Expect: 100-continue` and a body to come
    Failure m_failure;
    QByteArrayView m_connectionReply; // a literal
};

} // namespace Chord::Http
