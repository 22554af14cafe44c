#include "SequenceView.h"

#include "History.h"
#include "Replay.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace ChordLab {

using namespace Qt::StringLiterals;

// The chart itself, inside the view's scroll area.
class SequenceChart : public QWidget {
public:
    static constexpr int HeaderHeight = 24;
    static constexpr int RowHeight = 20;
    static constexpr int TimeWidth = 86;
    static constexpr int LaneWidth = 150;

    explicit SequenceChart(QWidget *parent)
        : QWidget(parent) {
        setObjectName(u"sequenceChart"_s);
    }

    void set(QStringList lanes, QList<SequenceView::Row> rows) {
        m_lanes = std::move(lanes);
        m_rows = std::move(rows);
        setFixedSize(TimeWidth + LaneWidth * int(std::max<qsizetype>(1, m_lanes.size())),
                     HeaderHeight + RowHeight * int(m_rows.size()) + 4);
        update();
    }
    const QList<SequenceView::Row> &rows() const { return m_rows; }
    const QStringList &lanes() const { return m_lanes; }
    std::function<void(const QString &op)> onOperationClicked;

protected:
    void paintEvent(QPaintEvent *) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.fillRect(rect(), palette().base());
        const QColor text = palette().text().color();
        for (qsizetype i = 0; i < m_lanes.size(); ++i) {
            p.setPen(QPen(palette().mid().color(), 1, Qt::DashLine));
            p.drawLine(laneX(i), HeaderHeight, laneX(i), height());
        }
        for (qsizetype r = 0; r < m_rows.size(); ++r) {
            const SequenceView::Row &row = m_rows[r];
            const int y = HeaderHeight + int(r) * RowHeight + RowHeight / 2 + 2;
            p.setPen(palette().placeholderText().color());
            p.drawText(QRect(2, y - RowHeight / 2, TimeWidth - 4, RowHeight), Qt::AlignVCenter,
                       QDateTime::fromMSecsSinceEpoch(row.atMs).toString(u"HH:mm:ss.zzz"_s));
            const int a = laneX(m_lanes.indexOf(row.from));
            const int b = laneX(m_lanes.indexOf(row.to));
            const QColor color = row.failed         ? QColor(0xc0, 0x39, 0x2b)
                                 : row.op.isEmpty() ? QColor(0x1f, 0x6f, 0xb2)
                                                    : QColor(0xd3, 0x54, 0x00);
            p.setPen(QPen(color, 1.5));
            p.setBrush(color);
            if (a == b) {
                p.drawEllipse(QPoint(a, y), 3, 3);
            } else {
                p.drawLine(a, y, b, y);
                const int dir = b > a ? -1 : 1;
                const QPolygon head{QPoint(b, y), QPoint(b + dir * 7, y - 4),
                                    QPoint(b + dir * 7, y + 4)};
                p.drawPolygon(head);
            }
            p.setPen(text);
            const int left = std::min(a, b) + 6;
            const int width = std::max(std::abs(b - a) - 12, LaneWidth - 12);
            p.drawText(QRect(left, y - RowHeight / 2, width, RowHeight / 2 + 1),
                       Qt::AlignHCenter | Qt::AlignBottom,
                       fontMetrics().elidedText(row.label, Qt::ElideRight, width));
        }
        paintHeader(p);
    }

    // The lane names stay at the top of the visible part while the rows scroll.
    void paintHeader(QPainter &p) {
        const int top = visibleRegion().boundingRect().top();
        p.fillRect(QRect(0, top, width(), HeaderHeight), palette().window());
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(palette().text().color());
        for (qsizetype i = 0; i < m_lanes.size(); ++i)
            p.drawText(QRect(laneX(i) - LaneWidth / 2, top + 2, LaneWidth, HeaderHeight - 4),
                       Qt::AlignCenter, m_lanes[i]);
        p.setFont(font());
    }

    void mousePressEvent(QMouseEvent *event) override {
        const int r = (event->position().toPoint().y() - HeaderHeight) / RowHeight;
        if (r >= 0 && r < m_rows.size() && !m_rows[r].op.isEmpty() && onOperationClicked)
            onOperationClicked(m_rows[r].op);
    }

private:
    int laneX(qsizetype i) const { return TimeWidth + LaneWidth / 2 + int(i) * LaneWidth; }

    QStringList m_lanes;
    QList<SequenceView::Row> m_rows;
};

namespace {
bool failedOutcome(const QString &detail) {
    for (const char *word : {"timeout", "lost", "refused", "unreachable", "failed"}) {
        if (detail.contains(QLatin1String(word)))
            return true;
    }
    return false;
}

// The rows one event makes: a message, each hop of a lookup, a hand-off, or (of an
// operation) a note on its node's lane.
void appendRows(const HistoryEvent &e, QList<SequenceView::Row> &rows) {
    const Chord::Event &ev = e.event;
    const QString from = e.source.name;
    if (ev.type == u"message"_s && ev.node) {
        rows.append({e.atMs, from, ev.node->name, ev.detail, ev.op, failedOutcome(ev.detail)});
    } else if (ev.type == u"lookup"_s && ev.lookup) {
        for (const Chord::Hop &hop : ev.lookup->hops) {
            const QString what = hop.failed ? u"find-successor: failed"_s
                                 : hop.done ? u"find-successor: done"_s
                                            : u"find-successor → "_s + hop.next.name;
            rows.append({e.atMs, from, hop.node.name,
                         u"%1 “%2” (%3 ms)"_s.arg(what, ev.lookup->key).arg(hop.ms, 0, 'f', 2),
                         ev.op, hop.failed});
        }
    } else if (ev.type == u"handoff-out"_s && ev.node && ev.count > 0) {
        rows.append({e.atMs, from, ev.node->name, u"hand-off ×%1"_s.arg(ev.count), ev.op, false});
    } else if (!ev.op.isEmpty()) {
        rows.append({e.atMs, from, from,
                     ev.type + (ev.key.isEmpty() ? QString() : u" “"_s + ev.key + u"”"_s), ev.op,
                     false});
    }
}
} // namespace

