// The consistency contract (docs/CONSISTENCY.md) under SIGSTOP/SIGCONT and restarts, on real
// chord-node processes: writes stay available while a block of nodes is paused and the last
// acknowledged value is what every node reads afterwards; a resumed owner never serves a
// value older than the last acknowledged one; a node restarted on its old port (new or same
// id) loses nothing. Every node logs into a folder that is kept when a test fails.
#include "FaultKit.h"

#include "JsonCodec.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkProxy>
#include <QSet>
#include <QTest>
#include <QUrl>

using namespace Chord;
using namespace FaultKit;

namespace {

constexpr int RingSize = 8;
constexpr int WriteDeadlineMs = 20000;
constexpr int ReadDeadlineMs = 20000;

QString nameOf(const QList<NodeProcess *> &nodes, quint16 port) {
    NodeProcess *n = byPort(nodes, port);
    return n ? QStringLiteral("%1 (%2)").arg(n->spec().name, n->address())
             : QStringLiteral("port %1").arg(port);
}

// The owner of `key` as `via` routes it now (0 when the lookup failed).
quint16 ownerOf(LocalRing &ring, NodeProcess *via, const QString &key) {
    const auto r = ring.call("GET", via, "/dht/lookup?key=" + QUrl::toPercentEncoding(key));
    if (!r.ok())
        return 0;
    const auto owner = Json::toNode(r->object().value(QLatin1String("owner")));
    return owner ? owner->port : 0;
}

// Each node's local copy of `key` (GET /dht/item: no routing), with its version, for reports.
QString copiesOf(LocalRing &ring, const QList<NodeProcess *> &nodes, const QString &key) {
    QStringList out;
    for (NodeProcess *n : nodes) {
        const auto r = ring.call("GET", n, "/dht/item?key=" + QUrl::toPercentEncoding(key));
        if (!r.ok()) {
            out.append(QStringLiteral("%1: %2").arg(n->spec().name, r.error));
            continue;
        }
        const QJsonObject o = r->object();
        const QJsonObject item = o.value(QLatin1String("item")).toObject();
        out.append(QStringLiteral("%1: %2 '%3' version %4%5%6")
                       .arg(n->spec().name,
                            o.value(QLatin1String("found")).toBool() ? QStringLiteral("found")
                                                                     : QStringLiteral("absent"),
                            QString::fromUtf8(QByteArray::fromBase64(
                                item.value(QLatin1String("value")).toString().toLatin1())),
                            item.value(QLatin1String("version")).toVariant().toString(),
                            o.value(QLatin1String("primary")).toBool() ? QStringLiteral(" primary")
                                                                       : QString(),
                            o.value(QLatin1String("unconfirmed")).toBool()
                                ? QStringLiteral(" unconfirmed")
                                : QString()));
    }
    return QStringLiteral("copies of %1: ").arg(key) + out.join(QStringLiteral("; "));
}

// `nodes` rotated so that index `start` comes first (spreads the entry nodes over the keys).
QList<NodeProcess *> rotated(const QList<NodeProcess *> &nodes, int start) {
    QList<NodeProcess *> out;
    for (int i = 0; i < nodes.size(); ++i)
        out.append(nodes[(start + i) % nodes.size()]);
    return out;
}

// One write per key, retried on 502/503 through the next entry node until acknowledged or
// the deadline. The value of attempt n is "<tag>/<key>/a<n>": every attempt is told apart.
QList<RetriedCall> writeRound(QNetworkAccessManager &net, const QList<NodeProcess *> &entry,
                              const QStringList &keys, const QString &tag) {
    QList<RetriedCall> calls;
    for (int i = 0; i < keys.size(); ++i) {
        const QByteArray prefix =
            (tag + QLatin1Char('/') + keys[i] + QStringLiteral("/a")).toUtf8();
        calls.append({"PUT",
                      keyPath(keys[i]),
                      rotated(entry, i),
                      [prefix](int attempt) { return prefix + QByteArray::number(attempt); },
                      {}});
    }
    runRetried(net, calls, {502, 503}, WriteDeadlineMs);
    return calls;
}

// Every key read from every node, retried on 503 only.
QList<RetriedCall> readEverywhere(QNetworkAccessManager &net, const QList<NodeProcess *> &nodes,
                                  const QStringList &keys) {
    QList<RetriedCall> calls;
    for (const QString &key : keys) {
        for (NodeProcess *n : nodes)
            calls.append({"GET", keyPath(key), {n}, {}, {}});
    }
    runRetried(net, calls, {503}, ReadDeadlineMs);
    return calls;
}

const Attempt *acknowledged(const RetriedCall &c) {
    const Attempt *a = c.last();
    return a && a->answer.status == 200 ? a : nullptr;
}

QString classify(const Response &r, const QByteArray &expected) {
    if (r.status != 200)
        return QStringLiteral("status %1 %2 %3")
            .arg(r.status)
            .arg(r.error, QString::fromUtf8(r.body.left(160)));
    if (r.found != "true")
        return QStringLiteral("ABSENT (X-Chord-Found '%1')").arg(QString::fromLatin1(r.found));
    if (r.body == expected)
        return QStringLiteral("ok");
    const QString got = QString::fromUtf8(r.body.left(80));
    if (!expected.contains('/'))
        return QStringLiteral("WRONG VALUE '%1'").arg(got);
    const QString expectedTag = QString::fromUtf8(expected.left(expected.indexOf('/')));
    if (!r.body.startsWith(expectedTag.toUtf8() + '/'))
        return QStringLiteral("STALE '%1'").arg(got);
    return QStringLiteral("an attempt that was not the last acknowledged one: '%1'").arg(got);
}

} // namespace

