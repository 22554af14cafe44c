#include "StoreJournal.h"

#include <QDataStream>
#include <QDir>
#include <QSaveFile>

#include <unistd.h>

namespace Chord {

namespace {
constexpr quint8 OpPut = 1;
constexpr quint8 OpErase = 2;
constexpr quint32 Magic = 0x43484a31; // "CHJ1"

QByteArray encode(quint8 op, const Item &item) {
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out << op << item.key << item.value << item.version << item.deleted;
    QByteArray record;
    QDataStream frame(&record, QIODevice::WriteOnly);
    frame << Magic << quint32(payload.size()) << quint32(qChecksum(payload));
    record.append(payload);
    return record;
}

// Reads records until the end or the first damaged one; returns how many bytes were good.
qint64 decodeAll(const QByteArray &bytes, QHash<QString, Item> &items, QStringList &order) {
    qint64 pos = 0;
    while (pos + 12 <= bytes.size()) {
        QDataStream header(bytes.mid(pos, 12));
        quint32 magic = 0, size = 0, sum = 0;
        header >> magic >> size >> sum;
        if (magic != Magic || qint64(size) > bytes.size() - pos - 12)
            break;
        const QByteArray payload = bytes.mid(pos + 12, size);
        if (quint32(qChecksum(payload)) != sum)
            break;
        QDataStream in(payload);
        quint8 op = 0;
        Item item;
        in >> op >> item.key >> item.value >> item.version >> item.deleted;
        if (in.status() != QDataStream::Ok)
            break;
        if (op == OpErase) {
            items.remove(item.key);
        } else {
            if (!items.contains(item.key))
                order.append(item.key);
            items.insert(item.key, item);
        }
        pos += 12 + size;
    }
    return pos;
}
} // namespace

StoreJournal::StoreJournal(QString directory)
    : m_dir(std::move(directory))
    , m_log(QDir(m_dir).filePath(QStringLiteral("journal.log"))) {}

std::unique_ptr<StoreJournal> StoreJournal::open(const QString &directory, QString *error) {
    if (!QDir().mkpath(directory)) {
        *error = QStringLiteral("cannot create data directory %1").arg(directory);
        return nullptr;
    }
    std::unique_ptr<StoreJournal> j(new StoreJournal(directory));
    if (!j->m_log.open(QIODevice::ReadWrite)) {
        *error =
            QStringLiteral("cannot open %1: %2").arg(j->m_log.fileName(), j->m_log.errorString());
        return nullptr;
    }
    return j;
}

QList<Item> StoreJournal::recover(QString *warning) {
    QHash<QString, Item> items;
    QStringList order;
    QFile snapshot(QDir(m_dir).filePath(QStringLiteral("snapshot.bin")));
    if (snapshot.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = snapshot.readAll();
        if (decodeAll(bytes, items, order) != bytes.size() && warning)
            *warning = QStringLiteral("snapshot damaged; recovered what preceded the damage");
    }
    m_log.seek(0);
    const QByteArray log = m_log.readAll();
    const qint64 good = decodeAll(log, items, order);
    if (good != log.size()) {
        // A torn last write: cut it off so new records follow good ones.
        m_log.resize(good);
        if (warning)
            *warning =
                QStringLiteral("dropped %1 bytes of a torn journal record").arg(log.size() - good);
    }
    m_log.seek(m_log.size());
    m_records = 0;
    QList<Item> out;
    for (const QString &key : order) {
        if (items.contains(key))
            out.append(items.value(key));
    }
    return out;
}

void StoreJournal::writeRecord(quint8 op, const Item &item) {
    m_log.write(encode(op, item));
    ++m_records;
    m_dirty = true;
}

void StoreJournal::append(const Item &item) {
    writeRecord(OpPut, item);
}

void StoreJournal::appendErase(const QString &key) {
    writeRecord(OpErase, Item{key, 0, {}, 0, false});
}

void StoreJournal::sync() {
    if (!m_dirty)
        return;
    m_log.flush();
    ::fdatasync(m_log.handle());
    m_dirty = false;
}

bool StoreJournal::compact(const QList<Item> &all) {
    QSaveFile snapshot(QDir(m_dir).filePath(QStringLiteral("snapshot.bin")));
    if (!snapshot.open(QIODevice::WriteOnly))
        return false;
    for (const Item &item : all)
        snapshot.write(encode(OpPut, item));
    snapshot.flush();
    ::fdatasync(snapshot.handle());
    if (!snapshot.commit()) // atomic rename over the old snapshot
        return false;
    m_log.resize(0);
    m_log.seek(0);
    ::fdatasync(m_log.handle());
    m_records = 0;
    m_dirty = false;
    return true;
}

} // namespace Chord
