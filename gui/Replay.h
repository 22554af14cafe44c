#pragma once

#include "History.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace ChordLab {

// Time in the learner's hands, for what already happened: the app records every frame and
// event it sees (History), and the cursor is either live (the views follow the ring) or at a
// moment of the history (the views show that moment, and playing re-runs the events at 0.1x
// to 10x). A recording opened from a file is shown instead of the app's own until the user
// goes back to live.
class Replay : public QObject {
    Q_OBJECT

public:
    static constexpr int TickMs = 40;
    static constexpr double MinSpeed = 0.1;
    static constexpr double MaxSpeed = 10.0;

    explicit Replay(QObject *parent = nullptr);

    // What the app sees, recorded whether or not the cursor is live.
    void recordFrame(qint64 atMs, const RingSnapshot &ring, const QList<Chord::Id> &keyIds);
    void recordEvent(qint64 atMs, const Chord::NodeRef &source, const Chord::Event &event);

    // The history shown: the opened recording, or the app's own.
    const History &history() const { return m_opened ? *m_opened : m_recorded; }
    bool isLive() const { return m_live; }
    bool isPlaying() const { return m_timer.isActive(); }
    bool hasOpenedFile() const { return m_opened.has_value(); }
    QString openedFile() const { return m_openedPath; }
    // The moment shown (the history's end while live).
    qint64 cursorMs() const;
    double speed() const { return m_speed; }

    // Moves the cursor to atMs (clamped to the history) and leaves live.
    void seek(qint64 atMs);
    // Back to the ring as it is now; an opened recording is closed.
    void goLive();
    void play();
    void stop();
    void setSpeed(double speed);
    // To the next event (re-run), or to the one before the cursor.
    void stepForward();
    void stepBack();

    bool save(const QString &path, QString *error) const;
    bool open(const QString &path, QString *error);

signals:
    // The cursor moved, or live changed: the views show the moment at cursorMs().
    void cursorMoved();
    // New data arrived in the shown history (the timeline repaints).
    void historyChanged();
    // An event passed by the cursor while playing or stepping forward: animate it again.
    void eventReplayed(const HistoryEvent &event);
    void playingChanged(bool playing);

private:
    void tick();
    void moveTo(qint64 atMs, bool replayEvents);

    History m_recorded;
    std::optional<History> m_opened;
    QString m_openedPath;
    bool m_live = true;
    qint64 m_cursorMs = 0;
    double m_speed = 1.0;
    QTimer m_timer;
};

} // namespace ChordLab
