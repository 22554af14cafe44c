#include "ChordNode.h"
#include "FakeTransport.h"
#include "ManualScheduler.h"
#include "RingInvariants.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTest>
#include <qcoro/qcorotask.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

using namespace Chord;
using namespace Qt::StringLiterals;

namespace {

// The ring of the Chord paper (Stoica et al., figure 3), m = 6.
const QList<Id> PaperIds{1, 8, 14, 21, 32, 38, 42, 48, 51, 56};
constexpr int Bits = 6;
constexpr int SuccessorListLength = 4;
constexpr int Replicas = 3;

// A ring of in-process nodes on one FakeTransport, maintenance driven by hand.
class TestRing {
public:
    explicit TestRing(int bits = Bits)
        : m_space(bits) {}

    // The maintenance of the nodes created from now on (issue 12).
    Protocol protocol = Protocol::Zave;

    ChordNode *create(Id id, int bits = -1, quint16 port = 0, bool explicitId = true) {
        NodeConfig config;
        config.space = IdSpace(bits < 0 ? m_space.bits() : bits);
        config.self =
            NodeRef{u"n%1"_s.arg(id), u"127.0.0.1"_s, port ? port : quint16(7000 + id), id};
        config.explicitId = explicitId;
        config.successorListLength = SuccessorListLength;
        config.replicas = Replicas;
        // Retries after a failed hop wait stabilizeMs / 2 + 50 ms; keep them short.
        config.stabilizeMs = 10;
        config.autoMaintenance = false;
        config.protocol = protocol;
        m_nodes.push_back(std::make_unique<ChordNode>(config, &net, &clock));
        net.add(m_nodes.back().get());
        return m_nodes.back().get();
    }

    static Endpoint endpointOf(const ChordNode *n) {
        return Endpoint{n->self().host, n->self().port, n->self().name};
    }

    // Joins every id in order, each through the first node; stops at the first refusal.
    QString build(const QList<Id> &ids) {
        ChordNode *first = create(ids.first());
        m_members.append(first);
        for (qsizetype i = 1; i < ids.size(); ++i) {
            ChordNode *n = create(ids[i]);
            const Outcome<bool> joined = QCoro::waitFor(n->join(endpointOf(first)));
            if (!joined.ok())
                return u"join of %1 refused: %2"_s.arg(ids[i]).arg(joined.message);
            m_members.append(n);
        }
        return {};
    }

    void rounds(int count) {
        for (int r = 0; r < count; ++r) {
            clock.advance(RoundMs);
            for (ChordNode *n : std::as_const(m_members)) {
                if (!net.isDead(n->self()))
                    QCoro::waitFor(n->maintenanceRound());
            }
        }
    }

    // The nodes that are in the ring and alive, in ring order from the smallest id.
    QList<ChordNode *> live() const {
        QList<ChordNode *> out;
        for (ChordNode *n : m_members) {
            if (!net.isDead(n->self()))
                out.append(n);
        }
        std::sort(out.begin(), out.end(),
                  [](ChordNode *a, ChordNode *b) { return a->self().id < b->self().id; });
        return out;
    }
    ChordNode *node(Id id) const {
        for (const auto &n : m_nodes) {
            if (n->self().id == id)
                return n.get();
        }
        return nullptr;
    }
    void addMember(ChordNode *n) { m_members.append(n); }
    // The live node that owns the key now (sure of it), or null.
    ChordNode *ownerOf(const QString &key) const {
        for (ChordNode *n : live()) {
            if (n->ownership(n->space().hashKey(key)) == Ownership::Owner)
                return n;
        }
        return nullptr;
    }
    void removeMember(ChordNode *n) { m_members.removeAll(n); }
    void crash(Id id) { net.kill(node(id)->self()); }
    // Crashed and out of the rounds for good (a node that stays away).
    void crashAway(Id id) {
        crash(id);
        removeMember(node(id));
    }

    // successor(x) among the live members: the first id at or after x, clockwise.
    Id successorOf(Id x) const {
        const QList<ChordNode *> ring = live();
        for (ChordNode *n : ring) {
            if (n->self().id >= x)
                return n->self().id;
        }
        return ring.first()->self().id;
    }
    // The k-th live node after the one at index i, in ring order.
    ChordNode *after(qsizetype i, qsizetype k) const {
        const QList<ChordNode *> ring = live();
        return ring[(i + k) % ring.size()];
    }

    // Every Chord invariant of a quiet ring, as a list of violations (the checker of chordctl,
    // the app and the simulator: nodecore/ring/RingInvariants.h), fingers included.
    QStringList problems() const {
        QList<RingMemberView> views;
        for (const ChordNode *node : live())
            views.append({node->self(), node->predecessor(), node->successors(),
                          node->fingers().mid(0, node->space().bits())});
        QStringList out;
        for (const RingViolation &v : checkRing(m_space, views, SuccessorListLength))
            out << describe(v);
        return out;
    }

    static QString show(const QList<Id> &ids) {
        QStringList parts;
        for (Id id : ids)
            parts << QString::number(id);
        return u"["_s + parts.join(u',') + u"]"_s;
    }

    FakeTransport net;
    // Virtual time: each round of rounds() is RoundMs (leases: 400 ms, see ChordNode::leaseMs).
    ManualScheduler clock;
    static constexpr std::chrono::milliseconds RoundMs{100};

private:
    IdSpace m_space;
    std::vector<std::unique_ptr<ChordNode>> m_nodes;
    QList<ChordNode *> m_members;
};

#define VERIFY_RING(ring)                                                                          \
    do {                                                                                           \
        const QStringList p = (ring).problems();                                                   \
        QVERIFY2(p.isEmpty(), qPrintable(p.join(u'\n')));                                          \
    } while (false)

#define VERIFY_BUILT(ring, ids)                                                                    \
    do {                                                                                           \
        const QString why = (ring).build(ids);                                                     \
        QVERIFY2(why.isEmpty(), qPrintable(why));                                                  \
    } while (false)

// Enough rounds for stabilize to settle and fix-fingers (3 lookups a round) to go round twice.
constexpr int SettleRounds = 8;

// Writes every key (its value: the key) through `via` and counts those in (from, to]; -1 when
// a write fails.
int writeKeysCountingIn(ChordNode *via, const QStringList &keys, Id from, Id to) {
    const IdSpace space(Bits);
    int in = 0;
    for (const QString &k : keys) {
        if (!QCoro::waitFor(via->put(k, k.toUtf8())).ok())
            return -1;
        in += Interval::containsOpenClosed(space, from, to, space.hashKey(k)) ? 1 : 0;
    }
    return in;
}

QStringList keysFor(int count, quint32 seed) {
    QStringList keys;
    QRandomGenerator rng(seed);
    for (int i = 0; i < count; ++i)
        keys << u"key-%1-%2"_s.arg(i).arg(rng.generate());
    return keys;
}

// A key whose id lies in (from, to], among keysFor(100, seed); empty when none does.
QString keyIn(Id from, Id to, quint32 seed) {
    const IdSpace space(Bits);
    for (const QString &k : keysFor(100, seed)) {
        const Id h = space.hashKey(k);
        if (h > from && h <= to)
            return k;
    }
    return {};
}

// Copies a node pushed to their owners as strays (pushStrays), by its events.
int straysPushed(const ChordNode *node) {
    int pushed = 0;
    for (const Event &e : node->events().since(0, 2000))
        pushed += e.type == u"handoff-out" && e.detail.contains(u"outside the arcs") ? e.count : 0;
    return pushed;
}

} // namespace

class TestChordProtocol : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void peerFailureKinds_data();
    void peerFailureKinds();
    void aloneNodeAnswersForEverything();
    void twoNodesFormRing();
    void paperRingInvariants();
    void paperRingFingerTable_data();
    void paperRingFingerTable();
    void routingStep_data();
    void routingStep();
    void everyStepAndLookupFromEveryNode();
    void paperLookupTrace();
    void ringWalkIsComplete();
    void rectifyRules();
    void joinInAnyOrderConverges_data();
    void joinInAnyOrderConverges();
    void joinMovesExactlyTheOwnedKeys();
    void joinerKeepsAPlaceWhoseAnswerWasLost();
    void joinerAskingAgainGetsTheSameHandoff();
    void predecessorDuringJoinBringsAMark();
    void leaverHandsItsKeysToItsTrueSuccessor();
    void leaverDoesNotWalkOntoADeadPredecessor();
    void leaverHandsOnTheArcItGainedMeanwhile();
    void standaloneNodeBringsItsKeys();
    void keysReadableFromAllAndReplicated();
    void deleteIsSeenEverywhere();
    void repeatedWriteIdIsCarriedOutOnce();
    void refusedWriteAttemptIsNotCarriedOutLater();
    void leaveHandsKeysAndRewires();
    void leaverCanRejoin();
    void missedLeaveNoticeIsAskedFor_data();
    void missedLeaveNoticeIsAskedFor();
    void twoLeavesThenACrashKeepEveryKey();
    void lastMemberKeepsItsUncoveredPart();
    void handedPartOfAMarkIsNotVouchedBack();
    void ownerArcNarrowsWhatAReplicaVouchesFor();
    void failedLeaveConfirmsTheArcAgain();
    void leaveWhileAloneIsALeave();
    void handOverCarriesTheCopiesItVouchesFor_data();
    void handOverCarriesTheCopiesItVouchesFor();
    void takeoverBoundOutlivesAnUnknownChain();
    void shortSuccessorListKeepsTheWriteQuorum();
    void copyCountsOnlyAtAReplicaByPlace();
    void strayHandedBackIsPushedAgain();
    void crashHeals_data();
    void crashHeals();
    void survivorsBehindADeadList_data();
    void survivorsBehindADeadList();
    void idCollisionRefused();
    void twinIdYielded_data();
    void twinIdYielded();
    void yieldedTwinHandsItsArcToTheTwin();
    void differentBitsRefused();
    void differentProtocolRefused();
    void originalProtocolConverges();
    void joinThroughDeadOrSelfRefused();
    void silentMembersIdRefusedToJoiners();
    void joinSameRingTwiceIsNoOp();
    void joinerWithoutIdTakesWidestArcMidpoint();
    void placeJoinerSeedForm();
    void handWiredRingConverges_data();
    void handWiredRingConverges();
    void leaveDownToOne_data();
    void leaveDownToOne();
    void deleteSurvivesOwnerCrash();
    void deleteMissedByPartitionedReplica();
    void ownerCacheGoesStraightToOwner();
    void ownerCacheFollowsJoin();
    void ownerCacheNeverReadsFromALeaver();
    void ownerCacheSurvivesOwnerCrash();
};

void TestChordProtocol::initTestCase() {
    // Every pointer change is logged at info level; keep the test output to failures and
    // warnings (a replica that did not take a copy, for example). CHORD_TEST_LOG=1 shows all.
    if (qEnvironmentVariableIsEmpty("CHORD_TEST_LOG"))
        QLoggingCategory::setFilterRules(u"chord.*.info=false"_s);
}

void TestChordProtocol::peerFailureKinds_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<NodeError>("kind");
    QTest::newRow("not reached") << 0 << NodeError::Unreachable;
    QTest::newRow("bad request") << 400 << NodeError::Conflict;
    QTest::newRow("no such route") << 404 << NodeError::Conflict;
    QTest::newRow("conflict") << 409 << NodeError::Conflict;
    QTest::newRow("not the owner") << 421 << NodeError::Conflict;
    QTest::newRow("server error") << 500 << NodeError::Unreachable;
    QTest::newRow("bad gateway") << 502 << NodeError::Unreachable;
    QTest::newRow("not ready") << 503 << NodeError::Unavailable;
    QTest::newRow("gateway timeout") << 504 << NodeError::Unreachable;
}

void TestChordProtocol::peerFailureKinds() {
    // A peer's refusal keeps its meaning (409, 503) instead of reaching the client as 502.
    QFETCH(int, status);
    QFETCH(NodeError, kind);
    QCOMPARE(peerError(status), kind);
    const auto failed = Outcome<bool>::peerFailure(
        PeerResult<int>::failure(QStringLiteral("why"), status), QStringLiteral("joiner: why"));
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error, kind);
    QCOMPARE(failed.message, QStringLiteral("joiner: why"));
}

