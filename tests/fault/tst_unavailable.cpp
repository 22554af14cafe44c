// Below the stable base (docs/CONSISTENCY.md, "The stable base"; docs/API.md, "Unavailable
// keys"): all r = 3 nodes that held an arc's copies are SIGKILLed at once. The node that takes
// the arc over reports it in GET /nodeinfo ("unavailable") and answers 503 for its keys (never
// "absent", never another value) while every other key keeps its value. DELETE
// /dht/unavailable without ?confirm=lost is refused and changes nothing; with it, the lost keys
// read as absent, the others keep their values, and a lost key written again reads back.
#include "FaultKit.h"

#include "IdSpace.h"
#include "JsonCodec.h"

#include <QJsonObject>
#include <QTest>

using namespace Chord;
using namespace FaultKit;

class TestUnavailable : public QObject {
    Q_OBJECT

private slots:
    void crashOfAllHoldersIsReportedAndReleased();

private:
    // GET of every key through `via` (round-robin): status and body per key.
    QHash<QString, Response> readAll(const QList<NodeProcess *> &via,
                                     const QHash<QString, QByteArray> &data);
    QNetworkAccessManager m_net;
};

QHash<QString, Response> TestUnavailable::readAll(const QList<NodeProcess *> &via,
                                                  const QHash<QString, QByteArray> &data) {
    QList<Request> requests;
    const QStringList keys = data.keys();
    for (qsizetype i = 0; i < keys.size(); ++i)
        requests.append({"GET", via[i % via.size()], keyPath(keys[i]), {}});
    const QList<Response> answers = bulk(m_net, requests);
    QHash<QString, Response> out;
    for (qsizetype i = 0; i < keys.size(); ++i)
        out.insert(keys[i], answers[i]);
    return out;
}

void TestUnavailable::crashOfAllHoldersIsReportedAndReleased() {
    LocalRing ring(Bits, StabilizeMs, Replicas);
    LogDir logs(QStringLiteral("unavailable"));
    QVERIFY(startRing(ring, 6, logs));
    QVERIFY(ring.waitQuiet(6, 60000, false).isEmpty());
    const auto data = makeData(QStringLiteral("unav"), 60);
    QVERIFY(putAll(m_net, ring.running(), data).isEmpty());
    QVERIFY(ring.waitQuiet(6, 60000, true).isEmpty());

    // The owner of the arc at order[2] and its two successors: every copy of that arc.
    const QList<quint16> order = ringPorts(ring, ring.node(0));
    QCOMPARE(order.size(), 6);
    NodeProcess *heir = byPort(ring.running(), order[5]);
    QList<NodeProcess *> victims;
    for (int k = 2; k <= 4; ++k)
        victims << byPort(ring.running(), order[k]);
    for (NodeProcess *victim : victims) {
        QVERIFY(victim && victim != ring.node(0));
        ring.crash(victim); // SIGKILL, all three within a few milliseconds
    }
    QVERIFY(ring.waitQuiet(3, 60000, false).isEmpty());
    QJsonObject range;
    QTRY_VERIFY_WITH_TIMEOUT(
        (range = ring.call("GET", heir, "/nodeinfo")->object().value(u"unavailable").toObject(),
         !range.isEmpty()),
        20000);
    const IdSpace space(Bits);
    const Id from = range.value(u"from").toString().toULongLong();
    const Id to = range.value(u"to").toString().toULongLong();
    const auto inRange = [&](const QString &key) {
        return Interval::containsOpenClosed(space, from, to, space.hashKey(key));
    };
    int lost = 0;
    for (const QString &key : data.keys())
        lost += inRange(key) ? 1 : 0;
    qInfo("%d of %lld keys were in the arc whose holders all crashed", lost,
          qlonglong(data.size()));
    QVERIFY(lost > 0);

    // Unavailable: 503 for those keys, the value for every other one.
    const auto checkReads = [&](bool released) {
        QStringList wrong;
        const auto answers = readAll(ring.running(), data);
        for (auto it = answers.begin(); it != answers.end(); ++it) {
            const Response &r = it.value();
            const bool ok = !inRange(it.key()) ? r.status == 200 && r.body == data[it.key()]
                            : released         ? r.status == 200 && r.found == "false"
                                               : r.status == 503;
            if (!ok)
                wrong << QStringLiteral("%1 (in the range: %2): %3 %4")
                             .arg(it.key())
                             .arg(inRange(it.key()))
                             .arg(r.status)
                             .arg(QString::fromUtf8(r.body.left(200)));
        }
        return wrong;
    };
    QStringList wrong = checkReads(false);
    QVERIFY2(wrong.isEmpty(), qPrintable(joined(wrong)));

    // Refused without the confirmation; nothing changes.
    for (const QByteArray &path :
         {QByteArray("/dht/unavailable"), QByteArray("/dht/unavailable?confirm=yes")}) {
        const LocalRing::Raw refused = ring.raw("DELETE", heir, path);
        QCOMPARE(refused.status, 400);
        QVERIFY2(refused.body.contains("confirmation missing"), refused.body.constData());
    }
    QCOMPARE(ring.raw("GET", heir, "/dht/unavailable").status, 405);
    QVERIFY(!ring.call("GET", heir, "/nodeinfo")->object().value(u"unavailable").isNull());

    // Released: the lost keys are absent, the others keep their values.
    const auto released = ring.call("DELETE", heir, "/dht/unavailable?confirm=lost");
    QVERIFY2(released.ok(), qPrintable(released.error));
    QCOMPARE(released->object().value(u"released").toObject(), range);
    QVERIFY(released->object().value(u"unavailable").isNull());
    QVERIFY(ring.call("GET", heir, "/nodeinfo")->object().value(u"unavailable").isNull());
    wrong = checkReads(true);
    QVERIFY2(wrong.isEmpty(), qPrintable(joined(wrong)));

    // A lost key written again reads back through every node.
    const auto lostKey = std::find_if(data.keyBegin(), data.keyEnd(), inRange);
    QHash<QString, QByteArray> again{{*lostKey, "written again"}};
    QVERIFY(putAll(m_net, ring.running(), again).isEmpty());
    QVERIFY(lostKeys(m_net, ring.running(), again).isEmpty());
    const auto nothing = ring.call("DELETE", heir, "/dht/unavailable?confirm=lost");
    QVERIFY(nothing.ok());
    QVERIFY(nothing->object().value(u"released").isNull());
}

QTEST_MAIN(TestUnavailable)
#include "tst_unavailable.moc"
