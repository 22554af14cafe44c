#pragma once

#include "EventLog.h"
#include "KeyValueStore.h"
#include "MessageRecorder.h"
#include "Messages.h"
#include "Outcome.h"
#include "PeerClient.h"
#include "Scheduler.h"

#include <QCoroTask>
#include <QHash>
#include <QObject>
#include <QSet>

#include <array>
#include <deque>
#include <map>
#include <memory>
#include <optional>

namespace Chord {

struct NodeConfig {
    IdSpace space;
    NodeRef self;
    // True when --id fixed the identifier; otherwise a joiner picks the middle of the
    // widest arc it finds (load balance: README, "Starting and wiring nodes by hand").
    bool explicitId = false;
    int successorListLength = 4;
    int replicas = 3;
    int stabilizeMs = 500;
    // Maintenance runs automatically unless a test drives it by hand.
    bool autoMaintenance = true;
    // GET/PUT/DELETE through this node go straight to the owner of a recently routed id
    // (checked by the owner on every use); lookups proper always route.
    bool ownerCache = true;
    // A write is acknowledged once this many of the key's copies hold it (0: all `replicas`;
    // capped at the copies the ring can hold). docs/CONSISTENCY.md.
    int writeQuorum = 0;
    // Zave's maintenance, or the SIGCOMM 2001 paper's (a ring property: a joiner with another
    // one is refused).
    Protocol protocol = Protocol::Zave;
};

// Counters for /metrics.
struct NodeStats {
    quint64 lookups = 0;
    quint64 lookupFailures = 0;
    std::array<quint64, 17> hopHistogram{}; // hops 0..15, and 16+ in the last slot
    quint64 stabilizeRounds = 0;
    quint64 peerFailures = 0;
    quint64 handoffItemsOut = 0;
    quint64 handoffItemsIn = 0;
    quint64 handoffBytes = 0;
    quint64 replicationSyncs = 0;
    quint64 ownerCacheHits = 0;   // reads and writes sent straight to a cached owner
    quint64 ownerCacheMisses = 0; // cached owner no longer owned the key: routed again
};

// One step of maintenance, run by hand (ChordNode::runStep; docs/API.md, "Time control").
enum class MaintenanceStep { Stabilize, Rectify, Finger, CheckPredecessor, Sync };

// Whether this node may answer for a key now (docs/CONSISTENCY.md).
enum class Ownership {
    NotOwner,    // the key is outside this node's arc: route again
    Owner,       // inside the arc, and the node can vouch for it (lease held, arc settled)
    Unconfirmed, // inside the arc by the pointers, but not vouched for now: answer 503
};

struct GetResult {
    bool found = false;
    Item item;
    NodeRef owner;
    int hops = 0;
};

struct PutResult {
    NodeRef owner;
    quint64 version = 0;
    int copies = 0;
    int hops = 0;
};

struct RingWalk {
    bool complete = false;
    QList<Neighbors> nodes;
};

// One Chord node: its pointers, its store and the rules that keep them right, as corrected
// by Zave (successor lists, stabilize from the successor, rectify instead of notify).
// Single-threaded: every method runs on the owning thread; coroutines re-check state after
// each co_await because other requests may have changed it meanwhile.
class ChordNode : public QObject {
    Q_OBJECT

public:
    // scheduler: time, timers and randomness (nullptr: the real clocks, QtScheduler).
    ChordNode(NodeConfig config, PeerClient *client, Scheduler *scheduler = nullptr,
              QObject *parent = nullptr);

