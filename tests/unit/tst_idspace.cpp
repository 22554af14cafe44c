#include "IdSpace.h"

#include <QRandomGenerator>
#include <QTest>

#include <vector>

using namespace Chord;
using namespace Qt::StringLiterals;

namespace {

// Identifiers in the tables are unsigned 64-bit; this keeps the rows short.
constexpr quint64 operator""_u64(unsigned long long v) {
    return v;
}

enum class Brackets { OpenOpen, OpenClosed, ClosedOpen, ClosedClosed };

bool contains(Brackets kind, const IdSpace &s, Id a, Id b, Id x) {
    switch (kind) {
    case Brackets::OpenOpen:
        return Interval::containsOpenOpen(s, a, b, x);
    case Brackets::OpenClosed:
        return Interval::containsOpenClosed(s, a, b, x);
    case Brackets::ClosedOpen:
        return Interval::containsClosedOpen(s, a, b, x);
    case Brackets::ClosedClosed:
        return Interval::containsClosedClosed(s, a, b, x);
    }
    return false;
}

bool closedLeft(Brackets k) {
    return k == Brackets::ClosedOpen || k == Brackets::ClosedClosed;
}
bool closedRight(Brackets k) {
    return k == Brackets::OpenClosed || k == Brackets::ClosedClosed;
}

// The reference: walk the circle one step at a time from a to b and mark what is passed.
// An arc from a to a goes once around: (a, a) is everything but a, the others everything.
std::vector<bool> walkArc(Brackets kind, quint64 size, quint64 a, quint64 b) {
    std::vector<bool> in(size, false);
    for (quint64 x = (a + 1) % size; x != b; x = (x + 1) % size)
        in[x] = true;
    if (closedRight(kind) || (a == b && closedLeft(kind)))
        in[b] = true;
    if (closedLeft(kind))
        in[a] = true;
    return in;
}

// A second, independent reference for any m: the textbook case split on a < b, a > b, a == b,
// done in 128-bit arithmetic so that nothing wraps.
bool unwrapped(Brackets kind, Id a, Id b, Id x) {
    if (a == b)
        return kind != Brackets::OpenOpen || x != a;
    const bool lo = closedLeft(kind) ? x >= a : x > a;
    const bool hiOk = closedRight(kind) ? x <= b : x < b;
    if (a < b)
        return lo && hiOk;
    // The arc wraps past 2^m - 1 to 0.
    return lo || hiOk;
}

constexpr Brackets AllKinds[] = {Brackets::OpenOpen, Brackets::OpenClosed, Brackets::ClosedOpen,
                                 Brackets::ClosedClosed};

const char *kindName(Brackets k) {
    switch (k) {
    case Brackets::OpenOpen:
        return "(a,b)";
    case Brackets::OpenClosed:
        return "(a,b]";
    case Brackets::ClosedOpen:
        return "[a,b)";
    case Brackets::ClosedClosed:
        return "[a,b]";
    }
    return "?";
}

quint64 maskOf(int m) {
    return m == 64 ? ~quint64(0) : (quint64(1) << m) - 1;
}

// (n + 2^i) mod 2^m without relying on quint64 wrap-around.
Id fingerReference(int m, Id n, int i) {
    const unsigned __int128 sum = (unsigned __int128)n + ((unsigned __int128)1 << i);
    return Id(sum & maskOf(m));
}

} // namespace

class TestIdSpace : public QObject {
    Q_OBJECT

private slots:
    void maskAndBits_data();
    void maskAndBits();
    void bitsOutOfRangeAreClamped();
    void arithmeticWraps_data();
    void arithmeticWraps();

    void intervalHandTable_data();
    void intervalHandTable();
    void intervalExhaustiveSmallM_data();
    void intervalExhaustiveSmallM();
    void intervalEdges_data();
    void intervalEdges();
    void intervalShortArcsWalkedForEveryM_data();
    void intervalShortArcsWalkedForEveryM();
    void intervalRandomAgainstCaseSplit();

    void fingerStart_data();
    void fingerStart();
    void fingerStartEveryIForEveryM();

    void midpoint_data();
    void midpoint();
    void midpointLiesHalfway();