void TestChordProtocol::aloneNodeAnswersForEverything() {
    TestRing ring;
    ChordNode *n = ring.create(21);
    QVERIFY(n->isAlone());
    QCOMPARE(n->successor().id, Id(21));
    for (Id id = 0; id < 64; ++id) {
        const auto step = n->findSuccessorStep(id);
        QVERIFY(step && step->done);
        QCOMPARE(step->node.id, Id(21));
        QVERIFY(n->isPrimaryFor(id));
    }
    const Outcome<PutResult> put = QCoro::waitFor(n->put(u"k"_s, "v"_ba));
    QVERIFY(put.ok());
    QCOMPARE(put.value->copies, 1);
    const Outcome<GetResult> got = QCoro::waitFor(n->get(u"k"_s));
    QVERIFY(got.ok() && got.value->found);
    QCOMPARE(got.value->item.value, "v"_ba);
    QCOMPARE(got.value->hops, 0);
    // A round on a lone node changes nothing.
    QCoro::waitFor(n->maintenanceRound());
    QVERIFY(n->isAlone());
}

void TestChordProtocol::twoNodesFormRing() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 42}));
    ring.rounds(3);
    VERIFY_RING(ring);
    ChordNode *a = ring.node(8);
    ChordNode *b = ring.node(42);
    QCOMPARE(a->successors().size(), 1);
    QCOMPARE(a->predecessor()->id, Id(42));
    QCOMPARE(b->predecessor()->id, Id(8));
    QVERIFY(a->isPrimaryFor(8) && a->isPrimaryFor(43) && a->isPrimaryFor(0));
    QVERIFY(!a->isPrimaryFor(9) && b->isPrimaryFor(9) && b->isPrimaryFor(42));
}

void TestChordProtocol::paperRingInvariants() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    QCOMPARE(ring.live().size(), PaperIds.size());
}

void TestChordProtocol::paperRingFingerTable_data() {
    QTest::addColumn<quint64>("node");
    QTest::addColumn<QList<quint64>>("fingers");
    using L = QList<quint64>;
    // Starts n + 2^i and their successors, worked out by hand on the paper's ring.
    QTest::newRow("n1: 2,3,5,9,17,33") << quint64(1) << L{8, 8, 8, 14, 21, 38};
    QTest::newRow("n8: 9,10,12,16,24,40") << quint64(8) << L{14, 14, 14, 21, 32, 42};
    QTest::newRow("n14: 15,16,18,22,30,46") << quint64(14) << L{21, 21, 21, 32, 32, 48};
    QTest::newRow("n32: 33,34,36,40,48,0") << quint64(32) << L{38, 38, 38, 42, 48, 1};
    QTest::newRow("n42: 43,44,46,50,58,10") << quint64(42) << L{48, 48, 48, 51, 1, 14};
    QTest::newRow("n51: 52,53,55,59,3,19") << quint64(51) << L{56, 56, 56, 1, 8, 21};
    QTest::newRow("n56: 57,58,60,0,8,24") << quint64(56) << L{1, 1, 1, 1, 8, 32};
}

void TestChordProtocol::paperRingFingerTable() {
    QFETCH(quint64, node);
    QFETCH(QList<quint64>, fingers);
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    QList<quint64> got;
    for (const OptionalNode &f : ring.node(node)->fingers())
        got.append(f ? f->id : quint64(999));
    QCOMPARE(got, fingers);
}

void TestChordProtocol::routingStep_data() {
    QTest::addColumn<quint64>("at");
    QTest::addColumn<quint64>("id");
    QTest::addColumn<bool>("done");
    QTest::addColumn<quint64>("answer");
    // clang-format off
    QTest::newRow("own arc")               << quint64(8)  << quint64(5)  << true  << quint64(8);
    QTest::newRow("own id")                << quint64(8)  << quint64(8)  << true  << quint64(8);
    QTest::newRow("successor's arc")       << quint64(8)  << quint64(10) << true  << quint64(14);
    QTest::newRow("successor's id")        << quint64(8)  << quint64(14) << true  << quint64(14);
    QTest::newRow("far: best finger")      << quint64(8)  << quint64(54) << false << quint64(42);
    QTest::newRow("second hop")            << quint64(42) << quint64(54) << false << quint64(51);
    QTest::newRow("last hop")              << quint64(51) << quint64(54) << true  << quint64(56);
    QTest::newRow("wrap into successor")   << quint64(56) << quint64(63) << true  << quint64(1);
    QTest::newRow("wrap at 0")             << quint64(56) << quint64(0)  << true  << quint64(1);
    QTest::newRow("own arc across 0")      << quint64(1)  << quint64(60) << true  << quint64(1);
    QTest::newRow("own arc at 0")          << quint64(1)  << quint64(0)  << true  << quint64(1);
    QTest::newRow("finger 48")             << quint64(14) << quint64(50) << false << quint64(48);
    QTest::newRow("finger across 0")       << quint64(32) << quint64(20) << false << quint64(1);
    QTest::newRow("almost whole circle")   << quint64(21) << quint64(12) << false << quint64(56);
    // clang-format on
}

void TestChordProtocol::routingStep() {
    QFETCH(quint64, at);
    QFETCH(quint64, id);
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    const std::optional<StepAnswer> step = ring.node(at)->findSuccessorStep(id);
    QVERIFY(step);
    QTEST(step->done, "done");
    QTEST(quint64(step->node.id), "answer");
    // A step on behalf of another ring is refused.
    QVERIFY(!ring.node(at)->findSuccessorStep(id, ring.node(at)->ringToken() + 1));
}

// Every routing step from every node for every id either names the owner or moves to the
// closest preceding node it knows; every lookup ends at the owner within log2 N + 1 hops.
void TestChordProtocol::everyStepAndLookupFromEveryNode() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    const IdSpace space(Bits);
    const QList<ChordNode *> nodes = ring.live();
    const double bound = std::log2(double(nodes.size())) + 1;
    int totalHops = 0;
    int maxHops = 0;
    for (ChordNode *n : nodes) {
        const Id self = n->self().id;
        for (Id id = 0; id <= space.mask(); ++id) {
            const Id owner = ring.successorOf(id);
            const std::optional<StepAnswer> step = n->findSuccessorStep(id);
            QVERIFY(step);
            if (step->done) {
                QVERIFY2(step->node.id == owner,
                         qPrintable(u"step at %1 for %2 answered %3, owner is %4"_s.arg(self)
                                        .arg(id)
                                        .arg(step->node.id)
                                        .arg(owner)));
            } else {
                // The next hop precedes the id, and no known node precedes it more closely:
                // with correct fingers that is the last finger (or successor) before id.
                QVERIFY(Interval::containsOpenOpen(space, self, id, step->node.id));
                // Fingers and successor list both qualify (Zave).
                QList<Id> known;
                for (int f = 0; f < Bits; ++f)
                    known.append(ring.successorOf(space.fingerStart(self, f)));
                const qsizetype at = nodes.indexOf(n);
                for (int k = 1; k <= SuccessorListLength; ++k)
                    known.append(ring.after(at, k)->self().id);
                Id best = self;
                for (Id cand : known) {
                    if (Interval::containsOpenOpen(space, self, id, cand) &&
                        space.distance(self, cand) > space.distance(self, best))
                        best = cand;
                }
                QVERIFY2(step->node.id == best,
                         qPrintable(u"step at %1 for %2 went to %3, expected %4"_s.arg(self)
                                        .arg(id)
                                        .arg(step->node.id)
                                        .arg(best)));
            }
            const LookupResult lookup = QCoro::waitFor(n->lookup(id));
            QVERIFY2(lookup.ok, qPrintable(lookup.error));
            QCOMPARE(lookup.owner.id, owner);
            QVERIFY2(lookup.hops.size() <= bound,
                     qPrintable(u"lookup of %1 from %2 took %3 hops"_s.arg(id).arg(self).arg(
                         lookup.hops.size())));
            for (const Hop &h : lookup.hops)
                QVERIFY(!h.failed);
            if (!lookup.hops.isEmpty()) {
                QVERIFY(lookup.hops.last().done);
                QCOMPARE(lookup.hops.last().next.id, owner);
            }
            totalHops += int(lookup.hops.size());
            maxHops = std::max(maxHops, int(lookup.hops.size()));
        }
    }
    qInfo("paper ring, %lld nodes: mean %.2f hops, max %d (1/2 log2 N = %.2f)",
          qlonglong(nodes.size()), double(totalHops) / (nodes.size() * 64), maxHops,
          std::log2(double(nodes.size())) / 2);
}

// The paper's example: lookup(54) from node 8 goes 8 -> 42 -> 51 -> 56.
void TestChordProtocol::paperLookupTrace() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const LookupResult r = QCoro::waitFor(ring.node(8)->lookup(54));
    QVERIFY(r.ok);
    QCOMPARE(r.owner.id, Id(56));
    QCOMPARE(r.hops.size(), 2);
    QCOMPARE(r.hops[0].node.id, Id(42));
    QVERIFY(!r.hops[0].done);
    QCOMPARE(r.hops[0].next.id, Id(51));
    QCOMPARE(r.hops[1].node.id, Id(51));
    QVERIFY(r.hops[1].done);
    QCOMPARE(r.hops[1].next.id, Id(56));
}

void TestChordProtocol::ringWalkIsComplete() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const RingWalk walk = QCoro::waitFor(ring.node(32)->walkRing());
    QVERIFY(walk.complete);
    QList<Id> order;
    for (const Neighbors &n : walk.nodes)
        order.append(n.self.id);
    QCOMPARE(order, (QList<Id>{32, 38, 42, 48, 51, 56, 1, 8, 14, 21}));
}

// Zave's rectify on a node by itself: adopt a candidate only when it lies between the current
// predecessor and the node, hand over what the candidate now owns.
void TestChordProtocol::rectifyRules() {
    TestRing ring;
    ChordNode *n = ring.create(32);
    const IdSpace space(Bits);
    QStringList keys = keysFor(64, 3);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(n->put(k, "v"_ba)).ok());
    const NodeRef p14{u"n14"_s, u"127.0.0.1"_s, 7014, 14};
    const NodeRef p21{u"n21"_s, u"127.0.0.1"_s, 7021, 21};
    const NodeRef p40{u"n40"_s, u"127.0.0.1"_s, 7040, 40};

    // No predecessor: anyone is accepted and gets (32, 14].
    RectifyAnswer a = n->rectify(p14);
    QVERIFY(a.accepted);
    QCOMPARE(n->predecessor()->id, Id(14));
    QCOMPARE(n->successor().id, Id(14)); // a ring of one gains its first peer
    for (const Item &i : a.handoff)
        QVERIFY(Interval::containsOpenClosed(space, 32, 14, i.id));
    QCOMPARE(a.handoff.size(), n->store().itemsIn(32, 14).size());

    // Between 14 and 32: adopted, hands over (14, 21].
    a = n->rectify(p21);
    QVERIFY(a.accepted);
    QCOMPARE(n->predecessor()->id, Id(21));
    QCOMPARE(a.handoff.size(), n->store().itemsIn(14, 21).size());
    for (const Item &i : a.handoff)
        QVERIFY(Interval::containsOpenClosed(space, 14, 21, i.id));
    QCOMPARE(n->primaryCount(), n->store().liveCountIn(21, 32));

    // Outside (21, 32): refused, nothing handed over, predecessor kept.
    a = n->rectify(p40);
    QVERIFY(!a.accepted);
    QVERIFY(a.handoff.isEmpty());
    a = n->rectify(p14);
    QVERIFY(!a.accepted);
    QCOMPARE(n->predecessor()->id, Id(21));

    // The same predecessor again: accepted, nothing to hand.
    a = n->rectify(p21);
    QVERIFY(a.accepted);
    QVERIFY(a.handoff.isEmpty());
    // Itself: refused.
    QVERIFY(!n->rectify(n->self()).accepted);
    // Copies handed over stay here as the first replica.
    QCOMPARE(n->store().size(), keys.size());
}

