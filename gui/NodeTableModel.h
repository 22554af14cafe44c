#pragma once

#include "RingSnapshot.h"

#include <QAbstractTableModel>

namespace ChordLab {

// The ring as a table, one row per node in id order. Rows are inserted and removed with the
// proper begin/end brackets when nodes come and go, and changed cells are reported, so views
// keep their selection while the ring lives.
class NodeTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, Address, Id, Pred, Succ, Primary, Replica, State, Pid, ColumnCount };
    enum Role { AddressRole = Qt::UserRole + 1, HealthRole };

    explicit NodeTableModel(QObject *parent = nullptr);

    void setSnapshot(const RingSnapshot &snapshot);
    const RingSnapshot &snapshot() const { return m_snapshot; }
    int rowOf(const QString &address) const { return m_snapshot.indexOf(address); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString healthName(NodeHealth health);
    // Re-announces headers and text after a language switch.
    void retranslate();

private:
    QVariant display(const NodeSnapshot &n, int column) const;

    RingSnapshot m_snapshot;
};

} // namespace ChordLab
