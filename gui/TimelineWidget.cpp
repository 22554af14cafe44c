#include "TimelineWidget.h"

#include "Replay.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {
QColor markerColor(const QString &kind) {
    if (kind == u"join"_s)
        return QColor(0x2e, 0x8b, 0x57);
    if (kind == u"leave"_s)
        return QColor(0x1f, 0x6f, 0xb2);
    if (kind == u"crash"_s)
        return QColor(0xc0, 0x39, 0x2b);
    if (kind == u"pause"_s || kind == u"unreachable"_s)
        return QColor(0xd4, 0x8a, 0x00);
    return QColor(0x7f, 0x8c, 0x8d); // resume
}
} // namespace

TimelineWidget::TimelineWidget(Replay *replay, QWidget *parent)
    : QWidget(parent)
    , m_replay(replay) {
    setObjectName(u"timeline"_s);
    setMouseTracking(true);
    connect(replay, &Replay::cursorMoved, this, qOverload<>(&QWidget::update));
    connect(replay, &Replay::historyChanged, this, qOverload<>(&QWidget::update));
}

qint64 TimelineWidget::timeAt(int x) const {
    const History &h = m_replay->history();
    const int w = std::max(1, width() - 2 * Margin);
    const double f = std::clamp(double(x - Margin) / w, 0.0, 1.0);
    return h.startMs() + qint64(f * double(h.endMs() - h.startMs()));
}

int TimelineWidget::xOf(qint64 atMs) const {
    const History &h = m_replay->history();
    const qint64 span = std::max<qint64>(1, h.endMs() - h.startMs());
    return Margin + int(double(atMs - h.startMs()) / double(span) * (width() - 2 * Margin));
}

void TimelineWidget::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const History &h = m_replay->history();
    if (h.isEmpty())
        return;
    const int w = width() - 2 * Margin;
    const int barsTop = MarkerHeight + 2;
    const int barsHeight = height() - barsTop - 2;
    // One bar per 3 pixels, scaled to the busiest.
    const int buckets = std::max(1, w / 3);
    const QList<int> counts = h.density(h.startMs(), h.endMs(), buckets);
    const int most = std::max(1, *std::max_element(counts.begin(), counts.end()));
    p.setPen(Qt::NoPen);
    p.setBrush(palette().mid());
    for (int i = 0; i < counts.size(); ++i) {
        const int bh = counts[i] == 0 ? 0 : std::max(1, counts[i] * barsHeight / most);
        p.drawRect(
            QRect(Margin + i * w / buckets, height() - 2 - bh, std::max(1, w / buckets - 1), bh));
    }
    for (const HistoryMarker &m : h.markers()) {
        const int x = xOf(m.atMs);
        p.setPen(QPen(markerColor(m.kind), 2));
        p.drawLine(x, 1, x, MarkerHeight);
    }
    const int cx = xOf(m_replay->cursorMs());
    p.setPen(
        QPen(m_replay->isLive() ? palette().highlight().color() : QColor(0xc0, 0x39, 0x2b), 2));
    p.drawLine(cx, 0, cx, height());
}

void TimelineWidget::mousePressEvent(QMouseEvent *event) {
    if (event->button() == Qt::LeftButton && !m_replay->history().isEmpty())
        m_replay->seek(timeAt(event->position().toPoint().x()));
}

void TimelineWidget::mouseMoveEvent(QMouseEvent *event) {
    if ((event->buttons() & Qt::LeftButton) && !m_replay->history().isEmpty())
        m_replay->seek(timeAt(event->position().toPoint().x()));
}

void TimelineWidget::wheelEvent(QWheelEvent *event) {
    if (event->angleDelta().y() < 0)
        m_replay->stepForward();
    else if (event->angleDelta().y() > 0)
        m_replay->stepBack();
    event->accept();
}

bool TimelineWidget::event(QEvent *event) {
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    // The markers near the pointer, or the time under it.
    const auto *help = static_cast<QHelpEvent *>(event);
    QStringList lines;
    for (const HistoryMarker &m : m_replay->history().markers()) {
        if (std::abs(xOf(m.atMs) - help->pos().x()) <= 3)
            lines << tr("%1: %2 at %3")
                         .arg(m.node, m.kind,
                              QDateTime::fromMSecsSinceEpoch(m.atMs).toString(u"hh:mm:ss.zzz"_s));
    }
    if (lines.isEmpty() && !m_replay->history().isEmpty())
        lines
            << QDateTime::fromMSecsSinceEpoch(timeAt(help->pos().x())).toString(u"hh:mm:ss.zzz"_s);
    QToolTip::showText(help->globalPos(), lines.join(u'\n'), this);
    return true;
}

} // namespace ChordLab
