#pragma once

#include "SimHistory.h"
#include "SimWorld.h"

#include <QStringList>

#include <deque>
#include <memory>
#include <optional>

namespace Chord::Sim {

struct SimOptions {
    quint64 seed = 1;
    int nodes = 6;
    QString mix = QStringLiteral("quiet");
    int ops = 60;
    // 0: chosen by the seed (small circles make id collisions likely in churn).
    int bits = 0;
    // Every node's ring maintenance (chord-sim --protocol).
    Protocol protocol = Protocol::Zave;
    SimWorld::TraceMode trace = SimWorld::TraceMode::Off;
    int traceLines = 60;
};

struct SimResult {
    QStringList failures;
    QStringList notes; // what the fault schedule did, in order
    quint64 events = 0;
    qint64 virtualNs = 0;
    int acknowledgedWrites = 0;
    int indeterminateWrites = 0;
    int reads = 0;
    // The stable base (docs/CONSISTENCY.md): members of the boot that were never paused,
    // crashed or left and are members at the end; the guarantees assume r + 1 of them.
    int longLived = 0;
    int stableBase = 0;
    std::deque<QString> traceTail;
    bool ok() const { return failures.isEmpty(); }
    bool belowStableBase() const { return longLived < stableBase; }
};

// One run: boot a ring, drive a client workload with the faults of one mix, heal, let the
// ring go quiet, then check Zave's invariants, the durability of every acknowledged write
// and the register history. Everything follows from the options, the seed above all.
class SimScenario {
public:
    explicit SimScenario(SimOptions options);
    ~SimScenario();
    SimResult run();

    static QStringList mixes();
    // The protocol's qCInfo/qCWarning lines go into the running world's trace (or nowhere).
    static void installLogCapture();

private:
    struct Slot {
        int tag = -1; // the current incarnation at this port, -1 before the first
        int restarts = 0;
        std::optional<int> bootSlot; // the member it joins through (while it joins)
    };
    // The steps of run(): draw the run's shape from the seed (true: churn in it), schedule the
    // boot, the workload and the faults (the end of the workload), check the quiet ring (its
    // structure, a final read of every key, the history), stop, and sum up.
    bool setUp();
    qint64 scheduleRun(bool churn);
    void checkQuietRing();
    void windDown();
    SimResult summary() const;
    QString addressOf(int slot) const;
    // A new process at slot's port; it joins through bootstrap (none: the first node).
    SimNode *start(int slot, std::optional<Id> id, QList<Item> data, std::optional<int> bootSlot);
    // exits: SIGTERM (leave, then the process ends); otherwise POST /dht/leave (it stays up,
    // alone, out of the ring).
    void leave(int slot, bool exits);
    void crash(int slot);
    void restart(int slot, bool sameId, bool withData);
    // Live, ready members ordered by id (the ground truth, not any node's view).
    std::vector<int> members() const;
    // Members now that were started at the boot and never paused, crashed or left.
    int longLivedMembers() const;
    QString copiesHeld(const QString &key) const;
    std::optional<int> ownerSlot(const QString &key) const;
    std::optional<int> randomMember(std::optional<int> except = std::nullopt);
    int slotOf(int tag) const;
    void clientOp(SimHistory::Kind kind, const QString &key, int slot, bool final = false);
    void finishOp(int index, SimHistory::Status status, bool found, QString value, QString detail);
    void note(const QString &what);
    // After a partition healed: records the split in the history once the ring is one again.
    void watchMerge(qint64 splitFrom);
    void at(qint64 ns, std::function<void()> fn) { m_world->at(ns, SimWorld::WorldTag, fn); }

    void scheduleWorkload(qint64 from, qint64 to);
    void schedulePauses(qint64 from, qint64 to);
    void scheduleOwnerPause(qint64 from, qint64 to);
    void scheduleCrashes(qint64 from, qint64 to, int count);
    void scheduleRestarts(qint64 from, qint64 to, int count);
    void scheduleChurn(qint64 from, qint64 to);
    // Loss, duplicates and stalls; with partitions, one or two cuts of an arc that heal.
    void scheduleNet(qint64 from, qint64 to, bool partitions);
    void healAll();

    static QCoro::Task<> boot(SimScenario *s, int tag, std::optional<Endpoint> bootstrap);
    static QCoro::Task<> shutdown(SimScenario *s, int tag, bool exits);
    static QCoro::Task<> runOp(SimScenario *s, int index, int tag);

    SimOptions m_options;
    std::unique_ptr<SimWorld> m_world;
    SimRandom m_random; // the fault schedule and workload; the world has its own
    SimHistory m_history;
    std::vector<Slot> m_slots;
    std::vector<int> m_bootTags; // the first incarnations of the boot's nodes
    int m_longLived = 0;         // at the check of the quiet ring
    QStringList m_keys;
    int m_writes = 0;
    int m_bits = 64;
    int m_crashBudget = 2; // crashes and restarts without data, so that r = 3 keeps a copy
    QStringList m_notes;
    QStringList m_failures;
};

} // namespace Chord::Sim
