// The cost of recording and replaying (docs/RECORDING.md): the memory an hour of a busy
// 32-node ring takes in the app's history and on disk, and the time the app takes to show a
// moment of a 128-node recording (every view updated, then the window painted). Prints
// figures; nothing is asserted on time.
#include "BenchRing.h"
#include "LanguageManager.h"
#include "MainWindow.h"
#include "Replay.h"
#include "RingController.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <malloc.h>

using namespace ChordLab;
using ChordLab::Bench::makeRing;
using namespace Qt::StringLiterals;

namespace {

// Bytes the program holds on the heap now (glibc's count, not the resident set, which keeps
// what a previous case freed).
double heapMiB() {
    return double(mallinfo2().uordblks) / (1024.0 * 1024.0);
}

// One second of a busy ring: a fresh frame (as the app's poll makes one), and `perSecond`
// events: messages, lookups of 4 hops, writes and pointer changes, in the mix the app sees
// with messages shown.
void recordSecond(Replay &replay, qint64 atMs, int nodes, int bits, int perSecond, int second) {
    RingSnapshot ring = makeRing(nodes, bits);
    ring.nodes[second % nodes].keys = {u"key-%1"_s.arg(second)}; // something changed
    QList<Chord::Id> keys;
    const Chord::IdSpace space(bits);
    for (int k = 0; k < 200; ++k)
        keys.append(space.hashKey(u"key-%1"_s.arg(k)));
    replay.recordFrame(atMs, ring, keys);
    for (int i = 0; i < perSecond; ++i) {
        const NodeSnapshot &from = ring.nodes[(second + i) % nodes];
        const NodeSnapshot &to = ring.nodes[(second + i + 1) % nodes];
        Chord::Event e;
        e.seq = quint64(second) * quint64(perSecond) + quint64(i);
        e.timeMs = atMs + i;
        e.op = u"op-%1"_s.arg(e.seq / 4);
        switch (i % 5) {
        case 0:
        case 1:
            e.type = u"message"_s;
            e.detail = u"neighbors (stabilize, lease 2000 ms): ok"_s;
            e.node = to.ref;
            break;
        case 2: {
            e.type = u"lookup"_s;
            Chord::LookupResult r;
            r.ok = true;
            r.key = u"key-%1"_s.arg(i);
            r.id = space.hashKey(r.key);
            r.owner = to.ref;
            for (int h = 0; h < 4; ++h)
                r.hops.append({ring.nodes[(second + h) % nodes].ref, h == 3, false,
                               ring.nodes[(second + h + 1) % nodes].ref, 0.4});
            e.lookup = r;
            e.key = r.key;
            break;
        }
        case 3:
            e.type = u"put"_s;
            e.key = u"key-%1"_s.arg(i);
            break;
        default:
            e.type = u"succ"_s;
            e.node = to.ref;
            e.previous = from.ref;
            e.detail = u"stabilize"_s;
        }
        replay.recordEvent(atMs + i, from.ref, e);
    }
}

void memoryPerHour() {
    std::printf("recording an hour of a 32-node ring (a frame a second, fresh snapshots, 200 "
                "keys drawn)\n");
    std::printf("%-14s %8s %8s %12s %12s %12s\n", "events/s", "frames", "events", "heap MiB",
                "file MiB", "save ms");
    for (int perSecond : {5, 20}) {
        const double before = heapMiB();
        {
            Replay replay;
            const qint64 start = 1'700'000'000'000;
            for (int s = 0; s < 3600; ++s)
                recordSecond(replay, start + qint64(s) * 1000, 32, 16, perSecond, s);
            const double grown = heapMiB() - before;
            QTemporaryDir dir;
            const QString file = dir.filePath(u"hour.chordlab.json"_s);
            QString error;
            QElapsedTimer t;
            t.start();
            replay.save(file, &error);
            const qint64 saveMs = t.elapsed();
            std::printf("%-14d %8d %8d %12.1f %12.1f %12lld\n", perSecond,
                        replay.history().frameCount(), replay.history().eventCount(), grown,
                        double(QFile(file).size()) / (1024.0 * 1024.0),
                        static_cast<long long>(saveMs));
        }
    }
}

void replayFrameTime() {
    // A 128-node recording of 10 minutes, opened in the app with no nodes running; the
    // cursor moved to 60 moments spread over it.
    QTemporaryDir dir;
    const QString file = dir.filePath(u"ring128.chordlab.json"_s);
    {
        Replay replay;
        const qint64 start = 1'700'000'000'000;
        for (int s = 0; s < 600; ++s)
            recordSecond(replay, start + qint64(s) * 1000, 128, 64, 10, s);
        QString error;
        if (!replay.save(file, &error)) {
            std::printf("could not save the recording: %s\n", qPrintable(error));
            return;
        }
    }
    LanguageManager language;
    language.setLanguage(u"en"_s);
    RingController controller;
    MainWindow window(&controller, &language);
    window.resize(1400, 900);
    window.show();
    QElapsedTimer open;
    open.start();
    if (!window.openRecording(file)) {
        std::printf("could not open the recording\n");
        return;
    }
    const qint64 openMs = open.elapsed();
    QApplication::processEvents();
    Replay *replay = window.replay();
    const History &h = replay->history();
    QList<double> seekMs, frameMs;
    for (int i = 0; i < 63; ++i) {
        const qint64 at = h.startMs() + (h.endMs() - h.startMs()) * ((i * 37) % 60) / 60;
        QElapsedTimer t;
        t.start();
        replay->seek(at);
        const double seek = double(t.nsecsElapsed()) / 1e6;
        window.repaint();
        QApplication::processEvents();
        const double frame = double(t.nsecsElapsed()) / 1e6;
        if (i >= 3) { // warm-up (font caches)
            seekMs.append(seek);
            frameMs.append(frame);
        }
    }
    auto stats = [](QList<double> v) {
        std::sort(v.begin(), v.end());
        double sum = 0;
        for (double x : v)
            sum += x;
        return std::pair(sum / double(v.size()), v[int(double(v.size()) * 0.95)]);
    };
    const auto [seekMean, seekP95] = stats(seekMs);
    const auto [frameMean, frameP95] = stats(frameMs);
    std::printf("\nreplaying a 128-node recording (600 frames, 6000 events), window 1400x900\n");
    std::printf("opening the file: %lld ms\n", static_cast<long long>(openMs));
    std::printf("%-40s %10s %10s\n", "", "mean ms", "p95 ms");
    std::printf("%-40s %10.2f %10.2f\n", "seek (every view set to the moment)", seekMean, seekP95);
    std::printf("%-40s %10.2f %10.2f\n", "seek and the window painted", frameMean, frameP95);
}

} // namespace

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    memoryPerHour();
    replayFrameTime();
    return 0;
}