    // Local state, read by the HTTP layer and the tests.
    const NodeRef &self() const { return m_self; }
    const IdSpace &space() const { return m_space; }
    const OptionalNode &predecessor() const { return m_pred; }
    const NodeRef &successor() const { return m_successors.front(); }
    const QList<NodeRef> &successors() const { return m_successors; }
    // finger i (0-based) is the node believed to be successor(self + 2^i).
    const QList<OptionalNode> &fingers() const { return m_fingers; }
    const KeyValueStore &store() const { return m_store; }
    const EventLog &events() const { return m_events; }
    const NodeStats &stats() const { return m_stats; }
    const NodeConfig &config() const { return m_config; }
    quint64 ringToken() const { return m_ringToken; }
    // Whether a call made on behalf of ring token (0: any ring) may be answered here.
    bool inRing(quint64 token) const { return token == 0 || token == m_ringToken; }
    // POST /dht/store-items: the copies merged by version, durable before it returns (how many
    // changed anything here). Refused (a Conflict, 409, with its reason as the title) by a node
    // not in that ring, by one that is leaving (it may have handed its keys on already; copies
    // given to it would go too), by one that left (it keeps only the keys it owned: the leave
    // contract), and for an owner's copies (StoreAs::Replica) by a node that does not keep
    // each key's arc by its place (keepsCopiesOf). A copy taken counts as news here, to push on
    // if it is a stray (pushStrays), even when we had pushed that version away before.
    Outcome<int> takeCopies(const QList<Item> &items, quint64 ringToken, StoreAs as);
    // Whether each key is in the arcs this node keeps copies of by its place,
    // (heldCopyStart, self]; while that is not known yet (no predecessor, or its chain not
    // reported) any key is.
    bool keepsCopiesOf(const QList<Item> &items) const;
    bool isAlone() const { return m_successors.front().sameEndpoint(m_self) && !m_pred; }
    // Left its ring (a leave, or an --id found taken) and joined none since.
    bool hasLeft() const { return m_departed; }
    bool isPrimaryFor(Id id) const;
    Ownership ownership(Id id) const;
    // The part of our arc that no reachable node holds copies of (docs/CONSISTENCY.md, "Taking
    // an arc over"): reads there are 503 until the nodes that held it come back. Empty: none.
    const UncoveredRange &unavailable() const { return m_uncovered; }
    // An operator's word that those nodes are gone for good (DELETE /dht/unavailable): the mark
    // is dropped and the keys in it are served from what the ring holds; a write that only
    // those nodes held is lost. Returns what was dropped.
    UncoveredRange forgetUnavailable();
    // The start of the range (start, self] of which this node holds every acknowledged write, as
    // owner or replica (what it vouches for to the owners before it); none while it vouches for
    // nothing (joining, leaving, taking an arc over, just back from a stall). GET /nodeinfo's
    // "copiesFrom".
    std::optional<Id> vouchedCopies() const;
    // The lease on this node's arc, granted by its successor, is running (or it is alone).
    bool holdsLease() const;
    // Copies a write needs before it is acknowledged, given the current successor list.
    int writeQuorumNow() const;
    int primaryCount() const;
    int replicaCount() const;
    QList<Item> primaryItems(bool withTombstones = false) const;
    qint64 uptimeMs() const { return (m_scheduler->nowNs() - m_startNs) / 1000000; }
    Scheduler *scheduler() const { return m_scheduler; }

    // Server side of the node-to-node calls: synchronous, answered from local state.
    std::optional<StepAnswer> findSuccessorStep(Id id, quint64 ringToken = 0) const;
    Neighbors neighbors() const;
    // GET /dht/neighbors: our neighbours, and, when the caller is our predecessor asking in
    // its stabilize, proof that it is alive and the grant of its lease (docs/CONSISTENCY.md).
    Neighbors answerNeighbors(const StabilizeCall &call);
    RectifyAnswer rectify(const NodeRef &candidate, quint64 ringToken = 0, bool joining = false);
    // What rectify hands a candidate that takes part of our arc: its keys, our copies of the
    // arcs before it and how far back they are vouched for. Moves no pointer and no copy.
    RectifyAnswer handOverTo(const NodeRef &candidate);
    // copiesHere: the leaver's copies of the arcs before its own (notice.copiesFrom) came
    // here complete, though the notice does not name us (asked of an heir it names).
    void applyLeaveNotice(const LeaveNotice &notice, bool copiesHere = false);
    // GET /dht/departure: what this node handed on when it left ring ringToken (none: it did
    // not leave that ring, or joined another since).
    std::optional<Departure> departureFrom(quint64 ringToken) const;
    // GET /dht/departure?node=: the leave of the node at that address, which this node received
    // as its heir without being its successor (the notice went past a node that did not
    // answer), with our copies of its arc (from notice.copiesFrom when the leaver handed us its
    // copies of the arcs before its own); none if we did not.
    std::optional<Departure> heldDepartureOf(quint64 ringToken, const QString &address) const;
    // Copies merged without a question: hand-offs, pulls and departures this node asked for, and
    // its own --data-dir before it is reachable.
    int storeItems(const QList<Item> &items);
    ReplicateAnswer replicate(const ReplicateRequest &request);
    FetchAnswer fetchLocal(const QString &key) const;
    // A client's GET answered from this node's own store, without routing: only when it owns
    // the key and can vouch for it (a lease held, the arc settled, not leaving).
    std::optional<GetResult> readLocal(const QString &key) const;
    // Renews a lapsed lease and finishes a pending takeover now, where possible (one request
    // to the successor, or the exchange with the replicas once the fence passed), rather than
    // waiting for the next round. True when the arc can be vouched for afterwards.
    QCoro::Task<bool> confirmArc();
    // GET /dht/item: fetchLocal, after confirmArc when the arc is not vouched for.
    QCoro::Task<FetchAnswer> fetchConfirmed(QString key);
    QCoro::Task<WriteAnswer> ownerWrite(OwnerWrite write);

