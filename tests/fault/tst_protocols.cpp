// The original Chord protocol beside Zave's on real chord-node processes (issue 12;
// docs/CONSISTENCY.md, "The original protocol beside Zave's"): one scripted fault schedule,
// run once with --protocol original and once with --protocol zave, checked from GET /nodeinfo
// of every node the test started with the checker of `chordctl check` (checkRing).
//
// The schedule is the published failure of the paper's join (Zave, "Using lightweight
// modeling to understand Chord", CCR 2012): a joiner takes only its successor, and that
// successor fails before the joiner's first stabilize. With the paper's protocol the joiner
// keeps a dead successor for good and nobody points at it: the ring has lost a member. With
// Zave's, the joiner copied its successor's list at join and stabilizes past the dead node.
#include "FaultKit.h"

#include "JsonCodec.h"
#include "RingInvariants.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Chord;
using namespace FaultKit;
using namespace Qt::StringLiterals;

namespace {

constexpr int ProtocolBits = 16;

// The views of `nodes` from their GET /nodeinfo; empty (with `error` set) when one fails.
QList<RingMemberView> viewsOf(LocalRing &ring, const QList<NodeProcess *> &nodes, QString *error) {
    QList<RingMemberView> views;
    for (NodeProcess *n : nodes) {
        const auto info = ring.call("GET", n, "/nodeinfo");
        if (!info.ok()) {
            *error = QStringLiteral("%1: GET /nodeinfo failed: %2").arg(n->spec().name, info.error);
            return {};
        }
        const QJsonObject o = info->object();
        const std::optional<NodeRef> self = Json::toNode(o);
        const std::optional<QList<NodeRef>> successors =
            Json::toNodes(o.value(QLatin1String("successors")));
        if (!self || !successors) {
            *error = QStringLiteral("%1: bad /nodeinfo").arg(n->spec().name);
            return {};
        }
        views.append({*self, Json::toNode(o.value(QLatin1String("pred"))), *successors, {}});
    }
    return views;
}

QStringList violations(LocalRing &ring, const QList<NodeProcess *> &nodes) {
    QString error;
    const QList<RingMemberView> views = viewsOf(ring, nodes, &error);
    if (views.isEmpty())
        return {error};
    QStringList out;
    for (const RingViolation &v : checkRing(IdSpace(ProtocolBits), views, 0))
        out << describe(v);
    return out;
}

bool setPaused(LocalRing &ring, NodeProcess *node, bool paused) {
    const QByteArray body = paused ? QByteArray(R"({"paused": true})")
                                   : QByteArray(R"({"paused": false, "periodMs": 150})");
    return ring.call("PUT", node, "/dht/maintenance", body).ok();
}

} // namespace

class TestProtocols : public QObject {
    Q_OBJECT

private slots:
    void joinerLosesItsOnlySuccessor_data();
    void joinerLosesItsOnlySuccessor();
};

void TestProtocols::joinerLosesItsOnlySuccessor_data() {
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<bool>("breaks");
    QTest::newRow("original") << QStringLiteral("original") << true;
    QTest::newRow("zave") << QStringLiteral("zave") << false;
}

void TestProtocols::joinerLosesItsOnlySuccessor() {
    QFETCH(QString, protocol);
    QFETCH(bool, breaks);
    LogDir logs(QStringLiteral("protocols-") + protocol);
    LocalRing ring(ProtocolBits, StabilizeMs, Replicas);
    auto args = [&](const QString &name) {
        return logs.arguments(name) + QStringList{QStringLiteral("--protocol"), protocol};
    };
    // A ring of three: a@1000, b@20000, c@40000.
    NodeProcess *a = ring.start(QStringLiteral("a"), nullptr, 1000, 0, args(QStringLiteral("a")));
    QVERIFY(a);
    NodeProcess *b = ring.start(QStringLiteral("b"), a, 20000, 0, args(QStringLiteral("b")));
    QVERIFY(b);
    NodeProcess *c = ring.start(QStringLiteral("c"), a, 40000, 0, args(QStringLiteral("c")));
    QVERIFY(c);
    const auto info = ring.call("GET", a, "/nodeinfo");
    QVERIFY(info.ok());
    QCOMPARE(info->object().value(QLatin1String("protocol")).toString(), protocol);
    const QStringList quiet = ring.waitQuiet(3, 30000, false, a);
    QVERIFY2(quiet.isEmpty(), qPrintable(joined(quiet)));

    // Maintenance paused everywhere: j joins between b and c (successor c) and runs no round
    // (a period of ten minutes, then paused) before c is killed.
    for (NodeProcess *n : {a, b, c})
        QVERIFY(setPaused(ring, n, true));
    NodeProcess *j =
        ring.start(QStringLiteral("j"), a, 30000, 0,
                   args(QStringLiteral("j")) +
                       QStringList{QStringLiteral("--stabilize-ms"), QStringLiteral("600000")});
    QVERIFY(j);
    QVERIFY(setPaused(ring, j, true));
    const auto joinedInfo = ring.call("GET", j, "/nodeinfo");
    QVERIFY(joinedInfo.ok());
    qInfo("%s: j joined with successors %s", qPrintable(protocol),
          QJsonDocument(joinedInfo->object().value(QLatin1String("successors")).toArray())
              .toJson(QJsonDocument::Compact)
              .constData());
    ring.crash(c);

    // Rounds again, every 150 ms: give the ring 40 rounds to repair.
    for (NodeProcess *n : {a, b, j})
        QVERIFY(setPaused(ring, n, false));
    const QList<NodeProcess *> members{a, b, j};
    QStringList found;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 6000) {
        QTest::qWait(300);
        found = violations(ring, members);
        if (found.isEmpty() && !breaks)
            break;
    }
    qInfo("%s after %lld ms: %s", qPrintable(protocol), t.elapsed(),
          found.isEmpty() ? "one ordered ring" : qPrintable(joined(found)));
    if (breaks) // j keeps the dead c, and b and a close the ring without it
        QVERIFY2(found.contains(u"j@30000: successor is c@40000, expected a@1000"_s) &&
                     found.contains(u"b@20000: successor is a@1000, expected j@30000"_s),
                 qPrintable(joined(found)));
    else
        QVERIFY2(found.isEmpty(), qPrintable(joined(found)));
}

QTEST_GUILESS_MAIN(TestProtocols)
#include "tst_protocols.moc"
