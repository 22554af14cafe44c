#include "KeyValueStore.h"

#include <QCryptographicHash>
#include <QDateTime>

#include <cstring>

namespace Chord {

KeyValueStore::KeyValueStore(IdSpace space)
    : m_space(space) {}

KeyValueStore::~KeyValueStore() = default;

int KeyValueStore::attachJournal(std::unique_ptr<StoreJournal> journal, QString *warning) {
    const QList<Item> recovered = journal->recover(warning);
    for (const Item &item : recovered)
        merge(item); // not journaled: m_journal is still empty
    m_journal = std::move(journal);
    m_journal->compact(allItems(true));
    return int(recovered.size());
}

void KeyValueStore::sync() {
    if (!m_journal)
        return;
    if (m_journal->recordsSinceSnapshot() > std::max<qint64>(1000, 2 * qint64(m_items.size())))
        m_journal->compact(allItems(true));
    else
        m_journal->sync();
}

const Item *KeyValueStore::find(const QString &key) const {
    const auto it = m_items.find({m_space.hashKey(key), key});
    return it == m_items.end() ? nullptr : &it->second.item;
}

quint64 KeyValueStore::nextVersion(const Item *existing) {
    // Hybrid clock: wall-clock milliseconds in the high bits keep versions from different
    // owners comparable; the +1 rules keep them strictly increasing per store and per key.
    const quint64 wall = quint64(QDateTime::currentMSecsSinceEpoch()) << 16;
    m_clock = std::max({m_clock + 1, wall, existing ? existing->version + 1 : 0});
    return m_clock;
}

Item KeyValueStore::write(const QString &key, const QByteArray &value, bool deleted) {
    const Id id = m_space.hashKey(key);
    Entry &entry = m_items[{id, key}];
    const Item *existing = entry.item.version ? &entry.item : nullptr;
    entry.item = Item{key, id, deleted ? QByteArray() : value, nextVersion(existing), deleted};
    ++m_generation;
    entry.stamp = QDateTime::currentMSecsSinceEpoch();
    if (m_journal) {
        m_journal->append(entry.item);
        m_journal->sync(); // a local write is acknowledged only once it is on disk
    }
    return entry.item;
}

bool KeyValueStore::merge(const Item &incoming) {
    Item item = incoming;
    item.id = m_space.hashKey(item.key);
    m_clock = std::max(m_clock, item.version);
    auto [it, inserted] = m_items.try_emplace({item.id, item.key});
    it->second.stamp = QDateTime::currentMSecsSinceEpoch();
    if (!inserted && it->second.item.version >= item.version)
        return false;
    if (item.deleted)
        item.value.clear();
    it->second.item = item;
    ++m_generation;
    if (m_journal)
        m_journal->append(item);
    return true;
}

void KeyValueStore::erase(const QString &key) {
    if (!m_items.erase({m_space.hashKey(key), key}))
        return;
    ++m_generation;
    if (m_journal)
        m_journal->appendErase(key);
}

template <typename Fn> void KeyValueStore::forEachIn(Id from, Id to, Fn fn) const {
    auto visit = [&](auto begin, auto end) {
        for (auto it = begin; it != end; ++it)
            fn(it->second);
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
    forEachIn(from, to, [&](const Entry &e) {
        if (withTombstones || !e.item.deleted)
            out.append(e.item);
    });
    return out;
}

QList<Item> KeyValueStore::allItems(bool withTombstones) const {
    return itemsIn(0, 0, withTombstones);
}

void KeyValueStore::refreshMemos() const {
    if (m_memoGeneration == m_generation)
        return;
    m_countMemo.clear();
    m_digestMemo.clear();
    m_memoGeneration = m_generation;
}

int KeyValueStore::liveCountIn(Id from, Id to) const {
    refreshMemos();
    if (const auto it = m_countMemo.constFind({from, to}); it != m_countMemo.cend())
        return *it;
    int n = 0;
    forEachIn(from, to, [&](const Entry &e) { n += e.item.deleted ? 0 : 1; });
    m_countMemo.insert({from, to}, n);
    return n;
}

int KeyValueStore::liveCount() const {
    return liveCountIn(0, 0);
}

quint64 KeyValueStore::digestIn(Id from, Id to) const {
    refreshMemos();
    if (const auto it = m_digestMemo.constFind({from, to}); it != m_digestMemo.cend())
        return *it;
    quint64 digest = 0;
    forEachIn(from, to, [&](const Entry &e) {
        // XOR of per-copy hashes does not depend on iteration order.
        QCryptographicHash h(QCryptographicHash::Md5);
        h.addData(e.item.key.toUtf8());
        const quint64 v = e.item.version ^ (e.item.deleted ? 0x8000000000000000ull : 0);
        h.addData(QByteArrayView(reinterpret_cast<const char *>(&v), sizeof v));
        quint64 part = 0;
        memcpy(&part, h.resultView().constData(), sizeof part);
        digest ^= part;
    });
    m_digestMemo.insert({from, to}, digest);
    return digest;
}

void KeyValueStore::touchIn(Id from, Id to, qint64 stamp) {
    forEachIn(from, to, [&](const Entry &e) { const_cast<Entry &>(e).stamp = stamp; });
}

int KeyValueStore::dropStale(Id keepFrom, Id keepTo, qint64 olderThan) {
    int dropped = 0;
    for (auto it = m_items.begin(); it != m_items.end();) {
        const bool kept = Interval::containsOpenClosed(m_space, keepFrom, keepTo, it->first.first);
        if (!kept && it->second.stamp < olderThan) {
            if (m_journal)
                m_journal->appendErase(it->first.second);
            it = m_items.erase(it);
            ++dropped;
            ++m_generation;
        } else {
            ++it;
        }
    }
    return dropped;
}

} // namespace Chord