    // Client side: operations this node starts and drives to the end.
    // op: the client operation the events belong to (Event::op).
    QCoro::Task<LookupResult> lookup(Id id, QString key = {}, bool recordEvent = true,
                                     QString op = {});
    QCoro::Task<Outcome<GetResult>> get(QString key, QString op = {});
    QCoro::Task<Outcome<PutResult>> put(QString key, QByteArray value, bool deleted = false,
                                        QString op = {});
    QCoro::Task<Outcome<bool>> join(Endpoint bootstrap);
    QCoro::Task<Outcome<bool>> leave();
    // The leave of a process that exits afterwards (SIGTERM): maintenance stops, and a leave
    // whose keys found no taker is tried again after a few rounds of it.
    QCoro::Task<Outcome<bool>> leaveBeforeExit();
    QCoro::Task<RingWalk> walkRing(int maxNodes = 1024);
    // Manual wiring (PUT /pred, PUT /succ, --pred, --succ): learns the peer's id first.
    QCoro::Task<Outcome<NodeRef>> setPredecessorByHand(Endpoint peer);
    QCoro::Task<Outcome<NodeRef>> setSuccessorByHand(Endpoint peer);
    // Asks another node to join the ring this node is in (seed course form of /dht/join).
    QCoro::Task<Outcome<bool>> placeJoiner(Endpoint joiner);

    // --data-dir: recover the store from its journal and keep journaling (store/).
    int attachJournal(std::unique_ptr<StoreJournal> journal, QString *warning) {
        return m_store.attachJournal(std::move(journal), warning);
    }

