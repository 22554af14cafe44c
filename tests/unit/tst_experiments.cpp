// The computations behind chord-experiments and the app's Experiments window (issue 12):
// statistics, placement, the routing step on a ring worked out by hand (the paper's figure 3
// ring), failures, the tables' sums, determinism and the command line.
#include "Experiments.h"
#include "ExperimentsCli.h"

#include <QTest>

#include <numeric>

using namespace Chord;
using namespace Chord::Experiments;

namespace {
// The ring of the paper's figures 3 and 5: m = 6, ten nodes.
const std::vector<Id> PaperRing{1, 8, 14, 21, 32, 38, 42, 48, 51, 56};

int indexOf(const IdealRing &ring, Id id) {
    for (int i = 0; i < ring.size(); ++i) {
        if (ring.id(i) == id)
            return i;
    }
    return -1;
}
} // namespace

class TstExperiments : public QObject {
    Q_OBJECT
private slots:
    void statsArePlainMeanAndNearestRank() {
        std::vector<double> v;
        for (int i = 100; i >= 1; --i)
            v.push_back(i);
        const Stats s = summarize(v);
        QCOMPARE(s.count, 100);
        QCOMPARE(s.mean, 50.5);
        QCOMPARE(s.p1, 1.0);
        QCOMPARE(s.p99, 99.0);
        QCOMPARE(s.min, 1.0);
        QCOMPARE(s.max, 100.0);
        QCOMPARE(summarize({7}).p99, 7.0);
        QCOMPARE(summarize({}).count, 0);
    }

    void fingersAreSuccessorsOfTheStarts() {
        const IdealRing ring(IdSpace(6), PaperRing, 4);
        // N8: starts 9, 10, 12, 16, 24, 40 -> N14 (three times), N21, N32, N42.
        std::vector<Id> targets;
        for (int f : ring.fingers(indexOf(ring, 8)))
            targets.push_back(ring.id(f));
        QCOMPARE(targets, (std::vector<Id>{14, 21, 32, 42}));
        QCOMPARE(ring.id(ring.ownerOf(54)), Id(56));
        QCOMPARE(ring.id(ring.ownerOf(60)), Id(1)); // past the last node: wraps
        QCOMPARE(ring.id(ring.ownerOf(56)), Id(56));
    }

    void lookupOnThePapersRingByHand() {
        // Key 54 from N8 (the paper's figure 5): N8 asks itself and picks its finger N42; N42
        // names N51 (closer than N48, ahead of 54 unlike N56); N51 answers: N56 owns it.
        const IdealRing ring(IdSpace(6), PaperRing, 4);
        const int n8 = indexOf(ring, 8);
        const auto s8 = ring.step(n8, 54);
        QVERIFY(s8 && !s8->done);
        QCOMPARE(ring.id(s8->node), Id(42));
        const auto s42 = ring.step(s8->node, 54);
        QVERIFY(s42 && !s42->done);
        QCOMPARE(ring.id(s42->node), Id(51));
        const auto s51 = ring.step(s42->node, 54);
        QVERIFY(s51 && s51->done);
        QCOMPARE(ring.id(s51->node), Id(56));

        const LookupCost c = lookup(ring, n8, 54);
        QVERIFY(c.ok);
        QCOMPARE(ring.id(c.owner), Id(56));
        QCOMPARE(c.contacted, 2); // N42 and N51
        QCOMPARE(c.messages, 4);  // a request and an answer each
        QCOMPARE(c.timeouts, 0);

        // In the initiator's own arc or its successor's: nobody else is asked.
        QCOMPARE(lookup(ring, n8, 10).contacted, 0);
        QCOMPARE(ring.id(lookup(ring, n8, 10).owner), Id(14));
        QCOMPARE(ring.id(lookup(ring, n8, 5).owner), Id(8));
        QCOMPARE(lookup(ring, n8, 5).contacted, 0);
        // Every lookup from every node ends on the owner.
        for (int from = 0; from < ring.size(); ++from) {
            for (Id x = 0; x < 64; ++x) {
                const LookupCost l = lookup(ring, from, x);
                QVERIFY(l.ok);
                QCOMPARE(l.owner, ring.ownerOf(x));
                QVERIFY(l.contacted <= 6);
            }
        }
    }

