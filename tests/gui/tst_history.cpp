// The recorded history the timeline replays: frames at a moment, coalescing that keeps every
// change of a node's health, markers, bounds, event stepping, and the saved format with its
// bad-input rows (docs/RECORDING.md).
#include "ExportRangeDialog.h"
#include "FrameExport.h"
#include "History.h"
#include "Replay.h"
#include "SequenceView.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace ChordLab;
using namespace Qt::StringLiterals;

namespace {
NodeSnapshot node(const QString &name, quint16 port, Chord::Id id, NodeHealth health) {
    NodeSnapshot n;
    n.ref = Chord::NodeRef{name, u"127.0.0.1"_s, port, id};
    n.health = health;
    n.everSeen = true;
    return n;
}

RingSnapshot ring(std::initializer_list<NodeSnapshot> nodes) {
    RingSnapshot r;
    r.bits = 16;
    r.nodes = nodes;
    return r;
}

Chord::Event feedEvent(quint64 seq, const QString &type) {
    Chord::Event e;
    e.seq = seq;
    e.timeMs = qint64(seq) * 10;
    e.type = type;
    return e;
}

const Chord::NodeRef source{u"n1"_s, u"127.0.0.1"_s, 5001, 100};
} // namespace

class TestHistory : public QObject {
    Q_OBJECT

private slots:
    void framesAtAMoment() {
        History h;
        QVERIFY(h.isEmpty());
        QCOMPARE(h.frameAt(0), nullptr);
        const auto alive = ring({node(u"n1"_s, 5001, 100, NodeHealth::Alive)});
        h.addFrame(1000, alive, {});
        h.addFrame(2000,
                   ring({node(u"n1"_s, 5001, 100, NodeHealth::Alive),
                         node(u"n2"_s, 5002, 200, NodeHealth::Alive)}),
                   {7});
        QCOMPARE(h.frameAt(500)->atMs, 1000); // before the start: the first
        QCOMPARE(h.frameAt(1999)->atMs, 1000);
        QCOMPARE(h.frameAt(2000)->atMs, 2000);
        QCOMPARE(h.frameAt(9000)->ring.nodes.size(), 2);
        QCOMPARE(h.frameAt(9000)->keyIds, QList<Chord::Id>{7});
        QCOMPARE(h.startMs(), 1000);
        QCOMPARE(h.endMs(), 2000);
    }

    // Changes closer than the spacing keep the latest state, unless a node's health changed.
    void coalescingKeepsHealthChanges() {
        History h;
        auto n1 = node(u"n1"_s, 5001, 100, NodeHealth::Alive);
        auto n2 = node(u"n2"_s, 5002, 200, NodeHealth::Alive);
        h.addFrame(0, ring({n1, n2}), {});
        h.addFrame(10, ring({n1, n2}), {});
        n1.primaryKeys = 3;
        h.addFrame(20, ring({n1, n2}), {}); // replaces the one at 10
        QCOMPARE(h.frameCount(), 2);
        QCOMPARE(h.frameAt(20)->ring.nodes[0].primaryKeys, 3);
        n2.health = NodeHealth::Paused;
        h.addFrame(30, ring({n1, n2}), {});
        n2.health = NodeHealth::Alive;
        h.addFrame(40, ring({n1, n2}), {});
        n2.health = NodeHealth::Dead;
        h.addFrame(50, ring({n1, n2}), {});
        QCOMPARE(h.frameCount(), 5);
        QCOMPARE(h.frameAt(35)->ring.nodes[1].health, NodeHealth::Paused);
        QStringList kinds;
        for (const HistoryMarker &m : h.markers())
            kinds << m.kind + u' ' + m.node + u'@' + QString::number(m.atMs);
        QCOMPARE(kinds, (QStringList{u"pause n2@30"_s, u"resume n2@40"_s, u"crash n2@50"_s}));
        // Far enough apart, every change is a frame.
        h.addFrame(1000, ring({n1, n2}), {});
        h.addFrame(2000, ring({n1, n2}), {});
        QCOMPARE(h.frameCount(), 7);
    }

