#pragma once

#include "LookupAnimation.h"
#include "RingSnapshot.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QHash>
#include <QLineF>
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
// A link with a fault, as the ring shows it (issue 12): between two nodes, from a's table (and
// b's, when both have one for the other).
struct ImpairedLink {
    QString a; // addresses as the ring knows them
    QString b;
    bool cut = false;
    bool oneWay = false; // only a's messages to b (or b's to a): drawn with an arrow to b
    QString label;       // "200±50 ms, 30% loss", "cut"

    bool operator==(const ImpairedLink &) const = default;
};

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
    // A partition as the user drew it across the ring, in ring units (the centre at 0, the
    // radius 1), so that it stays put under zoom and pan; null: none. `drawing`: a line being
    // drawn (the mouse still down).
    QLineF partitionLine;
    QLineF drawing;
    // Worked out once per snapshot (setRing), not on every paint: the links with a fault, the
    // partition's groups and the ring's protocol (RingPainter::impairedLinks, partitionGroups,
    // RingSnapshot::protocol).
    QList<ImpairedLink> impaired;
    QList<QStringList> partition;
    QString protocol;

    // The ring to draw, and what is worked out from it.
    void setRing(const RingSnapshot *snapshot);
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

    // The links with a fault in the nodes' tables (not the partition, drawn as groups), one per
    // pair of nodes.
    static QList<ImpairedLink> impairedLinks(const RingSnapshot &ring);
    // The groups of the ring's partition, as a node that has one says (addresses as the
    // tables give them); empty when not split.
    static QList<QStringList> partitionGroups(const RingSnapshot &ring);
    // "200±50 ms", "30% loss", "cut", joined by commas.
    static QString faultLabel(const Chord::LinkFault &fault);

private:
    void paintBackground(QPainter *p, const QRectF &viewport) const;
    void paintArcs(QPainter *p) const;
    void paintFingers(QPainter *p) const;
    void paintKeys(QPainter *p) const;
    // The arcs whose keys no reachable node holds copies of (NodeSnapshot::unavailable).
    void paintUnavailable(QPainter *p) const;
    void paintNodes(QPainter *p) const;
    // Impaired links and the partition (its groups' halos, the line drawn across the ring).
    void paintFaults(QPainter *p) const;
    void paintPartition(QPainter *p) const;
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