    void hashKnownValues_data();
    void hashKnownValues();
    void hashReducesToMBits();
    void hashKeyIsUtf8();

    void parse_data();
    void parse();
    void parseRoundTripsToString();
};

void TestIdSpace::maskAndBits_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<quint64>("mask");
    for (int m = IdSpace::MinBits; m <= IdSpace::MaxBits; ++m)
        QTest::addRow("m=%d", m) << m << maskOf(m);
}

void TestIdSpace::maskAndBits() {
    QFETCH(int, bits);
    QFETCH(quint64, mask);
    const IdSpace s(bits);
    QCOMPARE(s.bits(), bits);
    QCOMPARE(s.mask(), mask);
    QVERIFY(s.isValid(mask));
    QVERIFY(s.isValid(0));
    if (bits < 64) {
        QVERIFY(!s.isValid(mask + 1));
        QCOMPARE(s.reduce(mask + 1), Id(0));
    }
    QCOMPARE(s.reduce(~quint64(0)), mask);
}

void TestIdSpace::bitsOutOfRangeAreClamped() {
    QCOMPARE(IdSpace(2).bits(), 3);
    QCOMPARE(IdSpace(0).bits(), 3);
    QCOMPARE(IdSpace(65).bits(), 64);
    QCOMPARE(IdSpace().bits(), 64);
}

void TestIdSpace::arithmeticWraps_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<quint64>("a");
    QTest::addColumn<quint64>("b");
    QTest::addColumn<quint64>("sum");
    QTest::addColumn<quint64>("difference");
    QTest::addColumn<quint64>("distanceAtoB");
    QTest::newRow("m3 7+1") << 3 << 7_u64 << 1_u64 << 0_u64 << 6_u64 << 2_u64;
    QTest::newRow("m3 0-1") << 3 << 0_u64 << 1_u64 << 1_u64 << 7_u64 << 1_u64;
    QTest::newRow("m6 56+16") << 6 << 56_u64 << 16_u64 << 8_u64 << 40_u64 << 24_u64;
    QTest::newRow("m6 8-14") << 6 << 8_u64 << 14_u64 << 22_u64 << 58_u64 << 6_u64;
    QTest::newRow("m6 equal") << 6 << 21_u64 << 21_u64 << 42_u64 << 0_u64 << 0_u64;
    QTest::newRow("m64 max+1") << 64 << ~0_u64 << 1_u64 << 0_u64 << (~0_u64 - 1) << 2_u64;
    QTest::newRow("m64 0-1") << 64 << 0_u64 << 1_u64 << 1_u64 << ~0_u64 << 1_u64;
    QTest::newRow("m63 top+top") << 63 << (1_u64 << 62) << (1_u64 << 62) << 0_u64 << 0_u64 << 0_u64;
}

void TestIdSpace::arithmeticWraps() {
    QFETCH(int, bits);
    QFETCH(quint64, a);
    QFETCH(quint64, b);
    const IdSpace s(bits);
    QTEST(s.add(a, b), "sum");
    QTEST(s.subtract(a, b), "difference");
    QTEST(s.distance(a, b), "distanceAtoB");
    QCOMPARE(s.add(s.subtract(a, b), b), s.reduce(a));
}

