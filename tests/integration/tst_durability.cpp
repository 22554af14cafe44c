// --data-dir: a whole ring killed at once (SIGKILL, no hand-off) and restarted on the same
// ports and data directories loses nothing, deletes included.
#include "LocalRing.h"
#include "RequestParsing.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Chord;

class TestDurability : public QObject {
    Q_OBJECT

private slots:
    void wholeRingRestartKeepsEveryKey();
    void tornJournalTailIsDropped();
};

void TestDurability::wholeRingRestartKeepsEveryKey() {
    QTemporaryDir dirs;
    QVERIFY(dirs.isValid());
    auto dataDir = [&](int i) {
        return QStringList{QStringLiteral("--data-dir"),
                           dirs.filePath(QStringLiteral("n%1").arg(i))};
    };
    QList<quint16> ports;
    {
        LocalRing ring;
        NodeProcess *first = ring.start(QStringLiteral("n0"), nullptr, std::nullopt, 0, dataDir(0));
        QVERIFY(first);
        for (int i = 1; i < 4; ++i)
            QVERIFY(ring.start(QStringLiteral("n%1").arg(i), first, std::nullopt, 0, dataDir(i)));
        for (NodeProcess *n : ring.running())
            ports.append(n->port());
        for (int k = 0; k < 200; ++k)
            QVERIFY(ring.call("PUT", ring.node(k % 4), "/db/k" + QByteArray::number(k),
                              "v" + QByteArray::number(k), "text/plain")
                        .ok());
        QVERIFY(ring.call("DELETE", ring.node(1), "/db/k7").ok());
        // Leaving scope SIGKILLs every node: no hand-off, nothing flushed at exit.
    }
    LocalRing ring;
    NodeProcess *first =
        ring.start(QStringLiteral("n0"), nullptr, std::nullopt, ports[0], dataDir(0));
    QVERIFY(first);
    for (int i = 1; i < 4; ++i)
        QVERIFY(
            ring.start(QStringLiteral("n%1").arg(i), first, std::nullopt, ports[i], dataDir(i)));
    const QStringList p = ring.waitQuiet(4, 30000, true);
    QVERIFY2(p.isEmpty(), qPrintable(p.join(QLatin1Char('\n'))));
    for (int k = 0; k < 200; ++k) {
        const auto got = ring.raw("GET", ring.node(k % 4), "/db/k" + QByteArray::number(k));
        QCOMPARE(got.body, k == 7 ? QByteArray() : "v" + QByteArray::number(k));
    }
}

void TestDurability::tornJournalTailIsDropped() {
    QTemporaryDir dir;
    const QStringList args{QStringLiteral("--data-dir"), dir.path()};
    quint16 port = 0;
    {
        LocalRing ring;
        NodeProcess *n = ring.start(QStringLiteral("solo"), nullptr, std::nullopt, 0, args);
        QVERIFY(n);
        port = n->port();
        for (int k = 0; k < 20; ++k)
            QVERIFY(ring.call("PUT", n, "/db/k" + QByteArray::number(k), "v", "text/plain").ok());
    }
    QFile log(dir.filePath(QStringLiteral("journal.log")));
    QVERIFY(log.open(QIODevice::Append));
    log.write("\x43\x48\x4a\x31\x00\x00\x10\x00garbage"); // a record cut short by a crash
    log.close();
    LocalRing ring;
    NodeProcess *n = ring.start(QStringLiteral("solo"), nullptr, std::nullopt, port, args);
    QVERIFY(n);
    for (int k = 0; k < 20; ++k)
        QCOMPARE(ring.raw("GET", n, "/db/k" + QByteArray::number(k)).body, QByteArray("v"));
    QVERIFY(ring.call("PUT", n, "/db/after", "ok", "text/plain").ok());
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
