#include "KeyValueStore.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>

using namespace Chord;
using namespace Qt::StringLiterals;

namespace {

// A copy as another node would send it: the id is recomputed by the store on merge.
Item copyOf(const QString &key, const QByteArray &value, quint64 version, bool deleted = false) {
    return Item{key, 0, deleted ? QByteArray() : value, version, deleted};
}

QSet<QString> keysOf(const QList<Item> &items) {
    QSet<QString> keys;
    for (const Item &i : items)
        keys.insert(i.key);
    return keys;
}

// Finds a key whose m-bit id is the given one, so that arc queries can be written with ids.
QString keyWithId(const IdSpace &space, Id id, int salt = 0) {
    for (int n = 0;; ++n) {
        const QString key = u"k%1-%2"_s.arg(salt).arg(n);
        if (space.hashKey(key) == id)
            return key;
    }
}

// One copy's share of an arc digest, by the definition nodes compare: the first 8 bytes of
// MD5(UTF-8 key, version with the delete bit, value); the digest XORs the shares.
quint64 digestPartOf(const Item &item) {
    QCryptographicHash h(QCryptographicHash::Md5);
    h.addData(item.key.toUtf8());
    const quint64 v = item.version ^ (item.deleted ? 0x8000000000000000ull : 0);
    h.addData(QByteArrayView(reinterpret_cast<const char *>(&v), sizeof v));
    h.addData(item.deleted ? QByteArray() : item.value);
    quint64 part = 0;
    memcpy(&part, h.resultView().constData(), sizeof part);
    return part;
}

// A journal record as the first StoreJournal wrote it, through QDataStream: the format on
// disk, kept here so that a change of encoder cannot change it unnoticed.
QByteArray dataStreamRecord(quint8 op, const Item &item) {
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out << op << item.key << item.value << item.version << item.deleted;
    QByteArray record;
    QDataStream frame(&record, QIODevice::WriteOnly);
    frame << quint32(0x43484a31) << quint32(payload.size()) << quint32(qChecksum(payload));
    return record + payload;
}

} // namespace

class TestKeyValueStore : public QObject {
    Q_OBJECT

private slots:
    void writeAndFind();
    void writeVersionsIncrease();
    void deleteLeavesTombstone();
    void merge_data();
    void merge();
    void tombstoneNeverResurrectedByOlderCopy();
    void newerWriteAfterTombstoneWins();
    void mergeRecomputesId();
    void mergeAdvancesClock();
    void erase();
    void itemsIn_data();
    void itemsIn();
    void itemsInTombstoneFilter();
    void liveCounts();
    void digestEquality();
    void digestInequality_data();
    void digestInequality();
    void digestIsPerArc();
    void staleIn();
    void touchKeepsCopiesAlive();
    void nonAsciiKeys_data();
    void nonAsciiKeys();
    void digestHashesUtf8Key();
    void largeValues_data();
    void largeValues();
    void foundCopyOutlivesChanges();
    void sharedIdsEraseAndMerge();
    void arcMemosFollowRandomChanges();
    void journalCompactionRoundTrip();
    void journalRecordFormat_data();
    void journalRecordFormat();
};

void TestKeyValueStore::writeAndFind() {
    KeyValueStore store(IdSpace(64));
    QVERIFY(!store.find(u"a"_s));
    const Item w = store.write(u"a"_s, "one"_ba, false);
    QCOMPARE(w.key, u"a"_s);
    QCOMPARE(w.id, IdSpace(64).hashKey(u"a"_s));
    QCOMPARE(w.value, "one"_ba);
    QVERIFY(!w.deleted);
    QVERIFY(w.version > 0);
    const std::optional<Item> found = store.find(u"a"_s);
    QVERIFY(found);
    QCOMPARE(*found, w);
    QCOMPARE(store.size(), 1);
    QCOMPARE(store.liveCount(), 1);
}

void TestKeyValueStore::writeVersionsIncrease() {
    KeyValueStore store(IdSpace(8));
    quint64 last = 0;
    for (int i = 0; i < 100; ++i) {
        const Item w = store.write(u"k"_s, QByteArray::number(i), false);
        QVERIFY2(w.version > last, "every write of a key must carry a newer version");
        last = w.version;
    }
    QCOMPARE(store.find(u"k"_s)->value, "99"_ba);
    // Another key in the same store also gets a newer version (one clock per store).
    QVERIFY(store.write(u"other"_s, "x"_ba, false).version > last);
}

void TestKeyValueStore::deleteLeavesTombstone() {
    KeyValueStore store(IdSpace(64));
    const Item put = store.write(u"a"_s, "v"_ba, false);
    const Item del = store.write(u"a"_s, "ignored"_ba, true);
    QVERIFY(del.deleted);
    QVERIFY(del.value.isEmpty());
    QVERIFY(del.version > put.version);
    QCOMPARE(store.size(), 1);
    QCOMPARE(store.liveCount(), 0);
    QVERIFY(store.find(u"a"_s)->deleted);
}

