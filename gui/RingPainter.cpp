#include "RingPainter.h"

#include "RingGeometry.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ChordLab {

using namespace Qt::StringLiterals;
namespace G = RingGeometry;

namespace {

// A 1-pixel cosmetic pen: the raster engine draws it with its fast stroker instead of
// turning the path into a polygon to fill, the difference between 40 ms and a few.
QPen hairline(const QColor &color, Qt::PenStyle style = Qt::SolidLine) {
    QPen pen(color, 1.0, style);
    pen.setCosmetic(true);
    return pen;
}

namespace Palette {
const QColor background(0xfb, 0xfc, 0xfe);
const QColor circle(0xd5, 0xdb, 0xe5);
const QColor successor(0x25, 0x63, 0xeb);
const QColor predecessor(0x8b, 0x5c, 0xf6);
const QColor finger(0xea, 0x58, 0x0c);
const QColor key(0x16, 0xa3, 0x4a);
const QColor alive(0x3b, 0x82, 0xf6);
const QColor starting(0x93, 0xc5, 0xfd);
const QColor paused(0xf5, 0x9e, 0x0b);
const QColor leaving(0xa8, 0x55, 0xf7);
const QColor unreachable(0xd1, 0xd5, 0xdb);
const QColor dead(0x9c, 0xa3, 0xaf);
const QColor selected(0xf9, 0x73, 0x16);
const QColor text(0x1f, 0x29, 0x37);
const QColor muted(0x6b, 0x72, 0x80);
const QColor token(0x06, 0xb6, 0xd4);
const QColor answer(0x10, 0xb9, 0x81);
const QColor owner(0xea, 0xb3, 0x08);
const QColor message(0x0d, 0x94, 0x88);
const QColor cut(0xdc, 0x26, 0x26);
const QColor impaired(0xf9, 0x73, 0x16);
const QColor unavailable(0x99, 0x1b, 0x1b);
// The groups of a partition (halos around their nodes).
const QColor groups[] = {QColor(0x0e, 0xa5, 0xe9), QColor(0xd9, 0x46, 0xef),
                         QColor(0x84, 0xcc, 0x16), QColor(0xf5, 0x9e, 0x0b)};
} // namespace Palette

// color at alpha over the background, as an opaque color.
QColor overBackground(const QColor &color, double alpha) {
    return QColor::fromRgbF(color.redF() * alpha + Palette::background.redF() * (1 - alpha),
                            color.greenF() * alpha + Palette::background.greenF() * (1 - alpha),
                            color.blueF() * alpha + Palette::background.blueF() * (1 - alpha));
}

// The finger numbers of the selected node's pointers, each in a box at its point.
using FingerLabel = std::pair<QPointF, QString>;

void paintFingerLabels(QPainter *p, const QList<FingerLabel> &labels) {
    if (labels.isEmpty())
        return;
    QFont f = p->font();
    f.setPointSizeF(7.5);
    f.setBold(true);
    p->setFont(f);
    const QFontMetricsF fm(f);
    for (const auto &[pt, text] : labels) {
        const QRectF box(pt.x() - fm.horizontalAdvance(text) / 2 - 4, pt.y() - fm.height() / 2 - 1,
                         fm.horizontalAdvance(text) + 8, fm.height() + 2);
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(0xff, 0xf7, 0xed));
        p->drawRoundedRect(box, 4, 4);
        p->setPen(Palette::finger);
        p->drawText(box, Qt::AlignCenter, text);
    }
}

QColor fillFor(NodeHealth h) {
    switch (h) {
    case NodeHealth::Starting:
        return Palette::starting;
    case NodeHealth::Alive:
        return Palette::alive;
    case NodeHealth::Paused:
        return Palette::paused;
    case NodeHealth::Leaving:
        return Palette::leaving;
    case NodeHealth::Unreachable:
        return Palette::unreachable;
    case NodeHealth::Dead:
        return Palette::dead;
    }
    return Palette::alive;
}

// An arrow head whose tip is at tip, pointing along dir.
void addArrowHead(QPainterPath *heads, QPointF tip, QPointF dir, double size) {
    const double len = std::hypot(dir.x(), dir.y());
    if (len < 1e-9)
        return;
    const QPointF u = dir / len;
    const QPointF n(-u.y(), u.x());
    const QPointF base = tip - u * size;
    heads->moveTo(base + n * size * 0.45);
    heads->lineTo(tip);
    heads->lineTo(base - n * size * 0.45);
    heads->closeSubpath();
}

void addQuad(QPainterPath *path, const G::Quad &q) {
    path->moveTo(q.p0);
    path->quadTo(q.c, q.p2);
}

// Clockwise arc between two angles (radians from 12 o'clock) at radius r.
void addArc(QPainterPath *path, QPointF center, double r, double from, double to) {
    const QRectF box(center.x() - r, center.y() - r, 2 * r, 2 * r);
    path->moveTo(G::pointAt(from, center, r));
    path->arcTo(box, 90.0 - from * 180.0 / std::numbers::pi,
                -(to - from) * 180.0 / std::numbers::pi);
}

QString shortId(Chord::Id id) {
    const QString s = QString::number(id);
    return s.size() > 8 ? s.left(4) + u"…"_s + s.right(3) : s;
}

} // namespace

