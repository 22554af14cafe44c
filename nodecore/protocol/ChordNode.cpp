#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRing, "chord.ring")
Q_LOGGING_CATEGORY(lcStore, "chord.store")

namespace Chord {

using namespace detail;

QString describe(const NodeRef &node) {
    return QString::fromUtf8("%1(%2 @%3)").arg(node.name, node.address(), QString::number(node.id));
}

ChordNode::ChordNode(NodeConfig config, PeerClient *client, Scheduler *scheduler, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_space(config.space)
    , m_self(config.self)
    , m_messages(std::make_unique<MessageRecorder>(client, [this](Event e) { record(e); }))
    , m_client(client)
    , m_scheduler(scheduler ? scheduler : QtScheduler::instance())
    , m_store(config.space)
    , m_ringToken(m_scheduler->random64()) {
    m_startNs = m_scheduler->nowNs();
    m_lastRoundNs = m_startNs;
    m_store.setWallClock([s = m_scheduler] { return s->wallMs(); });
    m_self.id = m_space.reduce(m_self.id);
    becomeAlone();
    // The heartbeat only notes that time went by as expected (noteStall); maintenance rounds
    // may take long when peers time out, so they cannot serve as one.
    m_heartbeat = m_scheduler->createTimer([this] {
        noteStall();
        m_lastRoundNs = m_scheduler->nowNs();
        // A predecessor that stopped calling is checked here rather than in the round: the
        // arc it leaves is unserved until we notice (docs/CONSISTENCY.md, "taking an arc
        // over"), and a round can be held up by peers that time out.
        if (!m_roundsPaused)
            checkPredecessorIfSilent(2 * qint64(m_config.stabilizeMs));
        // The same for a takeover whose fence has passed: its arc waits for the pull. (Not
        // after a stall: that pull waits for a stabilize round, which may find that our arc
        // was taken over and bring it back with the successor's handoff.)
        if (m_arcPending && !m_placeUnsure && !m_pulling && !m_leaving && !m_joining &&
            m_scheduler->nowNs() >= m_arcPendingUntilNs) {
            [](ChordNode *node) -> QCoro::Task<> {
                co_await node->pullArc();
            }(this);
        }
        // The lease is renewed here too when half of it is gone: a round can be held up for a
        // long while by a peer that stopped answering (a bulk call times out after 30 s), and
        // the arc must not go unserved for that.
        // (Not while joining: our successor has not taken us yet, and a call now would give it
        // a chain of predecessors it then hands back as what it knew of our arc: chord-sim
        // --seed 201606 --mix all.)
        if (!isAlone() && !m_renewing && !m_leaving && !m_joining &&
            m_leaseUntilNs - m_scheduler->nowNs() < leaseMs() * 500000) {
            m_renewing = true;
            [](ChordNode *node) -> QCoro::Task<> {
                co_await node->callSuccessor(node->m_successors.front());
                node->m_renewing = false;
            }(this);
        }
        if (m_config.autoMaintenance)
            m_heartbeat->start(m_config.stabilizeMs);
    });
    m_timer = m_scheduler->createTimer([this] {
        [](ChordNode *node) -> QCoro::Task<> {
            co_await node->maintenanceRound();
            node->scheduleMaintenance();
        }(this);
    });
}

void ChordNode::startMaintenance() {
    m_config.autoMaintenance = true;
    m_lastRoundNs = m_scheduler->nowNs();
    m_heartbeat->start(m_config.stabilizeMs);
    scheduleMaintenance();
}

void ChordNode::stopMaintenance() {
    m_config.autoMaintenance = false;
    m_timer->stop();
    m_heartbeat->stop();
}

void ChordNode::setRoundsPaused(bool paused) {
    if (paused == m_roundsPaused)
        return;
    m_roundsPaused = paused;
    record({.type = QString::fromUtf8("maintenance"),
            .detail =
                paused ? QString::fromUtf8("rounds paused") : QString::fromUtf8("rounds resumed")});
    if (paused)
        m_timer->stop();
    else
        scheduleMaintenance();
}

void ChordNode::setStabilizeMs(int ms) {
    if (ms == m_config.stabilizeMs)
        return;
    // Leases already granted keep their length (the promises stand); the next ones follow the
    // new period (4 periods).
    m_config.stabilizeMs = ms;
    record({.type = QString::fromUtf8("maintenance"),
            .detail = QString::fromUtf8("period %1 ms").arg(ms)});
    if (!m_config.autoMaintenance)
        return;
    m_lastRoundNs = m_scheduler->nowNs(); // a longer period is not a stall
    m_heartbeat->start(m_config.stabilizeMs);
    if (!m_roundsPaused)
        scheduleMaintenance();
}

QCoro::Task<bool> ChordNode::runStep(MaintenanceStep step) {
    if (m_leaving || m_joining)
        co_return false;
    switch (step) {
    case MaintenanceStep::Stabilize:
        co_await stabilize();
        break;
    case MaintenanceStep::Rectify:
        if (!isAlone())
            co_await rectifyAt(m_successors.front(), m_wiredByHand ? 0 : m_ringToken);
        break;
    case MaintenanceStep::Finger:
        m_fingersSettled = false; // one lookup, not the settled table's single check
        co_await fixFingers(1);
        break;
    case MaintenanceStep::CheckPredecessor:
        co_await probePredecessor();
        break;
    case MaintenanceStep::Sync:
        co_await syncReplicas();
        break;
    }
    co_return true;
}

void ChordNode::scheduleMaintenance() {
    if (!m_config.autoMaintenance || m_roundsPaused)
        return;
    // +/-50% jitter keeps the nodes of a ring from stabilizing in lock step.
    const int base = m_config.stabilizeMs;
    const int jitter = int(m_scheduler->bounded(quint64(base) + 1)) - base / 2;
    m_timer->start(std::max(10, base + jitter));
}

void ChordNode::becomeAlone() {
    m_pred.reset();
    m_joinedWithoutArc = false;
    m_predChain.clear();
    m_syncedFrom.reset();
    m_heldFrom.reset();
    m_joinerNarrowing.reset();
    m_skippedDead.clear();
    m_uncovered = {};
    m_predDead = false;
    m_leaseUntilNs = 0;
    m_leaseGrantor.reset();
    m_grantUntilNs = 0;
    m_predHorizonUntilNs = 0;
    m_predCap = 0;
    m_arcPending = false;
    m_arcFloor.reset();
    m_placeUnsure = false;
    m_arcPendingUntilNs = 0;
    m_successors = {m_self};
    m_fingers = QList<OptionalNode>(m_space.bits());
    m_ownerCache.clear();
    m_lost.clear(); // alone on purpose: nothing to merge with
    m_silentIds.clear();
}

bool ChordNode::isPrimaryFor(Id id) const {
    if (!m_pred)
        return isAlone();
    return Interval::containsOpenClosed(m_space, m_pred->id, m_self.id, id);
}

bool ChordNode::holdsLease() const {
    return isAlone() || m_scheduler->nowNs() < m_leaseUntilNs;
}

Ownership ChordNode::ownership(Id id) const {
    if (m_leaving)
        return Ownership::NotOwner;
    // Joining: alone for a moment longer, but about to own only a part of another ring's ids
    // (a restarted node keeps the data it had, which that ring may have overwritten since).
    if (m_joining || m_joinPending)
        return Ownership::Unconfirmed;
    if (isAlone())
        return Ownership::Owner;
    if (!m_pred)
        return Ownership::Unconfirmed; // in a ring, but the arc's start is unknown
    if (!Interval::containsOpenClosed(m_space, m_pred->id, m_self.id, id))
        return Ownership::NotOwner;
    if (m_arcPending || !holdsLease())
        return Ownership::Unconfirmed;
    return Ownership::Owner;
}

int ChordNode::writeQuorumNow() const {
    const int wanted = m_config.writeQuorum > 0 ? std::min(m_config.writeQuorum, m_config.replicas)
                                                : m_config.replicas;
    // Capped at the ring's size only when our successor list comes round to our predecessor
    // (or we are alone): a list cut short by dropped peers says nothing of the ring's size
    // (chord-sim --seed 72724 --mix all, within the base, under the schedule of the chain rule:
    // an owner whose list held one node acknowledged a write with two copies in a ring of five,
    // and a node that took the arc over served the value before it).
    const bool wholeRing = isAlone() || (m_pred && contains(m_successors, *m_pred));
    if (!wholeRing)
        return std::max(1, wanted);
    return std::max(1, std::min(wanted, 1 + int(replicaTargets().size())));
}

qint64 ChordNode::leaseMs() const {
    // Renewed every stabilize round (period stabilizeMs +/- 50%): four periods leave room for a
    // round slowed by a peer's timeout before the lease runs out.
    return std::max<qint64>(400, 4 * qint64(m_config.stabilizeMs));
}

StabilizeCall ChordNode::stabilizeCall(qint64 lease) const {
    const quint64 ownCap = m_store.clock() + (quint64(lease) << 16);
    StabilizeCall call{
        m_self.id, m_ringToken,    int(lease), horizonMs(), std::max(ownCap, m_predCap),
        {},        m_store.clock()};
    if (m_pred) {
        call.predChain.append(m_pred->id);
        for (qsizetype i = 0; i < m_predChain.size() && call.predChain.size() < m_config.replicas;
             ++i)
            call.predChain.append(m_predChain[i]);
    }
    return call;
}

int ChordNode::horizonMs() const {
    const qint64 until = std::max(m_grantUntilNs, m_predHorizonUntilNs);
    return int(std::max<qint64>(0, until - m_scheduler->nowNs()) / 1000000 + 1);
}

qint64 ChordNode::takeoverFenceNs() const {
    const qint64 now = m_scheduler->nowNs();
    const qint64 behind = std::max<qint64>(0, m_predHorizonUntilNs - now);
    return std::max(m_grantUntilNs, now + behind + behind / 10 + 100 * 1000000ll);
}

void ChordNode::sampleClock(const NodeRef &peer, qint64 peerClockMs, qint64 receivedNs) {
    if (peerClockMs > 0)
        m_peerClocks.insert(peer.address(), ClockSample{peer.id, peerClockMs, receivedNs});
}

qint64 ChordNode::deadlineFor(const NodeRef &peer, qint64 budgetMs) const {
    const auto it = m_peerClocks.constFind(peer.address());
    if (it == m_peerClocks.cend() || it->id != peer.id)
        return 0;
    // The sample was read by the peer before it reached us: the time since we received it is
    // at most the time that passed on the peer, so this deadline is never later than
    // budgetMs after the moment we send, on the peer's own clock (rates equal).
    const qint64 sinceMs = (m_scheduler->nowNs() - it->localNs) / 1000000;
    return it->peerMs + sinceMs + budgetMs;
}

bool ChordNode::noteStall() {
    // The heartbeat (every stabilizeMs) missed a whole lease: the process was stopped
    // (SIGSTOP) or wedged. Its successor may have taken the arc over meanwhile: confirm it
    // again before serving it. (Only with timers running: tests that drive maintenance by hand
    // have no rhythm to miss.)
    if (!m_config.autoMaintenance || isAlone() ||
        m_scheduler->nowNs() - m_lastRoundNs <= leaseMs() * 1000000)
        return false;
    if (!m_arcPending)
        qCInfo(lcRing).noquote() << "no heartbeat for"
                                 << (m_scheduler->nowNs() - m_lastRoundNs) / 1000000
                                 << "ms (paused?): arc unconfirmed";
    markPlaceUnsure(true);
    m_stallSeenNs = m_scheduler->nowNs();
    return true;
}

void ChordNode::markPlaceUnsure(bool keepSuccessors) {
    if (!m_placeUnsure) {
        if (keepSuccessors)
            m_stallSuccessors = m_successors;
        m_unsureSinceNs = m_placeSureNs;
    }
    m_arcPending = true;
    m_placeUnsure = true;
}

bool ChordNode::recentlyStalled() {
    return noteStall() || stallJustEnded();
}

bool ChordNode::stallJustEnded() const {
    // Requests that waited in our sockets while we were stopped are read in the first moments
    // after: 200 ms covers that on a loaded machine.
    return m_stallSeenNs != 0 && m_scheduler->nowNs() - m_stallSeenNs < 200 * 1000000ll;
}

void ChordNode::beginTakeover(qint64 fenceUntilNs, quint64 versionCap, const QString &why) {
    // Whoever served the arc before may still do so until its lease ran out (fenceUntilNs),
    // and stamped versions up to versionCap: wait, stamp above, then pull the copies.
    m_arcPending = true;
    m_arcPendingUntilNs = std::max(m_arcPendingUntilNs, fenceUntilNs);
    m_store.advanceClock(versionCap);
    qCInfo(lcRing).noquote() << "taking arc over (" << why << "): served again in"
                             << std::max<qint64>(0, (m_arcPendingUntilNs - m_scheduler->nowNs()) /
                                                        1000000)
                             << "ms at the earliest";
}

int ChordNode::primaryCount() const {
    if (!m_pred)
        return m_store.liveCount();
    return m_store.liveCountIn(m_pred->id, m_self.id);
}

int ChordNode::replicaCount() const {
    return m_store.liveCount() - primaryCount();
}

QList<Item> ChordNode::primaryItems(bool withTombstones) const {
    if (!m_pred)
        return m_store.allItems(withTombstones);
    return m_store.itemsIn(m_pred->id, m_self.id, withTombstones);
}

bool ChordNode::messagesRecorded() const {
    return m_messages->enabled();
}

void ChordNode::setMessagesRecorded(bool recorded) {
    if (recorded == m_messages->enabled())
        return;
    m_messages->setEnabled(recorded);
    // Calls under way finish through whichever client they started on.
    m_client = recorded ? static_cast<PeerClient *>(m_messages.get()) : m_messages->inner();
    record({.type = QString::fromUtf8("maintenance"),
            .detail = recorded ? QString::fromUtf8("messages recorded")
                               : QString::fromUtf8("messages not recorded")});
}

PeerClient *ChordNode::clientFor(const QString &op) {
    if (m_client == m_messages.get())
        m_messages->tagNextCall(op);
    return m_client;
}

void ChordNode::record(Event event) {
    // The log line is built only when its category and level are enabled: lookups are
    // recorded on the request path.
    const bool storeEvent = event.type == QLatin1String("put") ||
                            event.type == QLatin1String("delete") ||
                            event.type.startsWith(QLatin1String("handoff"));
    // Lookups answered locally (one per read) and messages (many per round) log at debug.
    const bool quiet = (event.type == QLatin1String("lookup") && event.count == 0) ||
                       event.type == QLatin1String("message");
    const QLoggingCategory &category = storeEvent ? lcStore() : lcRing();
    if (quiet ? category.isDebugEnabled() : category.isInfoEnabled()) {
        QString line = event.type;
        if (event.node)
            line += QLatin1Char(' ') + describe(*event.node);
        if (event.previous)
            line += QString::fromUtf8(" (was %1)").arg(describe(*event.previous));
        if (!event.key.isEmpty())
            line += QString::fromUtf8(" key=%1").arg(event.key);
        if (event.count)
            line += QString::fromUtf8(" count=%1").arg(event.count);
        if (!event.detail.isEmpty())
            line += QString::fromUtf8(": ") + event.detail;
        if (quiet)
            qCDebug(category).noquote() << line;
        else
            qCInfo(category).noquote() << line;
    }
    event.timeMs = m_scheduler->wallMs();
    m_events.append(event);
    emit eventRecorded(m_events.last());
}

std::optional<NodeRef> ChordNode::knownNode(Id id) const {
    if (m_pred && m_pred->id == id)
        return m_pred;
    for (const NodeRef &n : m_successors) {
        if (n.id == id)
            return n;
    }
    for (const OptionalNode &f : m_fingers) {
        if (f && f->id == id)
            return f;
    }
    for (const LostPeer &l : m_lost) {
        if (l.node.id == id)
            return l.node;
    }
    return std::nullopt;
}

void ChordNode::setPredecessor(const OptionalNode &pred, const QString &why) {
    OptionalNode next = pred;
    if (next && next->sameEndpoint(m_self))
        next.reset();
    if (next == m_pred)
        return;
    Event e{.type = QString::fromUtf8("pred"), .detail = why, .node = next, .previous = m_pred};
    // What we vouch for does not grow with a new place: the chain learned next may reach
    // further back than anything we were sent (chord-sim --seed 3937 --mix all: a node that had
    // handed its uncovered mark to a joiner vouched for that part, by place, to the joiner).
    // (Chain not known, as right after a takeover: what we held then stays the bound. Found by
    // chord-sim --seed 8454 --mix all under a schedule with more replica asks (not landed;
    // docs/CONSISTENCY.md): a joiner came between before the chain was known, the bound was
    // dropped, and the node later vouched by place for an arc it had never held; a joiner took
    // that over and read "absent". tst_chordprotocol takeoverBoundOutlivesAnUnknownChain.)
    const std::optional<Id> heldFrom =
        m_pred && m_predChain.size() < m_config.replicas - 1 ? m_heldFrom : heldStart();
    const Id markEnd = m_uncovered.to;
    m_pred = next;
    m_joinHandoff.reset(); // for the predecessor we had (rectify keeps a joiner's anew)
    m_joinedWithoutArc = m_joinedWithoutArc && !next;
    m_predHeardRound = -100;
    m_predChain.clear();
    m_skippedDead.clear();
    m_heldFrom.reset();
    m_joinerNarrowing.reset();
    if (heldFrom)
        narrowHeldFrom(*heldFrom);
    // The uncovered part of a takeover is gone once our arc no longer reaches it (its nodes
    // came back and took it again, or a joiner took it with the mark): we hold no copy of it.
    // Left the last live member (the others left, and those that held the part are away), our
    // arc is the whole circle and the part is still ours without copies: it stays marked
    // (chord-sim --seed 41249 --mix all: alone, the node read "absent" for a write whose every
    // copy was on paused nodes).
    if (!m_uncovered.empty() && next &&
        !Interval::containsOpenClosed(m_space, next->id, m_self.id, m_uncovered.to)) {
        m_uncovered = {};
        narrowHeldFrom(markEnd);
    }
    if (m_arcFloor && next &&
        !Interval::containsOpenOpen(m_space, next->id, m_self.id, *m_arcFloor))
        m_arcFloor.reset();
    m_fingersSettled = false;
    record(e);
}

void ChordNode::setSuccessors(QList<NodeRef> list, const QString &why) {
    // A successor list holds the next r distinct nodes and stops where it would wrap back to
    // this node: in a ring smaller than r + 1 there are fewer than r others.
    QList<NodeRef> clean;
    for (const NodeRef &n : list) {
        if (n.sameEndpoint(m_self) || contains(clean, n))
            break;
        clean.append(n);
        if (clean.size() >= m_config.successorListLength)
            break;
    }
    if (clean.isEmpty())
        clean = {m_self};
    if (clean == m_successors)
        return;
    const NodeRef previous = m_successors.front();
    m_successors = clean;
    m_fingersSettled = false;
    if (!previous.sameEndpoint(clean.front()) || previous.id != clean.front().id)
        record({.type = QString::fromUtf8("succ"),
                .detail = why,
                .node = clean.front(),
                .previous = previous});
}

void ChordNode::forgetPeer(const NodeRef &peer, const QString &why) {
    // Address and id: a node restarted on a crashed node's port is a different node, and
    // must not be forgotten along with the stale pointers to its predecessor in that place.
    auto same = [&](const NodeRef &n) {
        return n.sameEndpoint(peer) && n.id == peer.id;
    };
    ++m_stats.peerFailures;
    rememberLost(peer);
    QList<NodeRef> rest;
    for (const NodeRef &n : m_successors) {
        if (!same(n))
            rest.append(n);
    }
    // The last successor stays, dead or not (Zave: a node never falls back on itself or on
    // its predecessor): below the stable base the arc waits for it rather than guess.
    if (rest.size() != m_successors.size() && !rest.isEmpty())
        setSuccessors(rest, why);
    for (OptionalNode &f : m_fingers) {
        if (f && same(*f))
            f.reset();
    }
    if (m_pred && same(*m_pred))
        m_predDead = true; // rectify may replace it now; the arc keeps its start meanwhile
    forgetOwner(peer);
}

// ---- server side -------------------------------------------------------------------------

NodeRef ChordNode::closestPrecedingNode(Id id) const {
    // Fingers and the successor list both qualify (Zave): the best candidate is the one
    // closest to id while still strictly between this node and id.
    NodeRef best = m_self;
    quint64 bestDistance = 0;
    auto consider = [&](const NodeRef &n) {
        if (n.sameEndpoint(m_self) || !Interval::containsOpenOpen(m_space, m_self.id, id, n.id))
            return;
        const quint64 d = m_space.distance(m_self.id, n.id);
        if (d > bestDistance) {
            bestDistance = d;
            best = n;
        }
    };
    for (const OptionalNode &f : m_fingers) {
        if (f)
            consider(*f);
    }
    for (const NodeRef &n : m_successors)
        consider(n);
    return best;
}

std::optional<StepAnswer> ChordNode::findSuccessorStep(Id id, quint64 ringToken) const {
    // A node asked on behalf of a ring it is no longer part of (it left, and a stale finger
    // still points at it) must not claim keys: the initiator treats this as a failed hop.
    if (ringToken != 0 && ringToken != m_ringToken)
        return std::nullopt;
    const qint64 clock = m_scheduler->nowMs();
    const NodeRef &succ = m_successors.front();
    if (succ.sameEndpoint(m_self))
        return StepAnswer{true, m_self, clock};
    if (m_pred && Interval::containsOpenClosed(m_space, m_pred->id, m_self.id, id))
        return StepAnswer{true, m_self, clock};
    if (Interval::containsOpenClosed(m_space, m_self.id, succ.id, id))
        return StepAnswer{true, succ, clock};
    const NodeRef next = closestPrecedingNode(id);
    if (next.sameEndpoint(m_self))
        return StepAnswer{true, succ, clock};
    return StepAnswer{false, next, clock};
}

std::optional<GetResult> ChordNode::readLocal(const QString &key) const {
    if ((!m_pred && !isAlone()) || m_leaving)
        return std::nullopt;
    FetchAnswer local = fetchLocal(key);
    if (!local.primary || local.unconfirmed)
        return std::nullopt;
    return GetResult{local.found, std::move(local.item), m_self, 0};
}

FetchAnswer ChordNode::fetchLocal(const QString &key) const {
    // The store hashes the key to find it; a copy it holds carries its id, so the key is
    // hashed once on the common path (this is the owner GET's hot path).
    const auto item = m_store.find(key);
    const Id id = item ? item->id : m_space.hashKey(key);
    const Ownership own = ownership(id);
    FetchAnswer a;
    a.primary = own != Ownership::NotOwner;
    // In the uncovered part of a takeover only a copy written since can be vouched for: an
    // older one, or none, may hide a later write held by the nodes that are away.
    const bool uncovered =
        !m_uncovered.empty() &&
        Interval::containsOpenClosed(m_space, m_uncovered.from, m_uncovered.to, id) &&
        !(item && item->version > m_uncovered.since);
    a.unconfirmed = own == Ownership::Unconfirmed || (own == Ownership::Owner && uncovered);
    a.clockMs = m_scheduler->nowMs();
    a.found = item && !item->deleted;
    a.item = item ? *item : Item{key, id, {}, 0, true};
    return a;
}

QCoro::Task<bool> ChordNode::confirmArc() {
    if (isAlone())
        co_return true;
    // Joining: nothing is ours before the join is done (ownership), and a call now would give
    // our successor a chain of predecessors that it hands back to the join as what it knew of
    // our arc (chord-sim --seed 201606 --mix all).
    if (m_joining || m_joinPending)
        co_return false;
    if (!holdsLease() && !m_successors.front().sameEndpoint(m_self) && !m_leaving)
        co_await callSuccessor(m_successors.front());
    if (m_arcPending && m_scheduler->nowNs() >= m_arcPendingUntilNs)
        co_await pullArc();
    co_return holdsLease() && !m_arcPending;
}

QCoro::Task<FetchAnswer> ChordNode::fetchConfirmed(QString key) {
    FetchAnswer a = fetchLocal(key);
    if (!a.unconfirmed)
        co_return a;
    // A node that leaves while it confirms its arc is alone afterwards and would answer for
    // every key: the read is not its to answer any more (chord-sim --seed 69776 --mix all: an
    // owner's fetch waited on its lease while it left, and it answered "absent" for a key it
    // had just handed on).
    const quint64 ring = m_ringToken;
    if (co_await confirmArc())
        a = fetchLocal(key);
    if (m_ringToken != ring) {
        a.primary = false;
        a.found = false;
    }
    co_return a;
}

} // namespace Chord