void TestChordProtocol::joinInAnyOrderConverges_data() {
    QTest::addColumn<QList<quint64>>("order");
    using L = QList<quint64>;
    QTest::newRow("ascending") << L{1, 8, 14, 21, 32, 38, 42, 48, 51, 56};
    QTest::newRow("descending") << L{56, 51, 48, 42, 38, 32, 21, 14, 8, 1};
    QTest::newRow("interleaved") << L{32, 1, 48, 14, 56, 21, 8, 42, 38, 51};
    QTest::newRow("neighbours 0 63") << L{0, 63, 31, 32, 1, 62};
    QTest::newRow("three") << L{5, 6, 7};
}

void TestChordProtocol::joinInAnyOrderConverges() {
    QFETCH(QList<quint64>, order);
    TestRing ring;
    QList<Id> ids(order.begin(), order.end());
    VERIFY_BUILT(ring, ids);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
}

// Join places the joiner and moves exactly the keys in its new arc; the old owner stops
// serving them as primary.
void TestChordProtocol::joinMovesExactlyTheOwnedKeys() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 8, 32, 42, 56}));
    ring.rounds(SettleRounds);
    const QStringList keys = keysFor(120, 11);
    const int inNewArc = writeKeysCountingIn(ring.node(1), keys, 8, 21);
    QVERIFY(inNewArc > 0);
    const IdSpace space(Bits);
    ChordNode *joiner = ring.create(21);
    const Outcome<bool> joined = QCoro::waitFor(joiner->join(TestRing::endpointOf(ring.node(56))));
    QVERIFY2(joined.ok(), qPrintable(joined.message));
    ring.addMember(joiner);
    // Right after join, before any more maintenance.
    QCOMPARE(joiner->predecessor()->id, Id(8));
    QCOMPARE(joiner->successor().id, Id(32));
    QCOMPARE(ring.node(32)->predecessor()->id, Id(21));
    QCOMPARE(joiner->primaryCount(), inNewArc);
    for (const Item &i : joiner->primaryItems())
        QVERIFY(Interval::containsOpenClosed(space, 8, 21, i.id));
    for (const Item &i : ring.node(32)->primaryItems())
        QVERIFY(Interval::containsOpenClosed(space, 21, 32, i.id));
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    int primaries = 0;
    for (ChordNode *n : ring.live())
        primaries += n->primaryCount();
    QCOMPARE(primaries, keys.size());
}

// The successor takes the joiner as its predecessor and hands it its arc, and the answer is
// lost. The joiner asks again rather than give the place up: the successor answers the
// duplicate as accepted, and the joiner takes its arc from the replicas. (Given up, the join
// of an explicit id failed, and the process exited while the ring had it as a member:
// chord-sim --seed 3335 --mix all.)
void TestChordProtocol::joinerKeepsAPlaceWhoseAnswerWasLost() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 8, 32, 42, 56}));
    ring.rounds(SettleRounds);
    const QStringList keys = keysFor(120, 12);
    const int inNewArc = writeKeysCountingIn(ring.node(42), keys, 8, 21);
    QVERIFY(inNewArc > 0);
    ChordNode *joiner = ring.create(21);
    ring.net.loseNextRectifyAnswer(ring.node(32)->self());
    const Outcome<bool> joined = QCoro::waitFor(joiner->join(TestRing::endpointOf(ring.node(56))));
    QVERIFY2(joined.ok(), qPrintable(joined.message));
    ring.addMember(joiner);
    QCOMPARE(joiner->predecessor()->id, Id(8));
    QCOMPARE(ring.node(32)->predecessor()->id, Id(21));
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    QCOMPARE(joiner->primaryCount(), inNewArc);
    for (const QString &k : keys) {
        for (ChordNode *n : ring.live()) {
            const Outcome<GetResult> got = QCoro::waitFor(n->get(k));
            QVERIFY2(got.ok() && got.value->found,
                     qPrintable(u"%1 from %2: %3"_s.arg(k).arg(n->self().id).arg(got.message)));
            QCOMPARE(got.value->item.value, k.toUtf8());
        }
    }
}

// A joiner that its successor took over a dead predecessor for is handed no arc. The first
// predecessor that reaches it brings an arc nobody handed it, marked uncovered, also while the
// join is still finishing (its first stabilize under way). chord-sim --seed 449422 --mix all: a
// node restarted without data joined across a partition; its predecessor came during that
// stabilize, and the node served the arc of a paused node as its own and read "absent".
void TestChordProtocol::predecessorDuringJoinBringsAMark() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 32, 42, 56}));
    ring.rounds(SettleRounds);
    ring.crashAway(32);
    ChordNode *n42 = ring.node(42);
    QVERIFY(QCoro::waitFor(n42->runStep(MaintenanceStep::CheckPredecessor)));
    QCOMPARE(n42->predecessor()->id, Id(32)); // dead, and kept until a candidate comes
    ChordNode *n8 = ring.node(8);
    // 8 routes to 42 now, and 42 has not heard of 8 yet.
    QVERIFY(QCoro::waitFor(n8->setSuccessorByHand(TestRing::endpointOf(n42))).ok());
    ChordNode *joiner = ring.create(20);
    UncoveredRange marked;
    ring.net.beforeNextStabilize(n42->self(), 20, [&] {
        QVERIFY(joiner->rectify(n8->self(), n8->ringToken(), false).accepted);
        marked = joiner->unavailable();
    });
    const Outcome<bool> joined = QCoro::waitFor(joiner->join(TestRing::endpointOf(n8)));
    QVERIFY2(joined.ok(), qPrintable(joined.message));
    QCOMPARE(n42->predecessor()->id, Id(20));
    QCOMPARE(joiner->predecessor()->id, Id(8));
    QCOMPARE(marked.from, Id(8));
    QCOMPARE(marked.to, Id(20));
    // Then the join confirmed the arc: 42 kept copies of 32's arc, (8, 32], and vouched.
    QVERIFY(joiner->unavailable().empty());
}

// A leaver whose successor list is stale (two parts of a ring merged a moment ago) names a node
// further on first: one whose predecessor lies between the two. The keys go to the node the
// leaver really precedes, which takes the arc at once (chord-sim --seed 447457 --mix all: two
// neighbours handed their arcs to a node three places on, and the arcs were 503 for good).
void TestChordProtocol::leaverHandsItsKeysToItsTrueSuccessor() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 32, 42, 56}));
    ring.rounds(SettleRounds);
    ChordNode *n8 = ring.node(8);
    QVERIFY(QCoro::waitFor(n8->setSuccessorByHand(TestRing::endpointOf(ring.node(42)))).ok());
    QCOMPARE(n8->successors().front().id, Id(42));
    const Outcome<bool> left = QCoro::waitFor(n8->leave());
    QVERIFY2(left.ok(), qPrintable(left.message));
    QCOMPARE(ring.node(32)->predecessor()->id, Id(56)); // the heir, told
    QCOMPARE(ring.node(42)->predecessor()->id, Id(32));
}

// A node's predecessor left and handed it its keys; the notice came only while the node was
// leaving itself, handing its own keys on. Its arc grew meanwhile: the keys it was handed go to
// its heir as well, not with it (chord-sim --seed 460 --mix all: read "absent").
// The node a leaver's list names keeps a dead predecessor until a candidate comes (Zave): the
// leaver does not walk back onto it, and hands its keys to the live node it named (the only
// live one: walked back to the dead node, the leave found no taker and failed).
void TestChordProtocol::leaverDoesNotWalkOntoADeadPredecessor() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 32, 42, 56}));
    ring.rounds(SettleRounds);
    ring.crashAway(32);
    ring.crashAway(56);
    ChordNode *n8 = ring.node(8);
    ChordNode *n42 = ring.node(42);
    QCOMPARE(n42->predecessor()->id, Id(32));
    QVERIFY(QCoro::waitFor(n8->setSuccessorByHand(TestRing::endpointOf(n42))).ok());
    const Outcome<bool> left = QCoro::waitFor(n8->leave());
    QVERIFY2(left.ok(), qPrintable(left.message));
    const QList<Event> events = n8->events().since(0, 2000);
    QVERIFY(std::any_of(events.begin(), events.end(), [](const Event &e) {
        return e.type == u"handoff-out" && e.detail == u"leave" && e.node && e.node->id == 42;
    }));
}

void TestChordProtocol::leaverHandsOnTheArcItGainedMeanwhile() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 32, 42, 56}));
    ring.rounds(SettleRounds);
    ChordNode *n8 = ring.node(8);
    ChordNode *n32 = ring.node(32);
    ChordNode *n42 = ring.node(42);
    const QString key = keyIn(0, 8, 7);
    QVERIFY(!key.isEmpty());
    // 8 leaves: its key to 32 (here, to 32 alone), then its notice, which is late.
    const Item item{.key = key, .value = "v"_ba, .version = quint64(1) << 40};
    QVERIFY(n32->takeCopies({item}, n32->ringToken(), StoreAs::Handoff).ok());
    const LeaveNotice notice{n8->self(), ring.node(56)->self(), n8->successors(), 0, 0, {}};
    ring.crashAway(8);
    ring.net.beforeNextStoreItems(n42->self(), [&] { n32->applyLeaveNotice(notice); });
    const Outcome<bool> left = QCoro::waitFor(n32->leave());
    QVERIFY2(left.ok(), qPrintable(left.message));
    QCOMPARE(n42->predecessor()->id, Id(56));
    const std::optional<Item> got = n42->store().find(key);
    QVERIFY(got);
    QCOMPARE(got->version, item.version);
}

void TestChordProtocol::joinerAskingAgainGetsTheSameHandoff() {
    // A joiner whose rectify answer was lost asks again: it gets the same hand-off (where its
    // arc begins, the copies, the part nobody holds), not the bare "already yours" of a
    // duplicate (chord-sim --seed 100713 --mix all: without the mark it carried, the joiner
    // confirmed the arc from replicas that never held it and read "absent"). Once the joiner
    // has called us, it has its answer, and a repeat is a plain duplicate.
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 8, 32, 42, 56}));
    ring.rounds(SettleRounds);
    const int inNewArc = writeKeysCountingIn(ring.node(42), keysFor(120, 12), 8, 21);
    QVERIFY(inNewArc > 0);
    ChordNode *succ = ring.node(32);
    const NodeRef joiner{u"j21"_s, u"127.0.0.1"_s, quint16(9021), 21};
    const RectifyAnswer first = succ->rectify(joiner, succ->ringToken(), true);
    QVERIFY(first.accepted);
    QCOMPARE(first.from, std::optional<Id>(8));
    QCOMPARE(first.handoff.size(), inNewArc);
    const RectifyAnswer again = succ->rectify(joiner, succ->ringToken(), true);
    QVERIFY(again.accepted);
    QCOMPARE(again.from, first.from);
    QCOMPARE(again.handoff.size(), first.handoff.size());
    StabilizeCall call;
    call.caller = 21;
    call.ringToken = succ->ringToken();
    call.predChain = {8, 1};
    succ->answerNeighbors(call);
    const RectifyAnswer late = succ->rectify(joiner, succ->ringToken(), true);
    QVERIFY(late.accepted);
    QVERIFY(!late.from);
    QVERIFY(late.handoff.isEmpty());
}

// A standalone node that already holds keys joins: afterwards each key is at its owner.
void TestChordProtocol::standaloneNodeBringsItsKeys() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 14, 32, 48}));
    ring.rounds(SettleRounds);
    ChordNode *loner = ring.create(40);
    const QStringList keys = keysFor(50, 21);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(loner->put(k, "mine"_ba)).ok());
    QCOMPARE(loner->primaryCount(), keys.size());
    const Outcome<bool> joined = QCoro::waitFor(loner->join(TestRing::endpointOf(ring.node(1))));
    QVERIFY2(joined.ok(), qPrintable(joined.message));
    ring.addMember(loner);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    const IdSpace space(Bits);
    for (const QString &k : keys) {
        ChordNode *owner = ring.node(ring.successorOf(space.hashKey(k)));
        const FetchAnswer a = owner->fetchLocal(k);
        QVERIFY2(a.found, qPrintable(u"%1 not at its owner %2"_s.arg(k).arg(owner->self().id)));
        QCOMPARE(a.item.value, "mine"_ba);
        for (ChordNode *n : ring.live()) {
            const Outcome<GetResult> got = QCoro::waitFor(n->get(k));
            QVERIFY(got.ok() && got.value->found);
        }
    }
}

