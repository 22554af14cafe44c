// FaultyPeerClient (issue 12): the outgoing half of link faults, on the fake transport and a
// manual clock. A lost call is never made and fails when its own timeout has passed, as a
// timeout (status 0, never "refused"); a delayed one is made after its delay.
#include "FakeTransport.h"
#include "FaultyPeerClient.h"
#include "ManualScheduler.h"

#include <QTest>

using namespace Chord;

class TestFaultyPeerClient : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void noFaultPassesThrough();
    void cutFailsAfterTheCallsTimeout();
    void delayWaitsThenCalls();
    void delayPastTheTimeoutFailsAsTheTimeout();
    void incomingFaultsLeaveCallsAlone();
    void lossFollowsTheSeed();

private:
    void setFaults(const char *direction, LinkFault fault, quint64 seed = 1);
    qint64 msSince(qint64 startNs) const { return (m_clock.nowNs() - startNs) / 1000000; }

    ManualScheduler m_clock;
    std::unique_ptr<FakeTransport> m_net;
    std::unique_ptr<ChordNode> m_peer;
    NodeRef m_peerRef;
    LinkFaults m_faults{QStringLiteral("127.0.0.1:7000")};
    std::unique_ptr<FaultyPeerClient> m_client;
};

void TestFaultyPeerClient::init() {
    NodeConfig config;
    config.space = IdSpace(8);
    config.self = NodeRef{QStringLiteral("p"), QStringLiteral("127.0.0.1"), 7001, 1};
    config.autoMaintenance = false;
    m_net = std::make_unique<FakeTransport>();
    m_peer = std::make_unique<ChordNode>(config, m_net.get(), &m_clock);
    m_net->add(m_peer.get());
    m_peerRef = config.self;
    m_faults.clear();
    m_client = std::make_unique<FaultyPeerClient>(m_net.get(), &m_faults, &m_clock);
}

void TestFaultyPeerClient::cleanup() {
    m_client.reset();
    m_peer.reset();
    m_net.reset();
}

void TestFaultyPeerClient::setFaults(const char *direction, LinkFault fault, quint64 seed) {
    LinkRule rule;
    rule.peer = m_peerRef.address();
    rule.out = qstrcmp(direction, "in") != 0;
    rule.in = qstrcmp(direction, "out") != 0;
    rule.fault = fault;
    LinkFaultTable table;
    table.links = {rule};
    table.seed = seed;
    QCOMPARE(m_faults.set(table), QString());
}

void TestFaultyPeerClient::noFaultPassesThrough() {
    const qint64 start = m_clock.nowNs();
    QVERIFY(QCoro::waitFor(m_client->ping(m_peerRef)).ok());
    QVERIFY(QCoro::waitFor(m_client->neighbors(m_peerRef)).ok());
    QCOMPARE(m_net->calls(), 2);
    QCOMPARE(msSince(start), 0);
}

