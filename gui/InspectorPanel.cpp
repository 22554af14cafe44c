#include "InspectorPanel.h"

#include "NodeTableModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ChordLab {

using namespace Qt::StringLiterals;

InspectorPanel::InspectorPanel(QWidget *parent)
    : QWidget(parent) {
    setObjectName(u"inspector"_s);
    auto *layout = new QVBoxLayout(this);
    m_header = new QLabel(this);
    m_header->setObjectName(u"inspectorHeader"_s);
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    layout->addWidget(m_header);
    m_fingersTitle = new QLabel(this);
    m_fingersTitle->setStyleSheet(u"font-weight: bold"_s);
    layout->addWidget(m_fingersTitle);
    m_fingers = new QTableWidget(0, 4, this);
    m_fingers->setObjectName(u"fingerTable"_s);
    m_fingers->verticalHeader()->hide();
    m_fingers->horizontalHeader()->setStretchLastSection(true);
    m_fingers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_fingers->setSelectionMode(QAbstractItemView::NoSelection);
    m_fingers->verticalHeader()->setDefaultSectionSize(20);
    m_fingers->setMinimumHeight(180);
    layout->addWidget(m_fingers, 1);
    m_successorsTitle = new QLabel(this);
    m_successorsTitle->setStyleSheet(u"font-weight: bold"_s);
    layout->addWidget(m_successorsTitle);
    m_successors = new QListWidget(this);
    m_successors->setObjectName(u"successorList"_s);
    m_successors->setMaximumHeight(96);
    layout->addWidget(m_successors);
    m_keysTitle = new QLabel(this);
    m_keysTitle->setStyleSheet(u"font-weight: bold"_s);
    layout->addWidget(m_keysTitle);
    m_keys = new QListWidget(this);
    m_keys->setObjectName(u"keyList"_s);
    m_keys->setMaximumHeight(120);
    layout->addWidget(m_keys);
    retranslate();
}

void InspectorPanel::retranslate() {
    m_fingers->setHorizontalHeaderLabels({tr("i"), tr("start"), tr("interval"), tr("successor")});
    m_successorsTitle->setText(tr("Successor list"));
    fill();
}

void InspectorPanel::setNode(const NodeSnapshot *node, int bits) {
    m_bits = bits;
    if (node)
        m_node = *node;
    else
        m_node.reset();
    fill();
}

void InspectorPanel::fill() {
    if (!m_node) {
        m_header->setText(tr("<i>Select a node on the ring or in the table.</i>"));
        m_fingersTitle->setText(tr("Finger table"));
        m_keysTitle->setText(tr("Keys held"));
        m_fingers->setRowCount(0);
        m_successors->clear();
        m_keys->clear();
        return;
    }
    const NodeSnapshot &n = *m_node;
    QString header = tr("<b>%1</b> · %2<br>id <b>%3</b> of 2<sup>%4</sup> · %5 · up %6 s")
                         .arg(n.ref.name.toHtmlEscaped(), n.address())
                         .arg(n.ref.id)
                         .arg(m_bits)
                         .arg(NodeTableModel::healthName(n.health))
                         .arg(n.uptimeMs / 1000);
    if (n.unavailable)
        header += u"<br><span style='color:#991b1b'>"_s +
                  tr("No reachable copy of the ids in (%1, %2]: its keys answer 503 until the "
                     "nodes that held them come back")
                      .arg(n.unavailable->from)
                      .arg(n.unavailable->to) +
                  u"</span>"_s;
    // What it vouches for: a student sees the r arcs a node keeps, and the moment after a
    // takeover or a pause when it keeps none it can answer for.
    if (n.copiesFrom)
        header += u"<br>"_s + tr("Holds every acknowledged write of (%1, %2]: its arc and its "
                                 "predecessors' as their replica")
                                  .arg(*n.copiesFrom)
                                  .arg(n.ref.id);
    else if (n.health == NodeHealth::Alive && !n.left)
        header += u"<br><span style='color:#92400e'>"_s +
                  tr("Vouches for no copies now (joining, taking an arc over or back from a "
                     "pause): reads it owns wait until its replicas confirm them") +
                  u"</span>"_s;
    m_header->setText(header);
    m_fingersTitle->setText(tr("Finger table (m = %1)").arg(m_bits));
    m_fingers->setRowCount(int(n.fingers.size()));
    for (int r = 0; r < n.fingers.size(); ++r) {
        const FingerEntry &f = n.fingers[r];
        const QStringList cells{QString::number(f.i), QString::number(f.start),
                                u"[%1, %2)"_s.arg(f.start).arg(f.end),
                                u"%1 (%2)"_s.arg(f.node.name).arg(f.node.id)};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = m_fingers->item(r, c);
            if (!item) {
                item = new QTableWidgetItem;
                m_fingers->setItem(r, c, item);
            }
            item->setText(cells[c]);
            item->setTextAlignment(c < 2 ? (Qt::AlignRight | Qt::AlignVCenter)
                                         : (Qt::AlignLeft | Qt::AlignVCenter));
        }
    }
    m_fingers->resizeColumnsToContents();
    m_successors->clear();
    for (int i = 0; i < n.successors.size(); ++i)
        m_successors->addItem(u"%1. %2 (%3) · %4"_s.arg(i + 1)
                                  .arg(n.successors[i].name)
                                  .arg(n.successors[i].id)
                                  .arg(n.successors[i].address()));
    m_keysTitle->setText(
        tr("Keys held: %1 primary, %2 replica").arg(n.primaryKeys).arg(n.replicaKeys));
    const QStringList current = [this] {
        QStringList l;
        for (int i = 0; i < m_keys->count(); ++i)
            l << m_keys->item(i)->text();
        return l;
    }();
    if (current != n.keys) {
        m_keys->clear();
        m_keys->addItems(n.keys);
    }
}

} // namespace ChordLab
