#include "Replay.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace ChordLab {

Replay::Replay(QObject *parent)
    : QObject(parent) {
    m_timer.setInterval(TickMs);
    connect(&m_timer, &QTimer::timeout, this, &Replay::tick);
}

void Replay::recordFrame(qint64 atMs, const RingSnapshot &ring, const QList<Chord::Id> &keyIds) {
    m_recorded.addFrame(atMs, ring, keyIds);
    if (!m_opened)
        emit historyChanged();
}

void Replay::recordEvent(qint64 atMs, const Chord::NodeRef &source, const Chord::Event &event) {
    m_recorded.addEvent(atMs, source, event);
    if (!m_opened)
        emit historyChanged();
}

qint64 Replay::cursorMs() const {
    return m_live ? history().endMs() : m_cursorMs;
}

void Replay::seek(qint64 atMs) {
    const History &h = history();
    m_live = false;
    m_cursorMs = std::clamp(atMs, h.startMs(), std::max(h.startMs(), h.endMs()));
    emit cursorMoved();
}

void Replay::goLive() {
    stop();
    const bool changed = !m_live || m_opened;
    m_opened.reset();
    m_openedPath.clear();
    m_live = true;
    if (changed) {
        emit historyChanged();
        emit cursorMoved();
    }
}

void Replay::play() {
    if (m_live || isPlaying())
        return;
    // From the end there is nothing to play: start again from the beginning.
    if (m_cursorMs >= history().endMs())
        m_cursorMs = history().startMs();
    m_timer.start();
    emit playingChanged(true);
}

void Replay::stop() {
    if (!isPlaying())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void Replay::setSpeed(double speed) {
    m_speed = std::clamp(speed, MinSpeed, MaxSpeed);
}

void Replay::stepForward() {
    const std::optional<qint64> next = history().nextEventAfter(cursorMs());
    if (!next)
        return;
    stop();
    m_live = false;
    moveTo(*next, true);
}

void Replay::stepBack() {
    const std::optional<qint64> previous = history().previousEventBefore(cursorMs());
    stop();
    if (!previous) {
        seek(history().startMs());
        return;
    }
    m_live = false;
    moveTo(*previous, false);
}

void Replay::tick() {
    const qint64 end = history().endMs();
    const qint64 next = m_cursorMs + std::max<qint64>(1, qint64(TickMs * m_speed));
    if (next >= end) {
        moveTo(end, true);
        stop();
        // The app's own recording plays into the present: live again.
        if (!m_opened)
            goLive();
        return;
    }
    moveTo(next, true);
}

void Replay::moveTo(qint64 atMs, bool replayEvents) {
    const qint64 from = m_cursorMs;
    m_cursorMs = atMs;
    emit cursorMoved();
    if (replayEvents && atMs > from) {
        for (const HistoryEvent *e : history().eventsIn(from, atMs))
            emit eventReplayed(*e);
    }
}

bool Replay::save(const QString &path, QString *error) const {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = file.errorString();
        return false;
    }
    const QByteArray bytes = QJsonDocument(history().toJson()).toJson(QJsonDocument::Compact);
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

bool Replay::open(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return false;
    }
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = parse.error != QJsonParseError::NoError
                     ? tr("not JSON: %1 at byte %2").arg(parse.errorString()).arg(parse.offset)
                     : tr("not a JSON object");
        return false;
    }
    std::optional<History> h = History::fromJson(doc.object(), error);
    if (!h)
        return false;
    stop();
    m_opened = std::move(*h);
    m_openedPath = path;
    m_live = false;
    m_cursorMs = m_opened->startMs();
    emit historyChanged();
    emit cursorMoved();
    return true;
}

} // namespace ChordLab
