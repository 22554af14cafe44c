#include "BootDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

namespace ChordLab {

using namespace Qt::StringLiterals;

BootDialog::BootDialog(const BootOptions &o, QWidget *parent)
    : QDialog(parent)
    , m_host(o.host) {
    setObjectName(u"bootDialog"_s);
    setWindowTitle(tr("Boot a local ring"));
    auto *form = new QFormLayout(this);
    auto spin = [this](int lo, int hi, int value, const QString &suffix = {}) {
        auto *s = new QSpinBox(this);
        s->setRange(lo, hi);
        s->setValue(value);
        s->setSuffix(suffix);
        return s;
    };
    m_nodes = spin(1, 128, o.nodes);
    m_basePort = spin(0, 65000, o.basePort);
    m_basePort->setSpecialValueText(tr("any free port"));
    m_bits = spin(3, 64, o.bits);
    m_replicas = spin(1, 8, o.replicas);
    m_stabilize = spin(50, 10000, o.stabilizeMs, tr(" ms"));
    m_stabilize->setSingleStep(50);
    form->addRow(tr("Nodes:"), m_nodes);
    form->addRow(tr("First port:"), m_basePort);
    form->addRow(tr("Identifier bits (m):"), m_bits);
    form->addRow(tr("Replicas:"), m_replicas);
    form->addRow(tr("Stabilize period:"), m_stabilize);
    m_protocol = new QComboBox(this);
    m_protocol->setObjectName(u"protocol"_s);
    m_protocol->addItem(tr("Zave's corrected maintenance"), u"zave"_s);
    m_protocol->addItem(tr("The original protocol (SIGCOMM 2001)"), u"original"_s);
    m_protocol->setCurrentIndex(qMax(0, m_protocol->findData(o.protocol)));
    form->addRow(tr("Protocol:"), m_protocol);
    auto *hint = new QLabel(tr("The nodes running now are stopped first. Small m (6 or 8) gives "
                               "ids you can check by hand."),
                            this);
    hint->setWordWrap(true);
    form->addRow(hint);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

BootOptions BootDialog::options() const {
    BootOptions o;
    o.nodes = m_nodes->value();
    o.basePort = quint16(m_basePort->value());
    o.bits = m_bits->value();
    o.replicas = m_replicas->value();
    o.stabilizeMs = m_stabilize->value();
    o.protocol = m_protocol->currentData().toString();
    o.host = m_host;
    return o;
}

} // namespace ChordLab