class TestPause : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void pausedBlockWhileWritesContinue_data();
    void pausedBlockWhileWritesContinue();
    void pausedOwnerResumesWithoutStaleReads();
    void restartOnSamePort_data();
    void restartOnSamePort();
    void pausedMembersIdRefusedToJoiner();

private:
    // Every node process a test started, checked gone (by pid) once its ring is destroyed.
    void track(const QList<NodeProcess *> &nodes);
    QList<qint64> m_pids;
    QNetworkAccessManager m_net;
};

void TestPause::init() {
    m_net.setProxy(QNetworkProxy::NoProxy);
    m_pids.clear();
}

void TestPause::track(const QList<NodeProcess *> &nodes) {
    for (NodeProcess *n : nodes) {
        if (!m_pids.contains(n->pid()))
            m_pids.append(n->pid());
    }
}

void TestPause::cleanup() {
    // The test's LocalRing is gone: it SIGKILLed its nodes by pid and reaped them.
    QStringList alive;
    for (qint64 pid : std::as_const(m_pids)) {
        if (processAlive(pid))
            alive.append(QString::number(pid));
    }
    QVERIFY2(alive.isEmpty(),
             qPrintable(QStringLiteral("node processes still alive: ") + alive.join(u' ')));
}

void TestPause::pausedBlockWhileWritesContinue_data() {
    QTest::addColumn<int>("paused");
    QTest::newRow("1 paused") << 1;
    QTest::newRow("2 consecutive paused") << 2;
    QTest::newRow("3 consecutive paused") << 3;
}

