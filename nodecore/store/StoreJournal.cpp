#include "StoreJournal.h"

#include <QDataStream>
#include <QDir>
#include <QSaveFile>
#include <QtEndian>

#include <unistd.h>

namespace Chord {

namespace {
constexpr quint8 OpPut = 1;
constexpr quint8 OpErase = 2;
constexpr quint32 Magic = 0x43484a31; // "CHJ1"

// A record as QDataStream (big-endian, Qt 6) writes it, which is how decodeAll reads it back:
//   magic u32 | payload size u32 | qChecksum(payload) u32 | payload
//   payload: op u8 | key: QString | value: QByteArray | version u64 | deleted u8
// where a QString is its UTF-16 byte count u32 and the UTF-16BE code units, a QByteArray its
// size u32 and the bytes, and either is 0xffffffff alone when null. Encoded by hand into a
// buffer the caller reuses: QDataStream needs a QBuffer and fresh arrays for every record.
constexpr quint32 NullMarker = 0xffffffff;
constexpr qsizetype HeaderSize = 12;
// A buffer that grew past this for one large value is released after the write instead of
// being kept at that size for the node's lifetime.
constexpr qsizetype KeptRecordCapacity = 64 * 1024;

template <typename T> void appendBigEndian(QByteArray &out, T value) {
    const T bigEndian = qToBigEndian(value);
    out.append(reinterpret_cast<const char *>(&bigEndian), sizeof bigEndian);
}

void appendString(QByteArray &out, const QString &text) {
    if (text.isNull()) {
        appendBigEndian(out, NullMarker);
        return;
    }
    const qsizetype bytes = text.size() * qsizetype(sizeof(char16_t));
    appendBigEndian(out, quint32(bytes));
    const qsizetype at = out.size();
    out.resize(at + bytes);
    qToBigEndian<char16_t>(text.constData(), text.size(), out.data() + at);
}

void appendBytes(QByteArray &out, const QByteArray &bytes) {
    if (bytes.isNull()) {
        appendBigEndian(out, NullMarker);
        return;
    }
    appendBigEndian(out, quint32(bytes.size()));
    out.append(bytes.constData(), bytes.size());
}

// Replaces the contents of `out` with the framed record, reusing its capacity.
void encode(quint8 op, const Item &item, QByteArray &out) {
    out.reserve(HeaderSize + 1 + 4 + item.key.size() * qsizetype(sizeof(char16_t)) + 4 +
                item.value.size() + 8 + 1);
    out.resize(HeaderSize); // filled in below, once the payload's size and checksum are known
    appendBigEndian(out, op);
    appendString(out, item.key);
    appendBytes(out, item.value);
    appendBigEndian(out, item.version);
    appendBigEndian(out, quint8(item.deleted));
    const QByteArrayView payload = QByteArrayView(out).sliced(HeaderSize);
    const quint32 size = quint32(payload.size());
    const quint32 sum = qChecksum(payload);
    char *header = out.data();
    qToBigEndian(Magic, header);
    qToBigEndian(size, header + 4);
    qToBigEndian(sum, header + 8);
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

void StoreJournal::writeTo(QFileDevice &file, quint8 op, const Item &item) {
    encode(op, item, m_record);
    file.write(m_record);
    if (m_record.capacity() > KeptRecordCapacity)
        m_record = QByteArray();
}

void StoreJournal::writeRecord(quint8 op, const Item &item) {
    writeTo(m_log, op, item);
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
        writeTo(snapshot, OpPut, item);
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
