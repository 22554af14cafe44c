#pragma once

#include "LookupAnimation.h"
#include "RingSnapshot.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QHash>
#include <QPainter>
#include <QRectF>

namespace ChordLab {

// Something flying between two nodes, seen in the event feeds: a hand-off of keys (join,
// leave), or, while messages are shown, one message (its kind as the label).
struct KeyTransfer {
    Chord::NodeRef from;
    Chord::NodeRef to;
    int count = 0;
    double progress = 0; // 0..1
    QString message;     // not empty: a message, not keys
};

// Everything one frame of the ring shows. The view, the exporters and the benchmark fill
// one of these and hand it to RingPainter.
struct RingScene {
    const RingSnapshot *ring = nullptr;
    QList<Chord::Id> keyIds; // primary keys of all nodes, hashed to the circle
    QString selected;        // address of the selected node
    QString hovered;
    bool allFingers = false;
    bool showPredecessors = true;
    bool showKeys = true;
    bool showLegend = true;
    double zoom = 1.0;
    QPointF pan; // pixels
    LookupFrame lookup;
    // address -> 0..1 animation progress of a node that just appeared / a successor that
    // just changed (rewiring); absent means settled.
    QHash<QString, double> appearing;
    QHash<QString, double> rewiring;
    QList<KeyTransfer> transfers;
};

// Where the circle lies inside a viewport for a given zoom and pan.
struct RingLayout {
    QPointF center;
    double radius = 0;
    double nodeRadius = 8;

    static RingLayout compute(const QRectF &viewport, double zoom, QPointF pan, int nodeCount);
};

// Paints a RingScene with QPainter: the widget, PNG and SVG export and the benchmark share
// it. Geometry in device pixels so text keeps its size at every zoom.
class RingPainter {
    Q_DECLARE_TR_FUNCTIONS(ChordLab::RingPainter)

public:
    explicit RingPainter(const RingScene &scene)
        : m_scene(scene) {}

    void paint(QPainter *p, const QRectF &viewport) const;

private:
    void paintBackground(QPainter *p, const QRectF &viewport) const;
    void paintArcs(QPainter *p) const;
    void paintFingers(QPainter *p) const;
    void paintKeys(QPainter *p) const;
    void paintNodes(QPainter *p) const;
    void paintLabels(QPainter *p) const;
    void paintLookup(QPainter *p, const QRectF &viewport) const;
    // The steps of paintLookup, in order.
    void paintLookupTarget(QPainter *p) const;
    void paintLookupHops(QPainter *p) const;
    void paintHopLabel(QPainter *p, const QFontMetricsF &fm, QPointF mid,
                       const QString &label) const;
    void paintLookupEnds(QPainter *p) const;
    QStringList lookupCaption() const;
    void paintLookupCaption(QPainter *p, const QRectF &viewport) const;
    void paintTransfers(QPainter *p) const;
    void paintLegend(QPainter *p, const QRectF &viewport) const;
    void paintTitle(QPainter *p, const QRectF &viewport) const;

    QPointF at(Chord::Id id, double radiusOffset = 0) const;
    QPointF nodePoint(const QString &address, Chord::Id fallbackId) const;

    const RingScene &m_scene;
    mutable RingLayout m_layout;
    mutable const RingSnapshot *m_ring = nullptr;
};

} // namespace ChordLab
