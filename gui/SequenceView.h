#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;

namespace ChordLab {

class History;
class Replay;
class SequenceChart;

// The exchange between nodes as a sequence chart (Wireshark's flow graph is the model): one
// lane per node in ring order, time going down, one row per node-to-node message, lookup hop
// or hand-off, drawn as an arrow from the sender's lane to the receiver's with what it was.
// It shows the events of a window ending at the timeline's cursor (live: now); clicking a row
// of a client operation (a lookup, read or write, by its op id) shows that operation alone.
class SequenceView : public QWidget {
    Q_OBJECT

public:
    static constexpr int MaxRows = 400;

    struct Row {
        qint64 atMs = 0;
        QString from; // node names
        QString to;
        QString label;
        QString op;
        bool failed = false;
    };

    explicit SequenceView(Replay *replay, QWidget *parent = nullptr);

    // The rows of the events in (atMs - windowMs, atMs], oldest first, the newest MaxRows;
    // with an op, only that operation's (at any time up to atMs).
    static QList<Row> rowsOf(const History &history, qint64 atMs, qint64 windowMs,
                             const QString &op);

    const QList<Row> &rows() const;
    QStringList lanes() const;
    void setWindowMs(qint64 windowMs);
    void setOperation(const QString &op);
    QString operation() const { return m_op; }
    void retranslate();

private:
    void scheduleRebuild();
    void rebuild();

    Replay *m_replay;
    SequenceChart *m_chart;
    QScrollArea *m_scroll;
    QComboBox *m_window;
    QLabel *m_opLabel;
    QPushButton *m_allOps;
    qint64 m_windowMs = 10000;
    QString m_op;
    bool m_rebuildPending = false;
};

} // namespace ChordLab
