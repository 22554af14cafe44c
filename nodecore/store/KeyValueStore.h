#pragma once

#include "IdSpace.h"
#include "Item.h"
#include "StoreJournal.h"

#include <QHash>
#include <QList>

#include <map>
#include <memory>
#include <utility>

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

    const Item *find(const QString &key) const;
    // A new local write (or delete) with a version newer than any this store has seen.
    Item write(const QString &key, const QByteArray &value, bool deleted);
    // Keeps the copy with the higher version. Returns true when the store changed.
    bool merge(const Item &item);
    // Removes the copy regardless of version (used only for copies handed elsewhere).
    void erase(const QString &key);

    // Copies whose id lies in the arc (from, to]; from == to means the whole circle.
    QList<Item> itemsIn(Id from, Id to, bool withTombstones = true) const;
    QList<Item> allItems(bool withTombstones = true) const;
    int liveCountIn(Id from, Id to) const;
    int liveCount() const;
    int size() const { return int(m_items.size()); }
    // Bumped by every change of content (not by touchIn): callers and the arc memos below
    // know from it whether anything they derived is still valid.
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
    // Drops copies outside (keepFrom, keepTo] whose stamp is older than olderThan.
    int dropStale(Id keepFrom, Id keepTo, qint64 olderThan);

private:
    using Slot = std::pair<Id, QString>;
    // Orders by id, then key; also compares a slot with a bare id so that the first copy
    // past an id can be found (heterogeneous lookup).
    struct SlotLess {
        using is_transparent = void;
        bool operator()(const Slot &a, const Slot &b) const { return a < b; }
        bool operator()(const Slot &a, Id b) const { return a.first < b; }
        bool operator()(Id a, const Slot &b) const { return a < b.first; }
    };
    struct Entry {
        Item item;
        qint64 stamp = 0;
    };
    template <typename Fn> void forEachIn(Id from, Id to, Fn fn) const;
    quint64 nextVersion(const Item *existing);

    IdSpace m_space;
    std::map<Slot, Entry, SlotLess> m_items;
    quint64 m_clock = 0;
    quint64 m_generation = 0;
    // Arc counts and digests are asked for on every stabilize and replica sync; they are
    // recomputed only after the store changed.
    mutable quint64 m_memoGeneration = ~quint64(0);
    mutable QHash<std::pair<Id, Id>, int> m_countMemo;
    mutable QHash<std::pair<Id, Id>, quint64> m_digestMemo;
    void refreshMemos() const;
    std::unique_ptr<StoreJournal> m_journal;
};

} // namespace Chord
