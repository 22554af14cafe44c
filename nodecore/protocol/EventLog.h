#pragma once

#include "Messages.h"

#include <QList>

#include <deque>
#include <optional>

namespace Chord {

// One thing that happened at a node, for the GUI's live view and for people reading logs.
struct Event {
    quint64 seq = 0;
    qint64 timeMs = 0;
    // pred, succ, join, leave, handoff-out, handoff-in, lookup, put, delete, promote,
    // pred-dead, arc-confirmed, merge, id-conflict, maintenance, message (docs/API.md,
    // GET /dht/events)
    QString type;
    QString detail;
    OptionalNode node;
    OptionalNode previous;
    std::optional<Id> id;
    QString key;
    int count = 0;
    std::optional<LookupResult> lookup;
    // The operation it belongs to: every event of one client lookup, read or write carries the
    // same id, at the entry node and at the owner (the client's ?op=, or one the entry node
    // made up), so that a viewer can tell one operation's events apart.
    QString op;
};

// A bounded, sequence-numbered feed of events; readers poll with the last seq they saw.
class EventLog {
public:
    explicit EventLog(int capacity = 2000)
        : m_capacity(capacity) {}

    quint64 append(Event event);
    QList<Event> since(quint64 seq, int max = 500) const;
    quint64 lastSeq() const { return m_nextSeq - 1; }
    const Event &last() const { return m_events.back(); }

private:
    int m_capacity;
    quint64 m_nextSeq = 1;
    std::deque<Event> m_events;
};

} // namespace Chord
