// Paint time of the ring view: 128 nodes with every finger shown, the frame the GUI draws.
// Prints a table; the target is under 16 ms per frame (60 fps).
#include "BenchRing.h"
#include "RingPainter.h"
#include "RingView.h"

#include "IdSpace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdio>

using namespace ChordLab;
using ChordLab::Bench::makeRing;
using namespace Qt::StringLiterals;

namespace {
struct Result {
    double meanMs;
    double p95Ms;
};

Result measure(const RingScene &scene, QSize size, int frames) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    QList<double> times;
    for (int i = 0; i < frames + 3; ++i) {
        QPainter p(&image);
        QElapsedTimer t;
        t.start();
        RingPainter(scene).paint(&p, QRectF(image.rect()));
        p.end();
        if (i >= 3) // warm-up frames (font caches) are not counted
            times.append(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    double sum = 0;
    for (double x : times)
        sum += x;
    return {sum / times.size(), times[int(times.size() * 0.95)]};
}
} // namespace

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    const QSize size(1600, 1000);
    std::printf("ring view paint time, %dx%d, QPainter on a raster image (the widget's path)\n",
                size.width(), size.height());
    std::printf("%-8s %-6s %-12s %-10s %10s %10s %8s\n", "nodes", "bits", "fingers", "keys",
                "mean ms", "p95 ms", "fps");
    struct Case {
        int nodes;
        int bits;
        bool allFingers;
        int keys;
    };
    const QList<Case> cases{{8, 8, false, 20},      {8, 8, true, 20},   {32, 16, true, 200},
                            {128, 64, false, 1000}, {128, 64, true, 0}, {128, 64, true, 1000},
                            {128, 8, true, 1000}};
    bool withinTarget = true;
    for (const Case &c : cases) {
        const RingSnapshot ring = makeRing(c.nodes, c.bits);
        const Chord::IdSpace space(c.bits);
        RingScene scene;
        scene.setRing(&ring);
        scene.allFingers = c.allFingers;
        scene.selected = ring.nodes[c.nodes / 3].address();
        for (int k = 0; k < c.keys; ++k)
            scene.keyIds.append(space.hashKey(u"key-%1"_s.arg(k)));
        const Result r = measure(scene, size, 40);
        std::printf("%-8d %-6d %-12s %-10d %10.2f %10.2f %8.0f\n", c.nodes, c.bits,
                    c.allFingers ? "all" : "selected", c.keys, r.meanMs, r.p95Ms,
                    1000.0 / r.meanMs);
        if (c.nodes == 128 && c.allFingers)
            withinTarget = withinTarget && r.meanMs < 16.0;
    }
    std::printf("128 nodes with all fingers under 16 ms per frame: %s\n",
                withinTarget ? "yes" : "NO");
    return 0;
}