// Keys put from random nodes are readable from every node and sit on the owner and the next
// replicas - 1 nodes.
void TestChordProtocol::keysReadableFromAllAndReplicated() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const IdSpace space(Bits);
    const QList<ChordNode *> nodes = ring.live();
    QRandomGenerator rng(77);
    const QStringList keys = keysFor(100, 5);
    for (const QString &k : keys) {
        ChordNode *from = nodes[rng.bounded(int(nodes.size()))];
        const Outcome<PutResult> put = QCoro::waitFor(from->put(k, k.toUtf8() + "!"));
        QVERIFY2(put.ok(), qPrintable(put.message));
        QCOMPARE(put.value->owner.id, ring.successorOf(space.hashKey(k)));
        QCOMPARE(put.value->copies, Replicas);
    }
    for (const QString &k : keys) {
        const Id owner = ring.successorOf(space.hashKey(k));
        for (ChordNode *n : nodes) {
            const Outcome<GetResult> got = QCoro::waitFor(n->get(k));
            QVERIFY2(got.ok(), qPrintable(got.message));
            QVERIFY(got.value->found);
            QCOMPARE(got.value->item.value, k.toUtf8() + "!");
            QCOMPARE(got.value->owner.id, owner);
        }
        const qsizetype at = nodes.indexOf(ring.node(owner));
        for (int r = 0; r < Replicas; ++r) {
            const ChordNode *holder = ring.after(at, r);
            QVERIFY2(holder->store().find(k).has_value(),
                     qPrintable(u"%1 (owner %2) missing on %3"_s.arg(k).arg(owner).arg(
                         holder->self().id)));
        }
        // Nobody else holds a copy.
        int copies = 0;
        for (ChordNode *n : nodes)
            copies += n->store().find(k) ? 1 : 0;
        QCOMPARE(copies, Replicas);
    }
    int primaries = 0;
    for (ChordNode *n : nodes)
        primaries += n->primaryCount();
    QCOMPARE(primaries, keys.size());
    // Replica sync finds nothing to do on a quiet ring.
    ring.rounds(2);
    for (ChordNode *n : nodes)
        QCOMPARE(n->replicaCount(), n->store().liveCount() - n->primaryCount());
}

void TestChordProtocol::deleteIsSeenEverywhere() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const QStringList keys = keysFor(20, 8);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(ring.node(14)->put(k, "v"_ba)).ok());
    for (const QString &k : keys.mid(0, 10))
        QVERIFY(QCoro::waitFor(ring.node(48)->put(k, {}, true)).ok());
    ring.rounds(3);
    for (ChordNode *n : ring.live()) {
        for (int i = 0; i < keys.size(); ++i) {
            const Outcome<GetResult> got = QCoro::waitFor(n->get(keys[i]));
            QVERIFY(got.ok());
            QCOMPARE(got.value->found, i >= 10);
        }
    }
}

// A repeat of one write (the entry node's retry, or a request the network delivered twice)
// must not stamp a second version: arriving after a later write, it would overtake it.
void TestChordProtocol::repeatedWriteIdIsCarriedOutOnce() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const QString key = keysFor(1, 5).front();
    ChordNode *owner = ring.ownerOf(key);
    QVERIFY(owner);
    OwnerWrite first{.key = key, .value = "v1"_ba};
    first.writeId = 77;
    const WriteAnswer a = QCoro::waitFor(owner->ownerWrite(first));
    QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
    OwnerWrite later{.key = key, .value = "v2"_ba};
    later.writeId = 78;
    const WriteAnswer b = QCoro::waitFor(owner->ownerWrite(later));
    QVERIFY(b.error.isEmpty() && b.version > a.version);
    // The first write again: answered as it was the first time, and v2 stays.
    const WriteAnswer again = QCoro::waitFor(owner->ownerWrite(first));
    QVERIFY(again.error.isEmpty());
    QCOMPARE(again.version, a.version);
    for (ChordNode *n : ring.live()) {
        const Outcome<GetResult> got = QCoro::waitFor(n->get(key));
        QVERIFY(got.ok());
        QCOMPARE(got.value->item.value, "v2"_ba);
    }
    // Without an id (an older sender), a write is a new write every time.
    OwnerWrite anonymous{.key = key, .value = "v3"_ba};
    const WriteAnswer c = QCoro::waitFor(owner->ownerWrite(anonymous));
    const WriteAnswer d = QCoro::waitFor(owner->ownerWrite(anonymous));
    QVERIFY(c.error.isEmpty() && d.error.isEmpty() && d.version > c.version);
}

// A copy of a write attempt that the owner refused once (the network or a proxy delivered it
// twice, or it waited at the owner for its arc while the other copy was refused) is never carried
// out later: its sender took the refusal and may have had the write, and a later one,
// acknowledged elsewhere since (chord-sim --seed 48722 --mix all: a stale read for good).
void TestChordProtocol::refusedWriteAttemptIsNotCarriedOutLater() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const QString key = keysFor(1, 6).front();
    ChordNode *owner = ring.ownerOf(key);
    QVERIFY(owner);
    // The owner's lease runs out and its successor does not answer: it cannot vouch for its
    // arc and refuses the write.
    const NodeRef successor = owner->successors().front();
    ring.net.kill(successor);
    ring.clock.advance(std::chrono::milliseconds(2000));
    OwnerWrite zombie{.key = key, .value = "old"_ba};
    zombie.writeId = 91;
    zombie.attempt = 1;
    const WriteAnswer refused = QCoro::waitFor(owner->ownerWrite(zombie));
    QVERIFY(!refused.acknowledged());
    ring.net.revive(successor);
    ring.rounds(SettleRounds);
    QCOMPARE(owner->ownership(owner->space().hashKey(key)), Ownership::Owner);
    OwnerWrite later{.key = key, .value = "new"_ba};
    later.writeId = 92;
    later.attempt = 1;
    QVERIFY(QCoro::waitFor(owner->ownerWrite(later)).acknowledged());
    // The refused attempt again: refused, and the later write stays.
    const WriteAnswer again = QCoro::waitFor(owner->ownerWrite(zombie));
    QVERIFY(!again.acknowledged());
    for (ChordNode *n : ring.live()) {
        const Outcome<GetResult> got = QCoro::waitFor(n->get(key));
        QVERIFY(got.ok());
        QCOMPARE(got.value->item.value, "new"_ba);
    }
    // A new attempt of that write is carried out like any write.
    zombie.attempt = 2;
    QVERIFY(QCoro::waitFor(owner->ownerWrite(zombie)).acknowledged());
}

// Graceful leave: the leaver's keys go to its successor, the ring closes over the gap, and the
// leaver ends up alone with a copy of what it held.
void TestChordProtocol::leaveHandsKeysAndRewires() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const IdSpace space(Bits);
    const QStringList keys = keysFor(120, 9);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(ring.node(1)->put(k, k.toUtf8())).ok());
    ChordNode *leaver = ring.node(21);
    const QList<Item> held = leaver->primaryItems();
    QVERIFY(!held.isEmpty());

    const Outcome<bool> left = QCoro::waitFor(leaver->leave());
    QVERIFY2(left.ok(), qPrintable(left.message));
    ring.removeMember(leaver);
    // Done when leave returns: neighbours already point past the leaver.
    QVERIFY(leaver->isAlone());
    QCOMPARE(ring.node(14)->successor().id, Id(32));
    QCOMPARE(ring.node(32)->predecessor()->id, Id(14));
    for (const Item &i : held) {
        const FetchAnswer a = ring.node(32)->fetchLocal(i.key);
        QVERIFY(a.found);
        QCOMPARE(a.item.version, i.version);
        QVERIFY(ring.node(32)->isPrimaryFor(i.id));
        QVERIFY(leaver->fetchLocal(i.key).found); // the leaver keeps a copy
    }

    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    for (ChordNode *n : ring.live()) {
        for (const QString &k : keys) {
            const Outcome<GetResult> got = QCoro::waitFor(n->get(k));
            QVERIFY2(got.ok() && got.value->found, qPrintable(k));
            QCOMPARE(got.value->item.value, k.toUtf8());
            QCOMPARE(got.value->owner.id, ring.successorOf(space.hashKey(k)));
        }
    }
    int primaries = 0;
    for (ChordNode *n : ring.live())
        primaries += n->primaryCount();
    QCOMPARE(primaries, keys.size());
}

// A leave whose notice never reached the successor (it did not answer then: the keys and the
// notice went to the next one): the successor, finding its predecessor alone in a ring of its
// own, asks it for its leave (GET /dht/departure) and moves the arc as on a leave, with the
// leaver's keys and versions, instead of taking it over as a crashed node's.
namespace {
// How the leaver of missedLeaveNoticeIsAskedFor goes.
enum LeaverExit { StaysUp, Exits, ExitsWhileChecked };
} // namespace

void TestChordProtocol::missedLeaveNoticeIsAskedFor_data() {
    QTest::addColumn<int>("exit");
    QTest::addColumn<QString>("asked");
    QTest::newRow("leaver stays up: asked of the leaver") << int(StaysUp) << u"asked for"_s;
    // It exited (SIGTERM) and cannot be asked: its heir, the node after the successor it went
    // past, kept the notice and holds the keys (chord-sim --seed 244 --mix all: 503 for good).
    QTest::newRow("leaver exits: asked of its heir") << int(Exits) << u"asked of its heir"_s;
    // It answered the check as a node alone, then exited before it was asked (tst_fault's
    // SIGTERM row saw it: the successor took the arc over as a crashed node's).
    QTest::newRow("leaver exits while checked: asked of its heir")
        << int(ExitsWhileChecked) << u"asked of its heir"_s;
}

void TestChordProtocol::missedLeaveNoticeIsAskedFor() {
    QFETCH(int, exit);
    QFETCH(QString, asked);
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const QStringList keys = keysFor(120, 9);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(ring.node(1)->put(k, k.toUtf8())).ok());
    ChordNode *leaver = ring.node(21);
    ChordNode *successor = ring.node(32);
    ChordNode *heir = ring.node(38);
    const QList<Item> held = leaver->primaryItems();
    QVERIFY(!held.isEmpty());
    const quint64 ringToken = leaver->ringToken();

    ring.net.kill(successor->self());
    QVERIFY(QCoro::waitFor(leaver->leave()).ok());
    ring.removeMember(leaver);
    if (exit == Exits)
        ring.net.kill(leaver->self());
    else if (exit == ExitsWhileChecked)
        ring.net.killAfterNextNeighbors(leaver->self());
    ring.net.revive(successor->self());
    QVERIFY(successor->predecessor()->sameEndpoint(leaver->self())); // it missed the notice
    QVERIFY(leaver->departureFrom(ringToken).has_value());
    QVERIFY(!leaver->departureFrom(ringToken + 1).has_value());
    QVERIFY(heir->heldDepartureOf(ringToken, leaver->self().address()).has_value());
    QVERIFY(!heir->heldDepartureOf(ringToken + 1, leaver->self().address()).has_value());
    QVERIFY(!heir->heldDepartureOf(ringToken, successor->self().address()).has_value());

    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    QCOMPARE(successor->predecessor()->id, Id(14));
    QVERIFY(successor->unavailable().empty());
    for (const Item &i : held) {
        const FetchAnswer a = successor->fetchLocal(i.key);
        QVERIFY2(a.found && !a.unconfirmed, qPrintable(i.key));
        QCOMPARE(a.item.version, i.version);
    }
    bool askedFor = false;
    for (const Event &e : successor->events().since(0))
        askedFor = askedFor || (e.type == u"handoff-in"_s && e.detail.contains(asked));
    QVERIFY(askedFor);
}