    void aDeadOwnerOrHop() {
        const IdealRing ring(IdSpace(6), PaperRing, 4);
        const int n8 = indexOf(ring, 8);
        std::vector<char> dead(std::size_t(ring.size()), 0);
        dead[std::size_t(indexOf(ring, 56))] = 1;
        // ChordLab's lookup names the dead owner: its read fails before the takeover.
        QVERIFY(!lookup(ring, n8, 54, dead, FailurePolicy::ChordLab).ok);
        // The paper's way: N51 names N56, which times out; asked again, N51 names N1.
        const LookupCost skip = lookup(ring, n8, 54, dead, FailurePolicy::SkipDead);
        QVERIFY(skip.ok);
        QCOMPARE(ring.id(skip.owner), Id(1));
        QCOMPARE(skip.timeouts, 1);

        // A dead hop: N8's finger N42. ChordLab: the attempt fails, N8 forgets N42 and asks
        // again: its successor N38 this time, which names N51 (its finger to N42 is not used:
        // N51 is closer to 54), and N51 answers N56.
        std::fill(dead.begin(), dead.end(), 0);
        dead[std::size_t(indexOf(ring, 42))] = 1;
        const LookupCost c = lookup(ring, n8, 54, dead, FailurePolicy::ChordLab);
        QVERIFY(c.ok);
        QCOMPARE(ring.id(c.owner), Id(56));
        QCOMPARE(c.contacted, 3); // N42 (silent), N38, N51
        QCOMPARE(c.timeouts, 1);
        QCOMPARE(c.messages, 5);
        // A dead hop named by another node: N21's finger to N42 (for key 47, N21 picks N42
        // itself); from N1, N1 names N32 (finger), N32 names N42 (finger 32+8 = 40 -> N42):
        // N1 forgets N42, but N32 names it again on every attempt.
        const int n1 = indexOf(ring, 1);
        const LookupCost again = lookup(ring, n1, 47, dead, FailurePolicy::ChordLab);
        QVERIFY(!again.ok);
        QCOMPARE(again.timeouts, LookupAttempts);
        const LookupCost around = lookup(ring, n1, 47, dead, FailurePolicy::SkipDead);
        QVERIFY(around.ok);
        QCOMPARE(ring.id(around.owner), Id(48));
    }

