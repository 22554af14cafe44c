#pragma once

#include "RingSnapshot.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QTableWidget;

namespace ChordLab {

// The selected node as the Chord paper tabulates it: finger i, start = n + 2^i, the interval
// [start, next start), and the successor of start; then its successor list and its keys.
class InspectorPanel : public QWidget {
    Q_OBJECT

public:
    explicit InspectorPanel(QWidget *parent = nullptr);

    void setNode(const NodeSnapshot *node, int bits);
    void retranslate();

private:
    void fill();

    QLabel *m_header;
    QLabel *m_fingersTitle;
    QLabel *m_successorsTitle;
    QLabel *m_keysTitle;
    QTableWidget *m_fingers;
    QListWidget *m_successors;
    QListWidget *m_keys;
    std::optional<NodeSnapshot> m_node;
    int m_bits = 64;
};

} // namespace ChordLab