void TestKeyValueStore::merge_data() {
    QTest::addColumn<bool>("haveLocal");
    QTest::addColumn<quint64>("localVersion");
    QTest::addColumn<bool>("localDeleted");
    QTest::addColumn<quint64>("incomingVersion");
    QTest::addColumn<bool>("incomingDeleted");
    QTest::addColumn<bool>("changed");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("deleted");
    // clang-format off
    QTest::newRow("new key")            << false << quint64(0) << false << quint64(5) << false << true  << "in"_ba    << false;
    QTest::newRow("new tombstone")      << false << quint64(0) << false << quint64(5) << true  << true  << QByteArray() << true;
    QTest::newRow("newer wins")         << true  << quint64(5) << false << quint64(6) << false << true  << "in"_ba    << false;
    QTest::newRow("older loses")        << true  << quint64(5) << false << quint64(4) << false << false << "local"_ba << false;
    QTest::newRow("same version keeps") << true  << quint64(5) << false << quint64(5) << false << false << "local"_ba << false;
    QTest::newRow("newer delete wins")  << true  << quint64(5) << false << quint64(9) << true  << true  << QByteArray() << true;
    QTest::newRow("older delete loses") << true  << quint64(5) << false << quint64(3) << true  << false << "local"_ba << false;
    QTest::newRow("older put vs tomb")  << true  << quint64(5) << true  << quint64(4) << false << false << QByteArray() << true;
    QTest::newRow("same put vs tomb")   << true  << quint64(5) << true  << quint64(5) << false << false << QByteArray() << true;
    QTest::newRow("newer put vs tomb")  << true  << quint64(5) << true  << quint64(6) << false << true  << "in"_ba    << false;
    // clang-format on
}

void TestKeyValueStore::merge() {
    QFETCH(bool, haveLocal);
    QFETCH(quint64, localVersion);
    QFETCH(bool, localDeleted);
    QFETCH(quint64, incomingVersion);
    QFETCH(bool, incomingDeleted);
    KeyValueStore store(IdSpace(16));
    if (haveLocal)
        QVERIFY(store.merge(copyOf(u"key"_s, "local"_ba, localVersion, localDeleted)));
    QTEST(store.merge(copyOf(u"key"_s, "in"_ba, incomingVersion, incomingDeleted)), "changed");
    const std::optional<Item> now = store.find(u"key"_s);
    QVERIFY(now);
    QTEST(now->value, "value");
    QTEST(now->deleted, "deleted");
    QCOMPARE(now->version, std::max(haveLocal ? localVersion : 0, incomingVersion));
    QCOMPARE(store.size(), 1);
}

// The replication rule that keeps deletes deleted: a replica that missed the delete pushes
// its older live copy back, in every order and through every entry point.
void TestKeyValueStore::tombstoneNeverResurrectedByOlderCopy() {
    KeyValueStore owner(IdSpace(64));
    const Item put = owner.write(u"gone"_s, "alive"_ba, false);
    const Item del = owner.write(u"gone"_s, {}, true);

    QVERIFY(!owner.merge(put));
    QVERIFY(owner.find(u"gone"_s)->deleted);
    QCOMPARE(owner.liveCount(), 0);
    QVERIFY(owner.itemsIn(0, 0, false).isEmpty());

    // A replica that saw the delete first and the put later (reordered delivery).
    KeyValueStore replica(IdSpace(64));
    QVERIFY(replica.merge(del));
    QVERIFY(!replica.merge(put));
    QVERIFY(replica.find(u"gone"_s)->deleted);
    QCOMPARE(replica.find(u"gone"_s)->version, del.version);

    // A local write on the replica is newer than the tombstone it knows.
    const Item again = replica.write(u"gone"_s, "back"_ba, false);
    QVERIFY(again.version > del.version);
}

void TestKeyValueStore::newerWriteAfterTombstoneWins() {
    KeyValueStore a(IdSpace(64));
    const Item del = a.write(u"k"_s, {}, true);
    KeyValueStore b(IdSpace(64));
    QVERIFY(b.merge(del));
    const Item rewrite = b.write(u"k"_s, "new"_ba, false);
    QVERIFY(a.merge(rewrite));
    QCOMPARE(a.find(u"k"_s)->value, "new"_ba);
    QVERIFY(!a.find(u"k"_s)->deleted);
}