    void eventsAndStepping() {
        History h;
        h.addEvent(100, source, feedEvent(1, u"join"_s));
        h.addEvent(200, source, feedEvent(2, u"lookup"_s));
        h.addEvent(150, source, feedEvent(3, u"put"_s)); // arrived later: not before the last
        h.addEvent(400, source, feedEvent(4, u"leave"_s));
        QCOMPARE(h.eventCount(), 4);
        QCOMPARE(h.events()[2].atMs, 200);
        QCOMPARE(h.eventsIn(100, 200).size(), 2);
        QCOMPARE(h.eventsIn(0, 100).size(), 1);
        QCOMPARE(h.eventsUpTo(200, 2).size(), 2);
        QCOMPARE(h.eventsUpTo(200, 2).front()->event.seq, 2u);
        QCOMPARE(h.eventsUpTo(50, 10).size(), 0);
        QCOMPARE(h.countUpTo(200), 3);
        QCOMPARE(h.nextEventAfter(100), std::optional<qint64>(200));
        QCOMPARE(h.nextEventAfter(400), std::nullopt);
        QCOMPARE(h.previousEventBefore(400), std::optional<qint64>(200));
        QCOMPARE(h.previousEventBefore(100), std::nullopt);
        QCOMPARE(h.density(100, 400, 3), (QList<int>{1, 2, 1})); // 100 | 200 200 | 400
        QCOMPARE(h.density(100, 100, 3), (QList<int>{0, 0, 0}));
        QCOMPARE(h.markers().size(), 2u); // join and leave
    }

    void boundedOldestFirst() {
        History h;
        for (int i = 0; i < History::MaxEvents + 10; ++i)
            h.addEvent(i, source, feedEvent(quint64(i + 1), u"get"_s));
        QCOMPARE(h.eventCount(), History::MaxEvents);
        QCOMPARE(h.events().front().atMs, 10);
        const auto r = ring({node(u"n1"_s, 5001, 100, NodeHealth::Alive)});
        for (int i = 0; i < History::MaxFrames + 5; ++i)
            h.addFrame(qint64(i) * History::FrameSpacingMs, r, {});
        QCOMPARE(h.frameCount(), History::MaxFrames);
    }