// Every copy of an arc is on nodes that are away (stood in for by killed nodes: a pause looks
// the same), the node after them took the arc over with the part marked, and then every other
// member leaves. The last member's arc is the whole circle: the part is still its own without
// copies, 503 and not "absent" (chord-sim --seed 41249 --mix all).
void TestChordProtocol::lastMemberKeepsItsUncoveredPart() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const QString key = keyIn(14, 21, 23);
    QVERIFY2(!key.isEmpty(), "no key of the arc (14, 21] among the keys tried");
    QVERIFY(QCoro::waitFor(ring.node(1)->put(key, "v")).ok());
    for (const Id away : {Id(21), Id(32), Id(38)})
        ring.crashAway(away);
    ring.rounds(SettleRounds);
    ChordNode *last = ring.node(42);
    QCOMPARE(last->predecessor()->id, Id(14));
    QVERIFY(!last->unavailable().empty());
    for (ChordNode *n : ring.live()) {
        if (n == last)
            continue;
        QVERIFY(QCoro::waitFor(n->leave()).ok());
        ring.removeMember(n);
    }
    ring.rounds(2);
    QVERIFY(last->isAlone());
    QVERIFY(!last->unavailable().empty());
    const Outcome<GetResult> got = QCoro::waitFor(last->get(key));
    QVERIFY2(!got.ok(), got.ok() ? (got.value->found ? "found" : "absent") : "");
    QCOMPARE(got.error, NodeError::Unavailable);
}

// The node after three crashed ones took their arcs over with a mark on the part nobody holds;
// a joiner takes part of that mark, the rest staying with the node, and the operator releases
// that rest. The node keeps copies of the joiner's arc as its replica by its place, but holds
// nothing of the part it handed on: it must not vouch for it, and the joiner's key stays 503,
// not "absent". Two rules keep it so, either one enough here (the test fails only when both
// are removed): what the node holds is narrowed when its predecessor changes
// (ChordNode::setPredecessor), and to the end of the handed part
// (ChordNode::rectify; alone enough in chord-sim --seed 175840 --mix all --ops 60, where a
// predecessor's sync had widened the held range again).
void TestChordProtocol::handedPartOfAMarkIsNotVouchedBack() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 14, 21, 32, 42, 50}));
    ring.rounds(SettleRounds);
    const QString key = keyIn(50, 60, 3);
    QVERIFY2(!key.isEmpty(), "no key of the arc (50, 60] among the keys tried");
    QVERIFY(QCoro::waitFor(ring.node(32)->put(key, "v")).ok());
    for (const Id away : {Id(8), Id(14), Id(21)})
        ring.crashAway(away);
    ring.rounds(SettleRounds);
    ChordNode *marked = ring.node(32);
    QCOMPARE(marked->predecessor()->id, Id(50));
    QCOMPARE(marked->unavailable().from, Id(50));
    QCOMPARE(marked->unavailable().to, Id(8));
    ChordNode *joiner = ring.create(60);
    const Outcome<bool> joined = QCoro::waitFor(joiner->join(TestRing::endpointOf(marked)));
    QVERIFY2(joined.ok(), qPrintable(joined.message));
    ring.addMember(joiner);
    ring.rounds(SettleRounds);
    QCOMPARE(marked->predecessor()->id, Id(60));
    QCOMPARE(joiner->unavailable().to, Id(60));
    QCOMPARE(marked->forgetUnavailable().to, Id(8));
    ring.rounds(SettleRounds);
    QVERIFY2(!joiner->unavailable().empty(), "the joiner's part of the mark was vouched away");
    const Outcome<GetResult> got = QCoro::waitFor(joiner->get(key));
    QVERIFY2(!got.ok(), got.ok() ? (got.value->found ? "found" : "absent") : "");
    QCOMPARE(got.error, NodeError::Unavailable);
}

// An owner we keep copies for syncs an arc that begins after the id our chain of predecessors
// puts before it: a node joined there that we have not heard of (its news stopped with a
// paused predecessor), and its arc's writes go to its own replicas, not to us. What we vouch
// for as held ends at that arc (found under schedules that did not land, docs/CONSISTENCY.md:
// a node took a paused block's arcs over believing it held the joiner's arc, and served an old
// value). The joiner's own sync gives the part back.
void TestChordProtocol::ownerArcNarrowsWhatAReplicaVouchesFor() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    ChordNode *t = ring.node(42);
    const auto candidate = NodeRef{u"j40"_s, u"127.0.0.1"_s, quint16(9040), 40};
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(21));
    // 32's arc, as 32 syncs it: (25, 32], a node at 25 unknown here.
    const NodeRef n32 = ring.node(32)->self();
    const ReplicateRequest sync{n32, 25, 32, 0, false, {}, Id(25)};
    t->replicate(sync);
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(25));
    // The joiner at 25 syncs its arc (21, 25] here: held again from 21.
    const NodeRef n25{u"n25"_s, u"127.0.0.1"_s, quint16(7025), 25};
    t->replicate(ReplicateRequest{n25, 21, 25, 0, false, {}, Id(21)});
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(21));

    // So does its sync while its own arc is unconfirmed (it resumed from a pause and confirms
    // nothing) when it matched ours, or we merged all it holds: every write it acknowledged
    // there is here. A sync that did not match, or one by another node, gives nothing back
    // (chord-sim --seed 369872 --mix all: the joiner died unconfirmed, and the one node left
    // with every copy of its arc vouched for none of it).
    t->replicate(sync);
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(25));
    const quint64 digest = t->store().digestIn(21, 25);
    QVERIFY(!t->replicate(ReplicateRequest{n25, 21, 25, digest + 1, false, {}, {}}).match);
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(25));
    t->replicate(ReplicateRequest{n32, 25, 32, 0, true, {}, {}});
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(25));
    QVERIFY(t->replicate(ReplicateRequest{n25, 21, 25, digest, false, {}, {}}).match);
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(21));
    // Narrowed again, then a full sync of the joiner's arc, merged here: back as well.
    t->replicate(sync);
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(25));
    t->replicate(ReplicateRequest{n25, 21, 25, 0, true, {}, {}});
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(21));

    // A joiner before our predecessor 38 (at 35, where the chain says 32): its sync gives back
    // (32, 35] and no more; 32's arc (21, 32] is written to 35 and 38 now, not to us.
    const NodeRef n38 = ring.node(38)->self();
    t->replicate(ReplicateRequest{n38, 35, 38, 0, false, {}, Id(35)});
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(35));
    const NodeRef n35{u"n35"_s, u"127.0.0.1"_s, quint16(7035), 35};
    t->replicate(ReplicateRequest{n35, 32, 35, 0, true, {}, {}});
    QCOMPARE(t->handOverTo(candidate).replicasFrom, std::optional<Id>(32));
}

// A leave whose keys found no taker (every successor silent) leaves the node a member; the
// hand-off may have waited long, and the ring may have taken its arc over meanwhile: it
// confirms the arc again, as after a stall, before it serves it (chord-sim --seed 36396 --mix
// all: the node served its old copy of a key rewritten since).
void TestChordProtocol::failedLeaveConfirmsTheArcAgain() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    ChordNode *n = ring.node(14);
    const IdSpace space(Bits);
    const QString key = keyIn(8, 14, 31);
    QVERIFY2(!key.isEmpty(), "no key of the arc (8, 14] among the keys tried");
    QVERIFY(QCoro::waitFor(ring.node(1)->put(key, "v")).ok());
    QCOMPARE(n->ownership(space.hashKey(key)), Ownership::Owner);
    const QList<NodeRef> successors = n->successors();
    for (const NodeRef &s : successors)
        ring.net.kill(s);
    const Outcome<bool> left = QCoro::waitFor(n->leave());
    QVERIFY(!left.ok());
    QVERIFY(!n->hasLeft());
    QCOMPARE(n->ownership(space.hashKey(key)), Ownership::Unconfirmed);
    // Its successors back, it confirms the arc through them and serves it again.
    for (const NodeRef &s : successors)
        ring.net.revive(s);
    ring.rounds(SettleRounds);
    QCOMPARE(n->ownership(space.hashKey(key)), Ownership::Owner);
    const Outcome<GetResult> got = QCoro::waitFor(n->get(key));
    QVERIFY(got.ok() && got.value->found);
}

// A node alone by its pointers (the others left or do not answer) that is asked to leave
// leaves: a fresh ring identity, so that its ring's members, back, do not take it in again
// (chord-sim --seed 36396 --mix all).
void TestChordProtocol::leaveWhileAloneIsALeave() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 21, 42}));
    ring.rounds(SettleRounds);
    ChordNode *n = ring.node(8);
    ring.crash(42); // stopped: it comes back below
    ring.rounds(SettleRounds);
    ChordNode *leaver = ring.node(21);
    QVERIFY(QCoro::waitFor(leaver->leave()).ok());
    ring.removeMember(leaver);
    QVERIFY(n->isAlone());
    const quint64 token = n->ringToken();
    QVERIFY(QCoro::waitFor(n->leave()).ok());
    QVERIFY(n->hasLeft());
    QVERIFY(n->ringToken() != token);
    ring.net.revive(ring.node(42)->self());
    ring.rounds(SettleRounds);
    QVERIFY(n->isAlone());
    QVERIFY(n->hasLeft());
}

void TestChordProtocol::twoLeavesThenACrashKeepEveryKey() {
    // Two leaves in a row, before the heir heard from its new predecessors (its chain of
    // predecessors is short), then its new predecessor crashes: the heir takes that arc over
    // holding the copies the leavers handed it, and every key reads back. (The heir's part in
    // chord-sim --seed 3318 --mix all, where what it knew it held was narrower than here and
    // the arc stayed 503 until the leave notices said which copies went where, is that seed's
    // regression test in tests/sim.)
    TestRing ring;
    QList<Id> ids = PaperIds;
    ids.removeAll(42);
    VERIFY_BUILT(ring, ids);
    ring.rounds(SettleRounds);
    const QStringList keys = keysFor(120, 11);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(ring.node(1)->put(k, k.toUtf8())).ok());
    ChordNode *heir = ring.create(42);
    QVERIFY(QCoro::waitFor(heir->join(TestRing::endpointOf(ring.node(1)))).ok());
    ring.addMember(heir);
    ring.rounds(SettleRounds);
    for (const Id leaving : {Id(38), Id(32)}) {
        ChordNode *leaver = ring.node(leaving);
        QVERIFY(QCoro::waitFor(leaver->leave()).ok());
        ring.removeMember(leaver);
    }
    QCOMPARE(heir->predecessor()->id, Id(21));
    ring.net.kill(ring.node(21)->self());
    ring.rounds(SettleRounds);
    QCOMPARE(heir->predecessor()->id, Id(14));
    QVERIFY2(heir->unavailable().empty(),
             qPrintable(u"(%1, %2]"_s.arg(heir->unavailable().from).arg(heir->unavailable().to)));
    for (const QString &k : keys) {
        const Outcome<GetResult> got = QCoro::waitFor(ring.node(8)->get(k));
        QVERIFY2(got.ok() && got.value->found && got.value->item.value == k.toUtf8(),
                 qPrintable(k + u": "_s + got.message));
    }
}

void TestChordProtocol::handOverCarriesTheCopiesItVouchesFor_data() {
    // The ring before the hand-over: three nodes, a fourth joins (handed what it holds), then
    // one leaves or crashes, and the three left (r = 3: a ring of r nodes, where every node
    // keeps every copy and no place range says which) know how far back they hold copies
    // from what they were handed, synchronised or took over.
    QTest::addColumn<Id>("joiner");
    QTest::addColumn<bool>("crash");
    QTest::addColumn<Id>("gone");
    for (const Id joiner : {Id(14), Id(32), Id(56)}) {
        for (const Id gone : {Id(8), Id(21), Id(42)}) {
            QTest::addRow("%d joins, %d leaves", int(joiner), int(gone)) << joiner << false << gone;
            QTest::addRow("%d joins, %d crashes", int(joiner), int(gone)) << joiner << true << gone;
        }
    }
}

