#pragma once

#include <QWidget>

namespace ChordLab {

class Replay;

// The strip under the ring: how many events fell in each slice of the recorded time (a
// histogram), a mark for each join, leave, crash, pause and resume, and the cursor. Click or
// drag to move the cursor; the wheel steps event by event.
class TimelineWidget : public QWidget {
    Q_OBJECT

public:
    explicit TimelineWidget(Replay *replay, QWidget *parent = nullptr);

    QSize sizeHint() const override { return {600, 64}; }
    QSize minimumSizeHint() const override { return {200, 48}; }
    // The time at x, and the x of a time, over the history's span.
    qint64 timeAt(int x) const;
    int xOf(qint64 atMs) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool event(QEvent *event) override;

private:
    static constexpr int Margin = 6;
    static constexpr int MarkerHeight = 12;

    Replay *m_replay;
};

} // namespace ChordLab
