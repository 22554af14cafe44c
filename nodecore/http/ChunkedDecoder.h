#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Chord::Http {

// The chunked transfer coding (RFC 9112 7.1) with no socket, shared by the server's request
// side (RequestDecoder) and the client's response side (ResponseParser): size lines whose
// extensions are checked and ignored, chunk data ended by CRLF exactly, trailer fields
// skipped up to the empty line. Every limit is checked on the bytes as they arrive, and bytes
// in any split give the same answer (tests/fuzz/fuzz_http, tests/unit/tst_requestdecoder).
class ChunkedDecoder {
public:
    enum class Step {
        NeedMore, // all that could be decoded was; the rest is an unfinished line or nothing
        Done,     // the body and its trailer are complete
        Error,    // error(); nothing more is decoded
    };
    enum class Error {
        None,
        LineTooLong,     // a size or trailer line over maxLineBytes
        BadSize,         // not hex digits (at most 16), or malformed extensions
        NoCrlfAfterData, // chunk data not followed by CRLF
        BareCr,          // a CR inside a size or trailer line
        OverLimit,       // the sizes declared so far add up to more than maxBody
        TooManyTrailers, // more than maxTrailerFields trailer fields
    };
    struct Limits {
        qint64 maxBody = 0;
        qsizetype maxLineBytes = 4096;
        int maxTrailerFields = 100;
    };

    explicit ChunkedDecoder(Limits limits)
        : m_limits(limits) {}

    // Decodes from the front of `data`, appends chunk data to `body`, and adds what it used to
    // `used`.
    Step decode(QByteArrayView data, qsizetype &used, QByteArray &body);
    Error error() const { return m_error; }
    // For the error answers: "chunk line too long", "bad chunk size", ...
    QString errorText() const;
    const Limits &limits() const { return m_limits; }

private:
    enum class State { Size, Data, DataEnd, Trailer, Done };
    Step fail(Error error);
    std::optional<Step> readLine(QByteArrayView data, qsizetype &at);

    Limits m_limits;
    State m_state = State::Size;
    qint64 m_total = 0; // declared so far
    qint64 m_left = 0;  // of the current chunk's data
    int m_trailerFields = 0;
    Error m_error = Error::None;
};

} // namespace Chord::Http
