#include "RequestDecoder.h"

#include "HeaderFields.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace Chord::Http {

namespace {

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

// The request target: origin form (/path?query) or absolute form (http://host/path).
void setTarget(Request &req, QByteArrayView target) {
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

} // namespace

RequestDecoder::Step RequestDecoder::decode(QByteArrayView bytes, qsizetype &consumed) {
    consumed = 0;
    while (m_state != State::Done) {
        const QByteArrayView data = bytes.sliced(consumed);
        std::optional<Step> step;
        if (m_continue) {
            m_continue = false;
            return Step::Continue;
        }
        if (data.isEmpty() && m_state != State::Head)
            return Step::NeedMore;
        switch (m_state) {
        case State::Head:
            step = readHead(data, consumed);
            break;
        case State::Body:
            step = readBody(data, consumed);
            break;
        default:
            step = readChunked(data, consumed);
            break;
        }
        if (step)
            return *step;
    }
    return Step::Error;
}

Request RequestDecoder::takeRequest() {
    Request request = std::move(m_request);
    m_request = Request();
    return request;
}

RequestDecoder::Step RequestDecoder::fail(int status, QByteArray error, QString detail) {
    m_state = State::Done;
    m_failure = {status, std::move(error), std::move(detail)};
    return Step::Error;
}

RequestDecoder::Step RequestDecoder::finish() {
    m_state = State::Head;
    return Step::Request;
}

std::optional<RequestDecoder::Step> RequestDecoder::readHead(QByteArrayView data, qsizetype &used) {
    if (m_scan == 0) {
        // Tolerate blank lines between requests (RFC 9112 2.2).
        qsizetype blank = 0;
        while (blank < data.size() && (data[blank] == '\r' || data[blank] == '\n'))
            ++blank;
        used += blank;
        data = data.sliced(blank);
        if (data.isEmpty())
            return Step::NeedMore;
    }
    // The header block ends at the first empty line (CRLF or a bare LF, as Qt accepted).
    qsizetype lineStart = m_scan;
    qsizetype end = -1;
    for (qsizetype nl; (nl = data.indexOf('\n', lineStart)) >= 0; lineStart = nl + 1) {
        if (lineStart > 0 && chopLineBreak(data.sliced(lineStart, nl + 1 - lineStart)).isEmpty()) {
            end = nl + 1;
            break;
        }
    }
    const QString tooLarge = QStringLiteral("headers are limited to %1 bytes");
    if (end < 0) {
        m_scan = lineStart; // the next search starts at the unfinished line
        if (const std::optional<Step> bad = checkPartialRequestLine(data))
            return bad;
        if (data.size() > m_limits.maxHeaderBytes)
            return fail(431, "request header too large", tooLarge.arg(m_limits.maxHeaderBytes));
        return Step::NeedMore;
    }
    m_scan = 0;
    used += end;
    // The request line is judged first, as when the head arrives in pieces.
    if (const std::optional<Step> bad = checkPartialRequestLine(data))
        return bad;
    if (end > m_limits.maxHeaderBytes)
        return fail(431, "request header too large", tooLarge.arg(m_limits.maxHeaderBytes));
    return parseHead(data.first(end));
}

std::optional<RequestDecoder::Step> RequestDecoder::checkPartialRequestLine(QByteArrayView data) {
    const qsizetype eol = data.indexOf('\n');
    if (eol >= 0) {
        if (!validRequestLine(chopLineBreak(data.first(eol + 1))))
            return fail(400, "bad request", QStringLiteral("malformed request line"));
    } else if (data.size() > MaxRequestLineBytes) {
        return fail(414, "request line too long",
                    QStringLiteral("at most %1 bytes").arg(MaxRequestLineBytes));
    } else if (!looksLikeMethodPrefix(data)) {
        return fail(400, "bad request", QStringLiteral("not an HTTP request"));
    }
    return std::nullopt;
}

// head: the request line and the header fields, up to and with the empty line.
std::optional<RequestDecoder::Step> RequestDecoder::parseHead(QByteArrayView head) {
    const qsizetype nl = head.indexOf('\n');
    const QByteArrayView line = chopLineBreak(head.first(nl + 1));
    if (!validRequestLine(line)) {
        return fail(400, "bad request", QStringLiteral("malformed request line"));
    }
    const qsizetype sp = line.indexOf(' ');
    m_request.method = methodFrom(line.first(sp));
    setTarget(m_request, line.sliced(sp + 1).chopped(9));
    HeadFields fields;
    if (std::optional<Step> refused = readFields(head.sliced(nl + 1), fields))
        return refused;
    return frameBody(fields, line.endsWith("1.0"));
}

std::optional<RequestDecoder::Step> RequestDecoder::readFields(QByteArrayView lines,
                                                               HeadFields &f) {
    Request &req = m_request;
    int count = 0;
    auto join = [](QByteArray &to, QByteArrayView value) {
        if (!to.isEmpty())
            to.append(", ");
        to.append(value);
    };
    for (qsizetype from = 0, nl = 0; from < lines.size(); from = nl + 1) {
        nl = lines.indexOf('\n', from);
        const QByteArrayView field = chopLineBreak(lines.sliced(from, nl + 1 - from));
        // What an intermediary may read differently is refused (RFC 9112 2.2, 5.1, 5.2): a
        // bare CR, a folded line, whitespace between a field name and its colon (found by
        // tests/fuzz/differential against llhttp).
        if (field.contains('\r') || field.startsWith(' ') || field.startsWith('\t'))
            return fail(400, "bad request", QStringLiteral("bare CR or folded header line"));
        const qsizetype colon = field.indexOf(':');
        if (colon <= 0)
            continue; // not a header field (or the final empty line): ignored, as Qt did
        if (field[colon - 1] == ' ' || field[colon - 1] == '\t')
            return fail(400, "bad request", QStringLiteral("whitespace before a header's colon"));
        if (++count > MaxHeaderFields) {
            return fail(431, "too many headers",
                        QStringLiteral("at most %1 header fields").arg(MaxHeaderFields));
        }
        const QByteArrayView name = field.first(colon).trimmed();
        const QByteArrayView value = field.sliced(colon + 1).trimmed();
        if (is(name, "content-length")) {
            // Digits only, between spaces only, and one field: two (even equal) let parsers
            // disagree on the body's end (RFC 9112 6.3; llhttp refuses both too).
            QByteArrayView number = field.sliced(colon + 1);
            while (number.startsWith(' '))
                number = number.sliced(1);
            while (number.endsWith(' '))
                number.chop(1);
            const bool digits = !number.isEmpty() && number.size() <= 18 &&
                                std::all_of(number.begin(), number.end(),
                                            [](char c) { return c >= '0' && c <= '9'; });
            if (!digits || f.length >= 0)
                return fail(400, "bad request", QStringLiteral("bad Content-Length"));
            f.length = number.toLongLong();
        } else if (is(name, "transfer-encoding")) {
            f.transferEncoding = true;
            join(f.codings, value);
        } else if (is(name, "expect")) {
            f.expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        } else if (is(name, "content-type")) {
            join(req.contentType, value);
        } else if (is(name, "authorization")) {
            join(req.authorization, value);
        } else if (is(name, "x-chord-from")) {
            join(req.from, value);
        } else if (is(name, "accept")) {
            join(f.accept, value);
        } else if (is(name, "connection")) {
            f.close = f.close || hasHeaderToken(value, "close");
            f.keepAlive = f.keepAlive || hasHeaderToken(value, "keep-alive");
        }
    }
    return std::nullopt;
}

std::optional<RequestDecoder::Step> RequestDecoder::frameBody(const HeadFields &f, bool http10) {
    Request &req = m_request;
    // Both framings: a request smuggled past an intermediary that reads the other one
    // (RFC 9112 6.1, 6.3). Refused, and the connection closes after the answer.
    if (f.transferEncoding && f.length >= 0) {
        return fail(400, "bad request",
                    QStringLiteral("both Transfer-Encoding and Content-Length"));
    }
    // `chunked` must be the final coding, as a whole element of the list (RFC 9112 6.3);
    // another coding before it is one this reader cannot decode (RFC 9112 6.1: 501).
    // So a request that has a Transfer-Encoding and is read on has a chunked body.
    const bool chunked = f.transferEncoding;
    switch (chunked ? transferCoding(f.codings) : TransferCoding::Chunked) {
    case TransferCoding::Chunked:
        break;
    case TransferCoding::Malformed:
        return fail(400, "bad request",
                    QStringLiteral("Transfer-Encoding must end with chunked, applied once"));
    case TransferCoding::Unsupported:
        return fail(501, "not implemented",
                    QStringLiteral("no transfer coding but chunked is supported"));
    }
    req.wantsJson = f.accept.contains("application/json");
    // Persistence (RFC 9112 9.3): HTTP/1.1 keeps the connection unless told to close;
    // HTTP/1.0 closes it unless the client asked for keep-alive, which is then confirmed.
    m_connectionReply = f.close || (http10 && !f.keepAlive) ? QByteArrayView("close")
                        : http10                            ? QByteArrayView("keep-alive")
                                                            : QByteArrayView();

    // The target decides the limit: node-to-node routes carry bulk transfers.
    m_bodyLimit = m_limits.bodyLimitFor(req.path);
    if (chunked) {
        m_state = State::Chunked;
        m_chunked.emplace(ChunkedDecoder::Limits{m_bodyLimit, MaxChunkLineBytes, MaxHeaderFields});
    } else if (f.length > m_bodyLimit) {
        return fail(413, "payload too large",
                    QStringLiteral("body of %1 bytes; the limit is %2 bytes")
                        .arg(f.length)
                        .arg(m_bodyLimit));
    } else if (f.length > 0) {
        m_state = State::Body;
        m_bodyLeft = f.length;
        req.body.reserve(qsizetype(std::min<qint64>(f.length, 4 * 1024 * 1024)));
    }
    if (m_state == State::Head)
        return finish();
    m_continue = f.expectContinue;
    return std::nullopt;
}

std::optional<RequestDecoder::Step> RequestDecoder::readBody(QByteArrayView data, qsizetype &used) {
    const qsizetype take = qsizetype(std::min<qint64>(m_bodyLeft, data.size()));
    m_request.body.append(data.first(take));
    used += take;
    m_bodyLeft -= take;
    if (m_bodyLeft == 0)
        return finish();
    return std::nullopt;
}

// Chunked bodies (RFC 9112 7.1, ChunkedDecoder): the running total is refused with 413 as soon
// as it is over the limit, too many trailer fields with 431, anything malformed with 400.
std::optional<RequestDecoder::Step> RequestDecoder::readChunked(QByteArrayView data,
                                                                qsizetype &used) {
    switch (m_chunked->decode(data, used, m_request.body)) {
    case ChunkedDecoder::Step::NeedMore:
        return Step::NeedMore;
    case ChunkedDecoder::Step::Done:
        m_chunked.reset();
        return finish();
    case ChunkedDecoder::Step::Error:
        break;
    }
    const QString detail = m_chunked->errorText();
    switch (m_chunked->error()) {
    case ChunkedDecoder::Error::OverLimit:
        return fail(413, "payload too large", detail);
    case ChunkedDecoder::Error::TooManyTrailers:
        return fail(431, "too many headers", detail);
    default:
        return fail(400, "bad request", detail);
    }
}

} // namespace Chord::Http
