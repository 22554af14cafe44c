#include "RingView.h"

#include "LookupAnimation.h"
#include "RingGeometry.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QImage>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QSvgGenerator>
#include <QToolTip>
#include <QWheelEvent>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {
constexpr int AppearMs = 700;
constexpr int RewireMs = 600;
constexpr int TransferMs = 1200;
constexpr int MessageMs = 700;

QString healthText(NodeHealth h) {
    switch (h) {
    case NodeHealth::Starting:
        return RingView::tr("starting");
    case NodeHealth::Alive:
        return RingView::tr("alive");
    case NodeHealth::Paused:
        return RingView::tr("paused");
    case NodeHealth::Leaving:
        return RingView::tr("leaving");
    case NodeHealth::Unreachable:
        return RingView::tr("unreachable");
    case NodeHealth::Dead:
        return RingView::tr("dead");
    }
    return {};
}
} // namespace

RingView::RingView(QWidget *parent)
    : QWidget(parent) {
    setObjectName(u"ringView"_s);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 300);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_scene.setRing(&m_snapshot);
    m_clock.start();
    m_transitionTimer.setInterval(16);
    connect(&m_transitionTimer, &QTimer::timeout, this, &RingView::stepTransitions);
}

void RingView::setSnapshot(const RingSnapshot &snapshot, const QList<Chord::Id> &keyIds) {
    m_snapshot = snapshot;
    m_scene.setRing(&m_snapshot);
    m_scene.keyIds = keyIds;
    // The line drawn goes once the partition it set has been seen and is gone (healed here or
    // elsewhere), not while the nodes have yet to report it.
    const bool split = !m_scene.partition.isEmpty();
    if (!m_scene.partitionLine.isNull() && split)
        m_partitionSeen = true;
    else if (m_partitionSeen && !split)
        setPartitionLine({});
    update();
}

void RingView::startPartitionDrawing() {
    m_drawingPartition = true;
    m_scene.drawing = {};
    setCursor(Qt::CrossCursor);
    setFocus();
    emit partitionDrawingChanged(true);
}

void RingView::cancelPartitionDrawing() {
    m_drawingPartition = false;
    m_scene.drawing = {};
    unsetCursor();
    update();
    emit partitionDrawingChanged(false);
}

QPointF RingView::toRing(QPointF widgetPos) const {
    const RingLayout l = layout();
    return l.radius > 0 ? (widgetPos - l.center) / l.radius : QPointF();
}

QList<QStringList> RingView::groupsAcross(QPointF from, QPointF to) const {
    QStringList left, right;
    const QPointF d = to - from;
    if (std::hypot(d.x(), d.y()) < 1)
        return {};
    for (const NodeSnapshot &n : m_snapshot.nodes) {
        if (!n.isLive())
            continue;
        const QPointF v = nodePosition(n.address()) - from;
        (d.x() * v.y() - d.y() * v.x() < 0 ? left : right).append(n.address());
    }
    QList<QStringList> groups;
    for (const QStringList &g : {left, right}) {
        if (!g.isEmpty())
            groups.append(g);
    }
    return groups;
}

void RingView::setPartitionLine(const QLineF &ringLine) {
    m_scene.partitionLine = ringLine;
    m_partitionSeen = false;
    update();
}

void RingView::finishPartitionDrawing(QPointF releasePos) {
    cancelPartitionDrawing();
    partitionAlong(m_pressPos, releasePos);
}

bool RingView::partitionAlong(QPointF from, QPointF to) {
    const QList<QStringList> groups = groupsAcross(from, to);
    // A click, or a line with every node on one side: nothing to split.
    if (groups.size() < 2)
        return false;
    // Drawn long enough to cross the whole circle, whatever the user drew.
    const QLineF line(toRing(from), toRing(to));
    const QPointF mid = (line.p1() + line.p2()) / 2;
    QPointF dir = line.p2() - line.p1();
    dir /= std::hypot(dir.x(), dir.y());
    setPartitionLine(QLineF(mid - dir * 1.25, mid + dir * 1.25));
    emit partitionDrawn(groups, m_scene.partitionLine);
    return true;
}

void RingView::keyPressEvent(QKeyEvent *event) {
    if (m_drawingPartition && event->key() == Qt::Key_Escape) {
        cancelPartitionDrawing();
        return;
    }
    QWidget::keyPressEvent(event);
}

void RingView::setAnimation(LookupAnimation *animation) {
    m_animation = animation;
    connect(animation, &LookupAnimation::frameChanged, this, qOverload<>(&QWidget::update));
}

