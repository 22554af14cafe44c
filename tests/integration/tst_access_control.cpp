// --token / CHORD_TOKEN: changes need the bearer token, reads stay open unless --token-reads,
// and node-to-node calls carry it (a ring forms and replicates with the token on).
#include "LocalRing.h"

#include <QJsonObject>
#include <QTest>

using namespace Chord;

class TestAccessControl : public QObject {
    Q_OBJECT

private slots:
    void changesNeedTheToken();
    void readsCanBeGuardedToo();
};

void TestAccessControl::changesNeedTheToken() {
    LocalRing ring;
    ring.setToken(QStringLiteral("s3cret"));
    QVERIFY(ring.startRing(3)); // joins are node-to-node calls: they carry the token
    const QStringList p = ring.waitQuiet(3, 20000, false);
    QVERIFY2(p.isEmpty(), qPrintable(p.join(QLatin1Char('\n'))));
    NodeProcess *n = ring.node(1);

    const auto anonymous = ring.raw("PUT", n, "/db/k", "v");
    QCOMPARE(anonymous.status, 401);
    QVERIFY(anonymous.contentType.startsWith("application/json"));
    QVERIFY(anonymous.body.contains("unauthorized"));
    QCOMPARE(ring.raw("PUT", n, "/db/k", "v", {{"Authorization", "Bearer wrong"}}).status, 401);
    QCOMPARE(ring.raw("GET", n, "/dht/leave").status, 401);
    QCOMPARE(ring.raw("POST", n, "/dht/store-items", "{\"items\":[]}").status, 401);
    QCOMPARE(ring.raw("PUT", n, "/succ", "127.0.0.1:1").status, 401);
    QCOMPARE(ring.raw("DELETE", n, "/dht/unavailable?confirm=lost").status, 401);

    const auto authorized = ring.raw("PUT", n, "/db/k", "v", {{"Authorization", "Bearer s3cret"}});
    QCOMPARE(authorized.status, 200);
    // The owner replicated with the token: three copies.
    QCOMPARE(
        QJsonDocument::fromJson(authorized.body).object().value(QLatin1String("copies")).toInt(),
        3);
    // Reads stay open.
    QCOMPARE(ring.raw("GET", ring.node(2), "/db/k").body, QByteArray("v"));
    QCOMPARE(ring.raw("GET", n, "/nodeinfo").status, 200);
}

void TestAccessControl::readsCanBeGuardedToo() {
    LocalRing ring;
    ring.setToken(QStringLiteral("s3cret"), true);
    QVERIFY(ring.startRing(2));
    NodeProcess *n = ring.node(0);
    QCOMPARE(ring.raw("GET", n, "/nodeinfo").status, 401);
    QCOMPARE(ring.raw("GET", n, "/db/k").status, 401);
    QCOMPARE(ring.raw("GET", n, "/nodeinfo", {}, {{"Authorization", "Bearer s3cret"}}).status, 200);
    QVERIFY(ring.call("PUT", n, "/db/k", "v", "text/plain").ok());
    QCOMPARE(ring.raw("GET", ring.node(1), "/db/k", {}, {{"Authorization", "Bearer s3cret"}}).body,
             QByteArray("v"));
}

QTEST_GUILESS_MAIN(TestAccessControl)
#include "tst_access_control.moc"