void TestPause::pausedBlockWhileWritesContinue() {
    QFETCH(int, paused);
    LogDir logs(QStringLiteral("tst_pause-block-%1").arg(paused));
    LocalRing ring(Bits, StabilizeMs, Replicas);
    QVERIFY(startRing(ring, RingSize, logs));
    track(ring.running());
    NodeProcess *first = ring.node(0);
    VERIFY_QUIET(ring.waitQuiet(RingSize, 60000, false, first));

    const auto v1 = makeData(QStringLiteral("pb%1").arg(paused), 50);
    QStringList keys = v1.keys();
    keys.sort();
    QHash<QString, QByteArray> v1Values;
    for (const QString &k : keys)
        v1Values.insert(k, "v1/" + k.toUtf8());
    const QStringList notAcked = putAll(m_net, ring.running(), v1Values);
    QVERIFY2(notAcked.isEmpty(), qPrintable(joined(notAcked)));

    // The block: `paused` consecutive nodes, not n1 (the survey node), owning the most keys.
    const QList<quint16> order = ringPorts(ring, first);
    QCOMPARE(order.size(), RingSize);
    QHash<QString, quint16> ownerBefore;
    for (const QString &k : keys) {
        ownerBefore.insert(k, ownerOf(ring, first, k));
        QVERIFY2(ownerBefore.value(k) != 0, qPrintable(k));
    }
    QList<quint16> block;
    int blockKeys = -1;
    for (int s = 0; s < RingSize; ++s) {
        QList<quint16> candidate;
        for (int j = 0; j < paused; ++j)
            candidate.append(order[(s + j) % RingSize]);
        if (candidate.contains(first->port()))
            continue;
        int owned = 0;
        for (const QString &k : keys)
            owned += candidate.contains(ownerBefore.value(k)) ? 1 : 0;
        if (owned > blockKeys) {
            block = candidate;
            blockKeys = owned;
        }
    }
    QVERIFY2(blockKeys > 0, "no key is owned by any block of nodes without n1");
    const QList<NodeProcess *> all = ring.running();
    QStringList blockNames;
    for (quint16 p : block)
        blockNames.append(nameOf(all, p));

    QElapsedTimer t;
    t.start();
    for (quint16 p : block) {
        byPort(all, p)->pause();
        QCOMPARE(byPort(all, p)->state(), NodeProcess::State::Paused);
    }
    const QList<NodeProcess *> live = ring.running();
    QCOMPARE(int(live.size()), RingSize - paused);

    const QList<RetriedCall> v2 = writeRound(m_net, live, keys, QStringLiteral("v2"));
    const qint64 v2Ms = t.elapsed();
    const QList<RetriedCall> v3 = writeRound(m_net, live, keys, QStringLiteral("v3"));
    const qint64 v3Ms = t.elapsed();
    for (quint16 p : block)
        byPort(all, p)->resume();
    const qint64 resumedMs = t.elapsed();

    // Every write of either round answered 200, 502 or 503, and was acknowledged in time.
    QStringList problems;
    QHash<QString, QByteArray> expected;
    for (int i = 0; i < keys.size(); ++i) {
        QByteArray value = v1Values.value(keys[i]);
        for (const auto *round : {&v2, &v3}) {
            const RetriedCall &c = (*round)[i];
            if (const Attempt *a = acknowledged(c))
                value = a->sent;
            else
                problems.append(QStringLiteral("%1 (owner before the pause %2): %3 write not "
                                               "acknowledged within %4 ms: %5")
                                    .arg(keys[i], nameOf(all, ownerBefore.value(keys[i])),
                                         round == &v2 ? QStringLiteral("v2") : QStringLiteral("v3"))
                                    .arg(WriteDeadlineMs)
                                    .arg(describeAttempts(c)));
        }
        expected.insert(keys[i], value);
    }
    qint64 worstV2 = 0;
    qint64 worstV3 = 0;
    int retriedKeys = 0;
    for (int i = 0; i < keys.size(); ++i) {
        worstV2 = std::max(worstV2, v2[i].attempts.last().answeredMs);
        worstV3 = std::max(worstV3, v3[i].attempts.last().answeredMs);
        retriedKeys += v2[i].attempts.size() > 1 || v3[i].attempts.size() > 1 ? 1 : 0;
    }
    qInfo("paused %s (%d of 50 keys owned there): v2 round %lld ms (slowest key %lld ms), v3 round "
          "%lld ms (slowest key %lld ms), %d keys needed retries; resumed at %lld ms",
          qPrintable(blockNames.join(QStringLiteral(", "))), blockKeys, v2Ms, worstV2, v3Ms - v2Ms,
          worstV3, retriedKeys, resumedMs);

    const QStringList quiet = ring.waitQuiet(RingSize, 60000, true, first);
    if (!quiet.isEmpty())
        problems.append(QStringLiteral("ring not quiet 60 s after SIGCONT: ") + joined(quiet));
    qInfo("quiet (or gave up) %lld ms after SIGCONT", t.elapsed() - resumedMs);

    const QList<NodeProcess *> everyone = ring.running();
    QCOMPARE(int(everyone.size()), RingSize);
    const QList<RetriedCall> reads = readEverywhere(m_net, everyone, keys);
    int bad = 0;
    QStringList copies;
    for (int i = 0; i < keys.size(); ++i) {
        const QString &key = keys[i];
        for (int j = 0; j < everyone.size(); ++j) {
            const RetriedCall &r = reads[i * everyone.size() + j];
            const QString verdict = classify(r.last()->answer, expected.value(key));
            if (verdict == QLatin1String("ok"))
                continue;
            ++bad;
            if (copies.size() < 5 && !copies.contains(key))
                copies.append(key);
            problems.append(
                QStringLiteral("%1 read at %2: %3, expected '%4' (owner before the pause %5, "
                               "now %6); reads: %7; v2 writes: %8; v3 writes: %9")
                    .arg(key, nameOf(everyone, everyone[j]->port()), verdict,
                         QString::fromUtf8(expected.value(key)),
                         nameOf(all, ownerBefore.value(key)),
                         nameOf(all, ownerOf(ring, first, key)), describeAttempts(r),
                         describeAttempts(v2[i]), describeAttempts(v3[i])));
        }
    }
    for (auto it = copies.rbegin(); it != copies.rend(); ++it)
        problems.prepend(copiesOf(ring, everyone, *it));
    qInfo("%d of %lld reads wrong; paused block %s; node logs in %s (kept if the test fails)", bad,
          qlonglong(reads.size()), qPrintable(blockNames.join(QStringLiteral(", "))),
          qPrintable(logs.path()));
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 problems (paused %2; logs %3):\n")
                            .arg(problems.size())
                            .arg(blockNames.join(QStringLiteral(", ")), logs.path()) +
                        joined(problems)));
}

