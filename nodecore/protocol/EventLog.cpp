#include "EventLog.h"

#include <QDateTime>

namespace Chord {

quint64 EventLog::append(Event event) {
    event.seq = m_nextSeq++;
    if (event.timeMs == 0)
        event.timeMs = QDateTime::currentMSecsSinceEpoch();
    m_events.push_back(std::move(event));
    while (int(m_events.size()) > m_capacity)
        m_events.pop_front();
    return m_events.back().seq;
}

QList<Event> EventLog::since(quint64 seq, int max) const {
    QList<Event> out;
    for (const Event &e : m_events) {
        if (e.seq > seq) {
            out.append(e);
            if (out.size() >= max)
                break;
        }
    }
    return out;
}

} // namespace Chord
