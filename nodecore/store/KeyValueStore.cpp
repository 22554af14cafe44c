#include "KeyValueStore.h"

#include <QCryptographicHash>
#include <QDateTime>

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>

namespace Chord {

KeyValueStore::KeyValueStore(IdSpace space)
    : m_space(space)
    , m_wallClock([] { return QDateTime::currentMSecsSinceEpoch(); }) {}

KeyValueStore::~KeyValueStore() = default;

KeyValueStore::RecordPtr KeyValueStore::makeRecord(const Record &fields, QByteArrayView key,
                                                   QByteArrayView value) {
    static_assert(std::is_trivially_destructible_v<Record>);
    Q_ASSERT(key.size() <= qsizetype(std::numeric_limits<quint32>::max()));
    void *block = ::operator new(sizeof(Record) + size_t(key.size()) + size_t(value.size()));
    Record *record = new (block) Record(fields);
    record->keySize = quint32(key.size());
    record->valueSize = value.size();
    char *bytes = static_cast<char *>(block) + sizeof(Record);
    if (!key.isEmpty())
        memcpy(bytes, key.data(), size_t(key.size()));
    if (!value.isEmpty())
        memcpy(bytes + key.size(), value.data(), size_t(value.size()));
    return RecordPtr(record);
}

void KeyValueStore::RecordFree::operator()(Record *record) const {
    ::operator delete(static_cast<void *>(record)); // trivially destructible: nothing else
}

Item KeyValueStore::toItem(const Record &record, QString key) {
    const QByteArrayView value = record.value();
    return Item{std::move(key), record.id, value.isEmpty() ? QByteArray() : value.toByteArray(),
                record.version, record.deleted};
}

Item KeyValueStore::toItem(const Record &record) {
    return toItem(record, QString::fromUtf8(record.key()));
}

void KeyValueStore::put(Records::iterator at, RecordPtr record) {
    if (at == m_items.end()) {
        contentChanged(nullptr, record.get());
        m_items.insert(std::move(record));
        return;
    }
    contentChanged(at->get(), record.get());
    // Same id and key, so the order holds: swap the record in through the tree node.
    const auto next = std::next(at);
    auto node = m_items.extract(at);
    node.value() = std::move(record);
    m_items.insert(next, std::move(node));
}

QList<Item> KeyValueStore::snapshotItems() const {
    QList<Item> out;
    out.reserve(m_items.size());
    for (const RecordPtr &r : m_items) {
        const QByteArrayView value = r->value();
        out.append(Item{QString::fromUtf8(r->key()), r->id,
                        QByteArray::fromRawData(value.data(), value.size()), r->version,
                        r->deleted});
    }
    return out;
}

int KeyValueStore::attachJournal(std::unique_ptr<StoreJournal> journal, QString *warning) {
    const QList<Item> recovered = journal->recover(warning);
    for (const Item &item : recovered)
        merge(item); // not journaled: m_journal is still empty
    m_journal = std::move(journal);
    m_journal->compact(snapshotItems());
    return int(recovered.size());
}

void KeyValueStore::sync() {
    if (!m_journal)
        return;
    if (m_journal->recordsSinceSnapshot() > std::max<qint64>(1000, 2 * qint64(m_items.size())))
        m_journal->compact(snapshotItems());
    else
        m_journal->sync();
}

std::optional<Item> KeyValueStore::find(const QString &key) const {
    const QByteArray utf8 = key.toUtf8();
    const auto it = m_items.find(Probe{m_space.hash(utf8), utf8});
    if (it == m_items.end())
        return std::nullopt;
    return toItem(**it, key);
}

// Versions are a hybrid clock: wall-clock milliseconds in the high bits keep versions from
// different owners roughly comparable; the +1 rules keep them strictly increasing per store
// and per key, and merge() moves the clock past every version seen (docs/CONSISTENCY.md).

bool KeyValueStore::supersedes(quint64 version, bool deleted, QByteArrayView value,
                               const Record &held) {
    // Equal versions with different contents (two owners that stamped the same number)
    // resolve the same way on every node: a delete wins, then the greater value bytes.
    if (version != held.version)
        return version > held.version;
    if (deleted != held.deleted)
        return deleted;
    return !deleted && value.compare(held.value()) > 0;
}

void KeyValueStore::advanceClock(quint64 atLeast) {
    m_clock = std::max(m_clock, atLeast);
}

Item KeyValueStore::write(const QString &key, const QByteArray &value, bool deleted) {
    return *writeCapped(key, value, deleted, std::numeric_limits<quint64>::max());
}

std::optional<Item> KeyValueStore::writeCapped(const QString &key, const QByteArray &value,
                                               bool deleted, quint64 cap) {
    const QByteArray utf8 = key.toUtf8();
    const Id id = m_space.hash(utf8);
    const auto at = m_items.find(Probe{id, utf8});
    const quint64 existing = at == m_items.end() ? 0 : (*at)->version;
    quint64 version = std::max({m_clock + 1, quint64(m_wallClock()) << 16, existing + 1});
    if (version > cap) {
        // The wall-clock part only keeps owners roughly comparable; order within the cap is
        // what matters, so a clock running ahead of the lease's cap is not followed.
        version = std::max(m_clock + 1, existing + 1);
        if (version > cap)
            return std::nullopt;
    }
    m_clock = version;
    const Item item{key, id, deleted ? QByteArray() : value, version, deleted};
    const qint64 now = m_wallClock();
    put(at, makeRecord({id, version, now, 0, 0, deleted}, utf8, item.value));
    if (m_journal) {
        m_journal->append(item);
        m_journal->sync(); // a local write is acknowledged only once it is on disk
    }
    return item;
}

bool KeyValueStore::merge(const Item &incoming) {
    const QByteArray utf8 = incoming.key.toUtf8();
    const Id id = m_space.hash(utf8); // never trust the sender's id
    m_clock = std::max(m_clock, incoming.version);
    const qint64 now = m_wallClock();
    const auto at = m_items.find(Probe{id, utf8});
    if (at != m_items.end()) {
        (*at)->stamp = now; // even a losing copy confirms the one held
        if (!supersedes(incoming.version, incoming.deleted, QByteArrayView(incoming.value), **at))
            return false;
    }
    const QByteArrayView value =
        incoming.deleted ? QByteArrayView() : QByteArrayView(incoming.value);
    put(at, makeRecord({id, incoming.version, now, 0, 0, incoming.deleted}, utf8, value));
    if (m_journal) {
        Item item = incoming;
        item.id = id;
        if (item.deleted)
            item.value.clear();
        m_journal->append(item);
    }
    return true;
}

void KeyValueStore::erase(const QString &key) {
    const QByteArray utf8 = key.toUtf8();
    const auto at = m_items.find(Probe{m_space.hash(utf8), utf8});
    if (at == m_items.end())
        return;
    contentChanged(at->get(), nullptr);
    m_items.erase(at);
    if (m_journal)
        m_journal->appendErase(key);
}

template <typename Fn> void KeyValueStore::forEachIn(Id from, Id to, Fn fn) const {
    auto visit = [&](auto begin, auto end) {
        for (auto it = begin; it != end; ++it)
            fn(**it);
    };
    if (from == to) {
        visit(m_items.begin(), m_items.end());
        return;
    }
    // (from, to] is ids from+1 .. to, wrapping past 2^m - 1 to 0 when to < from.
    const auto afterFrom = m_items.upper_bound(from);
    const auto afterTo = m_items.upper_bound(to);
    if (from < to) {
        visit(afterFrom, afterTo);
    } else {
        visit(afterFrom, m_items.end());
        visit(m_items.begin(), afterTo);
    }
}

QList<Item> KeyValueStore::itemsIn(Id from, Id to, bool withTombstones) const {
    QList<Item> out;
    forEachIn(from, to, [&](const Record &r) {
        if (withTombstones || !r.deleted)
            out.append(toItem(r));
    });
    return out;
}

QList<Item> KeyValueStore::allItems(bool withTombstones) const {
    return itemsIn(0, 0, withTombstones);
}

quint64 KeyValueStore::digestPart(const Record &record) {
    QCryptographicHash h(QCryptographicHash::Md5);
    h.addData(record.key());
    const quint64 v = record.version ^ (record.deleted ? 0x8000000000000000ull : 0);
    h.addData(QByteArrayView(reinterpret_cast<const char *>(&v), sizeof v));
    h.addData(record.value()); // equal versions with different values must not match
    quint64 part = 0;
    memcpy(&part, h.resultView().constData(), sizeof part);
    return part;
}

KeyValueStore::ArcMemo &KeyValueStore::arcMemo(Id from, Id to, bool withDigest) const {
    ArcMemo *memo = nullptr;
    for (ArcMemo &m : m_arcMemos) {
        if (m.from == from && m.to == to) {
            memo = &m;
            break;
        }
    }
    if (!memo) {
        if (m_arcMemos.size() < MaxArcMemos) {
            memo = &m_arcMemos.emplace_back();
        } else {
            memo = &*std::min_element(
                m_arcMemos.begin(), m_arcMemos.end(),
                [](const ArcMemo &a, const ArcMemo &b) { return a.lastUse < b.lastUse; });
        }
        *memo = ArcMemo{from, to, 0, 0, 0, false};
        forEachIn(from, to, [&](const Record &r) { memo->liveCount += r.deleted ? 0 : 1; });
    }
    if (withDigest && !memo->hasDigest) {
        forEachIn(from, to, [&](const Record &r) { memo->digest ^= digestPart(r); });
        memo->hasDigest = true;
    }
    memo->lastUse = ++m_memoUses;
    return *memo;
}

void KeyValueStore::contentChanged(const Record *before, const Record *after) {
    ++m_generation;
    Q_ASSERT(before || after);
    Q_ASSERT(!before || !after || before->id == after->id);
    const Id id = before ? before->id : after->id;
    const int liveDelta = (after && !after->deleted ? 1 : 0) - (before && !before->deleted ? 1 : 0);
    std::optional<quint64> digestDelta; // two MD5s, only when an arc with a digest needs them
    for (ArcMemo &m : m_arcMemos) {
        if (!Interval::containsOpenClosed(m_space, m.from, m.to, id))
            continue;
        m.liveCount += liveDelta;
        if (!m.hasDigest)
            continue;
        if (!digestDelta)
            digestDelta = (before ? digestPart(*before) : 0) ^ (after ? digestPart(*after) : 0);
        m.digest ^= *digestDelta;
    }
}

int KeyValueStore::liveCountIn(Id from, Id to) const {
    return arcMemo(from, to, false).liveCount;
}

int KeyValueStore::liveCount() const {
    return liveCountIn(0, 0);
}

quint64 KeyValueStore::digestIn(Id from, Id to) const {
    return arcMemo(from, to, true).digest;
}

void KeyValueStore::touchIn(Id from, Id to, qint64 stamp) {
    forEachIn(from, to, [&](Record &r) { r.stamp = stamp; });
}

QList<Item> KeyValueStore::staleIn(Id keepFrom, Id keepTo, qint64 olderThan) const {
    QList<Item> out;
    if (keepFrom == keepTo)
        return out; // the whole circle is kept
    // Only the copies outside the kept arc are looked at: those in (keepTo, keepFrom].
    forEachIn(keepTo, keepFrom, [&](const Record &r) {
        if (r.stamp < olderThan)
            out.append(toItem(r));
    });
    return out;
}

} // namespace Chord