void TestKeyValueStore::mergeRecomputesId() {
    const IdSpace space(6);
    KeyValueStore store(space);
    Item wrong = copyOf(u"abc"_s, "v"_ba, 3);
    wrong.id = 999; // not even a 6-bit id
    QVERIFY(store.merge(wrong));
    QCOMPARE(store.find(u"abc"_s)->id, Id(42)); // SHA-1("abc") low 6 bits
    QCOMPARE(store.itemsIn(41, 42).size(), 1);
}

void TestKeyValueStore::mergeAdvancesClock() {
    // A copy from a node whose clock runs far ahead: the next local write must still be newer,
    // or the local write would lose to the copy everywhere.
    KeyValueStore store(IdSpace(64));
    const quint64 future = ~quint64(0) >> 1;
    QVERIFY(store.merge(copyOf(u"k"_s, "remote"_ba, future)));
    const Item local = store.write(u"k"_s, "local"_ba, false);
    QVERIFY(local.version > future);
    QVERIFY(store.write(u"other"_s, "x"_ba, false).version > future);
}

void TestKeyValueStore::erase() {
    KeyValueStore store(IdSpace(64));
    store.write(u"a"_s, "1"_ba, false);
    store.write(u"b"_s, "2"_ba, false);
    store.erase(u"a"_s);
    QVERIFY(!store.find(u"a"_s));
    QVERIFY(store.find(u"b"_s));
    store.erase(u"missing"_s);
    QCOMPARE(store.size(), 1);
}

// Arc queries (from, to] on the m = 6 circle, keys placed at ids 0, 1, 8, 14, 21, 56, 63.
void TestKeyValueStore::itemsIn_data() {
    QTest::addColumn<quint64>("from");
    QTest::addColumn<quint64>("to");
    QTest::addColumn<QList<quint64>>("ids");
    using L = QList<quint64>;
    QTest::newRow("plain") << quint64(1) << quint64(14) << L{8, 14};
    QTest::newRow("from excluded") << quint64(8) << quint64(21) << L{14, 21};
    QTest::newRow("to included") << quint64(0) << quint64(1) << L{1};
    QTest::newRow("empty arc") << quint64(22) << quint64(55) << L{};
    QTest::newRow("wrap") << quint64(21) << quint64(8) << L{56, 63, 0, 1, 8};
    QTest::newRow("wrap to 0") << quint64(56) << quint64(0) << L{63, 0};
    QTest::newRow("wrap from 63") << quint64(63) << quint64(1) << L{0, 1};
    QTest::newRow("from 63 to 0") << quint64(63) << quint64(0) << L{0};
    QTest::newRow("whole circle") << quint64(14) << quint64(14) << L{0, 1, 8, 14, 21, 56, 63};
    QTest::newRow("whole circle at 0") << quint64(0) << quint64(0) << L{0, 1, 8, 14, 21, 56, 63};
    QTest::newRow("all but 63") << quint64(63) << quint64(62) << L{0, 1, 8, 14, 21, 56};
    QTest::newRow("single point") << quint64(55) << quint64(56) << L{56};
}

void TestKeyValueStore::itemsIn() {
    QFETCH(quint64, from);
    QFETCH(quint64, to);
    QFETCH(QList<quint64>, ids);
    const IdSpace space(6);
    KeyValueStore store(space);
    for (Id id : {0, 1, 8, 14, 21, 56, 63}) {
        store.write(keyWithId(space, id, 0), "v"_ba, false);
        store.write(keyWithId(space, id, 1), "w"_ba, false); // two keys per id
    }
    QCOMPARE(store.size(), 14);
    const QList<Item> got = store.itemsIn(from, to);
    QList<quint64> gotIds;
    for (const Item &i : got) {
        QVERIFY(Interval::containsOpenClosed(space, from, to, i.id));
        if (gotIds.isEmpty() || gotIds.last() != i.id)
            gotIds.append(i.id);
    }
    QCOMPARE(gotIds, ids);
    QCOMPARE(got.size(), 2 * ids.size());
    QCOMPARE(store.liveCountIn(from, to), 2 * int(ids.size()));
}

void TestKeyValueStore::itemsInTombstoneFilter() {
    const IdSpace space(6);
    KeyValueStore store(space);
    const QString live = keyWithId(space, 60);
    const QString dead = keyWithId(space, 2);
    store.write(live, "v"_ba, false);
    store.write(dead, {}, true);
    QCOMPARE(keysOf(store.itemsIn(50, 10)), (QSet<QString>{live, dead}));
    QCOMPARE(keysOf(store.itemsIn(50, 10, false)), QSet<QString>{live});
    QCOMPARE(store.allItems().size(), 2);
    QCOMPARE(store.allItems(false).size(), 1);
    QCOMPARE(store.liveCountIn(50, 10), 1);
}

