#pragma once

#include "RingSnapshot.h"

#include <QLineF>
#include <QList>
#include <QPainterPath>
#include <QPointF>

namespace ChordLab::RingGeometry {

// Where things sit on the drawn circle. Id 0 is at 12 o'clock and ids grow clockwise,
// as in the Chord paper's figures. Pure functions: tested without a window.

// id / 2^bits, in [0, 1).
double fraction(Chord::Id id, int bits);
// Clockwise angle from 12 o'clock, in radians: 2*pi * id / 2^bits.
double angle(Chord::Id id, int bits);
// The point of the circle (screen coordinates, y grows downwards) at that angle.
QPointF pointAt(double angleRadians, QPointF center, double radius);
QPointF pointAt(Chord::Id id, int bits, QPointF center, double radius);

// One drawn finger pointer: consecutive fingers that name the same node share one arrow,
// labelled with the range of finger indices it stands for.
struct FingerPointer {
    int firstFinger = 0;
    int lastFinger = 0;
    Chord::NodeRef target;
    QPointF from;
    QPointF to;
};
// The finger pointers of node, skipping fingers that point back at the node itself.
QList<FingerPointer> fingerPointers(const NodeSnapshot &node, int bits, QPointF center,
                                    double radius);

// A chord between two points of the circle, bent towards the centre so that pointers that
// share an end stay apart.
QPainterPath chordPath(QPointF from, QPointF to, QPointF center, double bend = 0.35);
// The clockwise arc from one id to another at the given radius (whole circle if equal).
QPainterPath clockwiseArc(Chord::Id from, Chord::Id to, int bits, QPointF center, double radius,
                          double progress = 1.0);
// Point at parameter t in [0, 1] along chordPath(from, to, ...).
QPointF pointOnChord(QPointF from, QPointF to, QPointF center, double t, double bend = 0.35);

// The same chord as a quadratic Bézier, for painting without QPainterPath's (slow) length
// queries: trimmed analytically so that it starts and ends at the rim of the markers.
struct Quad {
    QPointF p0, c, p2;
    QPointF at(double t) const;
    // Direction of travel at the end point.
    QPointF endDirection() const { return p2 - c; }
};
Quad chord(QPointF from, QPointF to, QPointF center, double bend = 0.35);
// The part of q between the given distances from its ends (straight-line estimate).
Quad trimmed(const Quad &q, double startGap, double endGap);

// A line in ring units (radius 1) across the circle between the two arcs of a partition into
// two groups (addresses) that are contiguous on the ring; null for any other partition.
QLineF partitionLine(const RingSnapshot &ring, const QList<QStringList> &groups);

} // namespace ChordLab::RingGeometry
