#pragma once

#include "ChordNode.h"
#include "SimNode.h"
#include "SimRandom.h"

#include <QHash>
#include <QStringList>

#include <coroutine>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace Chord::Sim {

// The network's behaviour, chosen by the seed and changed by the fault schedule.
struct SimNetConfig {
    qint64 minDelayUs = 50;
    qint64 meanDelayUs = 300; // exponential on top of the minimum
    double spikeChance = 0;   // a message delayed by up to spikeMaxMs more (a stalled link)
    qint64 spikeMaxMs = 0;
    double loss = 0;      // a message dropped
    double duplicate = 0; // a request delivered (and executed) twice
};

// The deterministic world: one virtual clock, one event queue ordered by (time, sequence),
// one seeded generator, every node incarnation and the network between them. Nothing here
// reads a real clock or runs a Qt event loop: a coroutine suspended in the simulation is
// resumed by an event of this queue, on behalf of the node it belongs to (its tag), so that
// a paused node runs nothing and a crashed node never runs again.
class SimWorld {
public:
    static constexpr int WorldTag = -1;
    // Wall clocks start here (2024-01-01), plus each node's skew.
    static constexpr qint64 EpochMs = 1704067200000LL;

    explicit SimWorld(quint64 seed);
    ~SimWorld();
    SimWorld(const SimWorld &) = delete;
    SimWorld &operator=(const SimWorld &) = delete;

    qint64 now() const { return m_now; }
    SimRandom &random() { return m_random; }
    SimNetConfig &net() { return m_net; }

    // ---- events ----
    // fn runs at timeNs on behalf of node `tag` (or the world). If that node has crashed by
    // then, onDead runs instead (a request that finds the process gone resets the connection).
    void at(qint64 timeNs, int tag, std::function<void()> fn, std::function<void()> onDead = {});
    void after(qint64 delayNs, int tag, std::function<void()> fn,
               std::function<void()> onDead = {}) {
        at(m_now + delayNs, tag, std::move(fn), std::move(onDead));
    }
    // Runs events up to and including timeNs; the clock ends at timeNs.
    void runUntil(qint64 timeNs);
    // Runs events until done() holds, the queue is empty or the clock would pass limitNs.
    void runUntil(const std::function<bool()> &done, qint64 limitNs);
    // Runs events until the queue is empty or the clock passes limitNs.
    void drain(qint64 limitNs);
    quint64 eventsRun() const { return m_eventsRun; }

    // co_await world.delay(tag, ns): resumes the coroutine ns later, on node tag.
    struct Delay {
        SimWorld *world;
        int tag;
        qint64 ns;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h) const {
            world->after(ns, tag, [h] { h.resume(); });
        }
        void await_resume() const noexcept {}
    };
    Delay delay(int tag, qint64 ns) { return Delay{this, tag, ns}; }

    // ---- nodes ----
    // A new process at config.self's address (any previous incarnation there must be dead).
    SimNode *spawn(NodeConfig config, qint64 wallOffsetMs);
    SimNode *node(int tag) { return m_nodes[std::size_t(tag)].get(); }
    const std::vector<std::unique_ptr<SimNode>> &nodes() const { return m_nodes; }
    // The live incarnation at host:port, or null.
    SimNode *live(const QString &address) const;
    void pause(int tag);
    void resume(int tag);
    void crash(int tag);
    // The node whose code is running now (WorldTag between events): log lines are theirs.
    int current() const { return m_current; }

    // ---- network ----
    // Nodes (by address) in different groups cannot reach each other; an address in no
    // group reaches everyone. Empty: no partition.
    void partition(QList<QStringList> groups);
    void heal() { m_groupOf.clear(); }
    bool partitioned() const { return !m_groupOf.isEmpty(); }
    bool cutOff(const QString &a, const QString &b) const;
    // One message's delay, in ns.
    qint64 messageDelay();

    // One node-to-node call: the request travels, is served at the destination by `serve`
    // (the server side, as NodeApi runs it), and the answer travels back. The caller gets a
    // failure with status 0 on timeout, refused or reset connections; a late answer is ignored.
    template <typename T> using Serve = std::function<QCoro::Task<PeerResult<T>>(SimNode &)>;
    template <typename T>
    QCoro::Task<PeerResult<T>> call(int caller, NodeRef peer, int timeoutMs, QString what,
                                    Serve<T> serve);

    // ---- trace ----
    // Off: nothing is formatted. Keep: the last traceKeep lines are kept (for a failure
    // report). Print: every line goes to stdout as it happens.
    enum class TraceMode { Off, Keep, Print };
    void setTrace(TraceMode mode, int keep = 60) {
        m_traceMode = mode;
        m_traceKeep = keep;
    }
    bool tracing() const { return m_traceMode != TraceMode::Off; }
    void trace(const QString &line);
    void traceAt(int tag, const QString &line);
    const std::deque<QString> &traceTail() const { return m_traceLines; }
    QString nameOf(int tag) const;

    // Summaries of answers, for the trace.
    static QString summary(const StepAnswer &a);
    static QString summary(const Neighbors &a);
    static QString summary(const RectifyAnswer &a);
    static QString summary(const ReplicateAnswer &a);
    static QString summary(const FetchAnswer &a);
    static QString summary(const WriteAnswer &a);
    static QString summary(const Departure &a);
    static QString summary(bool a);

