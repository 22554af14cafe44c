#include "Scheduler.h"

#include <QCoroTimer>
#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTimer>

namespace Chord {

namespace {
class QtTimer final : public SchedulerTimer {
public:
    explicit QtTimer(std::function<void()> fire) {
        m_timer.setSingleShot(true);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, std::move(fire));
    }
    void start(qint64 ms) override { m_timer.start(int(std::clamp<qint64>(ms, 0, INT_MAX))); }
    void stop() override { m_timer.stop(); }
    bool isActive() const override { return m_timer.isActive(); }

private:
    QTimer m_timer;
};

const QElapsedTimer &processClock() {
    static const QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock;
}
} // namespace

qint64 QtScheduler::nowNs() const {
    return processClock().nsecsElapsed();
}

qint64 QtScheduler::wallMs() const {
    return QDateTime::currentMSecsSinceEpoch();
}

quint64 QtScheduler::random64() {
    return QRandomGenerator::global()->generate64();
}

QCoro::Task<> QtScheduler::sleep(std::chrono::milliseconds duration) {
    co_await QCoro::sleepFor(duration);
}

std::unique_ptr<SchedulerTimer> QtScheduler::createTimer(std::function<void()> fire) {
    return std::make_unique<QtTimer>(std::move(fire));
}

QtScheduler *QtScheduler::instance() {
    static QtScheduler scheduler;
    return &scheduler;
}

} // namespace Chord