    // One maintenance round: stabilize, check predecessor, fix fingers, sync replicas.
    QCoro::Task<> maintenanceRound();
    void startMaintenance();
    void stopMaintenance();
    bool isLeaving() const { return m_leaving; }
    // Time control (docs/API.md): the periodic rounds paused or running, and their period.
    // Leases are still renewed while the rounds are paused (the heartbeat), so the node keeps
    // answering reads and writes; what stops is the repair (stabilize, check-predecessor,
    // fingers, replica sync), which runStep does one step at a time.
    // Messages to other nodes recorded as `message` events (MessageRecorder); off by default.
    bool messagesRecorded() const;
    void setMessagesRecorded(bool recorded);
    bool roundsPaused() const { return m_roundsPaused; }
    void setRoundsPaused(bool paused);
    int stabilizeMs() const { return m_config.stabilizeMs; }
    void setStabilizeMs(int ms);
    // One step now, whatever the rounds do; false when the node is joining or leaving.
    QCoro::Task<bool> runStep(MaintenanceStep step);
    // Started to join a ring (--join) and not in it yet: serves no key from its store, which a
    // restart may have brought back older than the ring's (attempts may be minutes apart).
    void setJoinPending(bool pending) { m_joinPending = pending; }

signals:
    // Emitted for every event appended to the feed (also logged).
    void eventRecorded(const Chord::Event &event);

private:
    // Still in the ring whose token was `ring` when a coroutine started, and not leaving or
    // joining: what it learnt while it waited on a peer may still be applied.
    bool stillIn(quint64 ring) const { return m_ringToken == ring && !m_leaving && !m_joining; }
    QCoro::Task<> stabilize();
    QCoro::Task<> stabilizeAsPublished(); // Protocol::Original
    QCoro::Task<> checkPredecessor();
    QCoro::Task<> probePredecessor();
    // Our predecessor left on purpose but its notice never reached us: asks it for the
    // notice and its keys and applies them (true), as if the notice had come.
    QCoro::Task<bool> recoverDeparture(NodeRef pred);
    // The same, when the predecessor does not answer: asked of our successors, one of which
    // may be the heir its notice went to (a leaver that exited cannot be asked).
    QCoro::Task<bool> recoverDepartureFromHeir(NodeRef pred);
    void holdDeparture(const LeaveNotice &notice);
    bool takeDeparture(const NodeRef &pred, const PeerResult<Departure> &d, const QString &how,
                       bool copiesHere = false);
    // A lost peer that answers but knows no live successor: we offer ourselves as its
    // predecessor (ChordNode::probeLostPeers).
    QCoro::Task<> rescueStranded(NodeRef peer);
    // The predecessor called us (stabilize, rectify, replicate): alive and in our ring.
    void notePredHeard();
    // No call from the predecessor for longer than ms: check it now, off the round (a round
    // held up by peers that time out must not hold up noticing a dead predecessor).
    void checkPredecessorIfSilent(qint64 ms);
    QCoro::Task<> findSuccessorElsewhere();
    // Rings that a partition split merge again once it heals (docs/CONSISTENCY.md, "a
    // partition that heals"): peers dropped as unreachable are remembered and probed now and
    // then; one that answers from our ring but not in our part of it is routed through, and
    // the node after us there is adopted (or told of us) so that stabilize zips the two
    // rings into one.
    void rememberLost(const NodeRef &peer);
    QCoro::Task<> probeLostPeers();
    QCoro::Task<> fixFingers(int lookups);
    QCoro::Task<> syncReplicas();
    // The steps of join (ChordNodeJoin.cpp).
    struct JoinPlace {
        NodeRef owner;       // successor(id): the node whose arc the joiner splits
        Neighbors ownerView; // its pointers, when asked
        Id id;               // the joiner's id
    };
    QCoro::Task<Outcome<Neighbors>> checkBootstrap(Endpoint bootstrap);
    // True when the bootstrap's ring is ours and routes our id to us.
    QCoro::Task<bool> alreadyMember(const Neighbors &boot);
    QCoro::Task<Outcome<Id>> widestArcId(NodeRef bootRef, quint64 token);
    // An id and a place through bootRef, taken and accepted by the successor's rectify
    // (retried when a concurrent joiner took it first): the successor's replica copies of the
    // arcs before ours, taken by finishJoin once what we brought in has gone to its owners.
    QCoro::Task<Outcome<QList<Item>>> placeSelf(NodeRef bootRef, quint64 token);
    QCoro::Task<Outcome<JoinPlace>> findPlace(NodeRef bootRef, quint64 token, Id newId);
    void takePlace(const JoinPlace &place, quint64 token, Id oldId);
    // The successor accepted us (rectify): its hand-off, and what we know we hold.
    void acceptPlace(const RectifyAnswer &answer, const NodeRef &owner);
    QCoro::Task<> finishJoin(QList<Item> replicaCopies);
    QCoro::Task<> pushForeignItems();
    // The start of the arcs we keep copies of, (start, self] (nullopt: not known yet, or the
    // whole circle; ChordNodeCoverage.cpp), and the push of copies outside it to their owners.
    std::optional<Id> copyRangeStart() const;
    // The same, with a ring of r nodes or fewer as (self, self]: nullopt only when not known.
    std::optional<Id> heldCopyStart() const;
    QCoro::Task<> pushStrays();
    // Each item to its owner (merged there by version); with drop, dropped here once the
    // owner took it unless it is in our arc now; without, remembered in m_strayPushed.
    QCoro::Task<> retireStale();
    // How long a copy no owner confirmed is kept before retireStale hands it on and drops it.
    qint64 staleReplicaMs() const;
    QCoro::Task<int> pushToOwners(QList<Item> items, bool drop);
    // Full replica exchange of the whole arc with every replica target; clears m_arcPending
    // once it succeeded after the takeover fence (docs/CONSISTENCY.md, "taking an arc over").
    QCoro::Task<bool> pullArc();
    QCoro::Task<bool> pullArcOnce();
    // After a stall: the nodes that may hold what was written in our arc meanwhile (nullopt:
    // the node that took it over still serves it).
    QCoro::Task<std::optional<QList<NodeRef>>> resumeSources();
    // Finds the node at m_arcFloor and takes it as predecessor; true once the floor is gone.
    QCoro::Task<bool> findArcFloor();
    // Asks the successor for its neighbours as its predecessor, renewing our lease.
    QCoro::Task<PeerResult<Neighbors>> callSuccessor(NodeRef succ);
    StabilizeCall stabilizeCall(qint64 leaseMs) const;
    // Milliseconds from now until every lease granted behind us has run out (what we report).
    int horizonMs() const;
    // When a takeover of our predecessor's arc may begin (with a margin for clock rates).
    qint64 takeoverFenceNs() const;
    // Takes the copies and the promises a successor hands over when it accepts us (rectify).
    void takeHandoff(const RectifyAnswer &answer, const NodeRef &from);
    void takeReplicaCopies(const QList<Item> &items);
    // Rectify at target (it should take us as its predecessor) and take its hand-off when it
    // does, unless we left or joined a ring meanwhile.
    QCoro::Task<PeerResult<RectifyAnswer>> rectifyAt(NodeRef target, quint64 ringToken);
    qint64 leaseMs() const;
    // Remembers a peer's monotonic clock reading, for deadlines in its own time.
    void sampleClock(const NodeRef &peer, qint64 peerClockMs, qint64 sentNs);
    // The deadline for an attempt sent now to peer that must be carried out within budgetMs,
    // on the peer's clock (0: no sample).
    qint64 deadlineFor(const NodeRef &peer, qint64 budgetMs) const;
    // Marks the arc unconfirmed when no round ran for a lease period; true when it did so.
    bool noteStall();
    // Our arc is unconfirmed because we may have been taken over ourselves: it is not served
    // until pullArc confirmed it with what the nodes after us got meanwhile (resumeSources).
    // keepSuccessors: remember our successors of now as nodes that may have taken it over.
    void markPlaceUnsure(bool keepSuccessors);
    void markUncovered(Id from, Id deadPred);
    // Where our copies begin at a leaver whose hand-off we hold as its heir, they reach back
    // to its predecessor (markUncovered).
    Id heldThroughDepartures(Id coverStart) const;
    void setPredChain(QList<Id> chain);
    void noteSynced(Id from, Id to);
    // An owner we keep copies for says where its arc starts (a replica sync): a start after
    // the one our chain of predecessors gives means a node joined before it that we have not
    // heard of, whose arc we no longer hold.
    void noteOwnerArc(Id owner, Id from);
    // The node that noteOwnerArc found before an owner synchronised its own arc with us, and we
    // hold every copy it holds there: what we vouched for before it narrowed is ours again.
    void noteJoinerSynced(Id joiner, Id from);
    void keepSyncedFromInRange();
    std::optional<NodeRef> knownNode(Id id) const;
    std::optional<NodeRef> skippedPredecessor(const NodeRef &candidate) const;
    void rememberSilentIds(const NodeRef &candidate);
    bool isSilentId(const NodeRef &joiner) const;
    void forgetSilentId(Id id);
    // A live member of our ring with our id (the successor's predecessor, or the successor
    // itself), which we yield to; none when the ids differ (ChordNodeIds.cpp).
    OptionalNode twinToYieldTo(const Neighbors &successorView) const;
    // We yield the id: leave, then join again with another one (with --id: stay alone).
    QCoro::Task<> yieldId(NodeRef twin, NodeRef successor);
    // The parts of rectify (ChordNodeAnswers.cpp): a candidate never adopted (ourselves, while
    // leaving, a stale pointer from another ring); a takeover not made yet (the predecessor
    // not found dead, or a node between it and the candidate not checked); the arc handed to
    // a candidate between; the chain of ids before it; the arc a first predecessor after a
    // join brings, marked.
    // The parts of stabilize (ChordNodeMaintenance.cpp): the first live successor's view
    // (none: alone, the ring changed meanwhile, or none answered); whether it has us as its
    // predecessor (if not, our arc is unconfirmed). ring: the ring the round runs in.
    QCoro::Task<std::optional<Neighbors>> liveSuccessorView(quint64 *ring);
    void checkSuccessorHasUs(const Neighbors &view);
    // The steps of leave (ChordNodeMembership.cpp): the primary copies to the first successor
    // that takes them (it, or none); the replica copies to the nodes that replace us; the
    // predecessor found anew if ours is stale; only our own keys kept once alone.
    QCoro::Task<OptionalNode> handOffArc(QList<Item> mine);
    // Our keys to a node as a leave's hand-off, counted and recorded when it took them.
    QCoro::Task<PeerResult<bool>> handOffTo(NodeRef to, QList<Item> items, QString detail);
    // A node our successor list names, or the live one before it that is our successor; none
    // when the named node is silent.
    QCoro::Task<OptionalNode> trueSuccessorFrom(NodeRef listed, QList<NodeRef> tried);
    // Keys of our arc not among `mine` (it grew while we left) to the heir: `mine` with them,
    // none when the heir did not take them.
    QCoro::Task<std::optional<QList<Item>>> handOnGrownArc(NodeRef heir, QList<Item> mine);
    QCoro::Task<QList<NodeRef>> handOffReplicaCopies(); // the nodes that took them
    // Returns a node before a dead predecessor that has us as its successor: told of the leave
    // too, but not our predecessor (we never took the dead one's arc over).
    QCoro::Task<OptionalNode> findTruePredecessor(NodeRef heir);
    void keepOnlyOwnKeys(const QList<Item> &mine);
    bool refusesRectify(const NodeRef &candidate, quint64 ringToken) const;
    bool takeoverWaits(const NodeRef &candidate, bool between);
    QList<Id> chainAfterRectify(const NodeRef &candidate, bool between) const;
    void markArcNeverHanded(const NodeRef &candidate);
    QCoro::Task<> checkSkipped(NodeRef node);
    UncoveredRange uncoveredWithin(Id from, Id to) const;
    Id arcStart() const;
    // Positions in our arc; start: where it begins if not at our predecessor (addUncovered).
    quint64 arcPos(Id x, std::optional<Id> start = std::nullopt) const;
    quint64 arcPosFrom(Id x, std::optional<Id> start = std::nullopt) const;
    // arcFrom: where our arc begins once the range is ours (a takeover marks the gained arc
    // before its predecessor pointer moves); by default where it begins now.
    void addUncovered(const UncoveredRange &range, std::optional<Id> arcFrom = std::nullopt);
    void shrinkUncovered(Id coveredFrom);
    // The start of the range (start, self] of which we hold every acknowledged write, judged
    // from our place; none while our place is unconfirmed.
    std::optional<Id> vouchedCopyStart();
    // Joining, leaving, taking an arc over or unsure of its place: it vouches for nothing.
    bool vouchingPaused() const;
    // The start of the part of our arc whose every acknowledged write we hold (replica syncs
    // carry it): none while we are taking the arc over.
    std::optional<Id> confirmedStart() const;
    void narrowHeldFrom(Id start);
    Id narrower(std::optional<Id> start, Id other) const;
    std::optional<Id> heldStart() const;
    // The start of the copies of the arcs before ours that we vouch for (a joiner's replicas).
    std::optional<Id> heldBeforeArc() const;
    // Our copies of (from, to] now hold what a replica's do (digests matched, or a full
    // exchange merged them): the part of an uncovered mark that the replica vouches for is held.
    void takeReplicaVouch(const NodeRef &replica, const ReplicateAnswer &answer, Id from, Id to);
    // Stalled now, or a stall ended a moment ago (see put()).
    bool recentlyStalled();
    bool stallJustEnded() const;
    void beginTakeover(qint64 fenceUntilNs, quint64 versionCap, const QString &why);
    QCoro::Task<PeerResult<Neighbors>> resolve(Endpoint peer);