private:
    struct Event {
        qint64 time;
        quint64 seq;
        int tag;
        std::function<void()> run;
        std::function<void()> onDead;
    };
    struct Later {
        bool operator()(const Event &a, const Event &b) const {
            return a.time != b.time ? a.time > b.time : a.seq > b.seq;
        }
    };
    void runOne();

    // A call in flight, type-erased so that a crash can reset the calls its node serves.
    struct PendingCall : std::enable_shared_from_this<PendingCall> {
        virtual ~PendingCall() = default;
        // The serving process died: the caller's connection is reset.
        virtual void reset(SimWorld *world, int server) = 0;
        quint64 id = 0;
        int caller = 0;
        int server = WorldTag;
        bool done = false;     // the caller has its answer (or gave up)
        bool answered = false; // the server sent an answer
        std::coroutine_handle<> waiter;
    };
    template <typename T> struct TypedCall : PendingCall {
        std::optional<PeerResult<T>> result;
        void reset(SimWorld *world, int server) override {
            world->sendAnswer<T>(std::static_pointer_cast<TypedCall<T>>(shared_from_this()), server,
                                 PeerResult<T>::failure(QStringLiteral("connection reset")));
        }
        void finish(PeerResult<T> r) {
            if (done)
                return;
            done = true;
            result = std::move(r);
            if (waiter) {
                const std::coroutine_handle<> h = waiter;
                waiter = {};
                h.resume();
            }
        }
    };
    template <typename T> struct CallAwaiter {
        std::shared_ptr<TypedCall<T>> call;
        bool await_ready() const noexcept { return call->done; }
        void await_suspend(std::coroutine_handle<> h) noexcept { call->waiter = h; }
        PeerResult<T> await_resume() { return std::move(*call->result); }
    };
    template <typename T>
    static QCoro::Task<> serveCall(SimWorld *world, std::shared_ptr<TypedCall<T>> call,
                                   Serve<T> serve, int server);
    template <typename T>
    void sendAnswer(std::shared_ptr<TypedCall<T>> call, int server, PeerResult<T> answer);
    void forget(quint64 callId) { m_calls.erase(callId); }

    qint64 m_now = 0;
    quint64 m_seq = 0;
    quint64 m_eventsRun = 0;
    int m_current = WorldTag;
    std::vector<Event> m_queue; // a heap ordered by Later
    SimRandom m_random;
    SimNetConfig m_net;
    std::vector<std::unique_ptr<SimNode>> m_nodes;
    QHash<QString, int> m_liveAt; // address -> tag of the live incarnation
    QHash<QString, int> m_groupOf;
    std::map<quint64, std::shared_ptr<PendingCall>> m_calls;
    quint64 m_nextCall = 0;
    TraceMode m_traceMode = TraceMode::Off;
    int m_traceKeep = 60;
    std::deque<QString> m_traceLines;
};