RingLayout RingLayout::compute(const QRectF &viewport, double zoom, QPointF pan, int nodeCount) {
    RingLayout l;
    l.center = viewport.center() + pan;
    l.radius = qMax(20.0, qMin(viewport.width(), viewport.height()) * 0.36 * zoom);
    const double base = nodeCount <= 12   ? 13.0
                        : nodeCount <= 32 ? 10.0
                        : nodeCount <= 64 ? 7.0
                                          : 5.0;
    l.nodeRadius = base * std::clamp(std::sqrt(zoom), 0.7, 2.0);
    return l;
}

QPointF RingPainter::at(Chord::Id id, double radiusOffset) const {
    return G::pointAt(id, m_ring->bits, m_layout.center, m_layout.radius + radiusOffset);
}

QPointF RingPainter::nodePoint(const QString &address, Chord::Id fallbackId) const {
    const NodeSnapshot *n = m_ring->find(address);
    return at(n ? n->ref.id : fallbackId);
}

void RingScene::setRing(const RingSnapshot *snapshot) {
    ring = snapshot;
    impaired = snapshot ? RingPainter::impairedLinks(*snapshot) : QList<ImpairedLink>();
    partition = snapshot ? RingPainter::partitionGroups(*snapshot) : QList<QStringList>();
    protocol = snapshot ? snapshot->protocol() : QString();
}

void RingPainter::paint(QPainter *p, const QRectF &viewport) const {
    static const RingSnapshot empty;
    const RingScene &s = m_scene;
    m_ring = s.ring ? s.ring : &empty;
    const RingSnapshot &ring = *m_ring;
    m_layout = RingLayout::compute(viewport, s.zoom, s.pan, int(ring.nodes.size()));
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setRenderHint(QPainter::TextAntialiasing);
    paintBackground(p, viewport);
    if (s.showKeys)
        paintKeys(p);
    paintUnavailable(p);
    paintPartition(p);
    paintArcs(p);
    paintFaults(p);
    paintFingers(p);
    paintLookup(p, viewport);
    paintTransfers(p);
    paintNodes(p);
    paintLabels(p);
    paintTitle(p, viewport);
    if (s.showLegend)
        paintLegend(p, viewport);
    p->restore();
}

QString RingPainter::faultLabel(const Chord::LinkFault &fault) {
    QStringList parts;
    if (fault.cut)
        parts << tr("cut");
    if (fault.delayMs > 0 || fault.jitterMs > 0)
        parts << (fault.jitterMs > 0 ? tr("%1±%2 ms").arg(fault.delayMs).arg(fault.jitterMs)
                                     : tr("%1 ms").arg(fault.delayMs));
    if (fault.loss > 0)
        parts << tr("%1% loss").arg(QString::number(fault.loss * 100, 'g', 3));
    return parts.join(u", "_s);
}

namespace {
QString tableAddress(const QString &address) {
    return Chord::LinkFaults::normalizeAddress(address).value_or(address);
}
} // namespace

QList<ImpairedLink> RingPainter::impairedLinks(const RingSnapshot &ring) {
    QHash<QString, QString> byTableAddress; // the ring's address of each table address
    for (const NodeSnapshot &n : ring.nodes)
        byTableAddress.insert(tableAddress(n.address()), n.address());
    QList<ImpairedLink> links;
    for (const NodeSnapshot &n : ring.nodes) {
        if (!n.everSeen || n.health == NodeHealth::Dead)
            continue;
        for (const Chord::LinkRule &rule : n.faults.links) {
            const QString peer = byTableAddress.value(tableAddress(rule.peer));
            if (peer.isEmpty() || !rule.fault.any())
                continue;
            const bool oneWay = !(rule.out && rule.in);
            auto same = std::find_if(links.begin(), links.end(), [&](const ImpairedLink &l) {
                return (l.a == n.address() && l.b == peer) || (l.a == peer && l.b == n.address());
            });
            if (same == links.end()) {
                // A rule for incoming messages only: the peer's messages to this node.
                const bool incoming = rule.in && !rule.out;
                links.append({incoming ? peer : n.address(), incoming ? n.address() : peer,
                              rule.fault.cut, oneWay, faultLabel(rule.fault)});
                continue;
            }
            // Both ends have a rule for the other: one line, the worse fault shown.
            same->oneWay = same->oneWay && oneWay && same->a == peer && rule.out;
            if (rule.fault.cut && !same->cut) {
                same->cut = true;
                same->label = faultLabel(rule.fault);
            }
        }
    }
    return links;
}

QList<QStringList> RingPainter::partitionGroups(const RingSnapshot &ring) {
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.isLive() && !n.faults.partition.isEmpty())
            return n.faults.partition;
    }
    return {};
}