void TestKeyValueStore::liveCounts() {
    const IdSpace space(6);
    KeyValueStore store(space);
    for (int i = 0; i < 40; ++i)
        store.write(u"key%1"_s.arg(i), "v"_ba, i % 4 == 0);
    QCOMPARE(store.size(), 40);
    QCOMPARE(store.liveCount(), 30);
    // Any split of the circle into two arcs adds up to the whole.
    for (Id cut : {0, 17, 63}) {
        QCOMPARE(store.liveCountIn(cut, 40) + store.liveCountIn(40, cut), 30);
    }
}

void TestKeyValueStore::digestEquality() {
    // Same copies written in different orders through different entry points.
    KeyValueStore a(IdSpace(64));
    QList<Item> items;
    for (int i = 0; i < 20; ++i)
        items.append(a.write(u"key%1"_s.arg(i), QByteArray::number(i), i == 7));
    KeyValueStore b(IdSpace(64));
    for (auto it = items.crbegin(); it != items.crend(); ++it)
        QVERIFY(b.merge(*it));
    QCOMPARE(a.digestIn(0, 0), b.digestIn(0, 0));
    QCOMPARE(a.digestIn(123, 456), b.digestIn(123, 456));
    QCOMPARE(KeyValueStore().digestIn(0, 0), KeyValueStore().digestIn(0, 0));
}

void TestKeyValueStore::digestInequality_data() {
    QTest::addColumn<QString>("change");
    QTest::newRow("version") << u"version"_s;
    QTest::newRow("deleted") << u"deleted"_s;
    QTest::newRow("missing key") << u"missing"_s;
    QTest::newRow("extra key") << u"extra"_s;
}

void TestKeyValueStore::digestInequality() {
    QFETCH(QString, change);
    KeyValueStore a(IdSpace(64));
    KeyValueStore b(IdSpace(64));
    for (int i = 0; i < 10; ++i) {
        const Item item = copyOf(u"key%1"_s.arg(i), "v"_ba, 100 + i);
        a.merge(item);
        b.merge(item);
    }
    QCOMPARE(a.digestIn(0, 0), b.digestIn(0, 0));
    if (change == u"version"_s)
        b.merge(copyOf(u"key3"_s, "v"_ba, 500));
    else if (change == u"deleted"_s)
        b.merge(copyOf(u"key3"_s, {}, 500, true));
    else if (change == u"missing"_s)
        b.erase(u"key3"_s);
    else
        b.merge(copyOf(u"new"_s, "v"_ba, 1));
    QVERIFY(a.digestIn(0, 0) != b.digestIn(0, 0));
}

void TestKeyValueStore::digestIsPerArc() {
    const IdSpace space(6);
    KeyValueStore a(space);
    KeyValueStore b(space);
    const Item inside = copyOf(keyWithId(space, 10), "v"_ba, 1);
    const Item outside = copyOf(keyWithId(space, 40), "v"_ba, 1);
    a.merge(inside);
    b.merge(inside);
    b.merge(outside); // differs only outside (5, 20]
    QCOMPARE(a.digestIn(5, 20), b.digestIn(5, 20));
    QVERIFY(a.digestIn(30, 50) != b.digestIn(30, 50));
    QVERIFY(a.digestIn(5, 20) != 0);
    QCOMPARE(KeyValueStore(space).digestIn(5, 20), quint64(0));
}

void TestKeyValueStore::staleIn() {
    const IdSpace space(6);
    KeyValueStore store(space);
    const QString mine = keyWithId(space, 10);    // inside the kept arc (5, 20]
    const QString edge = keyWithId(space, 20);    // on its closed end
    const QString justOut = keyWithId(space, 5);  // on its open end
    const QString foreign = keyWithId(space, 40); // outside
    const QString wrapped = keyWithId(space, 63); // outside
    for (const QString &k : {mine, edge, justOut, foreign, wrapped})
        store.write(k, "v"_ba, false);
    // Stamps are wall-clock ms at write; a cutoff in the past finds nothing.
    QVERIFY(store.staleIn(5, 20, 0).isEmpty());
    // Cut off after every stamp: everything outside (5, 20], tombstones included. Nothing is
    // dropped: the node hands them to their owners first.
    store.write(foreign, {}, true);
    const qint64 future = QDateTime::currentMSecsSinceEpoch() + 60'000;
    QCOMPARE(keysOf(store.staleIn(5, 20, future)), (QSet<QString>{justOut, foreign, wrapped}));
    QCOMPARE(store.size(), 5);
    // The kept arc may wrap.
    QCOMPARE(keysOf(store.staleIn(50, 15, future)), (QSet<QString>{edge, foreign}));
    // The whole circle kept: nothing is stale.
    QVERIFY(store.staleIn(7, 7, future).isEmpty());
}