    NodeRef closestPrecedingNode(Id id) const;
    Id pickInArc(Id from, Id to) const;
    // One iterative route for id from `start`, the initiator asking each node itself: the one
    // hop loop behind lookups, routeFrom, the join's membership probe and the leave's search
    // for the predecessor.
    struct Route {
        bool ok = false; // a node answered "done"
        NodeRef owner;   // with successor(id)
        NodeRef last;    // the node asked last: it answered "done", or failed
        QList<Hop> hops;
        QString error;
        int status = 0; // of a failed answer (0: no answer)
    };
    // sampleClocks: each answer's clock is kept for the deadlines of later requests to that
    // node (lookups do; a membership route's answers are not timed).
    // op: the client operation the route is for (its messages carry it), if any.
    QCoro::Task<Route> route(NodeRef start, Id id, quint64 ringToken, bool sampleClocks = false,
                             QString op = {});
    // The client for a call made right now on behalf of client operation op: while messages
    // are recorded, its message carries op (MessageRecorder::tagNextCall).
    PeerClient *clientFor(const QString &op);
    QCoro::Task<PeerResult<NodeRef>> routeFrom(NodeRef start, Id id, quint64 ringToken);
    // The ring along successors from `first` (asked already) until it comes back to it, loops
    // elsewhere, stops answering or maxNodes were seen.
    QCoro::Task<RingWalk> walkFrom(Neighbors first, int maxNodes);
    QList<NodeRef> replicaTargets() const;
    // The owner's side of a write (ChordNodeOwnerWrite.cpp): copies a stamped item to the
    // replicas and fills in the answer's version, copies and error.
    // op: the write's operation id, carried by the copies' messages.
    QCoro::Task<WriteAnswer> copyToReplicas(Item item, WriteAnswer answer, QString op);
    void finishCarried(quint64 writeId, const WriteAnswer &answer);
    void forgetCarriedWrites();
    // Attempts of a write refused here (OwnerWrite::attempt): a copy of one that arrives again,
    // or that waited here meanwhile, is refused too.
    void noteRefused(const OwnerWrite &write);
    bool refusedBefore(const OwnerWrite &write) const;
    void setPredecessor(const OptionalNode &pred, const QString &why);
    void setSuccessors(QList<NodeRef> list, const QString &why);
    void forgetPeer(const NodeRef &peer, const QString &why);
    // The owner cache: arcs (from, owner] learnt from lookups this node made.
    std::optional<NodeRef> cachedOwner(Id id) const;
    void rememberOwner(Id from, const NodeRef &owner);
    void forgetOwner(const NodeRef &owner);
    QCoro::Task<std::optional<GetResult>> getFromCachedOwner(const QString &key, Id id,
                                                             const QString &op);
    QCoro::Task<std::optional<PutResult>> putToCachedOwner(const OwnerWrite &write, Id id,
                                                           qint64 endNs);
    // PUT /dht/item to a remote owner, carried out there before endNs (our clock) or never.
    QCoro::Task<PeerResult<WriteAnswer>> sendOwnerWrite(NodeRef owner, OwnerWrite write,
                                                        qint64 endNs);
    qint64 retryBudgetNs() const;
    // A client's write is carried out within this time of its arrival, or never.
    qint64 writeLifetimeNs() const;
    void recordCachedRoute(Id id, const QString &key, const NodeRef &owner, const QString &op);
    QCoro::Task<Outcome<LookupResult>> routeAttempt(int attempt, Id id, QString key, QString op);
    // The retry loop of get and put: route to the key's owner, ask it (atOwner, a coroutine
    // giving an Outcome<T>), and retry until the retry budget and endNs run out; at once when
    // atOwner finds that this node left the request's ring (NodeError::LeftRing).
    template <typename T, typename AtOwner>
    QCoro::Task<Outcome<T>> retryAtOwner(Id id, QString key, QString op, qint64 endNs,
                                         AtOwner atOwner);
    void becomeAlone();
    // Milliseconds from startNs (a nowNs() reading) to now.
    double msSince(qint64 startNs) const { return double(m_scheduler->nowNs() - startNs) / 1e6; }
    void record(Event event);
    void scheduleMaintenance();