void RingPainter::paintPartition(QPainter *p) const {
    const QList<QStringList> &groups = m_scene.partition;
    for (qsizetype g = 0; g < groups.size(); ++g) {
        QColor halo = Palette::groups[g % std::size(Palette::groups)];
        halo.setAlphaF(0.28);
        p->setPen(Qt::NoPen);
        p->setBrush(halo);
        for (const NodeSnapshot &n : m_ring->nodes) {
            if (groups[g].contains(tableAddress(n.address())))
                p->drawEllipse(at(n.ref.id), m_layout.nodeRadius + 9, m_layout.nodeRadius + 9);
        }
    }
    auto toView = [this](QPointF ringPoint) {
        return m_layout.center + ringPoint * m_layout.radius;
    };
    auto drawLine = [&](const QLineF &line, const QColor &color) {
        p->setPen(QPen(color, 2.5, Qt::DashLine, Qt::RoundCap));
        p->drawLine(toView(line.p1()), toView(line.p2()));
    };
    if (!m_scene.drawing.isNull())
        drawLine(m_scene.drawing, Palette::muted);
    if (!groups.isEmpty() && !m_scene.partitionLine.isNull()) {
        drawLine(m_scene.partitionLine, Palette::cut);
        QFont f = p->font();
        f.setPointSizeF(8.5);
        f.setBold(true);
        p->setFont(f);
        p->setPen(Palette::cut);
        // Inside the view: near where the line leaves the circle, not at its far end.
        const QLineF &line = m_scene.partitionLine;
        p->drawText(toView(line.p1() + (line.p2() - line.p1()) * 0.86) + QPointF(8, -8),
                    tr("partition"));
    }
}

void RingPainter::paintFaults(QPainter *p) const {
    QFont f = p->font();
    f.setPointSizeF(8);
    f.setBold(true);
    p->setFont(f);
    const QFontMetricsF fm(f);
    for (const ImpairedLink &l : m_scene.impaired) {
        const NodeSnapshot *a = m_ring->find(l.a);
        const NodeSnapshot *b = m_ring->find(l.b);
        const QPointF pa = at(a->ref.id);
        const QPointF pb = at(b->ref.id);
        const QColor color = l.cut ? Palette::cut : Palette::impaired;
        p->setPen(QPen(color, 2.2, l.cut ? Qt::DashLine : Qt::DashDotLine, Qt::RoundCap));
        p->setBrush(Qt::NoBrush);
        p->drawLine(pa, pb);
        if (l.oneWay) {
            QPainterPath head;
            const QPointF dir = pb - pa;
            const double len = std::hypot(dir.x(), dir.y());
            if (len > 1)
                addArrowHead(&head, pb - dir / len * (m_layout.nodeRadius + 3), dir, 10);
            p->setPen(Qt::NoPen);
            p->setBrush(color);
            p->drawPath(head);
        }
        const QPointF mid = (pa + pb) / 2;
        if (l.cut) { // a cross in a white disc, as a filter mark on a link
            p->setPen(QPen(color, 1.5));
            p->setBrush(Palette::background);
            p->drawEllipse(mid, 8, 8);
            p->setPen(QPen(color, 2.4, Qt::SolidLine, Qt::RoundCap));
            p->drawLine(mid + QPointF(-4, -4), mid + QPointF(4, 4));
            p->drawLine(mid + QPointF(-4, 4), mid + QPointF(4, -4));
        }
        const QString text = l.cut ? QString(l.oneWay ? tr("cut one way") : tr("cut")) : l.label;
        const QPointF labelAt = l.cut ? mid + QPointF(0, 16) : mid;
        const QRectF box(labelAt.x() - fm.horizontalAdvance(text) / 2 - 5,
                         labelAt.y() - fm.height() / 2 - 1, fm.horizontalAdvance(text) + 10,
                         fm.height() + 2);
        p->setPen(QPen(color, 1.2));
        p->setBrush(QColor(0xff, 0xff, 0xff, 235));
        p->drawRoundedRect(box, 4, 4);
        p->setPen(color.darker(130));
        p->drawText(box, Qt::AlignCenter, text);
    }
}

void RingPainter::paintBackground(QPainter *p, const QRectF &viewport) const {
    p->fillRect(viewport, Palette::background);
    p->setPen(QPen(Palette::circle, 2));
    p->setBrush(Qt::NoBrush);
    p->drawEllipse(m_layout.center, m_layout.radius, m_layout.radius);
    // Quarter marks: 0, 2^m/4, 2^m/2, 3*2^m/4.
    QFont f = p->font();
    f.setPointSizeF(7.5);
    p->setFont(f);
    p->setPen(Palette::muted);
    const int bits = m_ring->bits;
    for (int q = 0; q < 4; ++q) {
        const double a = q * std::numbers::pi / 2;
        const QPointF in = G::pointAt(a, m_layout.center, m_layout.radius - 6);
        const QPointF out = G::pointAt(a, m_layout.center, m_layout.radius + 6);
        p->setPen(QPen(Palette::circle, 1.5));
        p->drawLine(in, out);
        if (q == 0) {
            p->setPen(Palette::muted);
            const QPointF t = G::pointAt(a, m_layout.center, m_layout.radius - 18);
            p->drawText(QRectF(t.x() - 30, t.y() - 8, 60, 16), Qt::AlignCenter, u"0"_s);
        } else if (bits <= 16) {
            p->setPen(Palette::muted);
            const QPointF t = G::pointAt(a, m_layout.center, m_layout.radius - 22);
            const quint64 v = (quint64(1) << bits) / 4 * quint64(q);
            p->drawText(QRectF(t.x() - 40, t.y() - 8, 80, 16), Qt::AlignCenter, QString::number(v));
        }
    }
}