void RingView::setSelected(const QString &address) {
    if (m_scene.selected == address)
        return;
    m_scene.selected = address;
    update();
    emit selectionChanged(address);
}

void RingView::setAllFingers(bool on) {
    m_scene.allFingers = on;
    update();
}

void RingView::setShowKeys(bool on) {
    m_scene.showKeys = on;
    update();
}

void RingView::setShowPredecessors(bool on) {
    m_scene.showPredecessors = on;
    update();
}

void RingView::setZoom(double zoom) {
    m_scene.zoom = qBound(0.3, zoom, 12.0);
    update();
}

void RingView::fit() {
    m_scene.zoom = 1.0;
    m_scene.pan = {};
    update();
}

RingLayout RingView::layout() const {
    return RingLayout::compute(QRectF(rect()), m_scene.zoom, m_scene.pan,
                               int(m_snapshot.nodes.size()));
}

QPointF RingView::nodePosition(const QString &address) const {
    const NodeSnapshot *n = m_snapshot.find(address);
    if (!n)
        return {};
    const RingLayout l = layout();
    return RingGeometry::pointAt(n->ref.id, m_snapshot.bits, l.center, l.radius);
}

QString RingView::nodeAt(QPointF pos) const {
    const RingLayout l = layout();
    QString best;
    double bestDistance = l.nodeRadius + 5;
    for (const NodeSnapshot &n : m_snapshot.nodes) {
        const QPointF c = RingGeometry::pointAt(n.ref.id, m_snapshot.bits, l.center, l.radius);
        const double d = QLineF(c, pos).length();
        if (d <= bestDistance) {
            bestDistance = d;
            best = n.address();
        }
    }
    return best;
}

void RingView::render(QPainter *painter, const QRectF &target) const {
    RingScene scene = m_scene;
    scene.hovered.clear();
    if (m_animation)
        scene.lookup = m_animation->frame();
    RingPainter(scene).paint(painter, target);
}

bool RingView::exportPng(const QString &file, QSize size) const {
    if (size.isEmpty())
        size = this->size() * 2;
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2.0);
    QPainter p(&image);
    render(&p, QRectF(QPointF(), QSizeF(size) / 2.0));
    p.end();
    return image.save(file, "PNG");
}

bool RingView::exportSvg(const QString &file, QSize size) const {
    if (size.isEmpty())
        size = this->size();
    QSvgGenerator svg;
    svg.setFileName(file);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(), size));
    svg.setTitle(tr("Chord ring"));
    svg.setDescription(tr("Exported from ChordLab"));
    QPainter p;
    if (!p.begin(&svg))
        return false;
    render(&p, QRectF(QPoint(), size));
    return p.end();
}

void RingView::animateAppear(const QString &address) {
    m_appear.insert(address, {m_clock.elapsed(), AppearMs});
    m_transitionTimer.start();
}

void RingView::animateRewire(const QString &address) {
    m_rewire.insert(address, {m_clock.elapsed(), RewireMs});
    m_transitionTimer.start();
}

void RingView::animateTransfer(const Chord::NodeRef &from, const Chord::NodeRef &to, int count) {
    if (m_flights.size() > 16)
        m_flights.removeFirst();
    m_flights.append({{from, to, count, 0.0}, {m_clock.elapsed(), TransferMs}});
    m_transitionTimer.start();
}

void RingView::animateMessage(const Chord::NodeRef &from, const Chord::NodeRef &to,
                              const QString &kind) {
    // A ring sends many: the oldest flights make room (keys included, as above).
    if (m_flights.size() > 48)
        m_flights.removeFirst();
    m_flights.append({{from, to, 0, 0.0, kind}, {m_clock.elapsed(), MessageMs}});
    m_transitionTimer.start();
}

void RingView::stepTransitions() {
    const qint64 now = m_clock.elapsed();
    auto progressOf = [now](const Transition &t) {
        return qBound(0.0, double(now - t.startMs) / t.durationMs, 1.0);
    };
    m_scene.appearing.clear();
    for (auto it = m_appear.begin(); it != m_appear.end();) {
        const double p = progressOf(it.value());
        if (p >= 1.0) {
            it = m_appear.erase(it);
            continue;
        }
        m_scene.appearing.insert(it.key(), 1 - std::pow(1 - p, 3));
        ++it;
    }
    m_scene.rewiring.clear();
    for (auto it = m_rewire.begin(); it != m_rewire.end();) {
        const double p = progressOf(it.value());
        if (p >= 1.0) {
            it = m_rewire.erase(it);
            continue;
        }
        m_scene.rewiring.insert(it.key(), p);
        ++it;
    }
    m_scene.transfers.clear();
    for (qsizetype i = m_flights.size() - 1; i >= 0; --i) {
        const double p = progressOf(m_flights[i].time);
        if (p >= 1.0) {
            m_flights.removeAt(i);
            continue;
        }
        KeyTransfer t = m_flights[i].transfer;
        t.progress = p;
        m_scene.transfers.append(t);
    }
    if (m_appear.isEmpty() && m_rewire.isEmpty() && m_flights.isEmpty())
        m_transitionTimer.stop();
    update();
}

