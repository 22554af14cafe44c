#pragma once

#include "IdSpace.h"
#include "Item.h"
#include "StoreJournal.h"

#include <QByteArrayView>
#include <QList>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace Chord {

// The key/value store of one node: every copy it holds, primary or replica. Whether a copy
// is primary is not stored; it follows from the node's arc (pred, self] at the moment asked,
// so that a change of predecessor promotes or demotes copies without touching them.
class KeyValueStore {
public:
    explicit KeyValueStore(IdSpace space = IdSpace());
    ~KeyValueStore();
    KeyValueStore(KeyValueStore &&) = default;
    KeyValueStore &operator=(KeyValueStore &&) = default;

    const IdSpace &space() const { return m_space; }
    // Wall-clock milliseconds for version stamps and confirmation stamps (default: the
    // system clock; the simulator gives virtual time).
    void setWallClock(std::function<qint64()> wallClock) { m_wallClock = std::move(wallClock); }

    // A copy of the stored item, built on demand (the store keeps no Item objects).
    std::optional<Item> find(const QString &key) const;
    // A new local write (or delete) with a version newer than any this store has seen.
    Item write(const QString &key, const QByteArray &value, bool deleted);
    // The same, but with a version no greater than cap (an owner's lease); nullopt when that
    // is impossible (nothing is written then).
    std::optional<Item> writeCapped(const QString &key, const QByteArray &value, bool deleted,
                                    quint64 cap);
    // The version clock: at least every version written or merged here.
    quint64 clock() const { return m_clock; }
    // Moves the clock to at least atLeast (a takeover stamps above what the old owner could).
    void advanceClock(quint64 atLeast);
    // Keeps the copy with the higher version (equal versions: the same winner on every node,
    // see supersedes). Returns true when the store changed.
    bool merge(const Item &item);
    // Removes the copy regardless of version (used only for copies handed elsewhere).
    void erase(const QString &key);

    // Copies whose id lies in the arc (from, to]; from == to means the whole circle.
    QList<Item> itemsIn(Id from, Id to, bool withTombstones = true) const;
    QList<Item> allItems(bool withTombstones = true) const;
    int liveCountIn(Id from, Id to) const;
    int liveCount() const;
    int size() const { return int(m_items.size()); }
    // Bumped by every change of content (not by touchIn): callers know from it whether
    // anything they derived is still valid.
    quint64 generation() const { return m_generation; }
    // Order-independent fingerprint of (key, version, deleted) over (from, to]: equal
    // fingerprints mean a replica needs nothing from its owner.
    quint64 digestIn(Id from, Id to) const;

    // --data-dir: recovers the journal's contents into this store, then records every
    // change in it. Returns the number of copies recovered.
    int attachJournal(std::unique_ptr<StoreJournal> journal, QString *warning = nullptr);
    bool isDurable() const { return m_journal != nullptr; }
    // Makes the changes so far durable (one fdatasync for a batch); compacts the journal
    // into a snapshot when it has grown past the store's size.
    void sync();

    // Per-copy "last confirmed by its owner" stamps, used to drop replicas nobody owns.
    void touchIn(Id from, Id to, qint64 stamp);
    // Copies outside (keepFrom, keepTo] whose stamp is older than olderThan (the node hands
    // them to their owners before it lets them go).
    QList<Item> staleIn(Id keepFrom, Id keepTo, qint64 olderThan) const;

private:
    // One copy in one heap block: these fields, then the key's UTF-8 bytes, then the value.
    // A copy costs this block and one tree node (~210 B for a 10 B key and 100 B value,
    // against ~520 B for a map of Items holding the key twice in UTF-16 and the value apart).
    struct Record {
        Id id;
        quint64 version;
        qint64 stamp; // last confirmed by its owner (write, merge, touchIn), for staleIn
        qsizetype valueSize;
        quint32 keySize;
        bool deleted;

