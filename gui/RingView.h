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

    // Link faults (issue 12). The impaired links the view draws.
    const QList<ImpairedLink> &drawnLinks() const { return m_scene.impaired; }
    // The node selected before a right click on another one selected that other (the pair a
    // link menu offers), or empty.
    QString menuPeer() const { return m_menuPeer; }
    // "Partition the ring": the next drag draws a line across the ring instead of panning;
    // on release the live nodes on each side are the groups (partitionDrawn). Esc cancels.
    void startPartitionDrawing();
    bool drawingPartition() const { return m_drawingPartition; }
    // The live nodes on each side of a line through two widget points, each group in ring
    // order; a side with no node gives no group.
    QList<QStringList> groupsAcross(QPointF from, QPointF to) const;
    // What a line drawn from `from` to `to` (widget points) does: the line shown across the
    // whole circle and partitionDrawn with its groups; false if every node is on one side.
    bool partitionAlong(QPointF from, QPointF to);
    // The line shown for the partition, in ring units (RingScene::partitionLine); cleared by
    // itself once the nodes have reported the partition and then no longer do.
    void setPartitionLine(const QLineF &ringLine);
    QLineF partitionLine() const { return m_scene.partitionLine; }
    QPointF toRing(QPointF widgetPos) const;

    QSize sizeHint() const override { return {800, 700}; }

signals:
    void selectionChanged(const QString &address);
    void nodeContextMenuRequested(const QString &address, const QPoint &globalPos);
    void nodeActivated(const QString &address); // double click
    // A partition line drawn: the groups of addresses, the line in ring units.
    void partitionDrawn(const QList<QStringList> &groups, const QLineF &ringLine);
    void partitionDrawingChanged(bool drawing);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
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
    QString m_menuPeer;
    bool m_drawingPartition = false;
    bool m_partitionSeen = false; // the line's partition has been in a snapshot
    void finishPartitionDrawing(QPointF releasePos);
    void cancelPartitionDrawing();
};

} // namespace ChordLab
