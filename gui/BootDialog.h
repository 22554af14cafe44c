#pragma once

#include "LocalCluster.h"

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace ChordLab {

// Asks for the parameters of a local ring: nodes, ports, bits, replicas, stabilize period,
// protocol.
class BootDialog : public QDialog {
    Q_OBJECT

public:
    explicit BootDialog(const BootOptions &initial, QWidget *parent = nullptr);
    BootOptions options() const;

private:
    QSpinBox *m_nodes;
    QSpinBox *m_basePort;
    QSpinBox *m_bits;
    QSpinBox *m_replicas;
    QSpinBox *m_stabilize;
    QComboBox *m_protocol;
    QString m_host;
};

} // namespace ChordLab