QList<SequenceView::Row> SequenceView::rowsOf(const History &history, qint64 atMs, qint64 windowMs,
                                              const QString &op) {
    QList<Row> rows;
    const QList<const HistoryEvent *> events = op.isEmpty()
                                                   ? history.eventsIn(atMs - windowMs, atMs)
                                                   : history.eventsUpTo(atMs, History::MaxEvents);
    // An operation whose messages were recorded is drawn from them (each find-successor step
    // with its answer), not a second time from its lookup's hops.
    QSet<QString> withMessages;
    for (const HistoryEvent *e : events) {
        if (e->event.type == u"message"_s && !e->event.op.isEmpty())
            withMessages.insert(e->event.op);
    }
    for (const HistoryEvent *e : events) {
        if (!op.isEmpty() && e->event.op != op)
            continue;
        if (e->event.type == u"lookup"_s && withMessages.contains(e->event.op))
            continue;
        appendRows(*e, rows);
    }
    if (rows.size() > MaxRows)
        rows = rows.mid(rows.size() - MaxRows);
    return rows;
}

SequenceView::SequenceView(Replay *replay, QWidget *parent)
    : QWidget(parent)
    , m_replay(replay) {
    setObjectName(u"sequenceView"_s);
    m_window = new QComboBox(this);
    m_window->setObjectName(u"sequenceWindow"_s);
    for (int s : {2, 10, 60})
        m_window->addItem(QString(), s * 1000);
    m_window->setCurrentIndex(1);
    connect(m_window, &QComboBox::currentIndexChanged, this,
            [this](int i) { setWindowMs(m_window->itemData(i).toLongLong()); });
    m_opLabel = new QLabel(this);
    m_allOps = new QPushButton(this);
    m_allOps->setObjectName(u"sequenceAllOps"_s);
    connect(m_allOps, &QPushButton::clicked, this, [this] { setOperation({}); });
    m_chart = new SequenceChart(this);
    m_chart->onOperationClicked = [this](const QString &op) {
        setOperation(op);
    };
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_chart);
    m_scroll->setBackgroundRole(QPalette::Base);
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, m_chart,
            qOverload<>(&QWidget::update));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_window);
    bar->addWidget(m_opLabel, 1);
    bar->addWidget(m_allOps);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_scroll, 1);
    connect(replay, &Replay::cursorMoved, this, &SequenceView::scheduleRebuild);
    connect(replay, &Replay::historyChanged, this, &SequenceView::scheduleRebuild);
    retranslate();
}

const QList<SequenceView::Row> &SequenceView::rows() const {
    return m_chart->rows();
}

QStringList SequenceView::lanes() const {
    return m_chart->lanes();
}

void SequenceView::setWindowMs(qint64 windowMs) {
    m_windowMs = windowMs;
    rebuild();
}

void SequenceView::setOperation(const QString &op) {
    m_op = op;
    retranslate();
    rebuild();
}

void SequenceView::retranslate() {
    const QStringList windows{tr("Last 2 s"), tr("Last 10 s"), tr("Last minute")};
    for (int i = 0; i < m_window->count(); ++i)
        m_window->setItemText(i, windows.value(i));
    m_window->setToolTip(tr("How much time before the timeline's cursor the chart shows"));
    m_opLabel->setText(m_op.isEmpty() ? tr("Every message; click an orange row to follow its "
                                           "operation")
                                      : tr("Operation %1").arg(m_op));
    m_allOps->setText(tr("All"));
    m_allOps->setEnabled(!m_op.isEmpty());
}

void SequenceView::scheduleRebuild() {
    // Live, events arrive in bursts (each node's feed poll): one rebuild per burst.
    if (m_rebuildPending || !isVisible())
        return;
    m_rebuildPending = true;
    QTimer::singleShot(150, this, [this] {
        m_rebuildPending = false;
        rebuild();
    });
}

void SequenceView::rebuild() {
    const History &h = m_replay->history();
    const qint64 at = m_replay->cursorMs();
    QList<Row> rows = rowsOf(h, at, m_windowMs, m_op);
    // Lanes in ring order as the frame at that moment has them, then any other sender.
    QStringList lanes;
    if (const HistoryFrame *f = h.frameAt(at)) {
        for (const NodeSnapshot &n : f->ring.nodes)
            lanes << n.ref.name;
    }
    for (const Row &r : std::as_const(rows)) {
        for (const QString &name : {r.from, r.to}) {
            if (!lanes.contains(name))
                lanes << name;
        }
    }
    const bool atBottom =
        m_scroll->verticalScrollBar()->value() == m_scroll->verticalScrollBar()->maximum();
    m_chart->set(lanes, std::move(rows));
    if (atBottom)
        QTimer::singleShot(0, this, [this] {
            m_scroll->verticalScrollBar()->setValue(m_scroll->verticalScrollBar()->maximum());
        });
}

} // namespace ChordLab