void RingPainter::paintKeys(QPainter *p) const {
    if (m_scene.keyIds.isEmpty())
        return;
    QPainterPath ticks;
    const int bits = m_ring->bits;
    for (Chord::Id id : m_scene.keyIds) {
        const double a = G::angle(id, bits);
        ticks.moveTo(G::pointAt(a, m_layout.center, m_layout.radius + 4));
        ticks.lineTo(G::pointAt(a, m_layout.center, m_layout.radius + 13));
    }
    // Thin pens take the raster engine's fast cosmetic stroker; thick ones only when few.
    p->setPen(m_scene.keyIds.size() > 200 ? hairline(Palette::key) : QPen(Palette::key, 2.0));
    p->setBrush(Qt::NoBrush);
    p->drawPath(ticks);
}

void RingPainter::paintUnavailable(QPainter *p) const {
    const double r = m_layout.radius + 19;
    QFont f = p->font();
    f.setPointSizeF(8);
    f.setBold(true);
    p->setFont(f);
    const QFontMetricsF fm(f);
    for (const NodeSnapshot &n : m_ring->nodes) {
        if (!n.unavailable || !n.isLive())
            continue;
        const IdRange &u = *n.unavailable;
        p->setPen(QPen(Palette::unavailable, 5, Qt::DotLine, Qt::FlatCap));
        p->setBrush(Qt::NoBrush);
        p->drawPath(G::clockwiseArc(u.from, u.to, m_ring->bits, m_layout.center, r));
        // The label outside the middle of the arc.
        const Chord::Id mask =
            m_ring->bits >= 64 ? ~Chord::Id(0) : (Chord::Id(1) << m_ring->bits) - 1;
        const Chord::Id mid = (u.from + ((u.to - u.from) & mask) / 2) & mask;
        const double a = G::angle(mid, m_ring->bits);
        const QString label = tr("no copy: 503");
        const QPointF c = G::pointAt(a, m_layout.center, r + 10 + fm.horizontalAdvance(label) / 2);
        p->setPen(Palette::unavailable);
        p->drawText(QRectF(c.x() - 80, c.y() - 10, 160, 20), Qt::AlignCenter, label);
    }
}

void RingPainter::paintArcs(QPainter *p) const {
    const RingSnapshot &ring = *m_ring;
    QPainterPath succ, succHeads, pred, predHeads;
    const double r = m_layout.radius;
    const double pr = r - 11;
    const double gap = m_layout.nodeRadius + 2;
    constexpr double TwoPi = 2.0 * std::numbers::pi;
    for (const NodeSnapshot &n : ring.nodes) {
        if (!n.everSeen || n.health == NodeHealth::Dead)
            continue;
        const double a = G::angle(n.ref.id, ring.bits);
        if (n.succ && !n.succ->sameEndpoint(n.ref)) {
            const double progress = m_scene.rewiring.value(n.address(), 1.0);
            double sweep = G::angle(n.succ->id, ring.bits) - a;
            if (sweep <= 0)
                sweep += TwoPi;
            const double d = gap / r;
            const double from = a + d;
            const double to = a + sweep * progress - (progress >= 1.0 ? d : 0.0);
            if (to > from) {
                addArc(&succ, m_layout.center, r, from, to);
                addArrowHead(&succHeads, G::pointAt(to, m_layout.center, r),
                             QPointF(std::cos(to), std::sin(to)), 9);
            }
        }
        if (m_scene.showPredecessors && n.pred && !n.pred->sameEndpoint(n.ref)) {
            // Inside the circle, anticlockwise: from the node back to its predecessor.
            double back = a - G::angle(n.pred->id, ring.bits);
            if (back <= 0)
                back += TwoPi;
            const double d = gap * 0.6 / pr;
            const double end = a - back + d;
            if (a - d > end) {
                addArc(&pred, m_layout.center, pr, end, a - d);
                addArrowHead(&predHeads, G::pointAt(end, m_layout.center, pr),
                             -QPointF(std::cos(end), std::sin(end)), 6);
            }
        }
    }
    p->setBrush(Qt::NoBrush);
    const bool dense = ring.nodes.size() > 48;
    QPen predPen = hairline(Palette::predecessor, Qt::DashLine);
    predPen.setDashPattern({4, 3});
    p->setPen(predPen);
    p->drawPath(pred);
    p->setPen(Qt::NoPen);
    p->setBrush(Palette::predecessor);
    p->drawPath(predHeads);
    p->setPen(dense ? hairline(Palette::successor)
                    : QPen(Palette::successor, 2.4, Qt::SolidLine, Qt::RoundCap));
    p->setBrush(Qt::NoBrush);
    p->drawPath(succ);
    p->setPen(Qt::NoPen);
    p->setBrush(Palette::successor);
    p->drawPath(succHeads);
}

