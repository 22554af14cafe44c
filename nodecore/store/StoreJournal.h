#pragma once

#include "Item.h"

#include <QByteArray>
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
    // Encodes one record into m_record and writes it to the log or a snapshot.
    void writeTo(QFileDevice &file, quint8 op, const Item &item);
    void writeRecord(quint8 op, const Item &item);

    QString m_dir;
    QFile m_log;
    // Every record is encoded here before it is written, so that appending allocates nothing
    // once the buffer has grown to a record's size. Fresh buffers per record left their freed
    // blocks between the store's per-key blocks: ~10 MB of gaps for 100,000 keys of 100 B.
    QByteArray m_record;
    qint64 m_records = 0;
    bool m_dirty = false;
};

} // namespace Chord