// Literal expectations a reader can check by hand on the m = 6 circle of the Chord paper.
void TestIdSpace::intervalHandTable_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<quint64>("a");
    QTest::addColumn<quint64>("b");
    QTest::addColumn<quint64>("x");
    QTest::addColumn<bool>("openOpen");
    QTest::addColumn<bool>("openClosed");
    QTest::addColumn<bool>("closedOpen");
    QTest::addColumn<bool>("closedClosed");
    // clang-format off
    QTest::newRow("inside plain")     << 6 << 8_u64  << 14_u64 << 10_u64 << true  << true  << true  << true;
    QTest::newRow("x == a")           << 6 << 8_u64  << 14_u64 << 8_u64  << false << false << true  << true;
    QTest::newRow("x == b")           << 6 << 8_u64  << 14_u64 << 14_u64 << false << true  << false << true;
    QTest::newRow("outside plain")    << 6 << 8_u64  << 14_u64 << 20_u64 << false << false << false << false;
    QTest::newRow("below a")          << 6 << 8_u64  << 14_u64 << 1_u64  << false << false << false << false;
    QTest::newRow("wrap inside high") << 6 << 56_u64 << 1_u64  << 60_u64 << true  << true  << true  << true;
    QTest::newRow("wrap inside 63")   << 6 << 56_u64 << 1_u64  << 63_u64 << true  << true  << true  << true;
    QTest::newRow("wrap inside 0")    << 6 << 56_u64 << 1_u64  << 0_u64  << true  << true  << true  << true;
    QTest::newRow("wrap x == b")      << 6 << 56_u64 << 1_u64  << 1_u64  << false << true  << false << true;
    QTest::newRow("wrap x == a")      << 6 << 56_u64 << 1_u64  << 56_u64 << false << false << true  << true;
    QTest::newRow("wrap outside")     << 6 << 56_u64 << 1_u64  << 30_u64 << false << false << false << false;
    QTest::newRow("a==b x==a")        << 6 << 21_u64 << 21_u64 << 21_u64 << false << true  << true  << true;
    QTest::newRow("a==b x other")     << 6 << 21_u64 << 21_u64 << 20_u64 << true  << true  << true  << true;
    QTest::newRow("0 to max")         << 6 << 0_u64  << 63_u64 << 63_u64 << false << true  << false << true;
    QTest::newRow("max to 0 x 0")     << 6 << 63_u64 << 0_u64  << 0_u64  << false << true  << false << true;
    QTest::newRow("max to 0 x max")   << 6 << 63_u64 << 0_u64  << 63_u64 << false << false << true  << true;
    QTest::newRow("max to 0 x mid")   << 6 << 63_u64 << 0_u64  << 32_u64 << false << false << false << false;
    QTest::newRow("adjacent a a+1")   << 6 << 5_u64  << 6_u64  << 6_u64  << false << true  << false << true;
    QTest::newRow("m64 wrap 0")       << 64 << ~0_u64 << 1_u64 << 0_u64  << true  << true  << true  << true;
    QTest::newRow("m64 max to 0")     << 64 << ~0_u64 << 0_u64 << 0_u64  << false << true  << false << true;
    QTest::newRow("m64 whole circle") << 64 << 0_u64 << 0_u64  << ~0_u64 << true  << true  << true  << true;
    QTest::newRow("m64 0..max x max") << 64 << 0_u64 << ~0_u64 << ~0_u64 << false << true  << false << true;
    // clang-format on
}

void TestIdSpace::intervalHandTable() {
    QFETCH(int, bits);
    QFETCH(quint64, a);
    QFETCH(quint64, b);
    QFETCH(quint64, x);
    const IdSpace s(bits);
    QTEST(Interval::containsOpenOpen(s, a, b, x), "openOpen");
    QTEST(Interval::containsOpenClosed(s, a, b, x), "openClosed");
    QTEST(Interval::containsClosedOpen(s, a, b, x), "closedOpen");
    QTEST(Interval::containsClosedClosed(s, a, b, x), "closedClosed");
}

void TestIdSpace::intervalExhaustiveSmallM_data() {
    QTest::addColumn<int>("bits");
    for (int m = 3; m <= 8; ++m)
        QTest::addRow("m=%d", m) << m;
}

// Every (a, b, x) and every bracket variant against the walk.
void TestIdSpace::intervalExhaustiveSmallM() {
    QFETCH(int, bits);
    const IdSpace s(bits);
    const quint64 n = quint64(1) << bits;
    qint64 checked = 0;
    for (Brackets kind : AllKinds) {
        for (quint64 a = 0; a < n; ++a) {
            for (quint64 b = 0; b < n; ++b) {
                const std::vector<bool> ref = walkArc(kind, n, a, b);
                for (quint64 x = 0; x < n; ++x) {
                    ++checked;
                    if (contains(kind, s, a, b, x) != ref[x]) {
                        QFAIL(qPrintable(u"%1 with a=%2 b=%3 x=%4: got %5, the walk says %6"_s
                                             .arg(QLatin1String(kindName(kind)))
                                             .arg(a)
                                             .arg(b)
                                             .arg(x)
                                             .arg(!ref[x])
                                             .arg(bool(ref[x]))));
                    }
                }
            }
        }
    }
    QCOMPARE(checked, qint64(4 * n * n * n));
}

