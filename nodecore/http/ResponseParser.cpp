#include "ResponseParser.h"

#include "HeaderFields.h"

#include <QByteArrayView>

namespace Chord::Http {

namespace {
constexpr QByteArrayView Crlf("\r\n");

bool parseDecimal(QByteArrayView text, qsizetype *out) {
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 18)
        return false;
    qsizetype v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

} // namespace

ResponseParser::State ResponseParser::fail(const QString &why) {
    m_error = why;
    m_close = true;
    m_phase = Phase::Done;
    return m_state = State::Failed;
}

namespace {
// What a response's head says of its framing and of the connection.
struct Head {
    int code = 0;
    bool close = false;
    qsizetype contentLength = -1; // none given
    bool transferEncoding = false;
    QByteArray codings; // every Transfer-Encoding field, joined
};

// "HTTP/1.1 200 OK": the code, and a connection closed after it by default (HTTP/1.0). An
// error message, or empty.
QString readStatusLine(QByteArrayView line, Head *head) {
    if (!line.startsWith("HTTP/1.") || line.size() < 12 || line[8] != ' ')
        return QStringLiteral("not an HTTP/1.x response");
    qsizetype code = 0;
    if (!parseDecimal(line.sliced(9, 3), &code) || code < 100 || code > 999)
        return QStringLiteral("bad status line");
    head->code = int(code);
    head->close = line[7] == '0';
    return {};
}

QString readField(QByteArrayView line, Head *head) {
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return QStringLiteral("bad response header line");
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = line.sliced(colon + 1).trimmed();
    if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
        qsizetype n = 0;
        if (!parseDecimal(value, &n) || (head->contentLength >= 0 && n != head->contentLength))
            return QStringLiteral("bad Content-Length");
        head->contentLength = n;
    } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
        if (head->transferEncoding)
            head->codings += ',';
        head->codings += value;
        head->transferEncoding = true;
    } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
        if (hasHeaderToken(value, "close"))
            head->close = true;
        else if (hasHeaderToken(value, "keep-alive"))
            head->close = false;
    }
    return {};
}

// The status line and the header fields of a head (without its blank line).
QString readHead(QByteArrayView text, Head *head) {
    qsizetype pos = text.indexOf(Crlf);
    if (pos < 0)
        pos = text.size();
    QString error = readStatusLine(text.first(pos), head);
    for (pos += 2; error.isEmpty() && pos < text.size();) {
        qsizetype next = text.indexOf(Crlf, pos);
        if (next < 0)
            next = text.size();
        error = readField(text.sliced(pos, next - pos), head);
        pos = next + 2;
    }
    if (!error.isEmpty())
        return error;
    // chunked as a whole element and the only coding; any other is one this client cannot
    // decode (and a final coding other than chunked leaves the body's end unknown).
    if (head->transferEncoding && transferCoding(head->codings) != TransferCoding::Chunked)
        return QStringLiteral("unsupported Transfer-Encoding: %1")
            .arg(QString::fromLatin1(head->codings.left(100)));
    // chunked framing wins over a Content-Length, but such a response may be a smuggling
    // attempt: the connection is not reused after it (RFC 9112 6.3).
    if (head->transferEncoding && head->contentLength >= 0)
        head->close = true;
    return {};
}
} // namespace

ResponseParser::State ResponseParser::parseHead(QByteArray &buffer) {
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0 && buffer.size() <= MaxHeaderBytes)
        return State::Incomplete;
    if (end < 0 || end > MaxHeaderBytes)
        return fail(QStringLiteral("response header larger than %1 bytes").arg(MaxHeaderBytes));
    Head head;
    if (const QString error = readHead(QByteArrayView(buffer.constData(), end), &head);
        !error.isEmpty())
        return fail(error);
    buffer.remove(0, end + 4);

    if (head.code < 200) { // 100 Continue and friends: the real response follows
        m_started = true;
        return State::Incomplete;
    }
    m_status = head.code;
    m_close = head.close;
    if (m_headRequest || head.code == 204 || head.code == 304) {
        m_phase = Phase::Done;
    } else if (head.transferEncoding) {
        m_phase = Phase::Chunked;
        m_chunked.emplace(ChunkedDecoder::Limits{m_maxBody, MaxChunkLineBytes, MaxTrailerFields});
    } else if (head.contentLength >= 0) {
        if (head.contentLength > m_maxBody)
            return fail(QStringLiteral("response body of %1 bytes is over the limit")
                            .arg(head.contentLength));
        m_remaining = head.contentLength;
        m_body.reserve(head.contentLength);
        m_phase = head.contentLength ? Phase::Body : Phase::Done;
    } else {
        m_close = true;
        m_phase = Phase::ToEnd;
    }
    return State::Incomplete;
}

ResponseParser::State ResponseParser::feed(QByteArray &buffer) {
    if (m_state != State::Incomplete)
        return m_state;
    if (!buffer.isEmpty())
        m_started = true;
    while (m_phase != Phase::Done) {
        switch (m_phase) {
        case Phase::Head: {
            const qsizetype size = buffer.size();
            if (parseHead(buffer) == State::Failed)
                return m_state;
            if (m_phase == Phase::Head && buffer.size() == size)
                return State::Incomplete; // need more bytes
            break;
        }
        case Phase::Body: {
            if (buffer.isEmpty())
                return State::Incomplete;
            const qsizetype take = std::min(m_remaining, buffer.size());
            if (take == buffer.size() && m_body.isEmpty() && take == m_remaining)
                m_body = std::move(buffer); // the common case: the whole body in one read
            else
                m_body.append(buffer.constData(), take);
            buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining == 0)
                m_phase = Phase::Done;
            break;
        }
        case Phase::Chunked: {
            qsizetype used = 0;
            const ChunkedDecoder::Step step = m_chunked->decode(buffer, used, m_body);
            buffer.remove(0, used);
            if (step == ChunkedDecoder::Step::Error)
                return fail(m_chunked->errorText());
            if (step == ChunkedDecoder::Step::NeedMore)
                return State::Incomplete;
            m_chunked.reset();
            m_phase = Phase::Done;
            break;
        }
        case Phase::ToEnd:
            if (m_body.size() + buffer.size() > m_maxBody)
                return fail(QStringLiteral("response body over the limit"));
            m_body.append(buffer);
            buffer.clear();
            return State::Incomplete;
        case Phase::Done:
            break;
        }
    }
    return m_state = State::Complete;
}

ResponseParser::State ResponseParser::finish() {
    if (m_state != State::Incomplete)
        return m_state;
    if (m_phase == Phase::ToEnd) {
        m_phase = Phase::Done;
        return m_state = State::Complete;
    }
    return fail(m_started ? QStringLiteral("connection closed in the middle of the response")
                          : QStringLiteral("connection closed without a response"));
}

} // namespace Chord::Http