void RingPainter::paintFingers(QPainter *p) const {
    const RingSnapshot &ring = *m_ring;
    const bool many = ring.nodes.size() > 24;
    QPainterPath others, othersHeads, sel, selHeads;
    QList<FingerLabel> labels;
    const double gap = m_layout.nodeRadius + 2;
    for (const NodeSnapshot &n : ring.nodes) {
        const bool isSelected = n.address() == m_scene.selected;
        if (!isSelected && !m_scene.allFingers)
            continue;
        if (!n.everSeen || n.health == NodeHealth::Dead)
            continue;
        for (const G::FingerPointer &f :
             G::fingerPointers(n, ring.bits, m_layout.center, m_layout.radius)) {
            const G::Quad chord = G::chord(f.from, f.to, m_layout.center);
            if (isSelected) {
                const G::Quad t = G::trimmed(chord, gap, gap + 1);
                addQuad(&sel, t);
                addArrowHead(&selHeads, t.p2, t.endDirection(), 10);
                const QString label = f.firstFinger == f.lastFinger
                                          ? QString::number(f.firstFinger)
                                          : u"%1–%2"_s.arg(f.firstFinger).arg(f.lastFinger);
                labels.append({chord.at(0.55), label});
            } else {
                const G::Quad t = G::trimmed(chord, gap, gap + 1);
                addQuad(&others, t);
                // Hundreds of pointers: heads would be noise, and cost frame time.
                if (!many)
                    addArrowHead(&othersHeads, t.p2, t.endDirection(), 7);
            }
        }
    }
    // Opaque, pre-blended with the background: solid hairlines take the raster engine's
    // fastest path (translucent ones are blended pixel by pixel).
    const double alpha = many ? 0.3 : 0.4;
    const QColor faint = overBackground(Palette::finger, alpha);
    p->setBrush(Qt::NoBrush);
    p->setPen(hairline(faint));
    // Over a thousand faint pointers at 128 nodes: aliased hairlines are several times
    // cheaper than antialiased ones and look the same at this opacity.
    p->setRenderHint(QPainter::Antialiasing, !many);
    p->drawPath(others);
    p->setRenderHint(QPainter::Antialiasing, true);
    p->setPen(Qt::NoPen);
    p->setBrush(faint);
    p->drawPath(othersHeads);
    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(Palette::finger, 2, Qt::SolidLine, Qt::RoundCap));
    p->drawPath(sel);
    p->setBrush(Palette::finger);
    p->setPen(Qt::NoPen);
    p->drawPath(selHeads);
    paintFingerLabels(p, labels);
}

void RingPainter::paintNodes(QPainter *p) const {
    const RingSnapshot &ring = *m_ring;
    const double nr = m_layout.nodeRadius;
    for (const NodeSnapshot &n : ring.nodes) {
        const QPointF c = at(n.ref.id);
        const double scale = m_scene.appearing.value(n.address(), 1.0);
        const double r = nr * (0.3 + 0.7 * scale);
        const bool isSelected = n.address() == m_scene.selected;
        const bool alone = n.isLive() && n.everSeen && ring.nodes.size() > 1 && n.succ &&
                           n.succ->sameEndpoint(n.ref);
        if (isSelected) {
            QColor glow = Palette::selected;
            glow.setAlphaF(0.25);
            p->setPen(Qt::NoPen);
            p->setBrush(glow);
            p->drawEllipse(c, r + 7, r + 7);
        } else if (n.address() == m_scene.hovered) {
            QColor glow = Palette::successor;
            glow.setAlphaF(0.15);
            p->setPen(Qt::NoPen);
            p->setBrush(glow);
            p->drawEllipse(c, r + 6, r + 6);
        }
        QColor fill = fillFor(n.health);
        if (alone)
            fill = Palette::background;
        QPen border(fill.darker(150), isSelected ? 2.5 : 1.5);
        if (isSelected)
            border.setColor(Palette::selected);
        if (n.health == NodeHealth::Unreachable || alone)
            border.setStyle(Qt::DashLine);
        if (alone)
            border.setColor(Palette::alive);
        p->setPen(border);
        p->setBrush(fill);
        p->drawEllipse(c, r, r);
        if (n.health == NodeHealth::Dead || n.health == NodeHealth::Unreachable) {
            p->setPen(QPen(QColor(0x4b, 0x55, 0x63), 1.6, Qt::SolidLine, Qt::RoundCap));
            const double d = r * 0.5;
            p->drawLine(c + QPointF(-d, -d), c + QPointF(d, d));
            p->drawLine(c + QPointF(-d, d), c + QPointF(d, -d));
        } else if (n.health == NodeHealth::Paused && r >= 6) {
            p->setPen(Qt::NoPen);
            p->setBrush(Qt::white);
            p->drawRect(QRectF(c.x() - r * 0.45, c.y() - r * 0.45, r * 0.3, r * 0.9));
            p->drawRect(QRectF(c.x() + r * 0.15, c.y() - r * 0.45, r * 0.3, r * 0.9));
        }
    }
}

