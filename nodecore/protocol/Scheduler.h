#pragma once

#include <QCoroTask>
#include <QtGlobal>

#include <chrono>
#include <functional>
#include <memory>

namespace Chord {

// A one-shot timer handed out by a Scheduler. Starting a running timer restarts it.
class SchedulerTimer {
public:
    virtual ~SchedulerTimer() = default;
    virtual void start(qint64 ms) = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;
};

// Time and chance, as the protocol and the store see them. They never read a clock, start a
// timer or draw a random number themselves: the real node wires Qt's clocks and timers
// (QtScheduler), the deterministic simulator (nodecore/sim) wires virtual time and a seeded
// generator, so that one seed replays one run exactly.
class Scheduler {
public:
    virtual ~Scheduler() = default;

    // Monotonic time in nanoseconds. It keeps counting while the process is stopped (SIGSTOP),
    // which is what leases need: a node that was paused sees that its lease ran out.
    virtual qint64 nowNs() const = 0;
    qint64 nowMs() const { return nowNs() / 1000000; }
    // Wall-clock milliseconds since the epoch: version stamps and "last confirmed" marks.
    // Hosts' wall clocks may differ; nothing that must hold across hosts relies on them.
    virtual qint64 wallMs() const = 0;
    virtual quint64 random64() = 0;
    // A number in [0, bound); 0 when bound is 0.
    quint64 bounded(quint64 bound) { return bound == 0 ? 0 : random64() % bound; }

    virtual QCoro::Task<> sleep(std::chrono::milliseconds duration) = 0;
    // A timer whose expiry calls fire() on the scheduler's thread (or virtual clock).
    virtual std::unique_ptr<SchedulerTimer> createTimer(std::function<void()> fire) = 0;
};

// The real clocks: QElapsedTimer (CLOCK_MONOTONIC), QDateTime, QRandomGenerator::global(),
// QTimer and QCoro::sleepFor.
class QtScheduler final : public Scheduler {
public:
    qint64 nowNs() const override;
    qint64 wallMs() const override;
    quint64 random64() override;
    QCoro::Task<> sleep(std::chrono::milliseconds duration) override;
    std::unique_ptr<SchedulerTimer> createTimer(std::function<void()> fire) override;

    // One per process is enough: it holds no state.
    static QtScheduler *instance();
};

} // namespace Chord