void TestChordProtocol::handOverCarriesTheCopiesItVouchesFor() {
    // A node that hands a candidate part of its arc vouches that the candidate now holds every
    // copy of (replicasFrom, from] (the candidate takes its place as their replica): the
    // answer must carry them. A ring of r nodes sent none while it vouched (chord-sim --seed
    // 6864 --mix all with the digest asked again after every mismatch: a later joiner took
    // that part over with no copy of it and read "absent").
    QFETCH(Id, joiner);
    QFETCH(bool, crash);
    QFETCH(Id, gone);
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 21, 42}));
    ring.rounds(SettleRounds);
    const QStringList keys = keysFor(60, 13);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(ring.node(8)->put(k, k.toUtf8())).ok());
    ChordNode *j = ring.create(joiner);
    QVERIFY(QCoro::waitFor(j->join(TestRing::endpointOf(ring.node(8)))).ok());
    ring.addMember(j);
    ring.rounds(SettleRounds);
    ChordNode *leaver = ring.node(gone);
    if (crash) {
        ring.net.kill(leaver->self());
    } else {
        QVERIFY(QCoro::waitFor(leaver->leave()).ok());
    }
    ring.removeMember(leaver);
    // Every round while the ring settles, what each node would hand a candidate in the middle
    // of its arc.
    int vouched = 0;
    for (int round = 0; round < SettleRounds * 2; ++round) {
        ring.rounds(1);
        for (ChordNode *n : ring.live()) {
            if (!n->predecessor())
                continue;
            const Id pred = n->predecessor()->id;
            const Id mid = n->space().add(pred, n->space().distance(pred, n->self().id) / 2);
            if (mid == pred)
                continue;
            const NodeRef candidate{u"candidate"_s, u"127.0.0.1"_s, quint16(9000 + mid), mid};
            const RectifyAnswer a = n->handOverTo(candidate);
            if (!a.replicasFrom)
                continue;
            ++vouched;
            QSet<QString> carried;
            for (const Item &i : a.replicas)
                carried.insert(i.key + u'@' + QString::number(i.version));
            for (const Item &i : n->store().allItems(true)) {
                if (Interval::containsOpenClosed(n->space(), *a.replicasFrom, *a.from, i.id))
                    QVERIFY2(carried.contains(i.key + u'@' + QString::number(i.version)),
                             qPrintable(u"round %1: %2 vouched for (%3, %4] but did not hand %5 "
                                        u"over"_s.arg(round)
                                            .arg(n->self().id)
                                            .arg(*a.replicasFrom)
                                            .arg(*a.from)
                                            .arg(i.key)));
            }
        }
    }
    VERIFY_RING(ring);
    // (A settled ring of r nodes vouches for nothing before the arc: the check above is made
    // while the ring settles, and must have had something to check.)
    QVERIFY(vouched > 0);
}

void TestChordProtocol::takeoverBoundOutlivesAnUnknownChain() {
    // A node that took its dead predecessor's arc over holds copies back to where its chain
    // said (here 14), and no further. Two joiners come before it while the chain is not known
    // (the first was not in it); when the second reports a chain reaching further back (14 and
    // 21 gone), the node must not vouch for the part it never held (chord-sim --seed 8454 --mix
    // all with owners re-asking replicas that did not vouch: a joiner took that part over on
    // the node's word and read "absent").
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 14, 21, 32, 42}));
    ring.rounds(SettleRounds);
    ChordNode *t = ring.node(42);
    const IdSpace &space = t->space();
    const auto joiner = [](Id id) {
        return NodeRef{u"j%1"_s.arg(id), u"127.0.0.1"_s, quint16(9000 + id), id};
    };
    const std::optional<Id> before = t->handOverTo(joiner(37)).replicasFrom;
    QVERIFY(before.has_value());
    QCOMPARE(*before, Id(14));
    ring.crashAway(32);
    ring.clock.advance(std::chrono::milliseconds(2000)); // every lease granted ran out
    QVERIFY(QCoro::waitFor(t->runStep(MaintenanceStep::CheckPredecessor)));
    QVERIFY(t->rectify(joiner(25), t->ringToken(), true).accepted);
    QCOMPARE(t->predecessor()->id, Id(25));
    QVERIFY(t->rectify(joiner(28), t->ringToken(), true).accepted);
    QCOMPARE(t->predecessor()->id, Id(28));
    StabilizeCall call;
    call.caller = 28;
    call.ringToken = t->ringToken();
    call.leaseMs = 100;
    call.predChain = {25, 8};
    t->answerNeighbors(call);
    const std::optional<Id> after = t->handOverTo(joiner(35)).replicasFrom;
    QVERIFY2(!after || space.distance(*after, 42) <= space.distance(14, 42),
             qPrintable(u"vouches for copies from %1 on, held from 14"_s.arg(*after)));
}

void TestChordProtocol::shortSuccessorListKeepsTheWriteQuorum() {
    // W is capped at the copies the ring can hold only when the successor list comes round to
    // the predecessor. A list cut short (here: wired by hand to a lone node) says nothing of
    // the ring's size: capped by it, an owner acknowledged writes with two copies in a ring
    // of five (chord-sim --seed 72724 --mix all, under the schedule of the chain rule).
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 14, 21, 32, 42}));
    ring.rounds(SettleRounds);
    ChordNode *owner = ring.node(32);
    QCOMPARE(owner->writeQuorumNow(), Replicas);
    ChordNode *lone = ring.create(50);
    QVERIFY(QCoro::waitFor(owner->setSuccessorByHand(TestRing::endpointOf(lone))).ok());
    QCOMPARE(owner->successors().size(), 1);
    QCOMPARE(owner->writeQuorumNow(), Replicas);
    // A ring of two holds two copies: its list comes round to the predecessor.
    TestRing pair;
    VERIFY_BUILT(pair, (QList<Id>{8, 40}));
    pair.rounds(SettleRounds);
    QCOMPARE(pair.node(8)->writeQuorumNow(), 2);
}

void TestChordProtocol::copyCountsOnlyAtAReplicaByPlace() {
    // An owner whose successor list skipped a live node (its successor lost sight of it for a
    // round) sends its write's copies to the node after it, which is not a replica of the
    // owner's arc by its place. Counted there, the write was acknowledged with no copy at the
    // skipped node, which takes the arc over when the owner and its successor are gone
    // (chord-sim --seed 239775 --nodes 6 --mix all read "absent"). That node refuses the copy.
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 14, 21, 32, 42}));
    ring.rounds(SettleRounds);
    ChordNode *owner = ring.node(32);
    ChordNode *skipped = ring.node(8);
    ring.net.kill(skipped->self());
    QVERIFY(QCoro::waitFor(ring.node(42)->runStep(MaintenanceStep::Stabilize)));
    QVERIFY(QCoro::waitFor(owner->runStep(MaintenanceStep::Stabilize)));
    ring.net.revive(skipped->self());
    QCOMPARE(owner->successors().mid(0, 2),
             (QList<NodeRef>{ring.node(42)->self(), ring.node(14)->self()}));
    const QString key = keyIn(21, 32, 7);
    QVERIFY(!key.isEmpty());
    const WriteAnswer refused = QCoro::waitFor(owner->ownerWrite({.key = key, .value = "v1"_ba}));
    QVERIFY2(!refused.error.isEmpty(), "acknowledged with a copy at a node that is no replica");
    QCOMPARE(refused.copies, 2);
    QVERIFY(!ring.node(14)->store().find(key).has_value());
    QVERIFY(!ring.node(14)->keepsCopiesOf({Item{.key = key}}));
    QVERIFY(skipped->keepsCopiesOf({Item{.key = key}}));
    // Once the owner's list has the skipped node again, the write is acknowledged.
    ring.rounds(SettleRounds);
    const WriteAnswer done = QCoro::waitFor(owner->ownerWrite({.key = key, .value = "v2"_ba}));
    QVERIFY2(done.error.isEmpty(), qPrintable(done.error));
    QCOMPARE(done.copies, Replicas);
}

void TestChordProtocol::strayHandedBackIsPushedAgain() {
    // A copy beyond the arcs a node keeps goes to its owner once. While two parts of a ring
    // merge, the node a lookup names may own nothing in the merged ring; it takes the copy and
    // hands it back to us as the owner it sees. Handed back, it is pushed on again; without
    // that it stayed among nodes that each thought it delivered, and the merged ring's owner
    // read "absent" for 30 s (chord-sim --seed 325508 --mix all).
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{8, 14, 21, 32, 42}));
    ring.rounds(SettleRounds);
    ChordNode *holder = ring.node(8); // keeps copies of (21, 8]
    const QString key = keyIn(14, 21, 5);
    QVERIFY(!key.isEmpty());
    const Item stray{.key = key, .value = "v"_ba, .version = 77};
    QVERIFY(holder->takeCopies({stray}, holder->ringToken(), StoreAs::Handoff).ok());
    ring.rounds(2);
    QCOMPARE(straysPushed(holder), 1);
    const std::optional<Item> atOwner = ring.node(21)->store().find(key);
    QVERIFY(atOwner.has_value());
    QCOMPARE(atOwner->version, quint64(77));
    ring.rounds(2);
    QCOMPARE(straysPushed(holder), 1); // once, not every round
    QVERIFY(holder->takeCopies({stray}, holder->ringToken(), StoreAs::Handoff).ok());
    ring.rounds(2);
    QCOMPARE(straysPushed(holder), 2);
    ring.rounds(2);
    QCOMPARE(straysPushed(holder), 2); // and once only
}

void TestChordProtocol::leaverCanRejoin() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    ChordNode *n = ring.node(42);
    QVERIFY(QCoro::waitFor(n->leave()).ok());
    ring.removeMember(n);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    const Outcome<bool> back = QCoro::waitFor(n->join(TestRing::endpointOf(ring.node(8))));
    QVERIFY2(back.ok(), qPrintable(back.message));
    ring.addMember(n);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    QCOMPARE(n->self().id, Id(42));
}

void TestChordProtocol::crashHeals_data() {
    QTest::addColumn<QList<quint64>>("crashed");
    using L = QList<quint64>;
    QTest::newRow("one") << L{38};
    QTest::newRow("smallest id") << L{1};
    QTest::newRow("two apart") << L{8, 42};
    // Fewer than `Replicas` nodes in a row: every key still has a live copy.
    QTest::newRow("two in a row") << L{38, 42};
    QTest::newRow("two in a row across 0") << L{56, 1};
}

void TestChordProtocol::crashHeals() {
    QFETCH(QList<quint64>, crashed);
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const IdSpace space(Bits);
    const QStringList keys = keysFor(150, 13);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(ring.node(8)->put(k, k.toUtf8())).ok());
    for (Id id : crashed)
        ring.crash(id);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    const QList<ChordNode *> nodes = ring.live();
    for (const QString &k : keys) {
        const Id owner = ring.successorOf(space.hashKey(k));
        for (ChordNode *n : nodes) {
            const Outcome<GetResult> got = QCoro::waitFor(n->get(k));
            QVERIFY2(got.ok(), qPrintable(got.message));
            QVERIFY2(got.value->found,
                     qPrintable(u"%1 lost (owner now %2, asked %3)"_s.arg(k).arg(owner).arg(
                         n->self().id)));
            QCOMPARE(got.value->item.value, k.toUtf8());
            QCOMPARE(got.value->owner.id, owner);
        }
        // Re-replicated: owner and the next replicas - 1 live nodes hold it again.
        const qsizetype at = nodes.indexOf(ring.node(owner));
        for (int r = 0; r < Replicas; ++r)
            QVERIFY2(ring.after(at, r)->store().find(k),
                     qPrintable(
                         u"%1 not re-replicated on %2"_s.arg(k).arg(ring.after(at, r)->self().id)));
    }
    int primaries = 0;
    for (ChordNode *n : nodes)
        primaries += n->primaryCount();
    QCOMPARE(primaries, keys.size());
}

// Beyond the stable base: every node of 14's successor list [21, 32, 38, 42] is gone (a
// crashed or paused block, or the far side of a partition). When its predecessor's predecessor
// answers, 14 takes it as successor. When the predecessor is the only live node it finds, 14
// keeps its last successor (42) and waits rather than fall back on the predecessor: it cannot tell
// a crash from a pause, and a ring of two would take arcs whose owner may come back
// (docs/CONSISTENCY.md, "The stable base"; chord-sim --seed 413 --mix pause).
void TestChordProtocol::survivorsBehindADeadList_data() {
    QTest::addColumn<QList<quint64>>("survivors");
    QTest::addColumn<quint64>("successor");
    using L = QList<quint64>;
    QTest::newRow("three left: through the predecessor's predecessor") << L{1, 8, 14} << 1ULL;
    QTest::newRow("two left: waits") << L{8, 14} << 42ULL;
}