void RingPainter::paintLabels(QPainter *p) const {
    const RingSnapshot &ring = *m_ring;
    const int count = int(ring.nodes.size());
    const bool compact = count > 40;
    QFont nameFont = p->font();
    nameFont.setPointSizeF(compact ? 7.0 : 9.5);
    nameFont.setBold(true);
    QFont idFont = p->font();
    idFont.setPointSizeF(compact ? 6.5 : 8.0);
    const QFontMetricsF nfm(nameFont), ifm(idFont);
    const double offset = m_layout.nodeRadius + (m_scene.showKeys ? 20 : 12);
    for (const NodeSnapshot &n : ring.nodes) {
        const bool emphasised = n.address() == m_scene.selected || n.address() == m_scene.hovered;
        if (compact && !emphasised && count > 96 && (&n - ring.nodes.data()) % 2)
            continue; // every other label at the densest rings; hover shows the rest
        const double a = G::angle(n.ref.id, ring.bits);
        const QString name = n.ref.name;
        const QString id = compact ? QString() : u"id "_s + shortId(n.ref.id);
        const double nameWidth = nfm.horizontalAdvance(name);
        const double idWidth = id.isEmpty() ? 0.0 : ifm.horizontalAdvance(id);
        const double w = qMax(nameWidth, idWidth) + 6;
        const double h = nfm.height() + (id.isEmpty() ? 0 : ifm.height());
        // Push the label's box outwards along the radius until it clears the circle.
        const QPointF dir(std::sin(a), -std::cos(a));
        const QPointF anchor = m_layout.center + dir * (m_layout.radius + offset);
        const QPointF boxCenter = anchor + QPointF(dir.x() * w / 2, dir.y() * h / 2);
        const QRectF box(boxCenter.x() - w / 2, boxCenter.y() - h / 2, w, h);
        const bool grey = n.health == NodeHealth::Dead || n.health == NodeHealth::Unreachable;
        if (emphasised) {
            p->setPen(Qt::NoPen);
            p->setBrush(QColor(0xff, 0xed, 0xd5));
            p->drawRoundedRect(box.adjusted(-3, -1, 3, 1), 4, 4);
        }
        // Point-anchored drawText: no text layout per label, which matters at 128 nodes.
        p->setFont(nameFont);
        p->setPen(grey ? Palette::dead : Palette::text);
        p->drawText(QPointF(box.center().x() - nameWidth / 2, box.top() + nfm.ascent()), name);
        if (!id.isEmpty()) {
            p->setFont(idFont);
            p->setPen(Palette::muted);
            p->drawText(
                QPointF(box.center().x() - idWidth / 2, box.top() + nfm.height() + ifm.ascent()),
                id);
        }
    }
}

void RingPainter::paintLookup(QPainter *p, const QRectF &viewport) const {
    const LookupFrame &f = m_scene.lookup;
    if (!f.active)
        return;
    p->save();
    p->setOpacity(f.opacity);
    paintLookupTarget(p);
    paintLookupHops(p);
    paintLookupEnds(p);
    paintLookupCaption(p, viewport);
    p->restore();
}

void RingPainter::paintLookupTarget(QPainter *p) const {
    // Target id of the lookup: a marker on the rim.
    const Chord::Id id = m_scene.lookup.id;
    const QPointF target = at(id, 24);
    const QPointF targetIn = at(id, 6);
    p->setPen(QPen(Palette::owner.darker(120), 2, Qt::SolidLine, Qt::RoundCap));
    p->drawLine(targetIn, target);
    p->setBrush(Palette::owner);
    p->drawEllipse(target, 4, 4);
}

void RingPainter::paintLookupHops(QPainter *p) const {
    // Requests (initiator -> asked node) as thin dashed chords, answers (the finger the
    // asked node used) as thick green arrows with the hop's milliseconds.
    const LookupFrame &f = m_scene.lookup;
    const double gap = m_layout.nodeRadius + 3;
    const QPointF init = nodePoint(f.initiator.address(), f.initiator.id);
    QFont small = p->font();
    small.setPointSizeF(8);
    small.setBold(true);
    p->setFont(small);
    const QFontMetricsF fm(small);
    for (int i = 0; i < f.answered.size(); ++i) {
        const Chord::Hop &h = f.answered[i];
        const QPointF asked = nodePoint(h.node.address(), h.node.id);
        QPen req(Palette::token, 1.4, Qt::DashLine);
        p->setPen(req);
        p->setBrush(Qt::NoBrush);
        QPainterPath request;
        addQuad(&request, G::trimmed(G::chord(init, asked, m_layout.center, 0.15), gap, gap));
        p->drawPath(request);
        if (h.failed)
            continue;
        const QPointF next = nodePoint(h.next.address(), h.next.id);
        const G::Quad q = G::trimmed(G::chord(asked, next, m_layout.center), gap, gap + 2);
        QPainterPath ans, head;
        addQuad(&ans, q);
        addArrowHead(&head, q.p2, q.endDirection(), 12);
        p->setPen(QPen(Palette::answer, 4, Qt::SolidLine, Qt::RoundCap));
        p->drawPath(ans);
        p->setPen(QPen(Palette::answer, 1));
        p->setBrush(Palette::answer);
        p->drawPath(head);
        paintHopLabel(p, fm, q.at(0.5), u"%1 · %2 ms"_s.arg(i + 1).arg(h.ms, 0, 'f', 2));
    }
}

void RingPainter::paintHopLabel(QPainter *p, const QFontMetricsF &fm, QPointF mid,
                                const QString &label) const {
    const QRectF box(mid.x() - fm.horizontalAdvance(label) / 2 - 5, mid.y() - fm.height() / 2 - 2,
                     fm.horizontalAdvance(label) + 10, fm.height() + 4);
    p->setPen(QPen(Palette::answer, 1));
    p->setBrush(QColor(0xec, 0xfd, 0xf5));
    p->drawRoundedRect(box, 5, 5);
    p->setPen(QColor(0x06, 0x5f, 0x46));
    p->drawText(box, Qt::AlignCenter, label);
}