// Every combination of the edge values 0, 1, 2^(m-1), 2^m - 2, 2^m - 1 (so a == b, x == a and
// x == b all occur), for every m, against the case-split reference.
void TestIdSpace::intervalEdges_data() {
    QTest::addColumn<int>("bits");
    for (int m = IdSpace::MinBits; m <= IdSpace::MaxBits; ++m)
        QTest::addRow("m=%d", m) << m;
}

void TestIdSpace::intervalEdges() {
    QFETCH(int, bits);
    const IdSpace s(bits);
    const quint64 mask = maskOf(bits);
    const quint64 edges[] = {0, 1, 2, quint64(1) << (bits - 1), mask - 2, mask - 1, mask};
    int checked = 0;
    for (Brackets kind : AllKinds) {
        for (quint64 a : edges) {
            for (quint64 b : edges) {
                for (quint64 x : edges) {
                    ++checked;
                    const bool want = unwrapped(kind, a, b, x);
                    if (contains(kind, s, a, b, x) != want)
                        QFAIL(qPrintable(u"%1 m=%2 a=%3 b=%4 x=%5: expected %6"_s
                                             .arg(QLatin1String(kindName(kind)))
                                             .arg(bits)
                                             .arg(a)
                                             .arg(b)
                                             .arg(x)
                                             .arg(want)));
                }
            }
        }
    }
    QCOMPARE(checked, 4 * 7 * 7 * 7);
}

// For large m the circle cannot be walked, but a short arc can: arcs of up to 40 steps placed
// at random, around 0 and around 2^m - 1, checked point by point against a walk.
void TestIdSpace::intervalShortArcsWalkedForEveryM_data() {
    QTest::addColumn<int>("bits");
    for (int m = IdSpace::MinBits; m <= IdSpace::MaxBits; ++m)
        QTest::addRow("m=%d", m) << m;
}

void TestIdSpace::intervalShortArcsWalkedForEveryM() {
    QFETCH(int, bits);
    const IdSpace s(bits);
    const quint64 mask = maskOf(bits);
    QRandomGenerator rng(quint32(1000 + bits));
    const quint64 maxLen = std::min<quint64>(40, mask - 1);
    QList<quint64> starts{0, mask, mask - 3, quint64(1) << (bits - 1)};
    for (int i = 0; i < 20; ++i)
        starts.append(rng.generate64() & mask);
    for (Brackets kind : AllKinds) {
        for (quint64 a : starts) {
            const quint64 len = 1 + rng.bounded(quint64(maxLen));
            const Id b = s.add(a, len);
            // Walk from just before a to just after b: every point of the arc and both
            // neighbours outside it.
            Id x = s.subtract(a, 3);
            for (quint64 step = 0; step <= len + 6; ++step, x = s.add(x, 1)) {
                const quint64 off = s.distance(a, x); // position along the walk from a
                bool want = false;
                if (off == 0)
                    want = closedLeft(kind);
                else if (off < len)
                    want = true;
                else if (off == len)
                    want = closedRight(kind);
                if (contains(kind, s, a, b, x) != want)
                    QFAIL(qPrintable(
                        u"%1 m=%2 a=%3 b=%4 x=%5: expected %6"_s.arg(QLatin1String(kindName(kind)))
                            .arg(bits)
                            .arg(a)
                            .arg(b)
                            .arg(x)
                            .arg(want)));
            }
        }
    }
}

void TestIdSpace::intervalRandomAgainstCaseSplit() {
    QRandomGenerator rng(42);
    for (int m = IdSpace::MinBits; m <= IdSpace::MaxBits; ++m) {
        const IdSpace s(m);
        for (int i = 0; i < 2000; ++i) {
            const Id a = rng.generate64() & s.mask();
            const Id b = (i % 10 == 0) ? a : rng.generate64() & s.mask();
            const Id x = (i % 7 == 0) ? a : (i % 11 == 0) ? b : rng.generate64() & s.mask();
            for (Brackets kind : AllKinds) {
                if (contains(kind, s, a, b, x) != unwrapped(kind, a, b, x))
                    QFAIL(qPrintable(u"%1 m=%2 a=%3 b=%4 x=%5"_s.arg(QLatin1String(kindName(kind)))
                                         .arg(m)
                                         .arg(a)
                                         .arg(b)
                                         .arg(x)));
            }
        }
    }
}

