#include "ChunkedDecoder.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

namespace Chord::Http {

namespace {

// What may follow a chunk size: nothing, or `;name[=value]` repeated, with token names and
// token or quoted values (RFC 9112 7.1.1). The extensions are ignored, but a malformed one is
// refused as llhttp refuses it (tests/fuzz/differential).
bool validChunkExtensions(QByteArrayView extensions) {
    const auto tchar = [](char c) {
        return std::isalnum(uchar(c)) || (c != 0 && std::strchr("!#$%&'*+-.^_`|~", c));
    };
    while (!extensions.isEmpty()) {
        if (!extensions.startsWith(';'))
            return false;
        extensions = extensions.sliced(1);
        qsizetype n = 0;
        while (n < extensions.size() && tchar(extensions[n]))
            ++n;
        if (n == 0)
            return false;
        extensions = extensions.sliced(n);
        if (!extensions.startsWith('='))
            continue;
        extensions = extensions.sliced(1);
        if (extensions.startsWith('"')) {
            const qsizetype close = extensions.indexOf('"', 1);
            if (close < 0)
                return false;
            extensions = extensions.sliced(close + 1);
            continue;
        }
        n = 0;
        while (n < extensions.size() && tchar(extensions[n]))
            ++n;
        if (n == 0)
            return false;
        extensions = extensions.sliced(n);
    }
    return true;
}

} // namespace

ChunkedDecoder::Step ChunkedDecoder::fail(Error error) {
    m_error = error;
    m_state = State::Done;
    return Step::Error;
}

QString ChunkedDecoder::errorText() const {
    switch (m_error) {
    case Error::None:
        return {};
    case Error::LineTooLong:
        return QStringLiteral("chunk line too long");
    case Error::BadSize:
        return QStringLiteral("bad chunk size");
    case Error::NoCrlfAfterData:
        return QStringLiteral("chunk data not followed by CRLF");
    case Error::BareCr:
        return QStringLiteral("bare CR in a chunk line");
    case Error::OverLimit:
        return QStringLiteral("chunked body over %1 bytes").arg(m_limits.maxBody);
    case Error::TooManyTrailers:
        return QStringLiteral("too many trailer fields");
    }
    return {};
}

ChunkedDecoder::Step ChunkedDecoder::decode(QByteArrayView data, qsizetype &used,
                                            QByteArray &body) {
    qsizetype at = 0;
    while (m_state != State::Done) {
        const QByteArrayView rest = data.sliced(at);
        if (rest.isEmpty())
            break;
        if (m_state == State::Data) {
            const qsizetype take = qsizetype(std::min<qint64>(m_left, rest.size()));
            body.append(rest.first(take));
            at += take;
            m_left -= take;
            if (m_left == 0)
                m_state = State::DataEnd;
            continue;
        }
        if (const std::optional<Step> step = readLine(rest, at)) {
            used += at;
            return *step;
        }
    }
    used += at;
    if (m_error != Error::None)
        return Step::Error;
    return m_state == State::Done ? Step::Done : Step::NeedMore;
}

// One line: a size line, the CRLF after chunk data, or a trailer line. nullopt: it was read,
// go on; NeedMore: it has not ended yet.
std::optional<ChunkedDecoder::Step> ChunkedDecoder::readLine(QByteArrayView data, qsizetype &at) {
    // After chunk data only CRLF may come: anything else fails at its first byte, before a
    // line end arrives (the same answer for any split of the bytes).
    if (m_state == State::DataEnd && (data[0] != '\r' || (data.size() > 1 && data[1] != '\n')))
        return fail(Error::NoCrlfAfterData);
    const qsizetype nl = data.indexOf('\n');
    // A line over the limit fails whether or not its end has arrived yet.
    if (nl < 0 || nl > m_limits.maxLineBytes) {
        if (nl >= 0 || data.size() > m_limits.maxLineBytes)
            return fail(Error::LineTooLong);
        return Step::NeedMore;
    }
    const QByteArrayView raw = data.first(nl + 1);
    QByteArrayView line = raw.first(nl);
    if (line.endsWith('\r'))
        line.chop(1);
    at += nl + 1;
    // Chunk data ends with CRLF exactly, and no line of the body holds a bare CR: otherwise
    // parsers disagree on where the body ends (found by tests/fuzz/differential).
    if (m_state == State::DataEnd && raw != "\r\n")
        return fail(Error::NoCrlfAfterData);
    if (line.contains('\r'))
        return fail(Error::BareCr);
    switch (m_state) {
    case State::DataEnd:
        m_state = State::Size;
        return std::nullopt;
    case State::Trailer:
        if (line.isEmpty()) {
            m_state = State::Done;
            return Step::Done;
        }
        if (++m_trailerFields > m_limits.maxTrailerFields)
            return fail(Error::TooManyTrailers);
        return std::nullopt;
    default:
        break;
    }
    // chunk-size [ ";" extensions ]: hex digits first.
    qsizetype digits = 0;
    while (digits < line.size() && std::isxdigit(uchar(line[digits])))
        ++digits;
    if (digits == 0 || digits > 16 || !validChunkExtensions(line.sliced(digits)))
        return fail(Error::BadSize);
    const quint64 declared = line.first(digits).toULongLong(nullptr, 16);
    const qint64 size = qint64(std::min<quint64>(declared, quint64(m_limits.maxBody) + 1));
    // Compared before adding: a huge declared size must not overflow the running total.
    if (size > m_limits.maxBody - m_total)
        return fail(Error::OverLimit);
    m_total += size;
    if (size == 0) {
        m_state = State::Trailer;
        m_trailerFields = 0;
    } else {
        m_state = State::Data;
        m_left = size;
    }
    return std::nullopt;
}

} // namespace Chord::Http