void TestChordProtocol::survivorsBehindADeadList() {
    QFETCH(QList<quint64>, survivors);
    QFETCH(quint64, successor);
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    QCOMPARE(ring.node(14)->successors().size(), SuccessorListLength);
    for (Id id : PaperIds) {
        if (!survivors.contains(id))
            ring.crash(id);
    }
    ring.rounds(SettleRounds);
    QCOMPARE(ring.node(14)->successors().front().id, successor);
    if (successor != 42) {
        VERIFY_RING(ring);
        return;
    }
    QCOMPARE(ring.node(14)->successors().size(), 1);
    QCOMPARE(ring.node(8)->successors().front().id, 14ULL);
    // Nobody took 21's arc: a write of one of its keys is refused, not acknowledged.
    const IdSpace space(Bits);
    for (const QString &k : keysFor(100, 17)) {
        const Id h = space.hashKey(k);
        if (h > 14 && h <= 21) {
            QVERIFY2(!QCoro::waitFor(ring.node(8)->put(k, "v")).ok(), qPrintable(k));
            return;
        }
    }
    QFAIL("no key of the arc (14, 21] among the keys tried");
}

void TestChordProtocol::idCollisionRefused() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    ChordNode *twin = ring.create(21, -1, 7999);
    const Outcome<bool> joined = QCoro::waitFor(twin->join(TestRing::endpointOf(ring.node(1))));
    QVERIFY(!joined.ok());
    QCOMPARE(joined.error, NodeError::Conflict);
    QVERIFY2(joined.message.contains(u"n21"_s), qPrintable(joined.message));
    QVERIFY(twin->isAlone());
    ring.rounds(2);
    VERIFY_RING(ring);
}

void TestChordProtocol::twinIdYielded_data() {
    QTest::addColumn<bool>("explicitId");
    QTest::newRow("picked id: joins again with another") << false;
    QTest::newRow("--id: leaves, stays alone") << true;
}

void TestChordProtocol::twinIdYielded() {
    // Two parts of a split ring can each place a joiner at one id. Stood in for here by a node
    // of id 32 wired by hand into a ring that has a 32: once their common successor (48) has
    // the other 32 as its predecessor, the newcomer yields the id, and no key is lost.
    QFETCH(bool, explicitId);
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 14, 32, 48}));
    ring.rounds(SettleRounds);
    ChordNode *twin = ring.create(32, -1, 7999, explicitId);
    QVERIFY(QCoro::waitFor(twin->setSuccessorByHand(TestRing::endpointOf(ring.node(48)))).ok());
    const Outcome<PutResult> put = QCoro::waitFor(twin->put(u"k"_s, "written at the twin"_ba));
    QVERIFY2(put.ok(), qPrintable(put.message));
    const QStringList keys = keysFor(40, 5);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(ring.node(1)->put(k, k.toUtf8())).ok());
    ring.addMember(twin);
    ring.rounds(SettleRounds);

    bool reported = false;
    for (const Event &e : twin->events().since(0))
        reported = reported || (e.type == u"id-conflict"_s && e.node && e.node->port == 7032);
    QVERIFY(reported);
    if (explicitId) {
        QVERIFY(twin->isAlone());
        QVERIFY(twin->hasLeft());
        QCOMPARE(twin->self().id, Id(32));
        ring.removeMember(twin);
    } else {
        QVERIFY(!twin->hasLeft());
        QVERIFY(twin->self().id != Id(32));
    }
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    for (const QString &k : keys) {
        const Outcome<GetResult> got = QCoro::waitFor(ring.node(14)->get(k));
        QVERIFY2(got.ok() && got.value->found && got.value->item.value == k.toUtf8(),
                 qPrintable(k));
    }
    const Outcome<GetResult> atTwin = QCoro::waitFor(ring.node(14)->get(u"k"_s));
    QVERIFY2(atTwin.ok() && atTwin.value->item.value == "written at the twin",
             qPrintable(atTwin.message));
}

void TestChordProtocol::yieldedTwinHandsItsArcToTheTwin() {
    // The twin that yields owned the same arc as the one it yields to: its keys go to that
    // twin at once, not to its successor, which kept them as copies, and the twin read
    // "absent" for them until its next replica sync (tst_link_faults
    // twinsJoinedInTwoPartsOneYields, real processes: a write acknowledged in the yielder's
    // part of a split ring).
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 14, 32, 48}));
    ring.rounds(SettleRounds);
    ChordNode *kept = ring.node(32);
    // Written while the twin was a ring of its own, then wired in.
    ChordNode *twin = ring.create(32, -1, 7999, true);
    const QString key = keyIn(14, 32, 21);
    QVERIFY(!key.isEmpty());
    const Outcome<PutResult> put = QCoro::waitFor(twin->put(key, "written at the twin"_ba));
    QVERIFY2(put.ok(), qPrintable(put.message));
    QVERIFY(QCoro::waitFor(twin->setSuccessorByHand(TestRing::endpointOf(ring.node(48)))).ok());
    QVERIFY(!kept->store().find(key));
    ring.addMember(twin);
    for (int r = 0; r < SettleRounds && !twin->hasLeft(); ++r)
        ring.rounds(1);
    QVERIFY(twin->hasLeft());
    const std::optional<Item> atKept = kept->store().find(key);
    QVERIFY2(atKept && atKept->value == "written at the twin", "not handed to the twin");
}

void TestChordProtocol::differentBitsRefused() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 32}));
    ring.rounds(3);
    ChordNode *wide = ring.create(100, 8);
    const Outcome<bool> joined = QCoro::waitFor(wide->join(TestRing::endpointOf(ring.node(1))));
    QVERIFY(!joined.ok());
    QCOMPARE(joined.error, NodeError::Conflict);
    QVERIFY2(joined.message.contains(u"6-bit"_s), qPrintable(joined.message));
    QVERIFY(wide->isAlone());
    VERIFY_RING(ring);
}

void TestChordProtocol::differentProtocolRefused() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 32}));
    ring.rounds(3);
    ring.protocol = Protocol::Original;
    ChordNode *other = ring.create(40);
    const Outcome<bool> joined = QCoro::waitFor(other->join(TestRing::endpointOf(ring.node(1))));
    QVERIFY(!joined.ok());
    QCOMPARE(joined.error, NodeError::Conflict);
    QVERIFY2(joined.message.contains(u"ring runs the zave protocol, this node original"_s),
             qPrintable(joined.message));
    QVERIFY(other->isAlone());
    VERIFY_RING(ring);
}

void TestChordProtocol::originalProtocolConverges() {
    // The paper's maintenance builds a correct ring when nothing fails (joins one at a time).
    // Slower than Zave's: a joiner starts with its successor alone, and one finger a round.
    TestRing ring;
    ring.protocol = Protocol::Original;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(4 * SettleRounds);
    VERIFY_RING(ring);
}

void TestChordProtocol::joinThroughDeadOrSelfRefused() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 32}));
    ring.rounds(3);
    ChordNode *joiner = ring.create(48);
    ring.crash(32);
    Outcome<bool> r = QCoro::waitFor(joiner->join(TestRing::endpointOf(ring.node(32))));
    QVERIFY(!r.ok());
    QCOMPARE(r.error, NodeError::Unreachable);
    r = QCoro::waitFor(joiner->join(Endpoint{u"127.0.0.1"_s, 9, {}}));
    QCOMPARE(r.error, NodeError::Unreachable);
    r = QCoro::waitFor(joiner->join(TestRing::endpointOf(joiner)));
    QVERIFY(!r.ok());
    QCOMPARE(r.error, NodeError::BadRequest);
    QVERIFY(joiner->isAlone());
}

// A member that stops answering keeps its id: once its successor took its arc over, a joiner
// may not take that id (the member may only be paused: two nodes with one id would stay in the
// ring for good), while the member itself comes back into its place.
void TestChordProtocol::silentMembersIdRefusedToJoiners() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 14, 32, 48}));
    ring.rounds(SettleRounds);
    ChordNode *silent = ring.node(32);
    ring.net.kill(silent->self());
    ring.rounds(SettleRounds);
    QCOMPARE(ring.node(48)->predecessor()->id, Id(14)); // 48 took the arc over

    ChordNode *twin = ring.create(32, -1, 7100);
    const Outcome<bool> refused = QCoro::waitFor(twin->join(TestRing::endpointOf(ring.node(1))));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error, NodeError::Conflict);
    QVERIFY(twin->isAlone());

    // Another id in the same arc is free.
    ChordNode *other = ring.create(40);
    QVERIFY(QCoro::waitFor(other->join(TestRing::endpointOf(ring.node(1)))).ok());
    ring.addMember(other);

    ring.net.revive(silent->self());
    ring.rounds(2 * SettleRounds);
    VERIFY_RING(ring);
    QCOMPARE(ring.node(40)->predecessor()->id, Id(32));
}

void TestChordProtocol::joinSameRingTwiceIsNoOp() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 14, 32}));
    ring.rounds(SettleRounds);
    const quint64 token = ring.node(14)->ringToken();
    const Outcome<bool> again =
        QCoro::waitFor(ring.node(14)->join(TestRing::endpointOf(ring.node(32))));
    QVERIFY(again.ok());
    QCOMPARE(ring.node(14)->ringToken(), token);
    VERIFY_RING(ring);
}

// Without --id a joiner takes a point in the middle third of the widest arc (load balance,
// load balance; random within the third so that simultaneous joiners do not collide).
// True when id lies in the middle third of one of the widest arcs between members (arcs of
// equal width are all acceptable: the joiner takes whichever its sample of the ring meets first).
static bool inMiddleThirdOfWidestArc(const QList<Id> &members, Id id, int bits) {
    const IdSpace space(bits);
    QList<Id> sorted = members;
    std::sort(sorted.begin(), sorted.end());
    const auto gapAfter = [&](int i) {
        const Id a = sorted[i];
        const Id b = sorted[(i + 1) % sorted.size()];
        return a == b ? space.mask() : space.distance(a, b);
    };
    quint64 widest = 0;
    for (int i = 0; i < sorted.size(); ++i)
        widest = std::max(widest, gapAfter(i));
    for (int i = 0; i < sorted.size(); ++i) {
        if (gapAfter(i) != widest)
            continue;
        const quint64 offset = space.distance(sorted[i], id);
        if (offset >= widest / 3 && offset <= widest / 3 * 2)
            return true;
    }
    return false;
}

void TestChordProtocol::joinerWithoutIdTakesWidestArcMidpoint() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{0}));
    QList<Id> members{0};
    for (int k = 0; k < 3; ++k) {
        ChordNode *joiner = ring.create(5 + k, -1, quint16(7100 + k), false);
        QVERIFY(QCoro::waitFor(joiner->join(TestRing::endpointOf(ring.node(0)))).ok());
        ring.addMember(joiner);
        QVERIFY2(
            inMiddleThirdOfWidestArc(members, joiner->self().id, Bits),
            qPrintable(u"%1 joined ring %2"_s.arg(joiner->self().id).arg(TestRing::show(members))));
        members.append(joiner->self().id);
        ring.rounds(3);
    }
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
}

// The seed course's join: a member is told about a joiner and asks it to join.
void TestChordProtocol::placeJoinerSeedForm() {
    TestRing ring;
    VERIFY_BUILT(ring, (QList<Id>{1, 32}));
    ring.rounds(3);
    ChordNode *joiner = ring.create(48);
    const Outcome<bool> placed =
        QCoro::waitFor(ring.node(32)->placeJoiner(TestRing::endpointOf(joiner)));
    QVERIFY2(placed.ok(), qPrintable(placed.message));
    ring.addMember(joiner);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    QVERIFY(!QCoro::waitFor(ring.node(32)->placeJoiner(TestRing::endpointOf(ring.node(32)))).ok());
    // A joiner that cannot be reached.
    const Outcome<bool> nobody =
        QCoro::waitFor(ring.node(32)->placeJoiner(Endpoint{u"127.0.0.1"_s, 9, u"ghost"_s}));
    QVERIFY(!nobody.ok());
    QCOMPARE(nobody.error, NodeError::Unreachable);
}