void TestIdSpace::fingerStart_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<quint64>("n");
    QTest::addColumn<int>("i");
    QTest::addColumn<quint64>("start");
    // Node 8 of the paper's m = 6 ring: starts 9, 10, 12, 16, 24, 40.
    const quint64 node8[] = {9, 10, 12, 16, 24, 40};
    for (int i = 0; i < 6; ++i)
        QTest::addRow("m6 n8 i%d", i) << 6 << 8_u64 << i << node8[i];
    // Node 56 wraps: 57, 58, 60, 0, 8, 24.
    const quint64 node56[] = {57, 58, 60, 0, 8, 24};
    for (int i = 0; i < 6; ++i)
        QTest::addRow("m6 n56 i%d", i) << 6 << 56_u64 << i << node56[i];
    QTest::newRow("m3 n7 i2") << 3 << 7_u64 << 2 << 3_u64;
    QTest::newRow("m64 max i0") << 64 << ~0_u64 << 0 << 0_u64;
    QTest::newRow("m64 max i63") << 64 << ~0_u64 << 63 << ((1_u64 << 63) - 1);
    QTest::newRow("m64 0 i63") << 64 << 0_u64 << 63 << (1_u64 << 63);
    QTest::newRow("m63 top i62") << 63 << (1_u64 << 62) << 62 << 0_u64;
}

void TestIdSpace::fingerStart() {
    QFETCH(int, bits);
    QFETCH(quint64, n);
    QFETCH(int, i);
    QTEST(IdSpace(bits).fingerStart(n, i), "start");
}

void TestIdSpace::fingerStartEveryIForEveryM() {
    QRandomGenerator rng(7);
    for (int m = IdSpace::MinBits; m <= IdSpace::MaxBits; ++m) {
        const IdSpace s(m);
        const Id nodes[] = {0, s.mask(), s.mask() / 2, rng.generate64() & s.mask()};
        for (Id n : nodes) {
            for (int i = 0; i < m; ++i) {
                const Id start = s.fingerStart(n, i);
                QCOMPARE(start, fingerReference(m, n, i));
                QVERIFY(s.isValid(start));
                QCOMPARE(s.distance(n, start), quint64(1) << i);
            }
        }
    }
}

void TestIdSpace::midpoint_data() {
    QTest::addColumn<int>("bits");
    QTest::addColumn<quint64>("from");
    QTest::addColumn<quint64>("to");
    QTest::addColumn<quint64>("mid");
    QTest::newRow("m6 whole circle at 0") << 6 << 0_u64 << 0_u64 << 32_u64;
    QTest::newRow("m6 whole circle at 40") << 6 << 40_u64 << 40_u64 << 8_u64;
    QTest::newRow("m6 plain") << 6 << 8_u64 << 14_u64 << 11_u64;
    QTest::newRow("m6 odd length rounds down") << 6 << 8_u64 << 15_u64 << 11_u64;
    QTest::newRow("m6 wrap to 0") << 6 << 56_u64 << 8_u64 << 0_u64;
    QTest::newRow("m6 wrap to 63") << 6 << 60_u64 << 2_u64 << 63_u64;
    QTest::newRow("m6 adjacent") << 6 << 63_u64 << 0_u64 << 63_u64;
    QTest::newRow("m3 whole") << 3 << 5_u64 << 5_u64 << 1_u64;
    QTest::newRow("m64 whole at 0") << 64 << 0_u64 << 0_u64 << (1_u64 << 63);
    QTest::newRow("m64 wrap") << 64 << (~0_u64 - 1) << 2_u64 << 0_u64;
    QTest::newRow("m64 0 to max") << 64 << 0_u64 << ~0_u64 << ((1_u64 << 63) - 1);
}