void TestPause::pausedOwnerResumesWithoutStaleReads() {
    LogDir logs(QStringLiteral("tst_pause-owner"));
    LocalRing ring(Bits, StabilizeMs, Replicas);
    QVERIFY(startRing(ring, RingSize, logs));
    track(ring.running());
    NodeProcess *first = ring.node(0);
    VERIFY_QUIET(ring.waitQuiet(RingSize, 60000, false, first));
    const QList<NodeProcess *> all = ring.running();

    // A key that n1 does not own (n1 stays the survey node).
    QString key;
    quint16 ownerPort = 0;
    for (int i = 0; i < 100 && key.isEmpty(); ++i) {
        const QString candidate = QStringLiteral("resume-%1").arg(i);
        const quint16 p = ownerOf(ring, first, candidate);
        if (p != 0 && p != first->port()) {
            key = candidate;
            ownerPort = p;
        }
    }
    QVERIFY(!key.isEmpty());
    NodeProcess *owner = byPort(all, ownerPort);
    QVERIFY(owner);
    const QByteArray v1 = "v1/" + key.toUtf8();
    QVERIFY(putAll(m_net, {first}, {{key, v1}}).isEmpty());

    QElapsedTimer t;
    t.start();
    owner->pause();
    QCOMPARE(owner->state(), NodeProcess::State::Paused);
    const QList<NodeProcess *> live = ring.running();
    const QList<RetriedCall> v2 = writeRound(m_net, live, {key}, QStringLiteral("v2"));
    const Attempt *acked = acknowledged(v2[0]);
    QVERIFY2(acked,
             qPrintable(QStringLiteral("%1: v2 not acknowledged within %2 ms while its "
                                       "owner %3 is paused: %4 (logs %5)")
                            .arg(key)
                            .arg(WriteDeadlineMs)
                            .arg(nameOf(all, ownerPort), describeAttempts(v2[0]), logs.path())));
    const QByteArray expected = acked->sent;
    const qint64 ackMs = t.elapsed();
    owner->resume();
    QCOMPARE(owner->state(), NodeProcess::State::Running);

    // At once, and for 3 s: the resumed owner answers v2 or 503, nothing older, never absent.
    QElapsedTimer r;
    r.start();
    QStringList log;
    QStringList wrong;
    int served = 0;
    int unavailable = 0;
    while (r.elapsed() < 3000) {
        const qint64 sent = r.elapsed();
        const LocalRing::Raw a = ring.raw("GET", owner, keyPath(key));
        const QString line = QStringLiteral("t=%1..%2ms %3 found '%4' owner '%5' '%6'")
                                 .arg(sent)
                                 .arg(r.elapsed())
                                 .arg(a.status)
                                 .arg(QString::fromLatin1(a.header("X-Chord-Found")),
                                      QString::fromLatin1(a.header("X-Chord-Owner")),
                                      QString::fromUtf8(a.body.left(120)));
        log.append(line);
        if (a.status == 503) {
            ++unavailable;
        } else if (a.status == 200 && a.header("X-Chord-Found") == "true" && a.body == expected) {
            ++served;
        } else {
            wrong.append(line);
        }
    }
    qInfo("owner %s paused %lld ms (v2 acknowledged after %lld ms, %lld attempts); reads after "
          "SIGCONT: %d x v2, %d x 503, %lld wrong",
          qPrintable(nameOf(all, ownerPort)), ackMs, acked->answeredMs,
          qlonglong(v2[0].attempts.size()), served, unavailable, qlonglong(wrong.size()));
    QVERIFY2(
        wrong.isEmpty(),
        qPrintable(QStringLiteral("%1 (owner %2, v1 '%3', acknowledged v2 '%4'): wrong reads "
                                  "at the resumed owner:\n%5\nall reads: %6\nv2 writes: "
                                  "%7\nlogs %8")
                       .arg(key, nameOf(all, ownerPort), QString::fromUtf8(v1),
                            QString::fromUtf8(expected), wrong.join(u'\n'),
                            log.join(QStringLiteral("; ")), describeAttempts(v2[0]), logs.path())));

    // And once the ring is quiet again, every node reads v2.
    VERIFY_QUIET(ring.waitQuiet(RingSize, 60000, true, first));
    const QList<RetriedCall> reads = readEverywhere(m_net, ring.running(), {key});
    QStringList bad;
    for (const RetriedCall &c : reads) {
        if (classify(c.last()->answer, expected) != QLatin1String("ok"))
            bad.append(
                QStringLiteral("at %1: %2").arg(c.last()->via->address(), describeAttempts(c)));
    }
    QVERIFY2(
        bad.isEmpty(),
        qPrintable(QStringLiteral("%1, expected '%2':\n").arg(key, QString::fromUtf8(expected)) +
                   joined(bad)));
}

