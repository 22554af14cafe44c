#include "SimNodeScheduler.h"

#include "SimWorld.h"

namespace Chord::Sim {

namespace {
// A one-shot timer as a world event. Restarting or stopping bumps the generation, so an
// event already queued for an older start does nothing; the state outlives the timer object
// for the same reason.
class SimTimer final : public SchedulerTimer {
public:
    SimTimer(SimWorld *world, int tag, std::function<void()> fire)
        : m_world(world)
        , m_tag(tag)
        , m_state(std::make_shared<State>()) {
        m_state->fire = std::move(fire);
    }
    ~SimTimer() override { m_state->generation = ~quint64(0); }

    void start(qint64 ms) override {
        const quint64 generation = ++m_state->generation;
        m_state->active = true;
        m_world->after(std::max<qint64>(0, ms) * 1000000, m_tag, [state = m_state, generation] {
            if (state->generation != generation || !state->active)
                return;
            state->active = false;
            state->fire();
        });
    }
    void stop() override {
        ++m_state->generation;
        m_state->active = false;
    }
    bool isActive() const override { return m_state->active; }

private:
    struct State {
        std::function<void()> fire;
        quint64 generation = 0;
        bool active = false;
    };
    SimWorld *m_world;
    int m_tag;
    std::shared_ptr<State> m_state;
};
} // namespace

SimNodeScheduler::SimNodeScheduler(SimWorld *world, int tag, qint64 wallOffsetMs, quint64 seed)
    : m_world(world)
    , m_tag(tag)
    , m_wallOffsetMs(wallOffsetMs)
    , m_random(seed) {}

qint64 SimNodeScheduler::nowNs() const {
    return m_world->now();
}

qint64 SimNodeScheduler::wallMs() const {
    return SimWorld::EpochMs + m_world->now() / 1000000 + m_wallOffsetMs;
}

QCoro::Task<> SimNodeScheduler::sleep(std::chrono::milliseconds duration) {
    co_await m_world->delay(m_tag, qint64(duration.count()) * 1000000);
}

std::unique_ptr<SchedulerTimer> SimNodeScheduler::createTimer(std::function<void()> fire) {
    return std::make_unique<SimTimer>(m_world, m_tag, std::move(fire));
}

} // namespace Chord::Sim