// The seed course's bootloader wires nodes by hand (--pred, --succ or PUT /pred, /succ);
// maintenance must turn that into one ring on which lookups work.
void TestChordProtocol::handWiredRingConverges_data() {
    QTest::addColumn<bool>("withPred");
    QTest::newRow("pred and succ") << true;
    QTest::newRow("succ only") << false;
}

void TestChordProtocol::handWiredRingConverges() {
    QFETCH(bool, withPred);
    TestRing ring;
    const QList<Id> ids{8, 21, 42, 56};
    for (Id id : ids)
        ring.addMember(ring.create(id));
    for (qsizetype i = 0; i < ids.size(); ++i) {
        ChordNode *n = ring.node(ids[i]);
        ChordNode *next = ring.node(ids[(i + 1) % ids.size()]);
        ChordNode *prev = ring.node(ids[(i + ids.size() - 1) % ids.size()]);
        if (withPred)
            QVERIFY(QCoro::waitFor(n->setPredecessorByHand(TestRing::endpointOf(prev))).ok());
        const Outcome<NodeRef> s =
            QCoro::waitFor(n->setSuccessorByHand(TestRing::endpointOf(next)));
        QVERIFY2(s.ok(), qPrintable(s.message));
        QCOMPARE(s.value->id, next->self().id);
    }
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    const IdSpace space(Bits);
    for (ChordNode *n : ring.live()) {
        for (Id id = 0; id <= space.mask(); id += 5) {
            const LookupResult r = QCoro::waitFor(n->lookup(id));
            QVERIFY2(
                r.ok,
                qPrintable(u"lookup of %1 from %2: %3"_s.arg(id).arg(n->self().id).arg(r.error)));
            QCOMPARE(r.owner.id, ring.successorOf(id));
        }
    }
    QVERIFY(QCoro::waitFor(ring.node(8)->put(u"k"_s, "v"_ba)).ok());
    const Outcome<GetResult> got = QCoro::waitFor(ring.node(42)->get(u"k"_s));
    QVERIFY(got.ok() && got.value->found);
}

void TestChordProtocol::leaveDownToOne_data() {
    QTest::addColumn<QList<quint64>>("order");
    using L = QList<quint64>;
    QTest::newRow("ascending") << L{1, 8, 14, 21, 32, 38, 42, 48, 51};
    QTest::newRow("descending") << L{56, 51, 48, 42, 38, 32, 21, 14, 8};
    QTest::newRow("scattered") << L{32, 1, 48, 14, 56, 21, 8, 42, 38};
}

// Nodes leave one at a time (with a few rounds between) until one is left: no key is lost,
// and each intermediate ring is whole.
void TestChordProtocol::leaveDownToOne() {
    QFETCH(QList<quint64>, order);
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const QStringList keys = keysFor(80, 17);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(ring.node(38)->put(k, k.toUtf8())).ok());
    for (quint64 id : order) {
        ChordNode *leaver = ring.node(id);
        const Outcome<bool> left = QCoro::waitFor(leaver->leave());
        QVERIFY2(left.ok(), qPrintable(left.message));
        ring.removeMember(leaver);
        ring.rounds(3);
        VERIFY_RING(ring);
        for (const QString &k : keys) {
            ChordNode *asker = ring.live().first();
            const Outcome<GetResult> got = QCoro::waitFor(asker->get(k));
            QVERIFY2(got.ok() && got.value->found,
                     qPrintable(u"%1 lost after %2 left"_s.arg(k).arg(id)));
            QCOMPARE(got.value->item.value, k.toUtf8());
        }
    }
    ChordNode *last = ring.live().first();
    QVERIFY(last->isAlone());
    QCOMPARE(last->primaryCount(), keys.size());
}

// A delete acknowledged by the owner and its replicas stays a delete when the owner crashes:
// the promoted replica holds the tombstone, not the older value.
void TestChordProtocol::deleteSurvivesOwnerCrash() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const IdSpace space(Bits);
    const QStringList keys = keysFor(40, 23);
    for (const QString &k : keys)
        QVERIFY(QCoro::waitFor(ring.node(1)->put(k, "v"_ba)).ok());
    // Delete every key of the owner of the first key, then crash that owner.
    const Id owner = ring.successorOf(space.hashKey(keys.first()));
    QStringList deleted;
    for (const QString &k : keys) {
        if (ring.successorOf(space.hashKey(k)) == owner) {
            QVERIFY(QCoro::waitFor(ring.node(1)->put(k, {}, true)).ok());
            deleted << k;
        }
    }
    QVERIFY(!deleted.isEmpty());
    ring.crash(owner);
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    for (ChordNode *n : ring.live()) {
        for (const QString &k : keys) {
            const Outcome<GetResult> got = QCoro::waitFor(n->get(k));
            QVERIFY(got.ok());
            QCOMPARE(got.value->found, !deleted.contains(k));
        }
    }
}

// A replica cut off while a key is deleted comes back with the older live copy; replica sync
// must not bring the key back.
void TestChordProtocol::deleteMissedByPartitionedReplica() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const IdSpace space(Bits);
    QString key;
    for (const QString &k : keysFor(200, 29)) {
        if (ring.successorOf(space.hashKey(k)) == 42) {
            key = k;
            break;
        }
    }
    QVERIFY(!key.isEmpty());
    QVERIFY(QCoro::waitFor(ring.node(8)->put(key, "old"_ba)).ok());
    QVERIFY(ring.node(48)->store().find(key)); // first replica of 42
    ring.net.kill(ring.node(48)->self());      // unreachable, but not restarted
    // The ring routes around it first: with all three copies required, a delete is only
    // acknowledged once 42's replicas are the live 51 and 56.
    ring.rounds(SettleRounds);
    const Outcome<PutResult> del = QCoro::waitFor(ring.node(8)->put(key, {}, true));
    QVERIFY(del.ok());
    QVERIFY(!ring.node(48)->store().find(key)->deleted); // it missed the delete
    ring.net.revive(ring.node(48)->self());
    ring.rounds(SettleRounds);
    VERIFY_RING(ring);
    for (ChordNode *n : ring.live()) {
        const Outcome<GetResult> got = QCoro::waitFor(n->get(key));
        QVERIFY(got.ok());
        QVERIFY2(!got.value->found,
                 qPrintable(u"deleted key back when read at %1"_s.arg(n->self().id)));
    }
    const std::optional<Item> copy = ring.node(48)->store().find(key);
    QVERIFY(!copy || copy->deleted);
}

// A key whose id lies in (from, to].
static QString keyIn(Id from, Id to) {
    const IdSpace space(Bits);
    for (int i = 0;; ++i) {
        const QString k = u"cache-%1"_s.arg(i);
        if (Interval::containsOpenClosed(space, from, to, space.hashKey(k)))
            return k;
    }
}

void TestChordProtocol::ownerCacheGoesStraightToOwner() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    ChordNode *via = ring.node(8);
    const QString k = keyIn(38, 42);
    const Outcome<PutResult> put = QCoro::waitFor(via->put(k, "v1"_ba));
    QVERIFY(put.ok());
    QCOMPARE(put.value->owner.id, Id(42)); // routed (or cached by fix-fingers): remembered

    const int before = ring.net.calls();
    const quint64 hits = via->stats().ownerCacheHits;
    const Outcome<GetResult> got = QCoro::waitFor(via->get(k));
    QVERIFY(got.ok() && got.value->found);
    QCOMPARE(got.value->item.value, "v1"_ba);
    QCOMPARE(got.value->owner.id, Id(42));
    QCOMPARE(got.value->hops, 0);
    QCOMPARE(ring.net.calls() - before, 1); // one fetch, no routing step
    QCOMPARE(via->stats().ownerCacheHits, hits + 1);

    // A lookup proper still routes.
    const LookupResult lookup = QCoro::waitFor(via->lookup(IdSpace(Bits).hashKey(k)));
    QVERIFY(lookup.ok);
    QVERIFY(!lookup.hops.isEmpty());
}

void TestChordProtocol::ownerCacheFollowsJoin() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const IdSpace space(Bits);
    const QString k = keyIn(38, 41);
    ChordNode *via = ring.node(8);
    QVERIFY(QCoro::waitFor(via->put(k, "v1"_ba)).ok()); // caches 42 as owner of (38, 42]

    // A node joins exactly at the key's id: 42 no longer owns it. The ring settles, but
    // `via` runs no maintenance meanwhile, so that its fix-fingers cannot refresh the cache.
    ChordNode *joiner = ring.create(space.hashKey(k));
    QVERIFY(QCoro::waitFor(joiner->join(TestRing::endpointOf(ring.node(1)))).ok());
    ring.addMember(joiner);
    ring.removeMember(via);
    ring.rounds(3);
    ring.addMember(via);

    const Outcome<PutResult> put = QCoro::waitFor(via->put(k, "v2"_ba));
    QVERIFY(put.ok());
    QCOMPARE(put.value->owner.id, joiner->self().id); // 421 from 42, routed again
    QVERIFY(via->stats().ownerCacheMisses >= 1);
    for (ChordNode *n : ring.live()) {
        const Outcome<GetResult> got = QCoro::waitFor(n->get(k));
        QVERIFY(got.ok() && got.value->found);
        QCOMPARE(got.value->item.value, "v2"_ba);
        QCOMPARE(got.value->owner.id, joiner->self().id);
    }
}

void TestChordProtocol::ownerCacheNeverReadsFromALeaver() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const QString k = keyIn(38, 42);
    ChordNode *via = ring.node(8);
    QVERIFY(QCoro::waitFor(via->put(k, "v1"_ba)).ok()); // caches 42
    ChordNode *leaver = ring.node(42);
    QVERIFY(QCoro::waitFor(leaver->leave()).ok());
    ring.removeMember(leaver);
    ring.removeMember(via); // no fix-fingers at `via`: its cache keeps pointing at 42
    ring.rounds(SettleRounds);
    ring.addMember(via);
    const quint64 misses = via->stats().ownerCacheMisses;
    // A newer value written through a node that never cached 42.
    QVERIFY(QCoro::waitFor(ring.node(14)->put(k, "v2"_ba)).ok());
    // The leaver is alone now (and so "owns" every id) and still holds v1: the cached read
    // must be refused by the ring check and routed to the real owner.
    QVERIFY(leaver->fetchLocal(k).found);
    const Outcome<GetResult> got = QCoro::waitFor(via->get(k));
    QVERIFY(got.ok() && got.value->found);
    QCOMPARE(got.value->item.value, "v2"_ba);
    QCOMPARE(got.value->owner.id, Id(48));
    QCOMPARE(via->stats().ownerCacheMisses, misses + 1); // 409 from the leaver
    const Outcome<PutResult> put = QCoro::waitFor(via->put(k, "v3"_ba));
    QVERIFY(put.ok());
    QCOMPARE(put.value->owner.id, Id(48));
    QVERIFY(leaver->fetchLocal(k).item.value != "v3"_ba);
}

void TestChordProtocol::ownerCacheSurvivesOwnerCrash() {
    TestRing ring;
    VERIFY_BUILT(ring, PaperIds);
    ring.rounds(SettleRounds);
    const QString k = keyIn(38, 42);
    ChordNode *via = ring.node(8);
    QVERIFY(QCoro::waitFor(via->put(k, "v1"_ba)).ok()); // caches 42
    ring.crash(42);
    ring.removeMember(via);
    ring.rounds(SettleRounds);
    ring.addMember(via);
    const Outcome<GetResult> got = QCoro::waitFor(via->get(k));
    QVERIFY2(got.ok(), qPrintable(got.message));
    QVERIFY(got.value->found);
    QCOMPARE(got.value->item.value, "v1"_ba);
    QCOMPARE(got.value->owner.id, Id(48));
}

QTEST_GUILESS_MAIN(TestChordProtocol)
#include "tst_chordprotocol.moc"
