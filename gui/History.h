#pragma once

#include "EventLog.h"
#include "RingSnapshot.h"

#include <QJsonObject>

#include <deque>
#include <optional>

namespace ChordLab {

// What the ring looked like at one moment: every node as the app saw it, and the keys' ids
// drawn on the ring.
struct HistoryFrame {
    qint64 atMs = 0; // wall clock, ms since the epoch
    RingSnapshot ring;
    QList<Chord::Id> keyIds;
};

// One event of one node's feed, as the app received it.
struct HistoryEvent {
    qint64 atMs = 0;
    Chord::NodeRef source;
    Chord::Event event;
};

// A moment worth a mark on the timeline: a join, a leave, a crash, a pause (by the app, or a
// node that stopped answering) or a resume.
struct HistoryMarker {
    qint64 atMs = 0;
    QString kind; // join, leave, crash, pause, unreachable, resume
    QString node;
};

// The recorded history of the rings the app shows: frames (the whole ring, taken when it
// changes, at most one per FrameSpacingMs) and every event of every node's feed, oldest
// dropped first past the bounds below. Saved as a versioned JSON document
// (docs/RECORDING.md). Pure data: the app's Replay drives it, the tests read it directly.
class History {
public:
    // Bounds: an hour at a frame a second. Frames share what did not change with the frame
    // before, so an hour of a busy 32-node ring holds about 50-100 MB (measured by
    // tests/bench/bench_recording; docs/RECORDING.md).
    static constexpr int MaxFrames = 3600;
    static constexpr int MaxEvents = 100000;
    static constexpr qint64 FrameSpacingMs = 250;
    static constexpr int FormatVersion = 2;

    void addFrame(qint64 atMs, const RingSnapshot &ring, const QList<Chord::Id> &keyIds);
    void addEvent(qint64 atMs, const Chord::NodeRef &source, const Chord::Event &event);
    void clear();

    bool isEmpty() const { return m_frames.empty() && m_events.empty(); }
    qint64 startMs() const;
    qint64 endMs() const;
    int frameCount() const { return int(m_frames.size()); }
    int eventCount() const { return int(m_events.size()); }
    const std::deque<HistoryEvent> &events() const { return m_events; }
    const std::deque<HistoryMarker> &markers() const { return m_markers; }

    // The last frame taken at or before atMs (the first one if atMs is earlier).
    const HistoryFrame *frameAt(qint64 atMs) const;
    // Events with fromMs < atMs <= toMs, oldest first.
    QList<const HistoryEvent *> eventsIn(qint64 fromMs, qint64 toMs) const;
    // The newest `max` events at or before atMs, oldest first.
    QList<const HistoryEvent *> eventsUpTo(qint64 atMs, int max) const;
    // How many events happened at or before atMs.
    int countUpTo(qint64 atMs) const;
    std::optional<qint64> nextEventAfter(qint64 atMs) const;
    std::optional<qint64> previousEventBefore(qint64 atMs) const;
    // How many events fall in each of `buckets` equal slices of [fromMs, toMs].
    QList<int> density(qint64 fromMs, qint64 toMs, int buckets) const;

    QJsonObject toJson() const;
    // A recording saved by toJson; nullopt (and *error set) for anything else.
    static std::optional<History> fromJson(const QJsonObject &json, QString *error);

private:
    void noteChanges(const HistoryFrame &before, const HistoryFrame &after);
    void addMarker(qint64 atMs, const QString &kind, const QString &node);

    std::deque<HistoryFrame> m_frames;
    std::deque<HistoryEvent> m_events;
    std::deque<HistoryMarker> m_markers;
};

} // namespace ChordLab