void TestKeyValueStore::touchKeepsCopiesAlive() {
    const IdSpace space(6);
    KeyValueStore store(space);
    const QString a = keyWithId(space, 30);
    const QString b = keyWithId(space, 45);
    store.write(a, "v"_ba, false);
    store.write(b, "v"_ba, false);
    const qint64 later = QDateTime::currentMSecsSinceEpoch() + 10'000;
    store.touchIn(40, 50, later + 1); // confirms b only
    QCOMPARE(keysOf(store.staleIn(0, 10, later)), QSet<QString>{a});
    // A merge, even a losing one, counts as confirmation.
    KeyValueStore other(space);
    other.write(a, "v"_ba, false);
    other.touchIn(0, 0, 0);
    QVERIFY(!other.merge(copyOf(a, "old"_ba, 1)));
    QVERIFY(other.staleIn(0, 10, QDateTime::currentMSecsSinceEpoch() - 5'000).isEmpty());
}

// Keys are held as UTF-8: every key must come back exactly as written, and keys that differ
// only after a non-ASCII or NUL character must stay apart.
void TestKeyValueStore::nonAsciiKeys_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("neighbour"); // a different key that must not be confused with it
    QTest::newRow("latin-1") << u"schl\u00fcssel"_s << u"schlussel"_s;
    QTest::newRow("cjk") << u"\u9375-\u5024"_s << u"\u9375-\u5025"_s;
    QTest::newRow("emoji (surrogate pair)") << u"key-\U0001F511"_s << u"key-\U0001F512"_s;
    QTest::newRow("embedded NUL") << QString::fromUtf16(u"a\0b", 3)
                                  << QString::fromUtf16(u"a\0c", 3);
    QTest::newRow("empty") << QString() << u" "_s;
}

void TestKeyValueStore::nonAsciiKeys() {
    QFETCH(QString, key);
    QFETCH(QString, neighbour);
    KeyValueStore store(IdSpace(64));
    const Item w = store.write(key, "value"_ba, false);
    store.write(neighbour, "other"_ba, false);
    QCOMPARE(store.size(), 2);
    const std::optional<Item> found = store.find(key);
    QVERIFY(found);
    QCOMPARE(*found, w);
    QCOMPARE(found->key, key);
    QCOMPARE(found->id, IdSpace(64).hashKey(key));
    QCOMPARE(keysOf(store.allItems()), (QSet<QString>{key, neighbour}));
    // A replica fed the listed copies holds the same content.
    KeyValueStore replica(IdSpace(64));
    for (const Item &i : store.allItems())
        QVERIFY(replica.merge(i));
    QCOMPARE(replica.digestIn(0, 0), store.digestIn(0, 0));
    QCOMPARE(replica.find(key)->value, "value"_ba);
    store.erase(key);
    QVERIFY(!store.find(key));
    QCOMPARE(store.find(neighbour)->value, "other"_ba);
}

// The digest is compared between nodes, so its definition must not depend on how the store
// holds keys: the XOR of the first 8 bytes of MD5(UTF-8 key, version with the delete bit,
// value).
void TestKeyValueStore::digestHashesUtf8Key() {
    KeyValueStore store(IdSpace(64));
    const QList<Item> items{copyOf(u"gr\u00fc\u00dfe"_s, "v"_ba, 7),
                            copyOf(u"\U0001F511"_s, {}, 9, true), copyOf(u"plain"_s, "v"_ba, 3)};
    quint64 expected = 0;
    for (const Item &i : items) {
        QVERIFY(store.merge(i));
        expected ^= digestPartOf(i);
    }
    QCOMPARE(store.digestIn(0, 0), expected);
}

// Key and value share one block per copy; replacing a copy with a larger or smaller value
// must keep both intact.
void TestKeyValueStore::largeValues_data() {
    QTest::addColumn<int>("size");
    QTest::newRow("empty live value") << 0;
    QTest::newRow("1 B") << 1;
    QTest::newRow("100 B") << 100;
    QTest::newRow("64 KiB") << 64 * 1024;
    QTest::newRow("4 MiB") << 4 * 1024 * 1024;
}

void TestKeyValueStore::largeValues() {
    QFETCH(int, size);
    QByteArray value(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        value[i] = char(i * 31 + 7);
    const QString key = u"big-\u00e9"_s;
    KeyValueStore store(IdSpace(64));
    const Item w = store.write(key, value, false);
    QCOMPARE(store.find(key)->value, value);
    QVERIFY(!store.find(key)->deleted);
    QCOMPARE(store.liveCount(), 1);
    QCOMPARE(store.allItems().value(0).value, value);
    // A newer small copy replaces the large one, and a newer large one the small one again.
    QVERIFY(store.merge(copyOf(key, "small"_ba, w.version + 1)));
    QCOMPARE(store.find(key)->value, "small"_ba);
    QVERIFY(store.merge(copyOf(key, value + "!", w.version + 2)));
    QCOMPARE(store.find(key)->value, value + "!");
    QCOMPARE(store.find(key)->key, key);
    QCOMPARE(store.size(), 1);
}

// find and itemsIn hand out copies: they stay valid after the store overwrites or drops the
// key (the sanitizer build catches any copy that still points into the store).
void TestKeyValueStore::foundCopyOutlivesChanges() {
    KeyValueStore store(IdSpace(64));
    store.write(u"k"_s, QByteArray(1000, 'a'), false);
    const std::optional<Item> found = store.find(u"k"_s);
    const QList<Item> listed = store.allItems();
    store.write(u"k"_s, "b"_ba, false);
    store.erase(u"k"_s);
    QVERIFY(!store.find(u"k"_s));
    QCOMPARE(found->value, QByteArray(1000, 'a'));
    QCOMPARE(listed.value(0).value, QByteArray(1000, 'a'));
    QCOMPARE(listed.value(0).key, u"k"_s);
}

// On the m = 3 circle many keys share an id: erase and merge must touch exactly the key asked
// for, and arc queries must still list every copy once, in id order.
void TestKeyValueStore::sharedIdsEraseAndMerge() {
    const IdSpace space(3);
    KeyValueStore store(space);
    QSet<QString> expected;
    QList<Item> written;
    for (int i = 0; i < 60; ++i) {
        written.append(store.write(u"key-%1-\u00e4"_s.arg(i), QByteArray::number(i), false));
        expected.insert(written.last().key);
    }
    for (int i = 0; i < 60; i += 2) {
        store.erase(written[i].key);
        expected.remove(written[i].key);
    }
    for (int i = 1; i < 60; i += 4)
        QVERIFY(store.merge(copyOf(written[i].key, "newer"_ba, written[i].version + 1)));
    QCOMPARE(store.size(), 30);
    QCOMPARE(keysOf(store.allItems()), expected);
    for (int i = 1; i < 60; i += 2) {
        const std::optional<Item> now = store.find(written[i].key);
        QVERIFY(now);
        QCOMPARE(now->value, (i - 1) % 4 == 0 ? "newer"_ba : QByteArray::number(i));
    }
    int total = 0;
    for (Id from = 0; from < 8; ++from) {
        const QList<Item> arc = store.itemsIn(from, space.add(from, 1));
        for (const Item &i : arc)
            QCOMPARE(i.id, space.add(from, 1));
        total += int(arc.size());
    }
    QCOMPARE(total, 30);
    const QList<Item> all = store.allItems();
    for (qsizetype i = 1; i < all.size(); ++i)
        QVERIFY(all[i - 1].id <= all[i].id);
}

// Arc counts and digests are memoised and moved by each change instead of recomputed. After
// every step of a random mix of writes, deletes, merges (winning and losing), erases, touches
// and drops on a small circle where many keys share an id, each memoised arc must equal a walk
// of the store's copies, the store must hold what a plain model says, and the generation must
// move exactly when the content did. The arcs include wrap-around ones (from > to) and the
// whole circle (from == to); more arcs are asked for than the store memoises, so memos are
// evicted and rebuilt, and some are asked only for their count before their digest.
void TestKeyValueStore::arcMemosFollowRandomChanges() {
    const IdSpace space(6);
    KeyValueStore store(space);
    std::mt19937_64 rng(20240611);
    const auto below = [&](quint64 n) {
        return rng() % n;
    };
    const auto contains = [&](std::pair<Id, Id> arc, Id id) {
        return Interval::containsOpenClosed(space, arc.first, arc.second, id);
    };
    using Arc = std::pair<Id, Id>;
    // Asked after every step, so never evicted.
    const QList<Arc> hot{{0, 0}, {50, 10}, {10, 50}, {33, 33}, {63, 0}, {20, 21}};
    // One of these per step: with the hot ones more than the store memoises. Some share one
    // end with a hot arc.
    const QList<Arc> cold{{5, 5}, {40, 3}, {3, 40}, {62, 1}, {17, 18}, {0, 63}, {33, 40}, {30, 50}};
    QStringList keys;
    for (int i = 0; i < 150; ++i)
        keys.append(u"key-%1-\u00e4"_s.arg(i));

    // The model: each key's copy and its stamp. Writes and merges stamp the current time, so
    // at least `recent`; touches here stamp below 100 and make copies stale for staleIn.
    struct Held {
        Item item;
        qint64 stamp;
    };
    QHash<QString, Held> model;
    const qint64 recent = QDateTime::currentMSecsSinceEpoch();
    const auto randomArc = [&] {
        const Id from = below(64);
        return Arc{from, below(8) == 0 ? from : below(64)};
    };

    for (int step = 0; step < 5000; ++step) {
        const QString key = keys[qsizetype(below(quint64(keys.size())))];
        const quint64 generation = store.generation();
        bool changed = false;
        const quint64 op = below(100);
        if (op < 30) { // a local write, a quarter of them deletes (tombstones)
            const Item w = store.write(key, QByteArray::number(step), below(4) == 0);
            model.insert(key, {w, recent});
            changed = true;
        } else if (op < 60) { // a copy from elsewhere, older or newer than the one held
            const auto held = model.constFind(key);
            const quint64 base = held != model.cend() ? held->item.version : 1 + below(1000);
            const quint64 bump = below(6); // -2 .. +3
            const quint64 version = base + bump > 2 ? base + bump - 2 : 1;
            Item incoming = copyOf(key, QByteArray::number(step), version, below(4) == 0);
            incoming.id = below(64); // wrong on purpose: the store recomputes it
            // Equal versions: the same winner everywhere (a delete, then the greater value).
            const auto tieWins = [&] {
                if (incoming.deleted != held->item.deleted)
                    return incoming.deleted;
                return !incoming.deleted && incoming.value > held->item.value;
            };
            const bool wins = held == model.cend() || held->item.version < version ||
                              (held->item.version == version && tieWins());
            QCOMPARE(store.merge(incoming), wins);
            incoming.id = space.hashKey(key);
            if (wins)
                model.insert(key, {incoming, recent});
            else
                model[key].stamp = recent; // a losing copy still confirms the one held
            changed = wins;
        } else if (op < 75) {
            store.erase(key);
            changed = model.remove(key) > 0;
        } else if (op < 90) {
            const Arc arc = randomArc();
            const qint64 stamp = qint64(below(100));
            store.touchIn(arc.first, arc.second, stamp);
            for (Held &h : model) {
                if (contains(arc, h.item.id))
                    h.stamp = stamp;
            }
        } else {
            const Arc keep = randomArc();
            const qint64 olderThan =
                below(3) == 0 ? std::numeric_limits<qint64>::max() : qint64(below(100));
            // What the node does with stale copies once their owners took them: erase.
            QSet<QString> stale;
            for (auto it = model.begin(); it != model.end();) {
                if (!contains(keep, it->item.id) && it->stamp < olderThan) {
                    stale.insert(it->item.key);
                    it = model.erase(it);
                } else {
                    ++it;
                }
            }
            QCOMPARE(keysOf(store.staleIn(keep.first, keep.second, olderThan)), stale);
            for (const QString &key : stale)
                store.erase(key);
            changed = !stale.isEmpty();
        }
        QCOMPARE(store.generation() != generation, changed);

        const QList<Item> all = store.allItems();
        QCOMPARE(all.size(), model.size());
        for (const Item &item : all)
            QCOMPARE(item, model.value(item.key).item);
        QList<Arc> asked = hot;
        asked.append(cold[qsizetype(below(quint64(cold.size())))]);
        for (qsizetype a = 0; a < asked.size(); ++a) {
            int live = 0;
            quint64 digest = 0;
            for (const Item &item : all) {
                if (contains(asked[a], item.id)) {
                    live += item.deleted ? 0 : 1;
                    digest ^= digestPartOf(item);
                }
            }
            const auto [from, to] = asked[a];
            const QString where = u"step %1, arc (%2, %3]"_s.arg(step).arg(from).arg(to);
            QVERIFY2(store.liveCountIn(from, to) == live, qPrintable(where + u": live count"_s));
            // Odd hot arcs are mostly asked only for their count, as for primaryCount().
            if (a % 2 == 0 || a == hot.size() || step % 97 == 0)
                QVERIFY2(store.digestIn(from, to) == digest, qPrintable(where + u": digest"_s));
        }
        QCOMPARE(store.liveCount(), int(std::count_if(all.cbegin(), all.cend(),
                                                      [](const Item &i) { return !i.deleted; })));
    }
}

// sync() compacts the journal into a snapshot once the log outgrows the store; the snapshot
// is written from the store's own memory, so a restart must recover exactly what was held.
void TestKeyValueStore::journalCompactionRoundTrip() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QList<Item> held;
    {
        QString error;
        std::unique_ptr<StoreJournal> journal = StoreJournal::open(dir.path(), &error);
        QVERIFY2(journal, qPrintable(error));
        KeyValueStore store(IdSpace(64));
        QCOMPARE(store.attachJournal(std::move(journal)), 0);
        // Merges, not writes: a write waits for its own fdatasync.
        for (int round = 0; round < 300; ++round) {
            QVERIFY(store.merge(copyOf(u"k\u00f6-%1"_s.arg(round % 4), QByteArray::number(round),
                                       quint64(round + 1))));
            QVERIFY(store.merge(copyOf(u"\U0001F511"_s, QByteArray(5000, char('a' + round % 26)),
                                       quint64(round + 1))));
        }
        store.write(u"gone"_s, "v"_ba, false);
        store.write(u"gone"_s, {}, true);
        store.write(u"erased"_s, "v"_ba, false);
        store.erase(u"erased"_s);
        QVERIFY(store.isDurable());
        for (int round = 0; round < 700; ++round)
            QVERIFY(store.merge(copyOf(u"late"_s, QByteArray::number(round), quint64(round + 1))));
        store.sync(); // 1304 records since the snapshot, more than 1000: compacts
        store.write(u"after"_s, "snapshot"_ba, false); // the only record in the fresh log
        QVERIFY(QFileInfo(QDir(dir.path()).filePath(u"journal.log"_s)).size() < 200);
        held = store.allItems();
    }
    QString error;
    std::unique_ptr<StoreJournal> journal = StoreJournal::open(dir.path(), &error);
    QVERIFY2(journal, qPrintable(error));
    KeyValueStore restarted(IdSpace(64));
    QString warning;
    QCOMPARE(restarted.attachJournal(std::move(journal), &warning), int(held.size()));
    QVERIFY2(warning.isEmpty(), qPrintable(warning));
    QCOMPARE(restarted.allItems(), held);
    QCOMPARE(restarted.find(u"\U0001F511"_s)->value, QByteArray(5000, char('a' + 299 % 26)));
    QVERIFY(restarted.find(u"gone"_s)->deleted);
    QVERIFY(!restarted.find(u"erased"_s));
}

void TestKeyValueStore::journalRecordFormat_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<quint64>("version");
    QTest::addColumn<bool>("deleted");
    QTest::addColumn<bool>("erase");
    QTest::newRow("100 B value") << u"mem-000001"_s << QByteArray(100, 'v') << quint64(1) << false
                                 << false;
    QTest::newRow("empty, not null value")
        << u"k"_s << QByteArray("") << quint64(2) << false << false;
    QTest::newRow("tombstone, null value")
        << u"gone"_s << QByteArray() << 0x0123456789abcdefull << true << false;
    QTest::newRow("non-BMP key") << u"\U0001F511-\u00f6"_s << "v"_ba << quint64(3) << false
                                 << false;
    QTest::newRow("key of 300 UTF-16 units")
        << QString(300, QChar(0x00e9)) << "v"_ba << quint64(4) << false << false;
    QTest::newRow("value past the kept buffer")
        << u"big"_s << QByteArray(70000, 'x') << quint64(5) << false << false;
    QTest::newRow("erase") << u"k"_s << QByteArray() << quint64(0) << false << true;
}

