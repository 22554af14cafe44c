#pragma once

#include "Messages.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <deque>

namespace ChordLab {

// What the ring view draws of the lookup being replayed, at this instant.
struct LookupFrame {
    bool active = false;
    Chord::NodeRef initiator;
    QString key;
    Chord::Id id = 0;
    bool ok = false;
    Chord::NodeRef owner;
    double totalMs = 0;
    int hopCount = 0;
    // Hops whose answer has arrived (index into the trace = position in this list).
    QList<Chord::Hop> answered;
    // The hop being asked right now (-1: none), and the finger it answers with.
    int asking = -1;
    bool tokenVisible = false;
    Chord::NodeRef tokenFrom;
    Chord::NodeRef tokenTo;
    double tokenProgress = 0; // 0 at tokenFrom, 1 at tokenTo
    bool ownerReached = false;
    double opacity = 1.0; // fades out after the owner is reached
};

// Replays the trace of an iterative lookup (docs/API.md): the initiator asks each node of
// the trace in turn, each answer names the next node (the finger it used) until one says
// "done" and names the owner. The token flies initiator -> node asked; the answer is shown
// as that node's finger; the last leg carries the token to the owner. Lookups arriving
// while one plays are queued (the oldest dropped beyond a few).
class LookupAnimation : public QObject {
    Q_OBJECT

public:
    explicit LookupAnimation(QObject *parent = nullptr);

    // Duration of one token flight; answers show for about half of that.
    void setLegDuration(int ms) { m_legMs = qMax(1, ms); }
    void play(const Chord::NodeRef &initiator, const Chord::LookupResult &lookup);
    void stop();
    bool isRunning() const { return m_current.has_value(); }
    int queued() const { return int(m_queue.size()); }
    LookupFrame frame() const;

signals:
    void started(const Chord::NodeRef &initiator, const Chord::LookupResult &lookup);
    // The token reached the index-th node of the trace (the node asked).
    void hopVisited(int index, const Chord::NodeRef &node);
    void ownerReached(const Chord::NodeRef &owner);
    void finished();
    void frameChanged();

private:
    enum class PhaseKind { Ask, Answer, Deliver, Hold };
    struct Phase {
        PhaseKind kind;
        int hop; // trace index for Ask/Answer
        int ms;
    };
    struct Running {
        Chord::NodeRef initiator;
        Chord::LookupResult lookup;
        QList<Phase> phases;
    };

    void startNext();
    void tick();
    QList<Phase> phasesFor(const Chord::LookupResult &lookup) const;

    int m_legMs = 700;
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::optional<Running> m_current;
    std::deque<std::pair<Chord::NodeRef, Chord::LookupResult>> m_queue;
    int m_phase = 0;         // phase being played
    qint64 m_phaseStart = 0; // clock time when it began
};

} // namespace ChordLab