void TestPause::restartOnSamePort_data() {
    QTest::addColumn<bool>("sameId");
    QTest::newRow("new id") << false;
    QTest::newRow("same id") << true;
}

void TestPause::restartOnSamePort() {
    QFETCH(bool, sameId);
    LogDir logs(QStringLiteral("tst_pause-restart-%1")
                    .arg(sameId ? QStringLiteral("same") : QStringLiteral("new")));
    LocalRing ring(Bits, StabilizeMs, Replicas);
    QVERIFY(startRing(ring, RingSize, logs));
    track(ring.running());
    NodeProcess *first = ring.node(0);
    VERIFY_QUIET(ring.waitQuiet(RingSize, 60000, false, first));
    const auto data = makeData(QStringLiteral("restart"), 100);
    const QStringList notAcked = putAll(m_net, ring.running(), data);
    QVERIFY2(notAcked.isEmpty(), qPrintable(joined(notAcked)));
    VERIFY_QUIET(ring.waitQuiet(RingSize, 60000, true, first));

    const QList<quint16> order = ringPorts(ring, first);
    QCOMPARE(order.size(), RingSize);
    NodeProcess *victim = byPort(ring.running(), order[3]);
    QVERIFY(victim && victim != first);
    const auto info = ring.call("GET", victim, "/nodeinfo");
    QVERIFY(info.ok());
    bool okId = false;
    const quint64 oldId = info->object().value(QLatin1String("id")).toString().toULongLong(&okId);
    QVERIFY(okId);
    const quint16 port = victim->port();
    ring.crash(victim);
    QCOMPARE(victim->state(), NodeProcess::State::Exited);

    QElapsedTimer t;
    t.start();
    NodeProcess *again = ring.start(QStringLiteral("restarted"), first,
                                    sameId ? std::optional<quint64>(oldId) : std::nullopt, port,
                                    logs.arguments(QStringLiteral("restarted")));
    QVERIFY2(again, "the restarted node did not come up on its old port");
    track({again});
    QCOMPARE(again->port(), port);
    const QStringList quiet = ring.waitQuiet(RingSize, 60000, true, first);
    const qint64 quietMs = t.elapsed();
    const auto infoAgain = ring.call("GET", again, "/nodeinfo");
    QVERIFY(infoAgain.ok());
    const quint64 newId = infoAgain->object().value(QLatin1String("id")).toString().toULongLong();
    qInfo("restarted on port %u with id %llu (old id %llu): quiet after %lld ms", unsigned(port),
          qulonglong(newId), qulonglong(oldId), quietMs);
    QVERIFY2(quiet.isEmpty(),
             qPrintable(QStringLiteral("logs %1:\n").arg(logs.path()) + joined(quiet)));
    if (sameId)
        QCOMPARE(newId, oldId);

    // Eight distinct members: ports and ids.
    const QList<quint16> after = ringPorts(ring, first);
    QCOMPARE(int(after.size()), RingSize);
    QCOMPARE(int(QSet<quint16>(after.begin(), after.end()).size()), RingSize);
    QCOMPARE(after.count(port), 1);
    const RingSurvey s = ring.survey(first);
    QSet<Id> ids;
    for (const NodeSnapshot &m : s.members)
        ids.insert(m.self.id);
    QCOMPARE(int(ids.size()), RingSize);

    // No acknowledged key lost, read from every node.
    QStringList keys = data.keys();
    keys.sort();
    const QList<NodeProcess *> everyone = ring.running();
    QCOMPARE(int(everyone.size()), RingSize);
    const QList<RetriedCall> reads = readEverywhere(m_net, everyone, keys);
    QStringList lost;
    for (int i = 0; i < keys.size(); ++i) {
        for (int j = 0; j < everyone.size(); ++j) {
            const RetriedCall &c = reads[i * everyone.size() + j];
            const QString verdict = classify(c.last()->answer, data.value(keys[i]));
            if (verdict != QLatin1String("ok"))
                lost.append(QStringLiteral("%1 read at %2: %3 (owner %4); %5")
                                .arg(keys[i], nameOf(everyone, everyone[j]->port()), verdict,
                                     nameOf(everyone, ownerOf(ring, first, keys[i])),
                                     describeAttempts(c)));
        }
    }
    QVERIFY2(
        lost.isEmpty(),
        qPrintable(QStringLiteral("%1 reads wrong (logs %2):\n").arg(lost.size()).arg(logs.path()) +
                   joined(lost)));
}

