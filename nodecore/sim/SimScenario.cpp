#include "SimScenario.h"

#include "SimRingCheck.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cstdio>

namespace Chord::Sim {

namespace {
constexpr qint64 Ms = 1000000;
constexpr qint64 Sec = 1000 * Ms;
// The external client gives up after this long; the operation is then indeterminate.
constexpr qint64 ClientDeadline = 10 * Sec;
constexpr qint64 Workload = 30 * Sec;
// After the faults heal: client deadlines run out, then the ring must be quiet this long.
constexpr qint64 Settle = 10 * Sec;
constexpr qint64 Quiet = 20 * Sec;
constexpr int BasePort = 5000;

SimWorld *g_world = nullptr; // the running world, for the log capture

void captureLog(QtMsgType, const QMessageLogContext &context, const QString &message) {
    if (!g_world || !g_world->tracing())
        return;
    g_world->traceAt(
        g_world->current(),
        QStringLiteral("   [%1] %2").arg(QString::fromUtf8(context.category), message));
}
} // namespace

SimScenario::SimScenario(SimOptions options)
    : m_options(std::move(options))
    , m_world(std::make_unique<SimWorld>(m_options.seed * 0x9e3779b97f4a7c15ULL + 1))
    , m_random(m_options.seed) {}

SimScenario::~SimScenario() {
    if (g_world == m_world.get())
        g_world = nullptr;
}

QStringList SimScenario::mixes() {
    return {QStringLiteral("quiet"), QStringLiteral("pause"),   QStringLiteral("owner-pause"),
            QStringLiteral("crash"), QStringLiteral("restart"), QStringLiteral("churn"),
            QStringLiteral("net"),   QStringLiteral("lossy"),   QStringLiteral("all")};
}

void SimScenario::installLogCapture() {
    qInstallMessageHandler(captureLog);
}

QString SimScenario::addressOf(int slot) const {
    return QStringLiteral("127.0.0.1:%1").arg(BasePort + slot);
}

void SimScenario::note(const QString &what) {
    const QString line =
        QStringLiteral("%1 %2").arg(double(m_world->now()) / 1e9, 10, 'f', 4).arg(what);
    m_notes << line;
    m_world->trace(QStringLiteral("** ") + what);
}

int SimScenario::slotOf(int tag) const {
    return int(m_world->node(tag)->port) - BasePort;
}

QString SimScenario::copiesHeld(const QString &key) const {
    // Where the copies are (to tell a key whose every copy is gone from one that a live node
    // holds but nobody serves); the newest acknowledged write's value for comparison.
    QString newest;
    qint64 newestEnd = 0;
    for (const SimHistory::Op &op : m_history.ops()) {
        if (op.key == key && op.kind != SimHistory::Kind::Get &&
            op.status == SimHistory::Status::Ok && op.endNs > newestEnd) {
            newestEnd = op.endNs;
            newest = op.kind == SimHistory::Kind::Delete ? QStringLiteral("(deleted)") : op.value;
        }
    }
    QStringList held;
    for (const auto &n : m_world->nodes()) {
        if (!n->alive)
            continue;
        if (const auto item = n->chord->store().find(key))
            held << n->chord->self().name + QLatin1Char('=') +
                        (item->deleted ? QStringLiteral("(deleted)")
                                       : QString::fromUtf8(item->value));
    }
    return QStringLiteral(" [last acknowledged: %1; live copies: %2]")
        .arg(newest.isEmpty() ? QStringLiteral("none") : newest,
             held.isEmpty() ? QStringLiteral("none") : held.join(QLatin1Char(' ')));
}

std::vector<int> SimScenario::members() const {
    std::vector<int> out;
    for (int s = 0; s < int(m_slots.size()); ++s) {
        const int tag = m_slots[std::size_t(s)].tag;
        if (tag < 0)
            continue;
        const SimNode *n = m_world->node(tag);
        if (n->alive && n->ready && !n->outOfRing())
            out.push_back(s);
    }
    std::sort(out.begin(), out.end(), [this](int a, int b) {
        return m_world->node(m_slots[std::size_t(a)].tag)->chord->self().id <
               m_world->node(m_slots[std::size_t(b)].tag)->chord->self().id;
    });
    return out;
}

std::optional<int> SimScenario::ownerSlot(const QString &key) const {
    const std::vector<int> ring = members();
    if (ring.empty())
        return std::nullopt;
    const Id id = IdSpace(m_bits).hashKey(key);
    for (int s : ring) {
        if (m_world->node(m_slots[std::size_t(s)].tag)->chord->self().id >= id)
            return s;
    }
    return ring.front();
}

std::optional<int> SimScenario::randomMember(std::optional<int> except) {
    std::vector<int> ring = members();
    if (except)
        ring.erase(std::remove(ring.begin(), ring.end(), *except), ring.end());
    if (ring.empty())
        return std::nullopt;
    return ring[m_random.below(ring.size())];
}

// ---- processes -------------------------------------------------------------------------------

SimNode *SimScenario::start(int slot, std::optional<Id> id, QList<Item> data,
                            std::optional<int> bootSlot) {
    if (slot >= int(m_slots.size()))
        m_slots.resize(std::size_t(slot) + 1);
    Slot &s = m_slots[std::size_t(slot)];
    NodeConfig config;
    config.space = IdSpace(m_bits);
    config.protocol = m_options.protocol;
    config.self.host = QStringLiteral("127.0.0.1");
    config.self.port = quint16(BasePort + slot);
    config.self.name = s.tag < 0 ? QStringLiteral("n%1").arg(slot)
                                 : QStringLiteral("n%1.%2").arg(slot).arg(++s.restarts);
    // As chord-node does: --id fixes the id; otherwise the address hash until the join
    // picks the middle of the widest arc.
    config.explicitId = id.has_value();
    config.self.id = id.value_or(config.space.hash(config.self.address().toUtf8()));
    // Hosts' wall clocks differ by up to +/-5 s.
    SimNode *n = m_world->spawn(config, m_random.between(-5000, 5000));
    if (s.tag < 0 && slot < m_options.nodes)
        m_bootTags.push_back(n->tag);
    s.tag = n->tag;
    s.bootSlot = bootSlot;
    if (!data.isEmpty())
        n->chord->storeItems(data); // --data-dir recovery, before the node is reachable
    std::optional<Endpoint> bootstrap;
    if (bootSlot) {
        const SimNode *b = m_world->node(m_slots[std::size_t(*bootSlot)].tag);
        bootstrap = Endpoint{QStringLiteral("127.0.0.1"), b->port, b->chord->self().name};
    }
    note(QStringLiteral("start %1 at %2%3%4%5")
             .arg(config.self.name, config.self.address(),
                  id ? QStringLiteral(" --id %1").arg(*id) : QString(),
                  bootstrap ? QStringLiteral(" --join ") + bootstrap->name : QString(),
                  data.isEmpty() ? QString() : QStringLiteral(" with %1 copies").arg(data.size())));
    const int tag = n->tag;
    n->chord->setJoinPending(bool(bootstrap)); // NodeRunner, before it listens
    m_world->after(0, tag, [this, tag, bootstrap] { boot(this, tag, bootstrap); });
    return n;
}

QCoro::Task<> SimScenario::boot(SimScenario *s, int tag, std::optional<Endpoint> bootstrap) {
    SimNode *n = s->m_world->node(tag);
    if (bootstrap) {
        // NodeRunner::connectToRing: five attempts, then the process exits with status 3.
        Outcome<bool> r;
        for (int attempt = 1; attempt <= 5; ++attempt) {
            r = co_await n->chord->join(*bootstrap);
            if (r.ok() || r.error == NodeError::BadRequest)
                break;
            co_await s->m_world->delay(tag, 100 * Ms * attempt);
        }
        if (!r.ok()) {
            s->note(QStringLiteral("%1 --join failed, exits: %2")
                        .arg(n->chord->self().name, r.message));
            s->m_world->crash(tag);
            co_return;
        }
        n->chord->setJoinPending(false);
    }
    n->ready = true;
    n->chord->startMaintenance();
    if (s->m_world->tracing())
        s->m_world->traceAt(tag, QStringLiteral("** ready with id %1").arg(n->chord->self().id));
}

void SimScenario::leave(int slot, bool exits) {
    const int tag = m_slots[std::size_t(slot)].tag;
    SimNode *n = m_world->node(tag);
    if (!n->alive || n->exiting)
        return;
    n->exiting = true;
    n->disturbed = true;
    note(exits ? QStringLiteral("SIGTERM %1 (graceful leave, then exit)").arg(n->chord->self().name)
               : QStringLiteral("POST /dht/leave at %1 (it stays up alone)")
                     .arg(n->chord->self().name));
    m_world->after(0, tag, [this, tag, exits] { shutdown(this, tag, exits); });
}

QCoro::Task<> SimScenario::shutdown(SimScenario *s, int tag, bool exits) {
    SimNode *n = s->m_world->node(tag);
    // (As NodeRunner::shutdown; /dht/leave keeps maintenance running.)
    const Outcome<bool> r = co_await (exits ? n->chord->leaveBeforeExit() : n->chord->leave());
    s->note(QStringLiteral("%1 left%2%3")
                .arg(n->chord->self().name,
                     r.ok() ? QString() : QStringLiteral(" with an error: ") + r.message,
                     exits ? QStringLiteral(", exits") : QString()));
    if (exits)
        s->m_world->crash(tag);
    else if (!r.ok() && !n->chord->isAlone())
        n->exiting = false; // the leave was refused: still a member, checked as one
}

void SimScenario::crash(int slot) {
    const int tag = m_slots[std::size_t(slot)].tag;
    note(QStringLiteral("SIGKILL %1").arg(m_world->node(tag)->chord->self().name));
    m_world->crash(tag);
}

void SimScenario::restart(int slot, bool sameId, bool withData) {
    const int tag = m_slots[std::size_t(slot)].tag;
    SimNode *old = m_world->node(tag);
    const Id oldId = old->chord->self().id;
    const QList<Item> data = withData ? old->chord->store().allItems(true) : QList<Item>();
    const std::optional<int> boot = randomMember(slot);
    if (!boot)
        return;
    note(QStringLiteral("restart %1 with %2 id, %3 data")
             .arg(old->chord->self().name,
                  sameId ? QStringLiteral("the same") : QStringLiteral("a new"),
                  withData ? QStringLiteral("with its") : QStringLiteral("without")));
    start(slot, sameId ? std::optional<Id>(oldId) : std::nullopt, data, boot);
}

// ---- clients ---------------------------------------------------------------------------------

void SimScenario::clientOp(SimHistory::Kind kind, const QString &key, int slot, bool final) {
    QString value;
    if (kind == SimHistory::Kind::Put)
        value = QStringLiteral("%1#%2").arg(key).arg(++m_writes);
    const int tag = slot < int(m_slots.size()) ? m_slots[std::size_t(slot)].tag : -1;
    const QString nodeName = tag >= 0 ? m_world->node(tag)->chord->self().name : addressOf(slot);
    const int index = m_history.invoke(kind, key, value, nodeName, m_world->now(), final);
    if (m_world->tracing())
        m_world->trace(QStringLiteral("client -> %1 %2")
                           .arg(nodeName, SimHistory::describe(m_history.op(index))));
    SimNode *n = tag >= 0 ? m_world->live(addressOf(slot)) : nullptr;
    if (!n) {
        finishOp(index, SimHistory::Status::Failed, false, {},
                 QStringLiteral("connection refused"));
        return;
    }
    at(m_world->now() + ClientDeadline, [this, index] {
        finishOp(index, SimHistory::Status::TimedOut, false, {}, QStringLiteral("client deadline"));
    });
    const int target = n->tag;
    m_world->after(
        m_world->messageDelay(), target, [this, index, target] { runOp(this, index, target); },
        [this, index] {
            finishOp(index, SimHistory::Status::Failed, false, {},
                     QStringLiteral("connection reset"));
        });
}

void SimScenario::finishOp(int index, SimHistory::Status status, bool found, QString value,
                           QString detail) {
    SimHistory::Op &op = m_history.op(index);
    if (op.status != SimHistory::Status::Pending)
        return;
    op.status = status;
    op.endNs = m_world->now();
    op.detail = std::move(detail);
    if (op.kind == SimHistory::Kind::Get) {
        op.found = found;
        op.value = std::move(value);
    }
    if (m_world->tracing())
        m_world->trace(QStringLiteral("client <- %1").arg(SimHistory::describe(op)));
}

QCoro::Task<> SimScenario::runOp(SimScenario *s, int index, int tag) {
    SimNode *n = s->m_world->node(tag);
    ChordNode &node = *n->chord;
    const SimHistory::Op op = s->m_history.op(index);
    if (s->m_world->now() > op.invokeNs + ClientDeadline)
        s->m_history.op(index).unseenUntilGivenUp = true;
    bool ok = false;
    bool found = false;
    QString value;
    QString detail;
    if (n->outOfRing()) {
        // Sent while the node was a member, it arrived after the node left: the node answers
        // for its own ring of one (the pipelinedht contract of leave), not for this ring, as
        // for requests sent to it once it has left (scheduleWorkload). Counted as not
        // answered. (chord-sim --seed 19305 --mix all, under a schedule that did not land: a
        // read delayed by a stall was answered "absent" by the leaver and counted as a read
        // of the ring.)
        detail =
            QStringLiteral("%1 had left the ring when the request arrived").arg(node.self().name);
    } else if (op.kind == SimHistory::Kind::Get) {
        // As NodeApi::getKey: the owner answers from its own store, without routing.
        const std::optional<GetResult> local = node.readLocal(op.key);
        if (local) {
            ok = true;
            found = local->found;
            value = QString::fromUtf8(local->item.value);
            detail = QStringLiteral("answered locally");
        } else {
            const Outcome<GetResult> r = co_await node.get(op.key);
            ok = r.ok();
            if (ok) {
                found = r.value->found;
                value = QString::fromUtf8(r.value->item.value);
                detail = QStringLiteral("owner %1").arg(r.value->owner.name);
            } else {
                detail = r.message;
            }
        }
    } else {
        const bool deleted = op.kind == SimHistory::Kind::Delete;
        const Outcome<PutResult> r =
            co_await node.put(op.key, deleted ? QByteArray() : op.value.toUtf8(), deleted);
        ok = r.ok();
        detail = ok ? QStringLiteral("owner %1 v%2 copies %3")
                          .arg(r.value->owner.name)
                          .arg(r.value->version)
                          .arg(r.value->copies)
                    : r.message;
    }
    // The answer travels back to the client.
    s->m_world->after(
        s->m_world->messageDelay(), SimWorld::WorldTag, [s, index, ok, found, value, detail] {
            s->finishOp(index, ok ? SimHistory::Status::Ok : SimHistory::Status::Failed, found,
                        value, detail);
        });
}

void SimScenario::scheduleWorkload(qint64 from, qint64 to) {
    for (int i = 0; i < m_options.ops; ++i) {
        const qint64 t = m_random.between(from, to);
        const quint64 roll = m_random.below(100);
        const SimHistory::Kind kind = roll < 55   ? SimHistory::Kind::Put
                                      : roll < 65 ? SimHistory::Kind::Delete
                                                  : SimHistory::Kind::Get;
        const QString key = m_keys[qsizetype(m_random.below(quint64(m_keys.size())))];
        const quint64 pick = m_random.next();
        at(t, [this, kind, key, pick] {
            // Any node with a process at its port, paused ones included, but not one that
            // has left the ring (it stays up alone with its old copies, by design).
            std::vector<int> up;
            for (int s = 0; s < int(m_slots.size()); ++s) {
                const SimNode *n = m_world->live(addressOf(s));
                if (n && !n->outOfRing())
                    up.push_back(s);
            }
            if (up.empty())
                return;
            clientOp(kind, key, up[pick % up.size()]);
        });
    }
}

// ---- faults ----------------------------------------------------------------------------------

void SimScenario::schedulePauses(qint64 from, qint64 to) {
    const int episodes = int(m_random.between(1, 2));
    const qint64 span = (to - from) / episodes;
    for (int e = 0; e < episodes; ++e) {
        const qint64 start = from + e * span + m_random.between(0, span / 3);
        const qint64 length = m_random.between(2 * Sec, std::min<qint64>(15 * Sec, span * 2 / 3));
        // Up to four in a row: then a node's whole successor list (4) can be stopped.
        const int count = int(m_random.between(1, std::max(1, std::min(4, m_options.nodes - 1))));
        const quint64 pick = m_random.next();
        at(start, [this, start, length, count, pick] {
            const std::vector<int> ring = members();
            if (int(ring.size()) <= count)
                return;
            const std::size_t first = pick % ring.size();
            std::vector<int> paused;
            QStringList names;
            for (int k = 0; k < count; ++k) {
                const int slot = ring[(first + std::size_t(k)) % ring.size()];
                paused.push_back(m_slots[std::size_t(slot)].tag);
                names << m_world->node(paused.back())->chord->self().name;
            }
            note(QStringLiteral("SIGSTOP %1 consecutive: %2")
                     .arg(count)
                     .arg(names.join(QLatin1Char(' '))));
            for (int tag : paused)
                m_world->pause(tag);
            at(start + length, [this, paused, names] {
                note(QStringLiteral("SIGCONT %1").arg(names.join(QLatin1Char(' '))));
                for (int tag : paused)
                    m_world->resume(tag);
            });
        });
    }
}

void SimScenario::scheduleOwnerPause(qint64 from, qint64 to) {
    const qint64 start = m_random.between(from, from + (to - from) / 3);
    const qint64 length = m_random.between(4 * Sec, 15 * Sec);
    const QString key = m_keys[qsizetype(m_random.below(quint64(m_keys.size())))];
    const int rewrites = int(m_random.between(1, 4));
    const quint64 pick = m_random.next();
    at(start, [this, start, length, key, rewrites, pick] {
        const std::optional<int> owner = ownerSlot(key);
        if (!owner)
            return;
        const int tag = m_slots[std::size_t(*owner)].tag;
        note(QStringLiteral("SIGSTOP %1, the owner of %2")
                 .arg(m_world->node(tag)->chord->self().name, key));
        m_world->pause(tag);
        SimRandom r(pick);
        for (int i = 0; i < rewrites; ++i) {
            at(start + r.between(Sec / 2, length - Sec), [this, key, owner] {
                if (const std::optional<int> via = randomMember(owner))
                    clientOp(SimHistory::Kind::Put, key, *via);
            });
        }
        at(start + length, [this, tag, key, owner] {
            note(QStringLiteral("SIGCONT %1, then read %2 there")
                     .arg(m_world->node(tag)->chord->self().name, key));
            m_world->resume(tag);
            // A node that left the ring meanwhile answers for its own ring of one (the
            // pipelinedht contract of leave): not a read of this ring. The process at the
            // owner's address now, which a restart may have replaced (chord-sim --seed 1592
            // --nodes 10 --mix all: the paused owner was killed and restarted, the new process
            // joined and left, and its answer of its keys at the leave was counted as a stale
            // read of the ring).
            const auto inRing = [this, owner] {
                return !m_world->node(m_slots[std::size_t(*owner)].tag)->outOfRing();
            };
            if (!inRing())
                return;
            clientOp(SimHistory::Kind::Get, key, *owner);
            at(m_world->now() + 300 * Ms, [this, key, owner, inRing] {
                if (inRing())
                    clientOp(SimHistory::Kind::Get, key, *owner);
            });
        });
    });
}

void SimScenario::scheduleCrashes(qint64 from, qint64 to, int count) {
    for (int i = 0; i < count; ++i) {
        const qint64 t = m_random.between(from, to - 5 * Sec);
        at(t, [this] {
            if (m_crashBudget <= 0 || members().size() <= 3)
                return;
            if (const std::optional<int> victim = randomMember()) {
                --m_crashBudget;
                crash(*victim);
            }
        });
    }
}

void SimScenario::scheduleRestarts(qint64 from, qint64 to, int count) {
    for (int i = 0; i < count; ++i) {
        const qint64 t = m_random.between(from, to - 10 * Sec);
        const qint64 down = m_random.between(Sec / 2, 5 * Sec);
        const bool sameId = m_random.chance(0.5);
        const bool withData = m_random.chance(0.5);
        at(t, [this, t, down, sameId, withData] {
            if (members().size() <= 3 || (!withData && m_crashBudget <= 0))
                return;
            const std::optional<int> victim = randomMember();
            if (!victim)
                return;
            if (!withData)
                --m_crashBudget;
            const int slot = *victim;
            const int tag = m_slots[std::size_t(slot)].tag;
            crash(slot);
            at(t + down, [this, slot, tag, sameId, withData] {
                if (m_slots[std::size_t(slot)].tag == tag)
                    restart(slot, sameId, withData);
            });
        });
    }
}

void SimScenario::scheduleChurn(qint64 from, qint64 to) {
    int nextSlot = m_options.nodes;
    const int events = int(m_random.between(2, 4));
    for (int e = 0; e < events; ++e) {
        const qint64 t = m_random.between(from, to - 8 * Sec);
        const quint64 roll = m_random.below(100);
        if (roll < 50) {
            // Joins, often two or three at once, through the same or different members.
            const int joiners = int(m_random.between(1, 3));
            for (int j = 0; j < joiners; ++j) {
                const int slot = nextSlot++;
                const bool manual = m_random.chance(0.3);
                const Id id = IdSpace(m_bits).reduce(m_random.next());
                const qint64 skew = m_random.between(0, 20) * Ms;
                const quint64 pick = m_random.next();
                at(t + skew, [this, slot, manual, id, pick] {
                    const std::vector<int> ring = members();
                    if (ring.empty())
                        return;
                    start(slot, manual ? std::optional<Id>(id) : std::nullopt, {},
                          ring[pick % ring.size()]);
                });
            }
        } else {
            // Leaves: one, or two adjacent nodes at once.
            const bool pair = m_random.chance(0.5);
            const bool exits = m_random.chance(0.5);
            const quint64 pick = m_random.next();
            at(t, [this, pair, exits, pick] {
                // Not a node that a joiner is joining through: the joiner would join the
                // leaver's new ring of one (as asked), which is not what the check expects.
                std::vector<int> ring;
                for (int m : members()) {
                    const bool boot =
                        std::any_of(m_slots.begin(), m_slots.end(), [&](const Slot &j) {
                            const SimNode *n = j.tag >= 0 ? m_world->node(j.tag) : nullptr;
                            return n && n->alive && !n->ready && j.bootSlot == m;
                        });
                    if (!boot)
                        ring.push_back(m);
                }
                if (int(ring.size()) <= (pair ? 4 : 3))
                    return;
                const std::size_t first = pick % ring.size();
                leave(ring[first], exits);
                if (pair)
                    leave(ring[(first + 1) % ring.size()], exits);
            });
        }
    }
}

void SimScenario::scheduleNet(qint64 from, qint64 to, bool partitions) {
    const double loss = m_random.chance(0.7) ? double(m_random.between(1, 5)) / 100 : 0;
    const double duplicate = m_random.chance(0.7) ? double(m_random.between(1, 5)) / 100 : 0;
    const double spikes = m_random.chance(0.5) ? 0.01 : 0;
    at(from, [this, loss, duplicate, spikes] {
        note(QStringLiteral("network: loss %1%, duplicates %2%, stalls %3%")
                 .arg(loss * 100)
                 .arg(duplicate * 100)
                 .arg(spikes * 100));
        m_world->net().loss = loss;
        m_world->net().duplicate = duplicate;
        m_world->net().spikeChance = spikes;
        m_world->net().spikeMaxMs = 1500;
    });
    const int episodes = partitions ? int(m_random.between(1, 2)) : 0;
    for (int e = 0; e < episodes; ++e) {
        const qint64 span = (to - from) / episodes;
        const qint64 start = from + e * span + m_random.between(0, span / 3);
        const qint64 length = m_random.between(2 * Sec, std::min<qint64>(10 * Sec, span / 2));
        const quint64 pick = m_random.next();
        at(start, [this, start, length, pick] {
            const std::vector<int> ring = members();
            if (ring.size() < 2)
                return;
            // An arc of the ring against the rest: the cut that hurts Chord most.
            SimRandom r(pick);
            const std::size_t first = r.below(ring.size());
            const std::size_t size = 1 + r.below(ring.size() - 1);
            QStringList a;
            QStringList b;
            QStringList names;
            for (std::size_t k = 0; k < ring.size(); ++k) {
                const int slot = ring[(first + k) % ring.size()];
                if (k < size) {
                    a << addressOf(slot);
                    names << m_world->node(m_slots[std::size_t(slot)].tag)->chord->self().name;
                } else {
                    b << addressOf(slot);
                }
            }
            note(QStringLiteral("partition: {%1} from the rest").arg(names.join(QLatin1Char(' '))));
            m_world->partition({a, b});
            at(start + length, [this, start] {
                note(QStringLiteral("partition healed"));
                m_world->heal();
                watchMerge(start);
            });
        });
    }
}

void SimScenario::watchMerge(qint64 splitFrom) {
    // The split lasts until the parts are one ring again, plus a grace for the copies each
    // part kept to reach the owners (pushed within a round or two).
    constexpr qint64 Poll = 100 * Ms;
    constexpr qint64 MergeGrace = 2 * Sec;
    at(m_world->now() + Poll, [this, splitFrom] {
        if (SimRingCheck::check(*m_world).isEmpty()) {
            note(QStringLiteral("parts merged into one ring"));
            m_history.addSplit(splitFrom, m_world->now() + MergeGrace);
        } else {
            watchMerge(splitFrom);
        }
    });
}

void SimScenario::healAll() {
    note(QStringLiteral("heal: network clean, every paused node resumed"));
    m_world->heal();
    SimNetConfig &net = m_world->net();
    net.loss = 0;
    net.duplicate = 0;
    net.spikeChance = 0;
    for (const auto &n : m_world->nodes()) {
        if (n->alive && n->paused)
            m_world->resume(n->tag);
    }
}

// ---- the run ---------------------------------------------------------------------------------

SimResult SimScenario::run() {
    g_world = m_world.get();
    const bool churn = setUp();
    const qint64 to = scheduleRun(churn);
    m_world->runUntil(to + Settle + Quiet);
    checkQuietRing();
    windDown();
    SimResult result = summary();
    g_world = nullptr;
    return result;
}

bool SimScenario::setUp() {
    // The mix, the id bits, the keys and the network's delay, drawn from the seed in this order.
    m_world->setTrace(m_options.trace, m_options.traceLines);
    // Formatting the protocol's log lines costs more than the rest of a run: only when traced.
    QLoggingCategory::setFilterRules(m_options.trace == SimWorld::TraceMode::Off
                                         ? QStringLiteral("chord.*=false")
                                         : QStringLiteral("chord.*.debug=false"));
    const QString &mix = m_options.mix;
    const bool all = mix == QLatin1String("all");
    const bool churn = mix == QLatin1String("churn") || (all && m_random.chance(0.5));
    m_bits = m_options.bits ? m_options.bits
             : churn        ? int(QList<int>{8, 16, 64}[qsizetype(m_random.below(3))])
                            : 64;
    const int keyCount = int(m_random.between(3, 8));
    for (int k = 0; k < keyCount; ++k)
        m_keys << QStringLiteral("k%1").arg(k);
    static const qint64 means[] = {100, 300, 1000, 3000};
    m_world->net().meanDelayUs = means[m_random.below(4)];

    return churn;
}

qint64 SimScenario::scheduleRun(bool churn) {
    const QString &mix = m_options.mix;
    const bool all = mix == QLatin1String("all");
    // Boot: the first node alone, the others join one by one through a random member.
    start(0, std::nullopt, {}, std::nullopt);
    for (int s = 1; s < m_options.nodes; ++s) {
        at(qint64(s) * 400 * Ms, [this, s] {
            const std::optional<int> boot = randomMember();
            start(s, std::nullopt, {}, boot ? *boot : 0);
        });
    }
    const qint64 from = qint64(m_options.nodes) * 400 * Ms + 5 * Sec;
    const qint64 to = from + Workload;
    scheduleWorkload(from, to);
    if (mix == QLatin1String("pause") || (all && m_random.chance(0.4)))
        schedulePauses(from, to);
    if (mix == QLatin1String("owner-pause") || (all && m_random.chance(0.4)))
        scheduleOwnerPause(from, to);
    if (mix == QLatin1String("crash") || (all && m_random.chance(0.3)))
        scheduleCrashes(from, to, int(m_random.between(1, 2)));
    if (mix == QLatin1String("restart") || (all && m_random.chance(0.3)))
        scheduleRestarts(from, to, int(m_random.between(1, 2)));
    if (churn)
        scheduleChurn(from, to);
    if (mix == QLatin1String("net") || (all && m_random.chance(0.4)))
        scheduleNet(from, to, true);
    if (mix == QLatin1String("lossy"))
        scheduleNet(from, to, false);
    at(to, [this] { healAll(); });

    return to;
}

void SimScenario::checkQuietRing() {
    m_longLived = longLivedMembers();
    for (const QString &line : SimRingCheck::check(*m_world))
        m_failures << QStringLiteral("ring: ") + line;

    // Durability: every key read through up to three members (all keys at once, one member
    // after the other).
    const std::vector<int> ring = members();
    const int readers = std::min<int>(3, int(ring.size()));
    std::vector<int> finalReads;
    for (int r = 0; r < readers; ++r) {
        const std::size_t first = finalReads.size();
        for (int k = 0; k < m_keys.size(); ++k) {
            const int slot = ring[std::size_t(r + k) % ring.size()];
            finalReads.push_back(int(m_history.ops().size()));
            clientOp(SimHistory::Kind::Get, m_keys[k], slot, true);
        }
        m_world->runUntil(
            [&] {
                for (std::size_t i = first; i < finalReads.size(); ++i) {
                    if (m_history.ops()[std::size_t(finalReads[i])].status ==
                        SimHistory::Status::Pending)
                        return false;
                }
                return true;
            },
            m_world->now() + ClientDeadline + Sec);
    }
    for (int index : finalReads) {
        const SimHistory::Op &op = m_history.ops()[std::size_t(index)];
        if (op.status != SimHistory::Status::Ok)
            m_failures << QStringLiteral("final read failed in a quiet ring: ") +
                              SimHistory::describe(op) + copiesHeld(op.key);
    }
    for (const QString &line : m_history.check())
        m_failures << QStringLiteral("history: ") + line;
}

void SimScenario::windDown() {
    // Wind down: no new rounds; what is in flight finishes, so that no coroutine frame is
    // left suspended (except in crashed processes).
    for (const auto &n : m_world->nodes()) {
        if (n->alive)
            n->chord->stopMaintenance();
    }
    m_world->drain(m_world->now() + 120 * Sec);
}

SimResult SimScenario::summary() const {
    SimResult result;
    result.failures = m_failures;
    result.notes = m_notes;
    result.events = m_world->eventsRun();
    result.virtualNs = m_world->now();
    for (const SimHistory::Op &op : m_history.ops()) {
        if (op.kind == SimHistory::Kind::Get)
            result.reads += op.status == SimHistory::Status::Ok ? 1 : 0;
        else if (op.status == SimHistory::Status::Ok)
            ++result.acknowledgedWrites;
        else
            ++result.indeterminateWrites;
    }
    result.traceTail = m_world->traceTail();
    result.stableBase = NodeConfig().replicas + 1;
    result.longLived = m_longLived;
    return result;
}

int SimScenario::longLivedMembers() const {
    const std::vector<int> ring = members();
    return int(std::count_if(ring.begin(), ring.end(), [this](int slot) {
        const int tag = m_slots[std::size_t(slot)].tag;
        return !m_world->node(tag)->disturbed &&
               std::find(m_bootTags.begin(), m_bootTags.end(), tag) != m_bootTags.end();
    }));
}

} // namespace Chord::Sim
