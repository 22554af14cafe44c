#include "LookupAnimation.h"

namespace ChordLab {

namespace {
constexpr int MaxQueued = 4;
constexpr int FrameMs = 16;
} // namespace

LookupAnimation::LookupAnimation(QObject *parent)
    : QObject(parent) {
    m_timer.setInterval(FrameMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &LookupAnimation::tick);
}

void LookupAnimation::play(const Chord::NodeRef &initiator, const Chord::LookupResult &lookup) {
    m_queue.emplace_back(initiator, lookup);
    while (int(m_queue.size()) > MaxQueued)
        m_queue.pop_front();
    if (!m_current)
        startNext();
}

void LookupAnimation::stop() {
    m_queue.clear();
    m_current.reset();
    m_timer.stop();
    emit frameChanged();
}

QList<LookupAnimation::Phase> LookupAnimation::phasesFor(const Chord::LookupResult &lookup) const {
    QList<Phase> phases;
    for (int i = 0; i < lookup.hops.size(); ++i) {
        phases.append({PhaseKind::Ask, i, m_legMs});
        phases.append({PhaseKind::Answer, i, m_legMs / 2});
    }
    if (lookup.ok)
        phases.append({PhaseKind::Deliver, -1, m_legMs});
    phases.append({PhaseKind::Hold, -1, m_legMs * 2});
    return phases;
}

void LookupAnimation::startNext() {
    if (m_queue.empty()) {
        m_current.reset();
        m_timer.stop();
        emit frameChanged();
        return;
    }
    auto [initiator, lookup] = m_queue.front();
    m_queue.pop_front();
    m_current = Running{initiator, lookup, phasesFor(lookup)};
    m_phase = 0;
    m_clock.start();
    m_phaseStart = 0;
    m_timer.start();
    emit started(initiator, lookup);
    emit frameChanged();
}

void LookupAnimation::tick() {
    if (!m_current)
        return;
    const qint64 now = m_clock.elapsed();
    // Finish every phase whose time is up, in order, so that no hop is skipped even when
    // the event loop was late.
    while (m_current && m_phase < m_current->phases.size() &&
           now - m_phaseStart >= m_current->phases[m_phase].ms) {
        const Phase done = m_current->phases[m_phase];
        m_phaseStart += done.ms;
        ++m_phase;
        if (done.kind == PhaseKind::Ask)
            emit hopVisited(done.hop, m_current->lookup.hops[done.hop].node);
        else if (done.kind == PhaseKind::Deliver)
            emit ownerReached(m_current->lookup.owner);
    }
    if (m_current && m_phase >= m_current->phases.size()) {
        m_current.reset();
        emit finished();
        startNext();
        return;
    }
    emit frameChanged();
}

LookupFrame LookupAnimation::frame() const {
    LookupFrame f;
    if (!m_current || m_phase >= m_current->phases.size())
        return f;
    const Chord::LookupResult &l = m_current->lookup;
    f.active = true;
    f.initiator = m_current->initiator;
    f.key = l.key;
    f.id = l.id;
    f.ok = l.ok;
    f.owner = l.owner;
    f.totalMs = l.ms;
    f.hopCount = int(l.hops.size());
    const Phase &p = m_current->phases[m_phase];
    const double t =
        qBound(0.0, double(m_clock.elapsed() - m_phaseStart) / double(qMax(1, p.ms)), 1.0);
    int answered = 0;
    for (int i = 0; i < m_phase; ++i) {
        if (m_current->phases[i].kind == PhaseKind::Answer)
            ++answered;
    }
    if (p.kind == PhaseKind::Answer)
        ++answered; // the answer appears as soon as the node is reached
    f.answered = l.hops.mid(0, answered);
    switch (p.kind) {
    case PhaseKind::Ask:
        f.asking = p.hop;
        f.tokenVisible = true;
        f.tokenFrom = f.initiator;
        f.tokenTo = l.hops[p.hop].node;
        f.tokenProgress = t;
        break;
    case PhaseKind::Answer:
        f.asking = p.hop;
        break;
    case PhaseKind::Deliver:
        f.tokenVisible = true;
        f.tokenFrom = l.hops.isEmpty() ? f.initiator : l.hops.last().node;
        f.tokenTo = l.owner;
        f.tokenProgress = t;
        break;
    case PhaseKind::Hold:
        f.ownerReached = l.ok;
        f.opacity = t < 0.6 ? 1.0 : 1.0 - (t - 0.6) / 0.4;
        break;
    }
    return f;
}

} // namespace ChordLab