    NodeConfig m_config;
    IdSpace m_space;
    NodeRef m_self;
    // Wraps the client given to the constructor; m_client points to it while messages are
    // recorded, and to the client itself otherwise.
    std::unique_ptr<MessageRecorder> m_messages;
    PeerClient *m_client;
    Scheduler *m_scheduler;
    OptionalNode m_pred;
    QList<NodeRef> m_successors;
    QList<OptionalNode> m_fingers;
    int m_nextFinger = 0;
    KeyValueStore m_store;
    EventLog m_events;
    NodeStats m_stats;
    quint64 m_ringToken;
    std::unique_ptr<SchedulerTimer> m_timer;
    std::unique_ptr<SchedulerTimer> m_heartbeat;
    qint64 m_startNs = 0;
    bool m_maintenanceRunning = false;
    bool m_roundsPaused = false; // time control: no periodic rounds (the heartbeat goes on)
    bool m_stabilizeAgain = false;
    bool m_leaving = false;
    bool m_joining = false;
    bool m_joinPending = false;
    // Joined with no predecessor and no arc handed over (the successor had taken the arc before
    // it over, or took us for the node we restarted as): the first predecessor we adopt brings
    // an arc whose coverage is unknown (ChordNode::rectify).
    bool m_joinedWithoutArc = false;
    // The start of what the successor handed us at that join ((from, self]), if it said.
    std::optional<Id> m_joinedFrom;
    // Handed nothing: the start of our arc as the successor knew it (we restarted as the node
    // it had as its predecessor), which we served before.
    std::optional<Id> m_servedFrom;
    // Left its ring on purpose and has not joined one since: refuses rectify from others.
    bool m_departed = false;
    // The leave, for a node of the ring left that missed the notice (ChordNode::departureFrom).
    std::optional<std::pair<quint64, Departure>> m_departure;
    // The hand-off we gave our predecessor when it joined, until it first calls us or another
    // node becomes our predecessor: a joiner whose answer was lost asks again, and gets it
    // again (rectify).
    std::optional<RectifyAnswer> m_joinHandoff;
    // Leave notices received as the heir of a node that was not our predecessor, by ring
    // (holdDeparture), newest last.
    struct HeldDeparture {
        quint64 ring;
        LeaveNotice notice;
        qint64 sinceNs;
    };
    QList<HeldDeparture> m_heldDepartures;
    // The successors asked for the leave of our dead predecessor (recoverDepartureFromHeir), by
    // that predecessor's id: each once, while the pointer stays on it.
    Id m_heirsAskedFor = 0;
    QList<NodeRef> m_heirsAsked;
    // Pointers set by hand (PUT /succ, /pred): rectify asks "any ring" until the hand-wired
    // nodes agree on one ring token (stabilize).
    bool m_wiredByHand = false;
    quint64 m_round = 0;
    // Maintenance that an idle ring can skip (docs/PERFORMANCE.md, "idle CPU"):
    // the round in which the predecessor last proved alive to us (rectify or replicate);
    qint64 m_predHeardRound = -100;
    qint64 m_predHeardNs = 0;    // and when, on our clock
    bool m_checkingPred = false; // a check-predecessor is under way
    // fix-fingers backs off to one lookup every other round after a full pass changed nothing;
    bool m_fingersSettled = false;
    bool m_fingerPassChanged = true;
    // replica targets that matched our arc's digest: asked again only every few rounds.
    struct ReplicaMatch {
        Id targetId;
        Id from;
        Id to;
        quint64 digest;
        quint64 round;
    };
    QHash<QString, ReplicaMatch> m_replicaMatched; // by target address
    // Writes stamped here, by write id (OwnerWrite::writeId), for as long as a repeat of one
    // could still arrive before its deadline; with their expiry times, oldest first.
    struct CarriedWrite {
        Item item;
        WriteAnswer answer;
        bool finished = false;
    };
    QHash<quint64, CarriedWrite> m_carried;
    std::deque<std::pair<qint64, quint64>> m_carriedOrder;
    // The highest attempt of each write refused here (not stamped), with expiry times.
    QHash<quint64, int> m_refused;
    std::deque<std::pair<qint64, quint64>> m_refusedOrder;
    struct LostPeer {
        NodeRef node;
        qint64 sinceNs;
    };
    QList<LostPeer> m_lost; // peers dropped as unreachable, oldest first (rememberLost)
    struct SilentId {
        Id id;
        OptionalNode node; // its endpoint, when we knew it
        qint64 sinceNs;
    };
    QList<SilentId> m_silentIds; // ids of members whose arcs we took over (rememberSilentIds)
    // Our dead predecessor's own predecessor, when a rectify candidate skips it: found dead
    // (then the candidate is adopted), or being checked (skippedPredecessor).
    QSet<Id> m_skippedDead;
    bool m_checkingSkipped = false;
    bool m_probingLost = false;
    bool m_yieldingId = false; // yieldId is under way