void TestIdSpace::midpoint() {
    QFETCH(int, bits);
    QFETCH(quint64, from);
    QFETCH(quint64, to);
    QTEST(IdSpace(bits).midpoint(from, to), "mid");
}

void TestIdSpace::midpointLiesHalfway() {
    QRandomGenerator rng(99);
    for (int m = IdSpace::MinBits; m <= IdSpace::MaxBits; ++m) {
        const IdSpace s(m);
        for (int i = 0; i < 200; ++i) {
            const Id a = rng.generate64() & s.mask();
            const Id b = rng.generate64() & s.mask();
            if (a == b)
                continue;
            const Id mid = s.midpoint(a, b);
            QVERIFY(Interval::containsClosedOpen(s, a, b, mid));
            QCOMPARE(s.distance(a, mid), s.distance(a, b) / 2);
        }
    }
}

void TestIdSpace::hashKnownValues_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("bits");
    QTest::addColumn<quint64>("id");
    // First 8 bytes of well-known SHA-1 digests, read big-endian, then the low m bits.
    // SHA-1("") = da39a3ee5e6b4b0d..., SHA-1("abc") = a9993e364706816a...
    QTest::newRow("empty m64") << QByteArray() << 64 << 0xda39a3ee5e6b4b0d_u64;
    QTest::newRow("empty m6") << QByteArray() << 6 << 13_u64;
    QTest::newRow("abc m64") << "abc"_ba << 64 << 0xa9993e364706816a_u64;
    QTest::newRow("abc m32") << "abc"_ba << 32 << 0x4706816a_u64;
    QTest::newRow("abc m6") << "abc"_ba << 6 << 42_u64;
    QTest::newRow("abc m3") << "abc"_ba << 3 << 2_u64;
    QTest::newRow("fox m64") << "The quick brown fox jumps over the lazy dog"_ba << 64
                             << 0x2fd4e1c67a2d28fc_u64;
    QTest::newRow("fox m8") << "The quick brown fox jumps over the lazy dog"_ba << 8 << 0xfc_u64;
    QTest::newRow("hello m8") << "hello"_ba << 8 << 0xa2_u64;
    QTest::newRow("endpoint m64") << "127.0.0.1:5000"_ba << 64 << 0xb660cd6180a4629b_u64;
    QTest::newRow("endpoint m6") << "127.0.0.1:5000"_ba << 6 << 27_u64;
}

void TestIdSpace::hashKnownValues() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, bits);
    QTEST(IdSpace(bits).hash(bytes), "id");
}

void TestIdSpace::hashReducesToMBits() {
    const IdSpace full(64);
    for (int k = 0; k < 50; ++k) {
        const QByteArray key = "key-" + QByteArray::number(k);
        const Id wide = full.hash(key);
        for (int m = IdSpace::MinBits; m <= IdSpace::MaxBits; ++m) {
            const IdSpace s(m);
            const Id id = s.hash(key);
            QVERIFY(s.isValid(id));
            QCOMPARE(id, wide & s.mask());
        }
    }
}

void TestIdSpace::hashKeyIsUtf8() {
    const IdSpace s(64);
    const QString key = u"caf\u00e9/\u65e5\u672c"_s;
    QCOMPARE(s.hashKey(key), s.hash(key.toUtf8()));
    QCOMPARE(s.hashKey(u"abc"_s), 0xa9993e364706816a_u64);
    QVERIFY(s.hashKey(u"a"_s) != s.hashKey(u"b"_s));
}