    void savedAndOpenedAgain() {
        History h;
        auto n1 = node(u"n1"_s, 5001, 100, NodeHealth::Alive);
        n1.succ = Chord::NodeRef{u"n2"_s, u"127.0.0.1"_s, 5002, 200};
        n1.successors = {*n1.succ};
        n1.fingers = {{0, 101, 102, *n1.succ}};
        n1.keys = {u"apple"_s};
        n1.copiesFrom = Chord::Id(60000); // (60000, 100] wraps past 0 on the 16-bit circle
        // Link faults travel with the frame (a slow, lossy link to n2 and a partition).
        Chord::LinkRule slow;
        slow.peer = u"127.0.0.1:5002"_s;
        slow.in = false;
        slow.fault.delayMs = 200;
        slow.fault.jitterMs = 50;
        slow.fault.loss = 0.25;
        n1.faults.links = {slow};
        n1.faults.partition = {{u"127.0.0.1:5001"_s}, {u"127.0.0.1:5002"_s}};
        n1.faults.seed = 7;
        h.addFrame(1000, ring({n1, node(u"n2"_s, 5002, 200, NodeHealth::Paused)}), {5, 60000});
        Chord::Event e = feedEvent(1, u"lookup"_s);
        e.key = u"apple"_s;
        e.op = u"app-1"_s;
        h.addEvent(1100, source, e);
        QString error;
        const std::optional<History> back = History::fromJson(h.toJson(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(QJsonDocument(back->toJson()), QJsonDocument(h.toJson()));
        const NodeSnapshot &n = back->frameAt(1000)->ring.nodes[0];
        QCOMPARE(n.succ->port, 5002);
        QCOMPARE(n.fingers[0].end, Chord::Id(102));
        QCOMPARE(back->frameAt(1000)->ring.nodes[1].health, NodeHealth::Paused);
        QCOMPARE(n.copiesFrom, std::optional<Chord::Id>(60000));
        QVERIFY(!back->frameAt(1000)->ring.nodes[1].copiesFrom);
        QCOMPARE(n.faults, n1.faults);
        QVERIFY(!back->frameAt(1000)->ring.nodes[1].hasFaults());
        QCOMPARE(back->events().front().event.op, u"app-1"_s);

        // Through a file, as the app saves and opens it.
        QTemporaryDir dir;
        Replay saver;
        saver.recordFrame(1000, h.frameAt(1000)->ring, {});
        QVERIFY(saver.save(dir.filePath(u"r.json"_s), &error));
        Replay opener;
        QVERIFY2(opener.open(dir.filePath(u"r.json"_s), &error), qPrintable(error));
        QVERIFY(opener.hasOpenedFile() && !opener.isLive());
        QCOMPARE(opener.history().frameCount(), 1);
        QVERIFY(!opener.open(dir.filePath(u"missing.json"_s), &error));
        QVERIFY(opener.hasOpenedFile()); // the one open stays
    }

    void framesWrittenAsChanges() {
        // Three frames: n1 changes only its uptime, then its successor; n2 never changes.
        History h;
        auto n1 = node(u"n1"_s, 5001, 100, NodeHealth::Alive);
        n1.succ = Chord::NodeRef{u"n2"_s, u"127.0.0.1"_s, 5002, 200};
        n1.successors = {*n1.succ};
        n1.fingers = {{0, 101, 102, *n1.succ}};
        auto n2 = node(u"n2"_s, 5002, 200, NodeHealth::Alive);
        h.addFrame(1000, ring({n1, n2}), {5});
        n1.uptimeMs += 1000;
        h.addFrame(2000, ring({n1, n2}), {5});
        n1.succ = n2.ref;
        n1.succ->name = u"n2b"_s;
        h.addFrame(3000, ring({n1, n2}), {5, 7});
        // In memory, the unchanged parts are the previous frame's (shared, not copied).
        QVERIFY(h.frameAt(2000)->ring.nodes[0].fingers.constData() ==
                h.frameAt(1000)->ring.nodes[0].fingers.constData());
        QCOMPARE(h.frameAt(2000)->ring.nodes[0].uptimeMs, n1.uptimeMs);
        // In the file, a node as before is {"same", "uptimeMs"}; key ids only when changed.
        const QJsonArray frames = h.toJson().value(u"frames"_s).toArray();
        QCOMPARE(h.toJson().value(u"version"_s).toInt(), 2);
        const QJsonArray second = frames[1].toObject().value(u"nodes"_s).toArray();
        QCOMPARE(second[0].toObject().value(u"same"_s).toString(), u"127.0.0.1:5001"_s);
        QCOMPARE(second[0].toObject().value(u"uptimeMs"_s).toInteger(), n1.uptimeMs);
        QVERIFY(!frames[1].toObject().contains(u"keyIds"_s));
        const QJsonArray third = frames[2].toObject().value(u"nodes"_s).toArray();
        QVERIFY(third[0].toObject().contains(u"node"_s)); // changed: written whole
        QVERIFY(third[1].toObject().contains(u"same"_s));
        QVERIFY(frames[2].toObject().contains(u"keyIds"_s));
        // And read back the same.
        QString error;
        const std::optional<History> back = History::fromJson(h.toJson(), &error);
        QVERIFY2(back, qPrintable(error));
        for (qint64 at : {1000, 2000, 3000}) {
            QCOMPARE(back->frameAt(at)->ring.nodes, h.frameAt(at)->ring.nodes);
            QCOMPARE(back->frameAt(at)->keyIds, h.frameAt(at)->keyIds);
        }
        // A version 1 file (every frame whole) still opens.
        QJsonObject v1 = h.toJson();
        v1.insert(u"version"_s, 1);
        QJsonArray whole;
        for (qint64 at : {1000, 2000, 3000}) {
            History one;
            one.addFrame(at, h.frameAt(at)->ring, h.frameAt(at)->keyIds);
            whole.append(one.toJson().value(u"frames"_s).toArray()[0]);
        }
        v1.insert(u"frames"_s, whole);
        const std::optional<History> old = History::fromJson(v1, &error);
        QVERIFY2(old, qPrintable(error));
        QCOMPARE(old->frameAt(3000)->ring.nodes, h.frameAt(3000)->ring.nodes);
    }

    void badRecordings_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        const QByteArray frame = R"({"at": 5, "bits": 16, "nodes": [], "keyIds": []})";
        QTest::newRow("not json") << QByteArray("{\"format\": ") << u"not JSON"_s;
        QTest::newRow("array") << QByteArray("[]") << u"not a JSON object"_s;
        QTest::newRow("other format")
            << QByteArray(R"({"format": "x", "version": 1})") << u"not a ChordLab recording"_s;
        QTest::newRow("newer version")
            << QByteArray(R"({"format": "chordlab-recording", "version": 3})") << u"version 3"_s;
        QTest::newRow("no version")
            << QByteArray(R"({"format": "chordlab-recording"})") << u"version"_s;
        QTest::newRow("same as a frame before the first")
            << QByteArray(R"({"format": "chordlab-recording", "version": 2, "frames": [)"
                          R"({"at": 1, "bits": 16, "keyIds": [], "nodes": [)"
                          R"({"same": "127.0.0.1:1", "uptimeMs": 5}]}]})")
            << u"frame 0"_s;
        QTest::newRow("same as a node the frame before lacks")
            << QByteArray(R"({"format": "chordlab-recording", "version": 2, "frames": [)" + frame +
                          R"(, {"at": 6, "bits": 16, "nodes": [)"
                          R"({"same": "127.0.0.1:1", "uptimeMs": 5}]}]})")
            << u"frame 1"_s;
        QTest::newRow("first frame without key ids")
            << QByteArray(R"({"format": "chordlab-recording", "version": 2, "frames": [)"
                          R"({"at": 1, "bits": 16, "nodes": []}]})")
            << u"frame 0"_s;
        QTest::newRow("frame without time")
            << QByteArray(R"({"format": "chordlab-recording", "version": 1, "frames": [)"
                          R"({"bits": 16, "nodes": [], "keyIds": []}]})")
            << u"frame 0"_s;
        QTest::newRow("bits out of range")
            << QByteArray(R"({"format": "chordlab-recording", "version": 1, "frames": [)"
                          R"({"at": 1, "bits": 65, "nodes": [], "keyIds": []}]})")
            << u"frame 0"_s;
        QTest::newRow("node without health")
            << QByteArray(R"({"format": "chordlab-recording", "version": 1, "frames": [)"
                          R"({"at": 1, "bits": 16, "keyIds": [], "nodes": [{"node": )"
                          R"({"name": "n1", "host": "127.0.0.1", "port": 1, "id": "5"}, )"
                          R"("successors": []}]}]})")
            << u"frame 0"_s;
        QTest::newRow("bad fault table")
            << QByteArray(R"({"format": "chordlab-recording", "version": 2, "frames": [)"
                          R"({"at": 1, "bits": 16, "keyIds": [], "nodes": [{"node": )"
                          R"({"name": "n1", "host": "127.0.0.1", "port": 1, "id": "5"}, )"
                          R"("successors": [], "health": "alive", )"
                          R"("faults": {"links": [{"peer": "127.0.0.1:2", "loss": 2}]}}]}]})")
            << u"frame 0"_s;
        QTest::newRow("copiesFrom beyond the circle")
            << QByteArray(R"({"format": "chordlab-recording", "version": 2, "frames": [)"
                          R"({"at": 1, "bits": 16, "keyIds": [], "nodes": [{"node": )"
                          R"({"name": "n1", "host": "127.0.0.1", "port": 1, "id": "5"}, )"
                          R"("successors": [], "health": "alive", "copiesFrom": "70000"}]}]})")
            << u"frame 0"_s;
        QTest::newRow("key id too large")
            << QByteArray(R"({"format": "chordlab-recording", "version": 1, "frames": [)"
                          R"({"at": 1, "bits": 16, "nodes": [], "keyIds": ["70000"]}]})")
            << u"frame 0"_s;
        QTest::newRow("frames out of order")
            << QByteArray(R"({"format": "chordlab-recording", "version": 1, "frames": [)" + frame +
                          ", " + QByteArray(frame).replace("\"at\": 5", "\"at\": 4") + "]}")
            << u"frame 1 is older"_s;
        QTest::newRow("event without source")
            << QByteArray(R"({"format": "chordlab-recording", "version": 1, "events": [)"
                          R"({"at": 1, "event": {"seq": 1, "type": "get"}}]})")
            << u"event 0"_s;
        QTest::newRow("event without type")
            << QByteArray(R"({"format": "chordlab-recording", "version": 1, "events": [)"
                          R"({"at": 1, "source": {"name": "n1", "host": "127.0.0.1", )"
                          R"("port": 1}, "event": {"seq": 1}}]})")
            << u"event 0"_s;
    }

    void badRecordings() {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QTemporaryDir dir;
        QFile file(dir.filePath(u"bad.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        Replay replay;
        replay.recordEvent(1, source, feedEvent(1, u"get"_s));
        QString why;
        QVERIFY(!replay.open(file.fileName(), &why));
        QVERIFY2(why.contains(error), qPrintable(why));
        // Nothing of the app's own recording is lost, and it stays live.
        QVERIFY(replay.isLive() && !replay.hasOpenedFile());
        QCOMPARE(replay.history().eventCount(), 1);
    }

    // The sequence chart's rows: a message is an arrow to its peer, a lookup one per hop, a
    // hand-off one; other events only when following their operation.
    void sequenceRows() {
        History h;
        const Chord::NodeRef n2{u"n2"_s, u"127.0.0.1"_s, 5002, 200};
        const Chord::NodeRef n3{u"n3"_s, u"127.0.0.1"_s, 5003, 300};
        Chord::Event message = feedEvent(1, u"message"_s);
        message.node = n2;
        message.detail = u"neighbors (stabilize): timeout after 1000 ms"_s;
        h.addEvent(1000, source, message);
        Chord::Event lookup = feedEvent(2, u"lookup"_s);
        lookup.op = u"app-7"_s;
        Chord::LookupResult trace;
        trace.key = u"apple"_s;
        trace.hops = {Chord::Hop{n2, false, false, n3, 0.5}, Chord::Hop{n3, true, false, {}, 0.25}};
        lookup.lookup = trace;
        h.addEvent(1500, source, lookup);
        Chord::Event put = feedEvent(3, u"put"_s);
        put.op = u"app-7"_s;
        put.key = u"apple"_s;
        h.addEvent(1600, n3, put);
        h.addEvent(1700, source, feedEvent(4, u"pred"_s)); // not a message: no row

        const QList<SequenceView::Row> all = SequenceView::rowsOf(h, 2000, 10000, {});
        QCOMPARE(all.size(), 4); // the message, two hops, the put (it has an op)
        QCOMPARE(all[0].from, u"n1"_s);
        QCOMPARE(all[0].to, u"n2"_s);
        QVERIFY(all[0].failed);
        QCOMPARE(all[1].to, u"n2"_s);
        QVERIFY(all[1].label.contains(u"find-successor → n3"_s));
        QCOMPARE(all[2].to, u"n3"_s);
        QVERIFY(all[2].label.contains(u"done"_s));
        QCOMPARE(all[3].from, all[3].to);
        // The window ends at the cursor and reaches back windowMs.
        QCOMPARE(SequenceView::rowsOf(h, 1200, 10000, {}).size(), 1);
        QCOMPARE(SequenceView::rowsOf(h, 2000, 600, {}).size(), 3); // (1400, 2000]
        // One operation: its hops and its put, at any time up to the cursor.
        const QList<SequenceView::Row> op = SequenceView::rowsOf(h, 2000, 1, u"app-7"_s);
        QCOMPARE(op.size(), 3);
        for (const SequenceView::Row &r : op)
            QCOMPARE(r.op, u"app-7"_s);
        QVERIFY(SequenceView::rowsOf(h, 2000, 10000, u"nobody"_s).isEmpty());

        // With its messages recorded (they carry its op), an operation is drawn from them:
        // its lookup's hops are not drawn a second time.
        Chord::Event step = feedEvent(5, u"message"_s);
        step.node = n2;
        step.op = u"app-7"_s;
        step.detail = u"find-successor 118: next n3"_s;
        h.addEvent(1800, source, step);
        const QList<SequenceView::Row> traced = SequenceView::rowsOf(h, 2000, 1, u"app-7"_s);
        QCOMPARE(traced.size(), 2); // the put and the message
        QCOMPARE(traced[1].label, step.detail);
        QCOMPARE(SequenceView::rowsOf(h, 2000, 10000, {}).size(), 3); // message, put, message
    }

    // Playing moves the cursor at the chosen speed and re-runs the events it passes; the
    // app's own recording played to its end is live again.
    void frameTimesOfARange() {
        // Every 1/fps seconds from the start, the end included when it falls on a frame.
        QCOMPARE(FrameExport::frameTimes({1000, 2000, 5}),
                 (QList<qint64>{1000, 1200, 1400, 1600, 1800, 2000}));
        QCOMPARE(FrameExport::frameTimes({1000, 1000, 5}), QList<qint64>{1000});
        QVERIFY(FrameExport::frameTimes({2000, 1000, 5}).isEmpty()); // to before from
        QVERIFY(FrameExport::frameTimes({0, 1000, 0}).isEmpty());
        QCOMPARE(FrameExport::frameTimes({0, 3'600'000, 25}).size(), FrameExport::MaxFrames);
    }

    void animatedPngIsWellFormed() {
        // Three frames of different colours: IHDR, acTL(3, loop), per frame an fcTL and its
        // data (IDAT, then fdAT), sequence numbers 0, 1, 2, ... across fcTL and fdAT, and
        // every chunk's CRC right; the first frame is what a plain PNG reader shows.
        QList<QImage> frames;
        for (QRgb c : {qRgb(255, 0, 0), qRgb(0, 255, 0), qRgb(0, 0, 255)}) {
            QImage image(32, 24, QImage::Format_RGB32);
            image.fill(c);
            frames.append(image);
        }
        QString error;
        const QByteArray apng = FrameExport::apng(frames, 200, &error);
        QVERIFY2(!apng.isEmpty(), qPrintable(error));
        QStringList types;
        QList<quint32> sequence;
        qsizetype at = 8;
        while (at + 12 <= apng.size()) {
            const quint32 length = qFromBigEndian<quint32>(apng.constData() + at);
            const QByteArray type = apng.mid(at + 4, 4);
            const QByteArray body = apng.mid(at + 8, length);
            types << QString::fromLatin1(type);
            if (type == "acTL") {
                QCOMPARE(qFromBigEndian<quint32>(body.constData()), 3u);
                QCOMPARE(qFromBigEndian<quint32>(body.constData() + 4), 0u);
            }
            if (type == "fcTL") {
                QCOMPARE(qFromBigEndian<quint32>(body.constData() + 4), 32u);           // width
                QCOMPARE(qFromBigEndian<quint16>(body.constData() + 20), quint16(200)); // delay
            }
            if (type == "fcTL" || type == "fdAT")
                sequence << qFromBigEndian<quint32>(body.constData());
            at += 12 + qsizetype(length);
        }
        QCOMPARE(at, apng.size());
        QCOMPARE(types.first(), u"IHDR"_s);
        QCOMPARE(types[1], u"acTL"_s);
        QCOMPARE(types.last(), u"IEND"_s);
        QCOMPARE(types.count(u"fcTL"_s), 3);
        QVERIFY(types.count(u"IDAT"_s) >= 1 && types.count(u"fdAT"_s) >= 2);
        for (int i = 0; i < sequence.size(); ++i)
            QCOMPARE(sequence[i], quint32(i));
        QImage first;
        QVERIFY(first.loadFromData(apng, "PNG"));
        QCOMPARE(first.pixel(5, 5), qRgb(255, 0, 0));

        // Frames of different sizes, or none: a reason, no file.
        frames.append(QImage(10, 10, QImage::Format_RGB32));
        QVERIFY(FrameExport::apng(frames, 200, &error).isEmpty());
        QVERIFY(error.contains(u"size"_s));
        QVERIFY(FrameExport::apng({}, 200, &error).isEmpty());
    }

    void rangeWrittenAsFrames() {
        QTemporaryDir dir;
        QString error;
        int drawn = 0;
        const auto draw = [&drawn](qint64 atMs) {
            ++drawn;
            QImage image(16, 16, QImage::Format_RGB32);
            image.fill(qRgb(int(atMs % 256), 0, 0));
            return image;
        };
        const QString out = dir.filePath(u"frames"_s);
        QVERIFY2(FrameExport::write({0, 1000, 4}, out, draw, &error), qPrintable(error));
        QCOMPARE(drawn, 5);
        QCOMPARE(QDir(out).entryList({u"frame-*.png"_s}, QDir::Files),
                 (QStringList{u"frame-0001.png"_s, u"frame-0002.png"_s, u"frame-0003.png"_s,
                              u"frame-0004.png"_s, u"frame-0005.png"_s}));
        QVERIFY(QFile::exists(QDir(out).filePath(u"ring.apng.png"_s)));
        // An empty range, a drawing that stops (cancelled), a folder that cannot be made.
        QVERIFY(!FrameExport::write({1000, 0, 4}, out, draw, &error));
        QVERIFY(error.contains(u"no frame"_s));
        QVERIFY(!FrameExport::write(
            {0, 1000, 4}, out, [](qint64) { return QImage(); }, &error));
        QVERIFY(error.contains(u"stopped at frame 1"_s));
        QFile file(dir.filePath(u"plain"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(!FrameExport::write({0, 1000, 4}, dir.filePath(u"plain/sub"_s), draw, &error));
        QVERIFY(error.contains(u"cannot create"_s));
    }

    void exportDialogRange() {
        // A 60 s recording with the cursor at 45 s: by default the 20 s up to the cursor.
        ExportRangeDialog dialog(100'000, 160'000, 145'000);
        const FrameExport::Range range = dialog.range();
        QCOMPARE(range.fromMs, 125'000);
        QCOMPARE(range.toMs, 145'000);
        QCOMPARE(range.fps, 5.0);
        QVERIFY(!dialog.folder().isEmpty());
        auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        // "To" before "From": nothing to export, and the dialog says why.
        dialog.findChild<QDoubleSpinBox *>(u"exportTo"_s)->setValue(10);
        QVERIFY(!ok->isEnabled());
        dialog.findChild<QDoubleSpinBox *>(u"exportFrom"_s)->setValue(0);
        dialog.findChild<QSpinBox *>(u"exportFps"_s)->setValue(2);
        QVERIFY(ok->isEnabled());
        QCOMPARE(FrameExport::frameTimes(dialog.range()).size(), 21); // 0..10 s at 2/s
        // Spin boxes keep the range inside the recording.
        dialog.findChild<QDoubleSpinBox *>(u"exportTo"_s)->setValue(1000);
        QCOMPARE(dialog.range().toMs, 160'000);
    }

    void playingReRunsEvents() {
        Replay replay;
        const qint64 t0 = 1000;
        replay.recordFrame(t0, ring({node(u"n1"_s, 5001, 100, NodeHealth::Alive)}), {});
        for (int i = 1; i <= 4; ++i)
            replay.recordEvent(t0 + i * 50, source, feedEvent(quint64(i), u"get"_s));
        QSignalSpy replayed(&replay, &Replay::eventReplayed);
        replay.seek(t0);
        replay.setSpeed(100); // clamped to the maximum
        QCOMPARE(replay.speed(), Replay::MaxSpeed);
        replay.play();
        QVERIFY(replay.isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(replay.isLive(), 2000);
        QCOMPARE(replayed.size(), 4);
        replay.seek(-5); // clamped to the start
        QCOMPARE(replay.cursorMs(), t0);
    }
};

QTEST_MAIN(TestHistory)
#include "tst_history.moc"
