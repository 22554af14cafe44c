#pragma once

#include "RingHealth.h"

#include <QList>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace ChordLab {

// Bars of how many recent lookups took 0, 1, 2, ... hops, with the mean Chord promises
// (1/2 log2 N) drawn as a dashed line next to the measured mean.
class HopHistogram : public QWidget {
    Q_OBJECT

public:
    explicit HopHistogram(QWidget *parent = nullptr);
    void addLookup(int hops);
    // The hop counts to show instead (a moment of a recording), newest last.
    void setLookups(const QList<int> &hops);
    void setNodeCount(int nodes);
    const QList<int> &recent() const { return m_recent; }
    double measuredMean() const;
    QSize sizeHint() const override { return {260, 150}; }
    QSize minimumSizeHint() const override { return {180, 110}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<int> m_recent; // newest last, bounded
    int m_nodes = 0;
};

// Ring health at a glance: the invariant checks, live, and the hop histogram.
class HealthPanel : public QWidget {
    Q_OBJECT

public:
    explicit HealthPanel(QWidget *parent = nullptr);
    void setSnapshot(const RingSnapshot &ring);
    // The moment the checks are of: empty for live, or a time of a recording ("12:03:04").
    void setMoment(const QString &moment);
    HopHistogram *histogram() const { return m_histogram; }
    // The checks alone, without the hop histogram (a window that runs no lookups).
    void setHistogramShown(bool shown);
    const QList<HealthCheck> &checks() const { return m_checks; }
    void retranslate();

private:
    void showChecks();

    QList<QLabel *> m_checkLabels;
    QLabel *m_title;
    QString m_moment;
    QLabel *m_histTitle;
    HopHistogram *m_histogram;
    QList<HealthCheck> m_checks;
    RingSnapshot m_ring;
};

} // namespace ChordLab