        QByteArrayView key() const { return {bytes(), keySize}; }
        QByteArrayView value() const { return {bytes() + keySize, valueSize}; }

    private:
        const char *bytes() const { return reinterpret_cast<const char *>(this) + sizeof *this; }
    };
    struct RecordFree {
        void operator()(Record *record) const;
    };
    using RecordPtr = std::unique_ptr<Record, RecordFree>;
    static RecordPtr makeRecord(const Record &fields, QByteArrayView key, QByteArrayView value);

    // What a record is looked up by: the id, then the key's bytes.
    struct Probe {
        Id id;
        QByteArrayView key;
        bool operator<(const Probe &other) const {
            return id != other.id ? id < other.id : key < other.key;
        }
    };
    // Orders records by id, then key; also compares a record with a bare id so that the first
    // copy past an id can be found (heterogeneous lookup).
    struct RecordLess {
        using is_transparent = void;
        static Probe probe(const RecordPtr &r) { return {r->id, r->key()}; }
        bool operator()(const RecordPtr &a, const RecordPtr &b) const {
            return probe(a) < probe(b);
        }
        bool operator()(const RecordPtr &a, const Probe &b) const { return probe(a) < b; }
        bool operator()(const Probe &a, const RecordPtr &b) const { return a < probe(b); }
        bool operator()(const RecordPtr &a, Id b) const { return a->id < b; }
        bool operator()(Id a, const RecordPtr &b) const { return a < b->id; }
    };
    using Records = std::set<RecordPtr, RecordLess>;

    // Calls fn(Record &) for the copies in (from, to]; const callers take a const Record &.
    template <typename Fn> void forEachIn(Id from, Id to, Fn fn) const;
    static Item toItem(const Record &record, QString key);
    static Item toItem(const Record &record);
    // Stores a record for a key that is at `at` (replacing it) or absent (at == end()).
    void put(Records::iterator at, RecordPtr record);
    static bool supersedes(quint64 version, bool deleted, QByteArrayView value, const Record &held);
    // Every copy for the journal's snapshot. The values are not copied: they borrow the
    // records' memory (QByteArray::fromRawData), so the list must be written out before the
    // store changes again. A full compaction then needs no second copy of every value.
    QList<Item> snapshotItems() const;

    // A copy's share of an arc digest: the first 8 bytes of MD5(UTF-8 key, version with the
    // delete bit). XOR of the shares does not depend on order, so one copy can be swapped out.
    static quint64 digestPart(const Record &record);

    // Arc counts and digests are asked for on every stabilize, replica sync and neighbours
    // answer, for a few arcs (the own arc, the arcs replicated here, the whole circle). Those
    // arcs are kept current by every change of content, so that a write costs O(arcs) and
    // a query O(1) instead of a walk of the arc after each write.
    struct ArcMemo {
        Id from;
        Id to;
        quint64 lastUse; // for least-recently-used eviction
        quint64 digest;
        int liveCount;
        bool hasDigest; // the count is always known; the digest only once asked for
    };
    static constexpr std::size_t MaxArcMemos = 8;
    // The memo of (from, to], computed by a walk of the arc when it is not held yet (evicting
    // the least recently used memo when full); the digest too when withDigest.
    ArcMemo &arcMemo(Id from, Id to, bool withDigest) const;
    // Every change of content goes through here, before `before` is freed: bumps the
    // generation and moves the memos of the arcs containing the copy's id. before is the
    // copy replaced or removed, after the copy stored (nullptr when there is none).
    void contentChanged(const Record *before, const Record *after);

    IdSpace m_space;
    Records m_items;
    quint64 m_clock = 0;
    quint64 m_generation = 0;
    mutable std::vector<ArcMemo> m_arcMemos;
    mutable quint64 m_memoUses = 0;
    std::unique_ptr<StoreJournal> m_journal;
    std::function<qint64()> m_wallClock;
};

} // namespace Chord
