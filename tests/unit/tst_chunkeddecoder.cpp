// The chunked transfer coding that the server's request side and the client's response side
// share (nodecore/http/ChunkedDecoder): each row whole, split in two at every position, and
// one byte at a time, with the same answer every time.
#include "ChunkedDecoder.h"

#include <QTest>

using namespace Chord::Http;

class TestChunkedDecoder : public QObject {
    Q_OBJECT

private slots:
    void everySplit_data();
    void everySplit();
    void stopsAtTheEndOfTheBody();
};

namespace {

struct Outcome {
    ChunkedDecoder::Step step = ChunkedDecoder::Step::NeedMore;
    ChunkedDecoder::Error error = ChunkedDecoder::Error::None;
    QByteArray body;
    qsizetype used = 0;
};

Outcome decodeInPieces(const QList<QByteArray> &pieces, ChunkedDecoder::Limits limits) {
    ChunkedDecoder decoder(limits);
    Outcome out;
    QByteArray pending;
    for (const QByteArray &piece : pieces) {
        pending += piece;
        qsizetype used = 0;
        out.step = decoder.decode(pending, used, out.body);
        out.used += used;
        pending.remove(0, used);
        if (out.step != ChunkedDecoder::Step::NeedMore)
            break;
    }
    out.error = decoder.error();
    return out;
}

} // namespace

void TestChunkedDecoder::everySplit_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("step");  // ChunkedDecoder::Step
    QTest::addColumn<int>("error"); // ChunkedDecoder::Error
    QTest::addColumn<QByteArray>("body");
    using S = ChunkedDecoder::Step;
    using E = ChunkedDecoder::Error;
    const auto row = [](const char *name, QByteArray bytes, S step, E error, QByteArray body) {
        QTest::newRow(name) << bytes << int(step) << int(error) << body;
    };
    row("two chunks", "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", S::Done, E::None, "abcde");
    row("hex, upper and lower", "A\r\n0123456789\r\nb\r\n0123456789a\r\n0\r\n\r\n", S::Done,
        E::None, "01234567890123456789a");
    row("extensions ignored", "3;name=value;flag;q=\"a b\"\r\nabc\r\n0\r\n\r\n", S::Done, E::None,
        "abc");
    row("trailer fields skipped", "1\r\nx\r\n0\r\nA: 1\r\nB: 2\r\n\r\n", S::Done, E::None, "x");
    row("bare LF ends a size line", "1\nx\r\n0\n\n", S::Done, E::None, "x");
    row("not finished", "3\r\nab", S::NeedMore, E::None, "ab");
    row("no size digits", "zz\r\n", S::Error, E::BadSize, "");
    row("seventeen digits", "00000000000000001\r\nx\r\n0\r\n\r\n", S::Error, E::BadSize, "");
    row("malformed extension", "3;=x\r\nabc\r\n0\r\n\r\n", S::Error, E::BadSize, "");
    row("space before the extension", "3 ;a\r\nabc\r\n0\r\n\r\n", S::Error, E::BadSize, "");
    row("data not followed by CRLF", "1\r\nxyz", S::Error, E::NoCrlfAfterData, "x");
    row("data followed by LF only", "1\r\nx\n0\r\n\r\n", S::Error, E::NoCrlfAfterData, "x");
    row("bare CR in a size line", "1\rx\r\nx\r\n0\r\n\r\n", S::Error, E::BareCr, "");
    row("over the limit at once", "ffffffffffffffff\r\n", S::Error, E::OverLimit, "");
    row("over the limit in sum", "40\r\n" + QByteArray(64, 'a') + "\r\n1\r\n", S::Error,
        E::OverLimit, QByteArray(64, 'a'));
    row("size line too long", "1;" + QByteArray(40, 'a') + "\r\n", S::Error, E::LineTooLong, "");
    row("unfinished line too long", "1;" + QByteArray(40, 'a'), S::Error, E::LineTooLong, "");
    row("too many trailer fields", "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", S::Error,
        E::TooManyTrailers, "");
}

void TestChunkedDecoder::everySplit() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, step);
    QFETCH(int, error);
    QFETCH(QByteArray, body);
    // Small limits, so that the rows can reach them: 64 bytes of body, lines of 32 bytes,
    // three trailer fields.
    const ChunkedDecoder::Limits limits{64, 32, 3};
    QList<QList<QByteArray>> splits{{bytes}};
    for (qsizetype i = 1; i < bytes.size(); ++i)
        splits.append({bytes.left(i), bytes.mid(i)});
    QList<QByteArray> bytewise;
    for (char c : bytes)
        bytewise.append(QByteArray(1, c));
    splits.append(bytewise);
    for (const QList<QByteArray> &pieces : splits) {
        const Outcome out = decodeInPieces(pieces, limits);
        QCOMPARE(int(out.step), step);
        QCOMPARE(int(out.error), error);
        QCOMPARE(out.body, body);
    }
}

void TestChunkedDecoder::stopsAtTheEndOfTheBody() {
    // What follows the body (a pipelined request, the next response) is not consumed.
    const QByteArray bytes = "2\r\nab\r\n0\r\n\r\nGET / HTTP/1.1\r\n";
    ChunkedDecoder decoder({1024, 4096, 100});
    QByteArray body;
    qsizetype used = 0;
    QCOMPARE(decoder.decode(bytes, used, body), ChunkedDecoder::Step::Done);
    QCOMPARE(body, QByteArray("ab"));
    QCOMPARE(bytes.sliced(used), QByteArray("GET / HTTP/1.1\r\n"));
    // Done stays done.
    qsizetype more = 0;
    QCOMPARE(decoder.decode(bytes.sliced(used), more, body), ChunkedDecoder::Step::Done);
    QCOMPARE(more, 0);
}

QTEST_GUILESS_MAIN(TestChunkedDecoder)
#include "tst_chunkeddecoder.moc"
