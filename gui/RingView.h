#pragma once

#include "RingPainter.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTimer>
#include <QWidget>

namespace ChordLab {

class RingMonitor;
class LookupAnimation;

// The central picture: the ring drawn by RingPainter, with selection, hover, zoom (wheel),
// pan (drag), fit, context menu, export, and the short transitions that make joins, leaves
// and hand-offs visible (markers grow in, successor arcs re-grow, key packets fly).
class RingView : public QWidget {
    Q_OBJECT

public:
    explicit RingView(QWidget *parent = nullptr);

    void setSnapshot(const RingSnapshot &snapshot, const QList<Chord::Id> &keyIds);
    void setAnimation(LookupAnimation *animation);
    const RingSnapshot &snapshot() const { return m_snapshot; }

    QString selected() const { return m_scene.selected; }
    void setSelected(const QString &address);
    bool allFingers() const { return m_scene.allFingers; }
    void setAllFingers(bool on);
    void setShowKeys(bool on);
    void setShowPredecessors(bool on);
    double zoom() const { return m_scene.zoom; }
    void setZoom(double zoom);
    void zoomIn() { setZoom(m_scene.zoom * 1.25); }
    void zoomOut() { setZoom(m_scene.zoom / 1.25); }
    void fit();

    // Node under a widget position (within its marker), or empty.
    QString nodeAt(QPointF pos) const;
    // Widget position of a node's marker.
    QPointF nodePosition(const QString &address) const;
    RingLayout layout() const;

    // Renders the current scene (without hover) at the given size.
    bool exportPng(const QString &file, QSize size = {}) const;
    bool exportSvg(const QString &file, QSize size = {}) const;
    void render(QPainter *painter, const QRectF &target) const;

    // Transitions fed by RingMonitor's signals.
    void animateAppear(const QString &address);
    void animateRewire(const QString &address);
    void animateTransfer(const Chord::NodeRef &from, const Chord::NodeRef &to, int count);
    // One message from one node to another (`kind`: "rectify", "replicate", ...).
    void animateMessage(const Chord::NodeRef &from, const Chord::NodeRef &to, const QString &kind);

    QSize sizeHint() const override { return {800, 700}; }

signals:
    void selectionChanged(const QString &address);
    void nodeContextMenuRequested(const QString &address, const QPoint &globalPos);
    void nodeActivated(const QString &address); // double click

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Transition {
        qint64 startMs;
        int durationMs;
    };
    void stepTransitions();

    RingSnapshot m_snapshot;
    RingScene m_scene;
    LookupAnimation *m_animation = nullptr;
    QHash<QString, Transition> m_appear;
    QHash<QString, Transition> m_rewire;
    struct Flight {
        KeyTransfer transfer;
        Transition time;
    };
    QList<Flight> m_flights;
    QElapsedTimer m_clock;
    QTimer m_transitionTimer;
    QPoint m_pressPos;
    QPointF m_panAtPress;
    bool m_dragging = false;
};

} // namespace ChordLab