void RingPainter::paintLookupEnds(QPainter *p) const {
    // The initiator, the owner once reached, and the token on its way.
    const LookupFrame &f = m_scene.lookup;
    const QPointF init = nodePoint(f.initiator.address(), f.initiator.id);
    p->setPen(QPen(Palette::token, 3));
    p->setBrush(Qt::NoBrush);
    p->drawEllipse(init, m_layout.nodeRadius + 6, m_layout.nodeRadius + 6);
    if (f.ownerReached) {
        const QPointF o = nodePoint(f.owner.address(), f.owner.id);
        p->setPen(QPen(Palette::owner, 4));
        p->drawEllipse(o, m_layout.nodeRadius + 8, m_layout.nodeRadius + 8);
    }
    if (!f.tokenVisible)
        return;
    const QPointF a = nodePoint(f.tokenFrom.address(), f.tokenFrom.id);
    const QPointF b = nodePoint(f.tokenTo.address(), f.tokenTo.id);
    const double t = 1 - std::pow(1 - f.tokenProgress, 2); // ease out
    const QPointF pos = G::pointOnChord(a, b, m_layout.center, t, 0.15);
    QColor halo = Palette::token;
    halo.setAlphaF(0.3);
    p->setPen(Qt::NoPen);
    p->setBrush(halo);
    p->drawEllipse(pos, 13, 13);
    p->setPen(QPen(Qt::white, 2));
    p->setBrush(Palette::token);
    p->drawEllipse(pos, 8, 8);
}

QStringList RingPainter::lookupCaption() const {
    // The trace so far, one line per hop.
    const LookupFrame &f = m_scene.lookup;
    QStringList lines;
    const QString what = f.key.isEmpty() ? tr("id %1").arg(f.id)
                                         : tr("key “%1” (id %2)").arg(f.key).arg(shortId(f.id));
    lines << tr("Lookup of %1 from %2").arg(what, f.initiator.name);
    for (int i = 0; i < f.answered.size(); ++i) {
        const Chord::Hop &h = f.answered[i];
        lines << (h.failed ? tr("%1. %2 did not answer").arg(i + 1).arg(h.node.name)
                  : h.done ? tr("%1. %2 → done: owner is %3 (%4 ms)")
                                 .arg(i + 1)
                                 .arg(h.node.name, h.next.name)
                                 .arg(h.ms, 0, 'f', 2)
                           : tr("%1. %2 → closest preceding finger %3 (%4 ms)")
                                 .arg(i + 1)
                                 .arg(h.node.name, h.next.name)
                                 .arg(h.ms, 0, 'f', 2));
    }
    if (f.hopCount == 0 && f.ok)
        lines << tr("answered locally: the successor of the initiator owns it");
    if (f.ownerReached)
        lines << tr("owner %1 · %n hop(s) · %2 ms", nullptr, f.hopCount)
                     .arg(f.owner.name)
                     .arg(f.totalMs, 0, 'f', 2);
    return lines;
}

void RingPainter::paintLookupCaption(QPainter *p, const QRectF &viewport) const {
    // The caption as a card in the top-left corner: the first line, and the owner's, in bold.
    const QStringList lines = lookupCaption();
    const bool ownerLine = m_scene.lookup.ownerReached;
    QFont cf = p->font();
    cf.setPointSizeF(9);
    cf.setBold(false);
    p->setFont(cf);
    const QFontMetricsF cfm(cf);
    double w = 0;
    for (const QString &l : lines)
        w = qMax(w, cfm.horizontalAdvance(l));
    const QRectF card(viewport.left() + 12, viewport.top() + 12, w + 24,
                      lines.size() * cfm.lineSpacing() + 16);
    p->setPen(QPen(Palette::token, 1.2));
    p->setBrush(QColor(255, 255, 255, 235));
    p->drawRoundedRect(card, 8, 8);
    for (int i = 0; i < lines.size(); ++i) {
        QFont lf = cf;
        lf.setBold(i == 0 || (ownerLine && i == lines.size() - 1));
        p->setFont(lf);
        p->setPen(i == 0 ? Palette::text : Palette::muted);
        p->drawText(
            QPointF(card.left() + 12, card.top() + 8 + cfm.ascent() + i * cfm.lineSpacing()),
            lines[i]);
    }
}

void RingPainter::paintTransfers(QPainter *p) const {
    if (m_scene.transfers.isEmpty())
        return;
    QFont f = p->font();
    f.setPointSizeF(8);
    f.setBold(true);
    p->setFont(f);
    for (const KeyTransfer &t : m_scene.transfers) {
        const QPointF a = nodePoint(t.from.address(), t.from.id);
        const QPointF b = nodePoint(t.to.address(), t.to.id);
        if (!t.message.isEmpty()) {
            // A message: a small dot on the straight line, its kind beside it.
            const QPointF pos = a + (b - a) * t.progress;
            p->setPen(Qt::NoPen);
            p->setBrush(Palette::message);
            p->drawEllipse(pos, 3.5, 3.5);
            p->setPen(Palette::message.darker(140));
            p->drawText(pos + QPointF(6, -4), t.message);
            continue;
        }
        const QPointF pos = G::pointOnChord(a, b, m_layout.center, t.progress, 0.6);
        p->setPen(QPen(Palette::key.darker(130), 1));
        p->setBrush(Palette::key);
        p->drawRoundedRect(QRectF(pos.x() - 7, pos.y() - 5, 14, 10), 2, 2);
        p->setPen(Palette::key.darker(150));
        p->drawText(pos + QPointF(10, -6), tr("%n key(s)", nullptr, t.count));
    }
}

