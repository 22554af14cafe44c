#include "HealthPanel.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {
constexpr int HistoryLength = 200;
}

HopHistogram::HopHistogram(QWidget *parent)
    : QWidget(parent) {
    setObjectName(u"hopHistogram"_s);
}

void HopHistogram::addLookup(int hops) {
    m_recent.append(hops);
    if (m_recent.size() > HistoryLength)
        m_recent.removeFirst();
    update();
}

void HopHistogram::setLookups(const QList<int> &hops) {
    m_recent = hops.mid(std::max<qsizetype>(0, hops.size() - HistoryLength));
    update();
}

void HopHistogram::setNodeCount(int nodes) {
    if (nodes != m_nodes) {
        m_nodes = nodes;
        update();
    }
}

double HopHistogram::measuredMean() const {
    return m_recent.isEmpty()
               ? 0.0
               : std::accumulate(m_recent.begin(), m_recent.end(), 0.0) / double(m_recent.size());
}

void HopHistogram::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(28, 8, -8, -34);
    p.fillRect(rect(), palette().base());
    const int maxHops =
        std::max({6, m_recent.isEmpty() ? 0 : *std::max_element(m_recent.begin(), m_recent.end()),
                  int(std::ceil(std::log2(std::max(2, m_nodes))))});
    QList<int> counts(maxHops + 1, 0);
    for (int h : m_recent)
        ++counts[qMin(h, maxHops)];
    const int top = std::max(1, *std::max_element(counts.begin(), counts.end()));
    const double bw = area.width() / counts.size();
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(area.bottomLeft(), area.bottomRight());
    QFont f = font();
    f.setPointSizeF(7.5);
    p.setFont(f);
    for (int i = 0; i < counts.size(); ++i) {
        const double h = area.height() * counts[i] / top;
        const QRectF bar(area.left() + i * bw + 2, area.bottom() - h, bw - 4, h);
        p.fillRect(bar, QColor(0x3b, 0x82, 0xf6));
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRectF(area.left() + i * bw, area.bottom() + 1, bw, 12), Qt::AlignCenter,
                   QString::number(i));
        if (counts[i])
            p.drawText(QRectF(bar.left(), bar.top() - 12, bar.width(), 12), Qt::AlignCenter,
                       QString::number(counts[i]));
    }
    auto xFor = [&](double hops) {
        return area.left() + (hops + 0.5) * bw;
    };
    const double expected = RingHealth::expectedMeanHops(m_nodes);
    QPen dashed(QColor(0xea, 0x58, 0x0c), 2, Qt::DashLine);
    p.setPen(dashed);
    p.drawLine(QPointF(xFor(expected), area.top()), QPointF(xFor(expected), area.bottom()));
    if (!m_recent.isEmpty()) {
        p.setPen(QPen(QColor(0x10, 0xb9, 0x81), 2));
        p.drawLine(QPointF(xFor(measuredMean()), area.top()),
                   QPointF(xFor(measuredMean()), area.bottom()));
    }
    p.setPen(palette().color(QPalette::Text));
    const QString legend =
        tr("hops · ½ log₂ N = %1 (dashed) · mean %2 of %n lookup(s)", nullptr, int(m_recent.size()))
            .arg(expected, 0, 'f', 2)
            .arg(measuredMean(), 0, 'f', 2);
    p.drawText(QRectF(0, area.bottom() + 14, width(), 16), Qt::AlignCenter, legend);
}

HealthPanel::HealthPanel(QWidget *parent)
    : QWidget(parent) {
    setObjectName(u"healthPanel"_s);
    auto *layout = new QVBoxLayout(this);
    m_title = new QLabel(this);
    m_title->setStyleSheet(u"font-weight: bold"_s);
    layout->addWidget(m_title);
    for (int i = 0; i < 4; ++i) {
        auto *l = new QLabel(this);
        l->setWordWrap(true);
        l->setTextFormat(Qt::RichText);
        m_checkLabels.append(l);
        layout->addWidget(l);
    }
    m_histTitle = new QLabel(this);
    m_histTitle->setStyleSheet(u"font-weight: bold"_s);
    layout->addWidget(m_histTitle);
    m_histogram = new HopHistogram(this);
    layout->addWidget(m_histogram, 1);
    retranslate();
}

void HealthPanel::setHistogramShown(bool shown) {
    m_histTitle->setVisible(shown);
    m_histogram->setVisible(shown);
}

void HealthPanel::retranslate() {
    m_title->setText(m_moment.isEmpty() ? tr("Ring invariants (live)")
                                        : tr("Ring invariants (at %1)").arg(m_moment));
    m_histTitle->setText(tr("Hops of recent lookups"));
    setSnapshot(m_ring);
    m_histogram->update();
}

void HealthPanel::setMoment(const QString &moment) {
    if (moment == m_moment)
        return;
    m_moment = moment;
    retranslate();
}

void HealthPanel::setSnapshot(const RingSnapshot &ring) {
    m_ring = ring;
    m_checks = RingHealth::check(ring);
    m_histogram->setNodeCount(ring.liveCount());
    showChecks();
}

void HealthPanel::showChecks() {
    for (int i = 0; i < m_checkLabels.size() && i < m_checks.size(); ++i) {
        const HealthCheck &c = m_checks[i];
        const QString mark = c.ok ? u"<span style='color:#16a34a'>✔</span>"_s
                                  : u"<span style='color:#dc2626'>✘</span>"_s;
        m_checkLabels[i]->setText(mark + u" "_s + c.name.toHtmlEscaped() +
                                  (c.ok ? QString()
                                        : u"<br><small style='color:#6b7280'>"_s +
                                              c.detail.toHtmlEscaped() + u"</small>"_s));
    }
}

} // namespace ChordLab
