#pragma once

#include "Scheduler.h"

#include <QRandomGenerator>

// Time for the protocol tests: it moves only when the test says so (TestRing::rounds) or when
// a node sleeps (a retry's pause passes at once, and the clock jumps by it). Leases and fences
// then depend on how many rounds ran, not on how fast this machine is. No timers fire: the
// tests drive maintenance by hand.
class ManualScheduler final : public Chord::Scheduler {
public:
    qint64 nowNs() const override { return m_nowNs; }
    qint64 wallMs() const override { return 1700000000000 + m_nowNs / 1000000; }
    quint64 random64() override { return m_random.generate64(); }
    QCoro::Task<> sleep(std::chrono::milliseconds duration) override {
        advance(duration);
        co_return;
    }
    std::unique_ptr<Chord::SchedulerTimer> createTimer(std::function<void()>) override {
        return std::make_unique<Timer>();
    }

    void advance(std::chrono::milliseconds by) { m_nowNs += qint64(by.count()) * 1000000; }

private:
    class Timer final : public Chord::SchedulerTimer {
    public:
        void start(qint64) override { m_active = true; }
        void stop() override { m_active = false; }
        bool isActive() const override { return m_active; }

    private:
        bool m_active = false;
    };

    qint64 m_nowNs = 1000000000; // not zero: "never" stamps stay in the past
    QRandomGenerator m_random{20261130};
};