    // Leases (docs/CONSISTENCY.md). Ours, granted by the successor: we serve our arc until
    // m_leaseUntilNs and stamp no version above m_versionCap under it.
    qint64 m_leaseUntilNs = 0;
    OptionalNode m_leaseGrantor; // the successor that granted it last
    qint64 m_lastRoundNs = 0;    // the last heartbeat (see noteStall)
    bool m_renewing = false;     // a lease renewal from the heartbeat is under way
    qint64 m_stallSeenNs = 0;    // when noteStall last found a stall
    // The last time our successor had us as its predecessor with no doubt about our place
    // (checkSuccessorHasUs): a doubt that arises later dates from then (m_unsureSinceNs).
    qint64 m_placeSureNs = 0;
    quint64 m_versionCap = 0;
    // Ours to our predecessor: the lease we granted it runs to m_grantUntilNs; leases granted
    // behind it (as it reported them, without margin) to m_predHorizonUntilNs. We do not take
    // its arc over before both ran out (takeoverFenceNs), and stamp above m_predCap when we do.
    // Reports carry the horizon without margin, so that it cannot grow around the ring.
    qint64 m_grantUntilNs = 0;
    qint64 m_predHorizonUntilNs = 0;
    quint64 m_predCap = 0;
    // check-predecessor found the predecessor dead (Zave: rectify may then replace it). The
    // pointer stays, so that the arc never becomes "everything".
    bool m_predDead = false;
    // The arc is being taken over (or was just joined): not served until the fence time has
    // passed and a full exchange with the replicas brought every acknowledged copy here.
    bool m_arcPending = false;
    // Of those, an arc unconfirmed because we may have been taken over ourselves (a stall, or
    // our successor no longer has us): confirmed only with what the nodes after us got while
    // we were away (resumeSources). A takeover of our predecessor's arc or a join is no such
    // doubt.
    bool m_placeUnsure = false;
    // Our successors when a stall was noticed: one of them may have taken our arc over while
    // we were stopped (resumeSources).
    QList<NodeRef> m_stallSuccessors;
    // Since when our place is in doubt (m_placeSureNs when the doubt arose): a node after us
    // that was stopped after this has not served our arc throughout (resumeSources).
    qint64 m_unsureSinceNs = 0;
    // Our successor handed us only (m_arcFloor, self]: a node with that id sits between our
    // predecessor and us (two joiners at once). Nothing is served until it is our
    // predecessor, or one after it (pullArcOnce finds it).
    std::optional<Id> m_arcFloor;
    bool m_pulling = false;         // a pullArc is under way
    bool m_syncingReplicas = false; // a syncReplicas is under way
    qint64 m_lastWriteNs = -1;      // when ownerWrite last stamped a write (syncReplicas)
    bool m_pushingStrays = false;   // a pushStrays is under way
    bool m_retiringStale = false;   // a retireStale is under way
    // key -> version pushed to its owner (pushStrays); cleared for a key handed here (takeCopies)
    QHash<QString, quint64> m_strayPushed;
    // Our predecessor's predecessors, as it reported them (StabilizeCall::predChain).
    QList<Id> m_predChain;
    // The part of the arcs we keep copies of that lies before this id has not been
    // synchronised here since those arcs grew (setPredChain); none: all of it has.
    std::optional<Id> m_syncedFrom;
    // What we vouch for to the owners we are a replica of (vouchedCopyStart): at most the
    // copies of (m_heldFrom, self], narrowed by every change of place and by what a successor
    // handed us when we took our place, widened by owners' syncs as m_syncedFrom.
    std::optional<Id> m_heldFrom;
    // m_heldFrom narrowed to a node we had not heard of (noteOwnerArc), and what it was before:
    // kept while m_heldFrom stays there and our predecessor stays the same.
    struct JoinerNarrowing {
        Id joiner = 0;
        std::optional<Id> heldBefore;
    };
    std::optional<JoinerNarrowing> m_joinerNarrowing;
    // Part of the arc that a takeover gained but of which we hold no copy (every holder of it
    // was beyond our predecessor's r - 1 predecessors, all dead or stopped): answered 503 until
    // its nodes come back and take it again (writes are taken, and keys written since read).
    // It moves with the arc: a hand-off or a leave carries the part they give away.
    UncoveredRange m_uncovered;
    qint64 m_arcPendingUntilNs = 0;
    struct ClockSample {
        Id id;
        qint64 peerMs;  // the peer's clock when it answered
        qint64 localNs; // our clock when the answer arrived (later than the peer read its clock)
    };
    QHash<QString, ClockSample> m_peerClocks; // by address
    struct CachedArc {
        Id from;
        NodeRef owner;
    };
    std::map<Id, CachedArc> m_ownerCache; // by the owner's id
    quint64 m_ownerCacheRing = 0;         // the ring token the cached arcs belong to
};

QString describe(const NodeRef &node);

} // namespace Chord