void TestFaultyPeerClient::cutFailsAfterTheCallsTimeout() {
    LinkFault cut;
    cut.cut = true;
    setFaults("both", cut);
    struct Case {
        const char *call;
        std::function<int()> status; // runs the call, returns its status, -1 if it succeeded
        qint64 timeoutMs;
    };
    QString error;
    bool refused = false;
    auto status = [&](auto result) {
        error = result.error;
        refused = refused || result.connectionRefused(); // a silent link, not a process gone
        return result.ok() ? -1 : result.status;
    };
    const Item item{QStringLiteral("k"), 1, "v", 1, false};
    const QList<Case> cases{
        {"ping", [&] { return status(QCoro::waitFor(m_client->ping(m_peerRef))); }, 1000},
        {"find-successor",
         [&] { return status(QCoro::waitFor(m_client->findSuccessorStep(m_peerRef, 5, 0))); },
         1000},
        {"rectify",
         [&] { return status(QCoro::waitFor(m_client->rectify(m_peerRef, m_peerRef, 0, false))); },
         3000},
        {"fetch",
         [&] { return status(QCoro::waitFor(m_client->fetch(m_peerRef, QStringLiteral("k"), 0))); },
         3000},
        {"owner write",
         [&] { return status(QCoro::waitFor(m_client->ownerWrite(m_peerRef, OwnerWrite{}, 0))); },
         6000},
        {"departure",
         [&] { return status(QCoro::waitFor(m_client->departure(m_peerRef, 0, std::nullopt))); },
         3000},
        {"store one item",
         [&] {
             return status(
                 QCoro::waitFor(m_client->storeItems(m_peerRef, {item}, 0, StoreAs::Handoff)));
         },
         3000},
        {"small hand-off",
         [&] {
             return status(QCoro::waitFor(
                 m_client->storeItems(m_peerRef, {item, item}, 0, StoreAs::Handoff)));
         },
         3000},
        {"bulk hand-off",
         [&] {
             return status(QCoro::waitFor(m_client->storeItems(
                 m_peerRef, QList<Item>(SmallExchangeItems + 1, item), 0, StoreAs::Handoff)));
         },
         30000},
    };
    for (const Case &c : cases) {
        const qint64 start = m_clock.nowNs();
        QCOMPARE(c.status(), 0);
        QCOMPARE(msSince(start), c.timeoutMs);
        QVERIFY(!refused);
        QVERIFY2(error.startsWith(QStringLiteral("timed out after %1 ms").arg(c.timeoutMs)) &&
                     error.contains(QLatin1String("link cut")),
                 qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(c.call), error)));
    }
    QCOMPARE(m_net->calls(), 0); // nothing was sent
    QCOMPARE(m_faults.counters().droppedOut, quint64(cases.size()));
    m_faults.clear();
    QVERIFY(QCoro::waitFor(m_client->ping(m_peerRef)).ok());
}

void TestFaultyPeerClient::delayWaitsThenCalls() {
    LinkFault slow;
    slow.delayMs = 250;
    setFaults("out", slow);
    const qint64 start = m_clock.nowNs();
    QVERIFY(QCoro::waitFor(m_client->ping(m_peerRef)).ok());
    QCOMPARE(msSince(start), 250);
    QCOMPARE(m_net->calls(), 1);
    QCOMPARE(m_faults.counters().delayedOut, 1u);
}

void TestFaultyPeerClient::delayPastTheTimeoutFailsAsTheTimeout() {
    LinkFault slow;
    slow.delayMs = 5000;
    setFaults("out", slow);
    const qint64 start = m_clock.nowNs();
    const auto r = QCoro::waitFor(m_client->ping(m_peerRef));
    QVERIFY(!r.ok());
    QCOMPARE(r.status, 0);
    QVERIFY2(r.error.contains(QLatin1String("delayed 5000 ms")), qPrintable(r.error));
    QCOMPARE(msSince(start), 1000);
    QCOMPARE(m_net->calls(), 0);
    // Within its timeout, the same delay on a bulk call goes through.
    const Item item{QStringLiteral("k"), 1, "v", 1, false};
    QVERIFY(
        QCoro::waitFor(m_client->storeItems(m_peerRef, QList<Item>(SmallExchangeItems + 1, item), 0,
                                            StoreAs::Handoff))
            .ok());
    QCOMPARE(m_net->calls(), 1);
}

void TestFaultyPeerClient::incomingFaultsLeaveCallsAlone() {
    LinkFault cut;
    cut.cut = true;
    setFaults("in", cut);
    const qint64 start = m_clock.nowNs();
    QVERIFY(QCoro::waitFor(m_client->ping(m_peerRef)).ok());
    QCOMPARE(msSince(start), 0);
}

void TestFaultyPeerClient::lossFollowsTheSeed() {
    auto pattern = [&](quint64 seed) {
        LinkFault lossy;
        lossy.loss = 0.5;
        setFaults("out", lossy, seed);
        QString out;
        for (int i = 0; i < 64; ++i)
            out += QCoro::waitFor(m_client->ping(m_peerRef)).ok() ? QLatin1Char('.')
                                                                  : QLatin1Char('x');
        return out;
    };
    const QString first = pattern(42);
    QCOMPARE(pattern(42), first);
    QVERIFY(first.contains(QLatin1Char('x')) && first.contains(QLatin1Char('.')));
    QCOMPARE(m_net->calls(), 2 * first.count(QLatin1Char('.')));
}

QTEST_GUILESS_MAIN(TestFaultyPeerClient)
#include "tst_faultypeerclient.moc"