// Records are encoded by hand into a reused buffer; the bytes on disk must stay those of the
// QDataStream encoding, so that journals written before still recover and new ones are the
// same. Each row is followed by a small record to cover reuse of the grown (or released)
// buffer.
void TestKeyValueStore::journalRecordFormat() {
    QFETCH(QString, key);
    QFETCH(QByteArray, value);
    QFETCH(quint64, version);
    QFETCH(bool, deleted);
    QFETCH(bool, erase);
    const Item item = erase ? Item{key, 0, {}, 0, false} : Item{key, 0, value, version, deleted};
    const Item after{u"after"_s, 0, "a"_ba, 2, false};
    const QByteArray onDisk = dataStreamRecord(erase ? 2 : 1, item) + dataStreamRecord(1, after);

    QTemporaryDir written;
    QVERIFY(written.isValid());
    {
        QString error;
        std::unique_ptr<StoreJournal> journal = StoreJournal::open(written.path(), &error);
        QVERIFY2(journal, qPrintable(error));
        if (erase)
            journal->appendErase(key);
        else
            journal->append(item);
        journal->append(after);
        journal->sync();
    }
    QFile log(QDir(written.path()).filePath(u"journal.log"_s));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QCOMPARE(log.readAll().toHex(), onDisk.toHex());

    // A journal of QDataStream records recovers.
    QTemporaryDir old;
    QVERIFY(old.isValid());
    QFile oldLog(QDir(old.path()).filePath(u"journal.log"_s));
    QVERIFY(oldLog.open(QIODevice::WriteOnly));
    QCOMPARE(oldLog.write(onDisk), onDisk.size());
    oldLog.close();
    QString error;
    std::unique_ptr<StoreJournal> journal = StoreJournal::open(old.path(), &error);
    QVERIFY2(journal, qPrintable(error));
    QString warning;
    const QList<Item> expected = erase ? QList<Item>{after} : QList<Item>{item, after};
    QCOMPARE(journal->recover(&warning), expected);
    QVERIFY2(warning.isEmpty(), qPrintable(warning));
}

QTEST_GUILESS_MAIN(TestKeyValueStore)
#include "tst_keyvaluestore.moc"