// A paused member keeps its id: once its successor took its arc over, a joiner given that id
// (--id, on another port) is refused with 409, and the member, resumed, is back in its place
// with every acknowledged key (docs/CONSISTENCY.md, "Zave's rules, faithfully").
void TestPause::pausedMembersIdRefusedToJoiner() {
    LogDir logs(QStringLiteral("tst_pause-silent-id"));
    LocalRing ring(Bits, StabilizeMs, Replicas);
    QVERIFY(startRing(ring, RingSize, logs));
    track(ring.running());
    NodeProcess *first = ring.node(0);
    VERIFY_QUIET(ring.waitQuiet(RingSize, 60000, false, first));
    const auto data = makeData(QStringLiteral("silent"), 60);
    const QStringList notAcked = putAll(m_net, ring.running(), data);
    QVERIFY2(notAcked.isEmpty(), qPrintable(joined(notAcked)));

    const QList<quint16> order = ringPorts(ring, first);
    QCOMPARE(order.size(), RingSize);
    NodeProcess *silent = byPort(ring.running(), order[3]);
    QVERIFY(silent && silent != first);
    const auto info = ring.call("GET", silent, "/nodeinfo");
    QVERIFY(info.ok());
    const QString id = info->object().value(QLatin1String("id")).toString();
    silent->pause();
    VERIFY_QUIET(ring.waitQuiet(RingSize - 1, 60000, false, first));

    NodeProcess *twin = ring.start(QStringLiteral("twin"), nullptr, id.toULongLong(), 0,
                                   logs.arguments(QStringLiteral("twin")));
    QVERIFY(twin);
    track({twin});
    const QByteArray body = QStringLiteral("{\"bootstrap\":{\"host\":\"127.0.0.1\",\"port\":%1}}")
                                .arg(first->port())
                                .toUtf8();
    const LocalRing::Raw refused =
        ring.raw("POST", twin, "/dht/join", body, {{"Content-Type", "application/json"}});
    qInfo("join of a second node with id %s while its holder is paused: %d %s", qPrintable(id),
          refused.status, refused.body.left(200).constData());
    QCOMPARE(refused.status, 409);
    ring.crash(twin);

    silent->resume();
    VERIFY_QUIET(ring.waitQuiet(RingSize, 60000, true, first));
    QStringList keys = data.keys();
    keys.sort();
    const QList<RetriedCall> reads = readEverywhere(m_net, {first}, keys);
    QStringList bad;
    for (int i = 0; i < keys.size(); ++i) {
        if (classify(reads[i].last()->answer, data.value(keys[i])) != QLatin1String("ok"))
            bad.append(keys[i] + QStringLiteral(": ") + describeAttempts(reads[i]));
    }
    QVERIFY2(bad.isEmpty(), qPrintable(joined(bad)));
}

QTEST_GUILESS_MAIN(TestPause)
#include "tst_pause.moc"