template <typename T>
QCoro::Task<PeerResult<T>> SimWorld::call(int caller, NodeRef peer, int timeoutMs, QString what,
                                          Serve<T> serve) {
    auto state = std::make_shared<TypedCall<T>>();
    state->id = ++m_nextCall;
    state->caller = caller;
    m_calls.emplace(state->id, state);
    const QString from = node(caller)->address;
    const QString to = peer.address();
    SimNode *target = live(to);
    if (tracing())
        traceAt(caller, QStringLiteral("-> %1 #%2 %3").arg(peer.name).arg(state->id).arg(what));

    // The caller's own timeout, like the HTTP client's.
    after(qint64(timeoutMs) * 1000000, caller, [this, state, timeoutMs] {
        if (state->done)
            return;
        if (tracing())
            traceAt(state->caller,
                    QStringLiteral("<- #%1 timeout after %2 ms").arg(state->id).arg(timeoutMs));
        forget(state->id);
        state->finish(PeerResult<T>::failure(QStringLiteral("timeout after %1 ms").arg(timeoutMs)));
    });
    if (cutOff(from, to)) {
        if (tracing())
            traceAt(caller, QStringLiteral("   #%1 lost (partition)").arg(state->id));
    } else if (!target) {
        // Nobody listens there: refused after one round trip.
        after(2 * messageDelay(), caller, [this, state, to] {
            if (state->done)
                return;
            if (tracing())
                traceAt(state->caller,
                        QStringLiteral("<- #%1 connection refused: %2").arg(state->id).arg(to));
            forget(state->id);
            state->finish(PeerResult<T>::failure(QStringLiteral("connection refused: ") + to));
        });
    } else {
        const int copies = m_random.chance(m_net.duplicate) ? 2 : 1;
        for (int i = 0; i < copies; ++i) {
            if (m_random.chance(m_net.loss)) {
                if (tracing())
                    traceAt(caller, QStringLiteral("   #%1 request lost").arg(state->id));
                continue;
            }
            const int server = target->tag;
            at(
                m_now + messageDelay(), server,
                [this, state, serve, server] {
                    state->server = server;
                    serveCall<T>(this, state, serve, server);
                },
                [this, state, server] {
                    sendAnswer<T>(state, server,
                                  PeerResult<T>::failure(QStringLiteral("connection reset")));
                });
        }
    }
    co_return co_await CallAwaiter<T>{state};
}

template <typename T>
QCoro::Task<> SimWorld::serveCall(SimWorld *world, std::shared_ptr<TypedCall<T>> call,
                                  Serve<T> serve, int server) {
    if (world->tracing())
        world->traceAt(server, QStringLiteral("   serving #%1 from %2")
                                   .arg(call->id)
                                   .arg(world->nameOf(call->caller)));
    PeerResult<T> answer = co_await serve(*world->node(server));
    world->sendAnswer<T>(call, server, std::move(answer));
}

template <typename T>
void SimWorld::sendAnswer(std::shared_ptr<TypedCall<T>> call, int server, PeerResult<T> answer) {
    call->answered = true;
    const QString from = node(server)->address;
    const QString to = node(call->caller)->address;
    if (cutOff(from, to) || m_random.chance(m_net.loss)) {
        if (tracing())
            traceAt(server, QStringLiteral("   answer #%1 lost").arg(call->id));
        return;
    }
    after(messageDelay(), call->caller, [this, call, answer = std::move(answer)]() mutable {
        if (call->done) {
            if (tracing())
                traceAt(call->caller, QStringLiteral("<- #%1 late answer ignored").arg(call->id));
            return;
        }
        if (tracing())
            traceAt(call->caller, QStringLiteral("<- #%1 %2")
                                      .arg(call->id)
                                      .arg(answer.ok() ? summary(*answer.value)
                                                       : QStringLiteral("failed %1: %2")
                                                             .arg(answer.status)
                                                             .arg(answer.error)));
        forget(call->id);
        call->finish(std::move(answer));
    });
}

} // namespace Chord::Sim
