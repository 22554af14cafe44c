// The experiments' ideal ring against the real protocol (issue 12): real ChordNodes join one by
// one under chord-sim's virtual clock, stabilize until every finger and successor list is what
// IdealRing builds, and then each lookup must take exactly the hops and end on exactly the
// owner that Experiments::lookup computes; with nodes crashed and no repair rounds, ChordNode's
// lookup must end where FailurePolicy::ChordLab says it does.
#include "ChordNodeInternal.h"
#include "Experiments.h"
#include "SimNode.h"
#include "SimRingCheck.h"
#include "SimWorld.h"

#include <QHashFunctions>
#include <QLoggingCategory>
#include <QTest>

#include <algorithm>

using namespace Chord;
using namespace Chord::Sim;

static_assert(detail::MaxLookupHops == Experiments::MaxLookupHops);
static_assert(detail::LookupAttempts == Experiments::LookupAttempts);

namespace {

constexpr qint64 Ms = 1000000;
constexpr qint64 Sec = 1000 * Ms;
constexpr int Nodes = 24;

QCoro::Task<> joinRing(SimWorld *world, int tag, Endpoint bootstrap, int *joined) {
    SimNode *n = world->node(tag);
    Outcome<bool> r;
    for (int attempt = 1; attempt <= 5; ++attempt) {
        r = co_await n->chord->join(bootstrap);
        if (r.ok())
            break;
        co_await world->delay(tag, 100 * Ms * attempt);
    }
    n->chord->setJoinPending(false);
    n->ready = true;
    n->chord->startMaintenance();
    *joined += r.ok() ? 1 : 0;
}

QCoro::Task<> lookupFrom(SimWorld *world, int tag, Id id, LookupResult *out, bool *done) {
    *out = co_await world->node(tag)->chord->lookup(id, QString(), false);
    *done = true;
}

} // namespace

class TstExperimentsSim : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QHashSeed::setDeterministicGlobalSeed();
        QLoggingCategory::setFilterRules(QStringLiteral("chord.*=false"));
    }

    void idealRingRoutesAsChordNodesDo() {
        SimWorld world(12);
        const IdSpace space(64);
        // The first node at the hash of its address, the others placed by their join (the
        // widest-arc placement), one every 400 ms through the first, as chord-sim boots.
        std::vector<int> tags;
        int joined = 0;
        for (int i = 0; i < Nodes; ++i) {
            NodeConfig config;
            config.space = space;
            config.self.host = QStringLiteral("127.0.0.1");
            config.self.port = quint16(7000 + i);
            config.self.name = QStringLiteral("n%1").arg(i);
            config.self.id = space.hash(config.self.address().toUtf8());
            SimNode *n = world.spawn(config, 0);
            tags.push_back(n->tag);
            const int tag = n->tag;
            if (i == 0) {
                world.after(0, tag, [&world, tag, &joined] {
                    world.node(tag)->ready = true;
                    world.node(tag)->chord->startMaintenance();
                    ++joined;
                });
            } else {
                n->chord->setJoinPending(true);
                const Endpoint boot{QStringLiteral("127.0.0.1"), 7000, QStringLiteral("n0")};
                world.at(qint64(i) * 400 * Ms, tag,
                         [&world, tag, boot, &joined] { joinRing(&world, tag, boot, &joined); });
            }
        }
        world.runUntil([&] { return joined == Nodes; }, 120 * Sec);
        QCOMPARE(joined, Nodes);

        // Quiet: the ring invariants hold and every finger is successor(n + 2^i).
        std::vector<Id> ids;
        for (int tag : tags)
            ids.push_back(world.node(tag)->chord->self().id);
        const Experiments::IdealRing ring(space, ids, 4);
        const auto fingersIdeal = [&] {
            for (int tag : tags) {
                const ChordNode &c = *world.node(tag)->chord;
                for (int i = 0; i < c.fingers().size(); ++i) {
                    const OptionalNode &f = c.fingers()[i];
                    if (!f || f->id != ring.id(ring.ownerOf(space.fingerStart(c.self().id, i))))
                        return false;
                }
            }
            return true;
        };
        world.runUntil([&] { return SimRingCheck::check(world).isEmpty() && fingersIdeal(); },
                       world.now() + 600 * Sec);
        QCOMPARE(SimRingCheck::check(world), QStringList());
        QVERIFY(fingersIdeal());
        for (int tag : tags) {
            const ChordNode &c = *world.node(tag)->chord;
            const int at = ring.ownerOf(c.self().id);
            QCOMPARE(c.successors().size(), 4);
            for (int k = 0; k < 4; ++k)
                QCOMPARE(c.successors()[k].id, ring.id(ring.next(at, k + 1)));
        }

        // Every lookup: the same hops and the same owner as the model.
        const std::vector<Id> keys = Experiments::keyIds(space, 300, 5);
        int hopsSeen = 0;
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const int tag = tags[k % tags.size()];
            LookupResult real;
            bool done = false;
            world.after(0, tag, [&, tag, k] { lookupFrom(&world, tag, keys[k], &real, &done); });
            world.runUntil([&] { return done; }, world.now() + 60 * Sec);
            QVERIFY(done && real.ok);
            const int from = ring.ownerOf(world.node(tag)->chord->self().id);
            const Experiments::LookupCost model = Experiments::lookup(ring, from, keys[k]);
            QCOMPARE(real.owner.id, ring.id(model.owner));
            QCOMPARE(int(real.hops.size()), model.contacted);
            hopsSeen += model.contacted;
        }
        QVERIFY(hopsSeen > 300); // not all trivial

        // Crash a quarter of the nodes with every repair round paused: ChordNode's lookup must
        // end on the node FailurePolicy::ChordLab names (or fail where it fails). One lookup
        // per initiator: a failed hop changes the initiator's own tables.
        for (int tag : tags)
            world.node(tag)->chord->setRoundsPaused(true);
        std::vector<char> dead(std::size_t(ring.size()), 0);
        for (int i = 1; i < Nodes; i += 4) {
            world.crash(tags[std::size_t(i)]);
            dead[std::size_t(ring.ownerOf(world.node(tags[std::size_t(i)])->chord->self().id))] = 1;
        }
        int failedSeen = 0;
        int compared = 0;
        for (std::size_t t = 0; t < tags.size(); ++t) {
            const int tag = tags[t];
            if (!world.node(tag)->alive)
                continue;
            const Id key = keys[t * 7 % keys.size()];
            LookupResult real;
            bool done = false;
            world.after(0, tag, [&, tag, key] { lookupFrom(&world, tag, key, &real, &done); });
            world.runUntil([&] { return done; }, world.now() + 120 * Sec);
            QVERIFY(done);
            const int from = ring.ownerOf(world.node(tag)->chord->self().id);
            const Experiments::LookupCost model =
                Experiments::lookup(ring, from, key, dead, Experiments::FailurePolicy::ChordLab);
            QCOMPARE(real.ok, model.owner >= 0);
            if (real.ok)
                QCOMPARE(real.owner.id, ring.id(model.owner));
            failedSeen += model.ok ? 0 : 1;
            ++compared;
        }
        QVERIFY(compared >= 16);
        QVERIFY(failedSeen > 0);
        for (const auto &n : world.nodes()) {
            if (n->alive)
                n->chord->stopMaintenance();
        }
        world.drain(world.now() + 120 * Sec);
    }
};

QTEST_GUILESS_MAIN(TstExperimentsSim)
#include "tst_experiments_sim.moc"
