#pragma once

#include "Scheduler.h"
#include "SimRandom.h"

namespace Chord::Sim {

class SimWorld;

// One node's view of time and chance in the simulation. Monotonic time is the world's
// virtual clock (it keeps running while the node is paused, like CLOCK_MONOTONIC under
// SIGSTOP); the wall clock is skewed per node; timers and sleeps are events of the world
// tagged with this node, so they wait while it is paused and vanish when it crashes.
class SimNodeScheduler final : public Scheduler {
public:
    SimNodeScheduler(SimWorld *world, int tag, qint64 wallOffsetMs, quint64 seed);

    qint64 nowNs() const override;
    qint64 wallMs() const override;
    quint64 random64() override { return m_random.next(); }
    QCoro::Task<> sleep(std::chrono::milliseconds duration) override;
    std::unique_ptr<SchedulerTimer> createTimer(std::function<void()> fire) override;

private:
    SimWorld *m_world;
    int m_tag;
    qint64 m_wallOffsetMs;
    SimRandom m_random;
};

} // namespace Chord::Sim