void TestIdSpace::parse_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("bits");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("value");
    // clang-format off
    QTest::newRow("zero")              << u"0"_s << 6 << true << 0_u64;
    QTest::newRow("decimal")           << u"42"_s << 6 << true << 42_u64;
    QTest::newRow("leading zeros")     << u"007"_s << 6 << true << 7_u64;
    QTest::newRow("largest m6")        << u"63"_s << 6 << true << 63_u64;
    QTest::newRow("2^m m6")            << u"64"_s << 6 << false << 0_u64;
    QTest::newRow("hex")               << u"0x3f"_s << 6 << true << 63_u64;
    QTest::newRow("hex upper")         << u"0X3F"_s << 6 << true << 63_u64;
    QTest::newRow("hex 2^m")           << u"0x40"_s << 6 << false << 0_u64;
    QTest::newRow("hex zero")          << u"0x0"_s << 3 << true << 0_u64;
    QTest::newRow("largest m3")        << u"7"_s << 3 << true << 7_u64;
    QTest::newRow("2^m m3")            << u"8"_s << 3 << false << 0_u64;
    QTest::newRow("max m64")           << u"18446744073709551615"_s << 64 << true << ~0_u64;
    QTest::newRow("max hex m64")       << u"0xffffffffffffffff"_s << 64 << true << ~0_u64;
    QTest::newRow("2^64")              << u"18446744073709551616"_s << 64 << false << 0_u64;
    QTest::newRow("hex 2^64")          << u"0x10000000000000000"_s << 64 << false << 0_u64;
    QTest::newRow("2^63 m63")          << u"9223372036854775808"_s << 63 << false << 0_u64;
    QTest::newRow("2^63-1 m63")        << u"9223372036854775807"_s << 63 << true
                                       << 9223372036854775807_u64;
    QTest::newRow("outer spaces")      << u" 12 "_s << 6 << true << 12_u64;
    QTest::newRow("empty")             << QString() << 6 << false << 0_u64;
    QTest::newRow("blank")             << u"   "_s << 6 << false << 0_u64;
    QTest::newRow("negative")          << u"-1"_s << 64 << false << 0_u64;
    QTest::newRow("negative zero")     << u"-0"_s << 64 << false << 0_u64;
    QTest::newRow("plus")              << u"+5"_s << 6 << false << 0_u64;
    QTest::newRow("space inside")      << u"1 2"_s << 6 << false << 0_u64;
    QTest::newRow("tab inside")        << u"1\t2"_s << 6 << false << 0_u64;
    QTest::newRow("bare 0x")           << u"0x"_s << 6 << false << 0_u64;
    QTest::newRow("hex negative")      << u"0x-1"_s << 64 << false << 0_u64;
    QTest::newRow("hex plus")          << u"0x+1"_s << 64 << false << 0_u64;
    QTest::newRow("hex space inside")  << u"0x 1"_s << 64 << false << 0_u64;
    QTest::newRow("hex digit space")   << u"0x1 2"_s << 64 << false << 0_u64;
    QTest::newRow("hex garbage")       << u"0xg"_s << 64 << false << 0_u64;
    QTest::newRow("double prefix")     << u"0x0x1"_s << 64 << false << 0_u64;
    QTest::newRow("letters")           << u"abc"_s << 64 << false << 0_u64;
    QTest::newRow("hex without 0x")    << u"ff"_s << 64 << false << 0_u64;
    QTest::newRow("exponent")          << u"1e3"_s << 64 << false << 0_u64;
    QTest::newRow("fraction")          << u"1.0"_s << 64 << false << 0_u64;
    QTest::newRow("thousands sep")     << u"1,000"_s << 64 << false << 0_u64;
    QTest::newRow("arabic digits")     << u"\u0663"_s << 64 << false << 0_u64;
    QTest::newRow("fullwidth digit")   << u"\uff11"_s << 64 << false << 0_u64;
    // clang-format on
}

void TestIdSpace::parse() {
    QFETCH(QString, text);
    QFETCH(int, bits);
    QFETCH(bool, valid);
    QFETCH(quint64, value);
    const std::optional<Id> id = IdSpace(bits).parse(text);
    QCOMPARE(id.has_value(), valid);
    if (valid)
        QCOMPARE(*id, value);
}

void TestIdSpace::parseRoundTripsToString() {
    QRandomGenerator rng(5);
    for (int m = IdSpace::MinBits; m <= IdSpace::MaxBits; ++m) {
        const IdSpace s(m);
        for (Id id : {Id(0), s.mask(), rng.generate64() & s.mask()}) {
            QCOMPARE(s.parse(IdSpace::toString(id)), std::optional<Id>(id));
            QCOMPARE(s.parse(u"0x"_s + QString::number(id, 16)), std::optional<Id>(id));
        }
    }
}

QTEST_GUILESS_MAIN(TestIdSpace)
#include "tst_idspace.moc"