    void placementsGiveDistinctIds() {
        const IdSpace space(64);
        for (Placement p : {Placement::Hashed, Placement::WidestArc}) {
            std::vector<Id> ids = placeNodes(space, p, 500, 3);
            QCOMPARE(ids.size(), std::size_t(500));
            std::sort(ids.begin(), ids.end());
            QVERIFY(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
        }
        // A small circle still gets its nodes, all distinct.
        const IdSpace small(8);
        std::vector<Id> ids = widestArcIds(small, 100, 1);
        QCOMPARE(ids.size(), std::size_t(100));
        QVERIFY(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
        QVERIFY(std::is_sorted(ids.begin(), ids.end()));
        // Widest-arc placement spreads keys far more evenly than hashing.
        const std::vector<Id> keys = keyIds(space, 100000, 9);
        std::vector<Id> hashed = hashedIds(space, 1000, 9);
        std::sort(hashed.begin(), hashed.end());
        const auto spread = [&](const std::vector<Id> &sorted) {
            std::vector<double> counts;
            for (qint64 c : keysPerPoint(sorted, keys))
                counts.push_back(double(c));
            const Stats s = summarize(counts);
            return s.p99 / s.mean;
        };
        QVERIFY(spread(widestArcIds(space, 1000, 9)) < 2.2);
        QVERIFY(spread(hashed) > 3.5);
    }

    void keysPerNodeSumToTheKeys() {
        const IdSpace space(64);
        std::vector<Id> ids = hashedIds(space, 50, 4);
        std::sort(ids.begin(), ids.end());
        const std::vector<Id> keys = keyIds(space, 12345, 4);
        const std::vector<qint64> counts = keysPerPoint(ids, keys);
        QCOMPARE(std::accumulate(counts.begin(), counts.end(), qint64(0)), qint64(12345));

        Params p = defaults(8);
        p.nodes = {200};
        p.keys = {1000, 5000};
        const Table t = run(p);
        QCOMPARE(t.rows.size(), 2);
        QCOMPARE(t.rows[0][0], 1000.0);
        QCOMPARE(t.rows[0][1], 5.0); // the mean is keys / nodes
        QCOMPARE(t.rows[1][1], 25.0);
        QVERIFY(t.rows[1][2] <= t.rows[1][1] && t.rows[1][1] <= t.rows[1][3]);

        Params v = defaults(9);
        v.nodes = {100};
        v.keys = {10000};
        v.virtualNodes = {1, 4};
        const Table tv = run(v);
        QCOMPARE(tv.rows.size(), 2);
        QCOMPARE(tv.rows[0][1], 100.0); // per real node, whatever the virtual nodes
        QCOMPARE(tv.rows[1][1], 100.0);
        QVERIFY(tv.rows[1][3] < tv.rows[0][3]); // more virtual nodes, a lower 99th percentile
    }

    void pathLengthOfSmallRings() {
        Params p = defaults(10);
        p.nodes = {1, 2, 64};
        p.lookups = 500;
        const Table t = run(p);
        QCOMPARE(t.rows.size(), 3);
        QCOMPARE(t.columns.size(), t.rows[0].size());
        QCOMPARE(t.rows[0][2], 0.0);  // a ring of one asks nobody
        QVERIFY(t.rows[1][2] <= 1.0); // two nodes: at most the other one
        const double mean64 = t.rows[2][2];
        QVERIFY2(mean64 > 2.0 && mean64 < 3.5, qPrintable(QString::number(mean64)));
        QCOMPARE(t.rows[2][5], 2 * mean64); // messages: a request and an answer per node asked
    }

    void noFailuresNoFailedLookups() {
        Params p = defaults(13);
        p.nodes = {300};
        p.lookups = 2000;
        p.failFractions = {0.0, 0.3};
        const Table t = run(p);
        QCOMPARE(t.rows.size(), 2);
        for (int c = 2; c <= 7; ++c)
            QCOMPARE(t.rows[0][c], 0.0);
        QCOMPARE(t.rows[0][9], 0.0); // no timeouts
        // 30% failed: without replication about 30% of the keys are gone; with 3 copies far
        // fewer; ChordLab's unrepaired lookup fails more often than either.
        const QList<double> &r = t.rows[1];
        QCOMPARE(r[0], 0.3);
        QVERIFY2(r[3] > 0.2 && r[3] < 0.45, qPrintable(QString::number(r[3])));
        QVERIFY(r[4] < r[3]);
        QVERIFY(r[2] >= r[3]);
        QVERIFY(r[5] <= r[3] && r[6] <= r[4]);
    }

    void oneSeedOneTable() {
        Params p = defaults(10);
        p.nodes = {100, 300};
        p.lookups = 300;
        QCOMPARE(run(p).toCsv(), run(p).toCsv());
        Params q = p;
        q.seed = 2;
        QVERIFY(run(p).toCsv() != run(q).toCsv());
        const QString csv = run(p).toCsv();
        QVERIFY(csv.contains(QLatin1String("\nnodes,half_log2_n,hashed_contacted_mean")));
        QVERIFY(csv.contains(QLatin1String("# command: chord-experiments --figure 10 --nodes "
                                           "100,300 --lookups 300")));
        QVERIFY(csv.contains(QLatin1String("\n100,3.321928095,")));
    }

    void stoppingReturnsWhatWasDone() {
        Params p = defaults(10);
        p.nodes = {50, 60, 70};
        p.lookups = 100;
        int calls = 0;
        const Table t = run(p, [&](double) { return ++calls < 2; });
        QCOMPARE(t.rows.size(), 0); // stopped halfway through the first ring size
        QVERIFY(t.notes.last().contains(QLatin1String("stopped")));
    }

    void replayOfRealLookups() {
        QString text = QStringLiteral("# the paper's ring\nbits 6\nsuccessors 4\n");
        for (Id id : PaperRing)
            text += QStringLiteral("node %1\n").arg(id);
        text += QStringLiteral("lookup 8 54 2 56\nlookup 8 10 0 14\nlookup 1 47 2 48  # N38, N42\n"
                               "lookup 8 54 3 56\nlookup 8 54 2 1\n");
        QString error;
        const std::optional<ReplayResult> r = replayFile(text, &error);
        QVERIFY2(r, qPrintable(error));
        QCOMPARE(r->lookups, 5);
        QCOMPARE(r->matching, 3);
        QCOMPARE(r->differences.size(), 2);
        QVERIFY(r->differences[0].contains(QLatin1String("real 3 hops to 56, model 2 hops to 56")));
        QVERIFY(!replayFile(QStringLiteral("node 1\nlookup 1 2\n"), &error));
        QVERIFY(error.contains(QLatin1String("line 2")));
        QVERIFY(!replayFile(QStringLiteral("bits 6\n"), &error));
    }

    void cliArguments() {
        const CliOptions o = parseArguments(
            {QStringLiteral("--figure"), QStringLiteral("8"), QStringLiteral("--nodes"),
             QStringLiteral("2^10"), QStringLiteral("--keys=1e5,200000"), QStringLiteral("--seed"),
             QStringLiteral("7"), QStringLiteral("--csv"), QStringLiteral("/tmp/x.csv")});
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.params.figure, 8);
        QCOMPARE(o.params.nodes, QList<int>{1024});
        QCOMPARE(o.params.keys, (QList<qint64>{100000, 200000}));
        QCOMPARE(o.params.seed, quint64(7));
        QCOMPARE(o.csvPath, QStringLiteral("/tmp/x.csv"));
        // The command a table prints parses back to the same parameters.
        const CliOptions back =
            parseArguments(commandLine(o.params).split(QLatin1Char(' ')).mid(1));
        QVERIFY(back.error.isEmpty());
        QCOMPARE(commandLine(back.params), commandLine(o.params));

        const CliOptions f13 =
            parseArguments({QStringLiteral("--figure"), QStringLiteral("13"),
                            QStringLiteral("--fail"), QStringLiteral("0.1,0.5"),
                            QStringLiteral("--placement"), QStringLiteral("widest-arc")});
        QVERIFY(f13.error.isEmpty());
        QCOMPARE(f13.params.failFractions, (QList<double>{0.1, 0.5}));
        QCOMPARE(f13.params.placement, Placement::WidestArc);
        QCOMPARE(f13.params.nodes, QList<int>{10000}); // the figure's default

        QVERIFY(
            !parseArguments({QStringLiteral("--figure"), QStringLiteral("11")}).error.isEmpty());
        QVERIFY(!parseArguments({QStringLiteral("--fail"), QStringLiteral("1.5")}).error.isEmpty());
        QVERIFY(!parseArguments({QStringLiteral("--bogus"), QStringLiteral("1")}).error.isEmpty());
        QVERIFY(!parseArguments({QStringLiteral("--nodes")}).error.isEmpty());
        QVERIFY(parseArguments({QStringLiteral("--help")}).help);
    }
};

QTEST_GUILESS_MAIN(TstExperiments)
#include "tst_experiments.moc"
