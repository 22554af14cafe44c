#pragma once

#include "Item.h"

#include <QFile>
#include <QList>
#include <QString>

#include <memory>

namespace Chord {

// Crash-safe persistence of one node's store under --data-dir: a snapshot file plus a
// write-ahead log of every change since. Records are length-prefixed and checksummed, so a
// write torn by a crash is detected and dropped on recovery (the tail after it is cut off).
// Snapshots are written to a temporary file, flushed and renamed over the old one.
class StoreJournal {
public:
    static std::unique_ptr<StoreJournal> open(const QString &directory, QString *error);

    // Everything the snapshot and the log hold, newest copy per key last.
    QList<Item> recover(QString *warning = nullptr);
    void append(const Item &item);
    void appendErase(const QString &key);
    // Makes the appended records durable (fdatasync); called once per batch of changes.
    void sync();
    // Rewrites the snapshot from the full store and empties the log.
    bool compact(const QList<Item> &all);
    qint64 recordsSinceSnapshot() const { return m_records; }

private:
    explicit StoreJournal(QString directory);
    void writeRecord(quint8 op, const Item &item);

    QString m_dir;
    QFile m_log;
    qint64 m_records = 0;
    bool m_dirty = false;
};

} // namespace Chord