void RingView::paintEvent(QPaintEvent *) {
    QPainter p(this);
    if (m_animation)
        m_scene.lookup = m_animation->frame();
    RingPainter(m_scene).paint(&p, QRectF(rect()));
}

void RingView::mousePressEvent(QMouseEvent *event) {
    m_pressPos = event->position().toPoint();
    m_panAtPress = m_scene.pan;
    m_dragging = false;
    if (m_drawingPartition)
        return;
    if (event->button() == Qt::LeftButton) {
        const QString hit = nodeAt(event->position());
        if (!hit.isEmpty())
            setSelected(hit);
    }
}

void RingView::mouseMoveEvent(QMouseEvent *event) {
    if (m_drawingPartition) {
        if (event->buttons() & Qt::LeftButton) {
            m_scene.drawing = QLineF(toRing(m_pressPos), toRing(event->position()));
            update();
        }
        return;
    }
    if (event->buttons() & (Qt::LeftButton | Qt::MiddleButton)) {
        const QPoint delta = event->position().toPoint() - m_pressPos;
        if (m_dragging || delta.manhattanLength() > 4) {
            m_dragging = true;
            setCursor(Qt::ClosedHandCursor);
            m_scene.pan = m_panAtPress + QPointF(delta);
            update();
        }
        return;
    }
    const QString hover = nodeAt(event->position());
    if (hover != m_scene.hovered) {
        m_scene.hovered = hover;
        setCursor(hover.isEmpty() ? Qt::ArrowCursor : Qt::PointingHandCursor);
        update();
    }
}

void RingView::mouseReleaseEvent(QMouseEvent *event) {
    if (m_drawingPartition) {
        if (event->button() == Qt::LeftButton)
            finishPartitionDrawing(event->position());
        return;
    }
    if (!m_dragging && event->button() == Qt::LeftButton && nodeAt(event->position()).isEmpty())
        setSelected({});
    m_dragging = false;
    unsetCursor();
}

void RingView::mouseDoubleClickEvent(QMouseEvent *event) {
    const QString hit = nodeAt(event->position());
    if (!hit.isEmpty())
        emit nodeActivated(hit);
    else
        fit();
}

void RingView::wheelEvent(QWheelEvent *event) {
    // Zoom about the cursor: the point under it stays put.
    const double factor = std::pow(1.0015, event->angleDelta().y());
    const double old = m_scene.zoom;
    const double zoom = qBound(0.3, old * factor, 12.0);
    const QPointF cursor = event->position();
    const QPointF center = QRectF(rect()).center() + m_scene.pan;
    const QPointF newCenter = cursor + (center - cursor) * (zoom / old);
    m_scene.pan = newCenter - QRectF(rect()).center();
    m_scene.zoom = zoom;
    update();
    event->accept();
}

void RingView::contextMenuEvent(QContextMenuEvent *event) {
    if (m_drawingPartition) {
        cancelPartitionDrawing();
        return;
    }
    const QString hit = nodeAt(event->pos());
    m_menuPeer = !hit.isEmpty() && !m_scene.selected.isEmpty() && hit != m_scene.selected
                     ? m_scene.selected
                     : QString();
    if (!hit.isEmpty())
        setSelected(hit);
    emit nodeContextMenuRequested(hit, event->globalPos());
}

void RingView::leaveEvent(QEvent *) {
    if (!m_scene.hovered.isEmpty()) {
        m_scene.hovered.clear();
        update();
    }
}

bool RingView::event(QEvent *event) {
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const NodeSnapshot *n = m_snapshot.find(nodeAt(help->pos()));
        if (!n) {
            QToolTip::hideText();
            return true;
        }
        const QString text = tr("<b>%1</b> · %2<br>id %3<br>%4 · primary keys %5, replicas %6%7")
                                 .arg(n->ref.name.toHtmlEscaped(), n->address())
                                 .arg(n->ref.id)
                                 .arg(healthText(n->health))
                                 .arg(n->primaryKeys)
                                 .arg(n->replicaKeys)
                                 .arg(n->pid ? tr("<br>pid %1").arg(n->pid) : QString());
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace ChordLab
