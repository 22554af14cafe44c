// The register checker of chord-sim, on hand-made histories: it must catch what the
// contract forbids (docs/CONSISTENCY.md) and excuse only what the contract allows.
#include "SimHistory.h"

#include <QTest>

using namespace Chord::Sim;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 S = 1000000000;

struct Builder {
    SimHistory history;
    void write(const QString &value, qint64 from, qint64 to, bool ok = true) {
        const int i = history.invoke(SimHistory::Kind::Put, QStringLiteral("k"), value,
                                     QStringLiteral("n0"), from);
        history.op(i).endNs = to;
        history.op(i).status = ok ? SimHistory::Status::Ok : SimHistory::Status::TimedOut;
    }
    void read(const QString &value, qint64 from, qint64 to) {
        const int i = history.invoke(SimHistory::Kind::Get, QStringLiteral("k"), {},
                                     QStringLiteral("n1"), from);
        history.op(i).endNs = to;
        history.op(i).status = SimHistory::Status::Ok;
        history.op(i).found = !value.isEmpty();
        history.op(i).value = value;
    }
};

} // namespace

class TestSimHistory : public QObject {
    Q_OBJECT

private slots:
    void latestValueIsFine() {
        Builder b;
        b.write(u"v1"_s, 1 * S, 2 * S);
        b.write(u"v2"_s, 3 * S, 4 * S);
        b.read(u"v2"_s, 5 * S, 6 * S);
        QVERIFY(b.history.check().isEmpty());
    }
    void staleReadIsCaught() {
        Builder b;
        b.write(u"v1"_s, 1 * S, 2 * S);
        b.write(u"v2"_s, 3 * S, 4 * S);
        b.read(u"v1"_s, 5 * S, 6 * S);
        QCOMPARE(b.history.check().size(), 1);
        QVERIFY(b.history.check().front().startsWith(u"stale read"_s));
    }
    void absentAfterWriteIsCaught() {
        Builder b;
        b.write(u"v1"_s, 1 * S, 2 * S);
        b.read({}, 3 * S, 4 * S);
        QCOMPARE(b.history.check().size(), 1);
    }
    void concurrentWritesMayReadEither() {
        Builder b;
        b.write(u"v1"_s, 1 * S, 3 * S);
        b.write(u"v2"_s, 2 * S, 4 * S);
        b.read(u"v1"_s, 5 * S, 6 * S);
        QVERIFY(b.history.check().isEmpty());
    }
    // Within a split, a read may miss a write acknowledged in the other part, and two writes
    // in it are concurrent; a write from before the split still orders as always.
    void splitExcusesOnlyWhatOverlapsIt() {
        Builder b;
        b.write(u"v0"_s, 1 * S, 2 * S); // before the split
        b.write(u"v1"_s, 11 * S, 12 * S);
        b.write(u"v2"_s, 13 * S, 14 * S);
        b.read(u"v1"_s, 15 * S, 16 * S); // during the split
        b.read(u"v1"_s, 30 * S, 31 * S); // after it
        b.history.addSplit(10 * S, 20 * S);
        QVERIFY2(b.history.check().isEmpty(), qPrintable(b.history.check().join(u'\n')));
        b.read(u"v0"_s, 32 * S, 33 * S); // v0 was superseded by writes from the split
        QCOMPARE(b.history.check().size(), 1);
    }
    void readAfterSplitSeesWritesAfterIt() {
        Builder b;
        b.write(u"v1"_s, 11 * S, 12 * S);
        b.history.addSplit(10 * S, 20 * S);
        b.write(u"v2"_s, 25 * S, 26 * S);
        b.read(u"v1"_s, 30 * S, 31 * S);
        QCOMPARE(b.history.check().size(), 1);
    }
    void valueFromTheFutureIsCaught() {
        Builder b;
        b.read(u"v1"_s, 1 * S, 2 * S);
        b.write(u"v1"_s, 3 * S, 4 * S);
        QCOMPARE(b.history.check().size(), 1);
    }
};

QTEST_APPLESS_MAIN(TestSimHistory)
#include "tst_simhistory.moc"