void RingPainter::paintTitle(QPainter *p, const QRectF &viewport) const {
    const RingSnapshot &ring = *m_ring;
    QFont f = p->font();
    f.setPointSizeF(11);
    f.setBold(true);
    p->setFont(f);
    p->setPen(Palette::text);
    const QPointF c = m_layout.center;
    if (ring.nodes.isEmpty()) {
        p->drawText(viewport, Qt::AlignCenter, tr("No ring yet: boot one or attach to one"));
        return;
    }
    // (A node that left stays drawn, outside the ring: it is not counted.)
    const QString title = tr("%n node(s)", nullptr, ring.memberCount());
    p->drawText(QRectF(c.x() - 150, c.y() - 22, 300, 22), Qt::AlignCenter, title);
    f.setPointSizeF(8.5);
    f.setBold(false);
    p->setFont(f);
    p->setPen(Palette::muted);
    p->drawText(QRectF(c.x() - 150, c.y(), 300, 18), Qt::AlignCenter,
                tr("m = %1 bits · %n key(s)", nullptr, int(m_scene.keyIds.size())).arg(ring.bits));
    // Which maintenance the ring runs (chord-node --protocol): the original one is flagged.
    const QString &protocol = m_scene.protocol;
    if (protocol.isEmpty())
        return;
    if (protocol != QLatin1String("zave"))
        p->setPen(Palette::cut);
    p->drawText(QRectF(c.x() - 150, c.y() + 16, 300, 18), Qt::AlignCenter,
                protocol == QLatin1String("zave")       ? tr("Zave's corrected protocol")
                : protocol == QLatin1String("original") ? tr("original protocol (2001 paper)")
                                                        : tr("mixed protocols"));
}

void RingPainter::paintLegend(QPainter *p, const QRectF &viewport) const {
    struct Item {
        QString text;
        QColor color;
        int kind; // 0 dot, 1 line, 2 dashed line, 3 tick
    };
    QList<Item> items{
        {tr("alive"), Palette::alive, 0},         {tr("paused"), Palette::paused, 0},
        {tr("leaving"), Palette::leaving, 0},     {tr("unreachable / dead"), Palette::dead, 0},
        {tr("successor"), Palette::successor, 1}, {tr("predecessor"), Palette::predecessor, 2},
        {tr("finger"), Palette::finger, 1},       {tr("key"), Palette::key, 3}};
    // Messages only while some fly.
    if (std::any_of(m_scene.transfers.cbegin(), m_scene.transfers.cend(),
                    [](const KeyTransfer &t) { return !t.message.isEmpty(); }))
        items.append({tr("message"), Palette::message, 0});
    const QList<ImpairedLink> &links = m_scene.impaired;
    if (std::any_of(links.cbegin(), links.cend(), [](const ImpairedLink &l) { return l.cut; }))
        items.append({tr("cut link"), Palette::cut, 2});
    if (std::any_of(links.cbegin(), links.cend(), [](const ImpairedLink &l) { return !l.cut; }))
        items.append({tr("slow / lossy link"), Palette::impaired, 2});
    if (!m_scene.partition.isEmpty())
        items.append({tr("partition group"), Palette::groups[0], 0});
    if (std::any_of(m_ring->nodes.cbegin(), m_ring->nodes.cend(),
                    [](const NodeSnapshot &n) { return n.unavailable && n.isLive(); }))
        items.append({tr("keys without a reachable copy"), Palette::unavailable, 2});
    QFont f = p->font();
    f.setPointSizeF(8);
    f.setBold(false);
    p->setFont(f);
    const QFontMetricsF fm(f);
    double w = 0;
    for (const Item &i : items)
        w = qMax(w, fm.horizontalAdvance(i.text));
    const double lh = fm.height() + 3;
    const QRectF box(viewport.left() + 10, viewport.bottom() - 10 - items.size() * lh - 10, w + 46,
                     items.size() * lh + 10);
    p->setPen(QPen(Palette::circle, 1));
    p->setBrush(QColor(255, 255, 255, 220));
    p->drawRoundedRect(box, 6, 6);
    for (int k = 0; k < items.size(); ++k) {
        const Item &i = items[k];
        const double y = box.top() + 5 + k * lh + lh / 2;
        const double x = box.left() + 10;
        switch (i.kind) {
        case 0:
            p->setPen(QPen(i.color.darker(150), 1));
            p->setBrush(i.color);
            p->drawEllipse(QPointF(x + 8, y), 5, 5);
            break;
        case 1:
        case 2: {
            QPen pen(i.color, 2);
            if (i.kind == 2)
                pen.setStyle(Qt::DashLine);
            p->setPen(pen);
            p->drawLine(QPointF(x, y), QPointF(x + 18, y));
            break;
        }
        default:
            p->setPen(QPen(i.color, 2));
            p->drawLine(QPointF(x + 8, y - 5), QPointF(x + 8, y + 5));
        }
        p->setPen(Palette::text);
        p->drawText(QRectF(x + 26, y - lh / 2, w + 10, lh), Qt::AlignVCenter | Qt::AlignLeft,
                    i.text);
    }
}

} // namespace ChordLab
