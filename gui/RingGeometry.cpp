#include "RingGeometry.h"

#include <QLineF>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ChordLab::RingGeometry {

namespace {
QPointF controlPoint(QPointF from, QPointF to, QPointF center, double bend) {
    const QPointF mid = (from + to) / 2.0;
    return mid + (center - mid) * bend;
}
} // namespace

double fraction(Chord::Id id, int bits) {
    return std::ldexp(double(id), -bits);
}

double angle(Chord::Id id, int bits) {
    return 2.0 * std::numbers::pi * fraction(id, bits);
}

QPointF pointAt(double a, QPointF center, double radius) {
    return {center.x() + radius * std::sin(a), center.y() - radius * std::cos(a)};
}

QPointF pointAt(Chord::Id id, int bits, QPointF center, double radius) {
    return pointAt(angle(id, bits), center, radius);
}

QList<FingerPointer> fingerPointers(const NodeSnapshot &node, int bits, QPointF center,
                                    double radius) {
    QList<FingerPointer> out;
    const QPointF from = pointAt(node.ref.id, bits, center, radius);
    for (const FingerEntry &f : node.fingers) {
        if (f.node.sameEndpoint(node.ref))
            continue;
        if (!out.isEmpty() && out.last().target.sameEndpoint(f.node) &&
            out.last().lastFinger == f.i - 1) {
            out.last().lastFinger = f.i;
            continue;
        }
        out.append({f.i, f.i, f.node, from, pointAt(f.node.id, bits, center, radius)});
    }
    return out;
}

QPainterPath chordPath(QPointF from, QPointF to, QPointF center, double bend) {
    QPainterPath p(from);
    p.quadTo(controlPoint(from, to, center, bend), to);
    return p;
}

QPointF pointOnChord(QPointF from, QPointF to, QPointF center, double t, double bend) {
    const QPointF c = controlPoint(from, to, center, bend);
    const double u = 1.0 - t;
    return u * u * from + 2 * u * t * c + t * t * to;
}

QPointF Quad::at(double t) const {
    const double u = 1.0 - t;
    return u * u * p0 + 2 * u * t * c + t * t * p2;
}

Quad chord(QPointF from, QPointF to, QPointF center, double bend) {
    return {from, controlPoint(from, to, center, bend), to};
}

Quad trimmed(const Quad &q, double startGap, double endGap) {
    const double len = QLineF(q.p0, q.c).length() + QLineF(q.c, q.p2).length();
    if (len <= startGap + endGap + 1)
        return q;
    const double t0 = startGap / len;
    const double t1 = 1.0 - endGap / len;
    // Blossom of the quadratic: the control point of the sub-curve [t0, t1].
    const QPointF c =
        (1 - t0) * (1 - t1) * q.p0 + ((1 - t0) * t1 + t0 * (1 - t1)) * q.c + t0 * t1 * q.p2;
    return {q.at(t0), c, q.at(t1)};
}

QPainterPath clockwiseArc(Chord::Id from, Chord::Id to, int bits, QPointF center, double radius,
                          double progress) {
    const double a0 = angle(from, bits);
    double sweep = angle(to, bits) - a0;
    if (sweep <= 0)
        sweep += 2.0 * std::numbers::pi;
    sweep *= std::clamp(progress, 0.0, 1.0);
    const QRectF box(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius);
    // QPainterPath angles: degrees, counter-clockwise from 3 o'clock.
    const double startDeg = 90.0 - a0 * 180.0 / std::numbers::pi;
    QPainterPath p(pointAt(a0, center, radius));
    p.arcTo(box, startDeg, -sweep * 180.0 / std::numbers::pi);
    return p;
}

QLineF partitionLine(const RingSnapshot &ring, const QList<QStringList> &groups) {
    if (groups.size() != 2)
        return {};
    QList<std::pair<double, int>> around; // angle, group
    for (const NodeSnapshot &n : ring.nodes) {
        for (int g = 0; g < 2; ++g) {
            if (groups[g].contains(n.address()))
                around.append({angle(n.ref.id, ring.bits), g});
        }
    }
    std::sort(around.begin(), around.end());
    QList<double> boundaries; // angles between two neighbours of different groups
    for (qsizetype i = 0; i < around.size(); ++i) {
        const auto &a = around[i];
        const auto &b = around[(i + 1) % around.size()];
        if (a.second != b.second) {
            const double bt = i + 1 == around.size() ? b.first + 2 * std::numbers::pi : b.first;
            boundaries.append((a.first + bt) / 2);
        }
    }
    if (boundaries.size() != 2)
        return {};
    return QLineF(pointAt(boundaries[0], {}, 1.25), pointAt(boundaries[1], {}, 1.25));
}

} // namespace ChordLab::RingGeometry
