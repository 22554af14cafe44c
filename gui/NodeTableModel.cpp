#include "NodeTableModel.h"

#include <QBrush>
#include <QColor>

namespace ChordLab {

NodeTableModel::NodeTableModel(QObject *parent)
    : QAbstractTableModel(parent) {}

QString NodeTableModel::healthName(NodeHealth h) {
    switch (h) {
    case NodeHealth::Starting:
        return tr("starting");
    case NodeHealth::Alive:
        return tr("alive");
    case NodeHealth::Paused:
        return tr("paused");
    case NodeHealth::Leaving:
        return tr("leaving");
    case NodeHealth::Unreachable:
        return tr("unreachable");
    case NodeHealth::Dead:
        return tr("dead");
    }
    return {};
}

void NodeTableModel::setSnapshot(const RingSnapshot &next) {
    // Remove rows whose node is gone, then insert new ones, then report changes: the
    // snapshot is ordered by id, so each step keeps the remaining rows in order.
    for (int row = int(m_snapshot.nodes.size()) - 1; row >= 0; --row) {
        if (next.indexOf(m_snapshot.nodes[row].address()) < 0 ||
            next.nodes[next.indexOf(m_snapshot.nodes[row].address())].ref.id !=
                m_snapshot.nodes[row].ref.id) {
            beginRemoveRows({}, row, row);
            m_snapshot.nodes.removeAt(row);
            endRemoveRows();
        }
    }
    for (int row = 0; row < next.nodes.size(); ++row) {
        const NodeSnapshot &n = next.nodes[row];
        if (row < m_snapshot.nodes.size() && m_snapshot.nodes[row].address() == n.address())
            continue;
        beginInsertRows({}, row, row);
        m_snapshot.nodes.insert(row, n);
        endInsertRows();
    }
    m_snapshot.bits = next.bits;
    m_snapshot.nodes = next.nodes; // same addresses in the same order now: only values differ
    if (!m_snapshot.nodes.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int NodeTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_snapshot.nodes.size());
}

int NodeTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NodeTableModel::display(const NodeSnapshot &n, int column) const {
    auto refText = [](const Chord::OptionalNode &r) {
        return r ? QStringLiteral("%1 (%2)").arg(r->name).arg(r->id) : QStringLiteral("—");
    };
    switch (column) {
    case Name:
        return n.ref.name;
    case Address:
        return n.address();
    case Id:
        return QString::number(n.ref.id);
    case Pred:
        return refText(n.pred);
    case Succ:
        return refText(n.succ);
    case Primary:
        return n.primaryKeys;
    case Replica:
        return n.replicaKeys;
    case State:
        return healthName(n.health);
    case Pid:
        return n.pid ? QVariant(n.pid) : QVariant(QStringLiteral("—"));
    default:
        return {};
    }
}

QVariant NodeTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NodeSnapshot &n = m_snapshot.nodes[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return display(n, index.column());
    case AddressRole:
        return n.address();
    case HealthRole:
        return int(n.health);
    case Qt::ForegroundRole:
        if (n.health == NodeHealth::Dead || n.health == NodeHealth::Unreachable)
            return QBrush(QColor(0x9c, 0xa3, 0xaf));
        if (n.health == NodeHealth::Paused && index.column() == State)
            return QBrush(QColor(0xb4, 0x53, 0x09));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Primary || index.column() == Replica || index.column() == Pid ||
            index.column() == Id)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        return n.address();
    default:
        return {};
    }
}

QVariant NodeTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Name");
    case Address:
        return tr("Address");
    case Id:
        return tr("Id");
    case Pred:
        return tr("Predecessor");
    case Succ:
        return tr("Successor");
    case Primary:
        return tr("Primary");
    case Replica:
        return tr("Replica");
    case State:
        return tr("State");
    case Pid:
        return tr("PID");
    default:
        return {};
    }
}

void NodeTableModel::retranslate() {
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_snapshot.nodes.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace ChordLab
