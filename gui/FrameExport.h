#pragma once

#include <QImage>
#include <QList>
#include <QString>

#include <functional>

namespace ChordLab {

// A time range of a recording as an animation (docs/RECORDING.md, "Exporting a time range"):
// frames taken every 1/fps seconds of the recording, written as a numbered PNG sequence
// (frame-0001.png, ...) and as one animated PNG (ring.apng.png) that browsers and most image
// viewers play. The caller draws each frame (FrameExport knows nothing of the ring).
class FrameExport {
public:
    static constexpr int MaxFrames = 1500;

    struct Range {
        qint64 fromMs = 0;
        qint64 toMs = 0;
        double fps = 5;
    };
    // The recording times of the frames of a range (at most MaxFrames).
    static QList<qint64> frameTimes(const Range &range);

    // Draws the frame at recording time atMs; null stops the export.
    using DrawFrame = std::function<QImage(qint64 atMs)>;
    // Writes every frame of the range into dir; false with a reason on any failure.
    static bool write(const Range &range, const QString &dir, const DrawFrame &draw,
                      QString *error);

    // One animated PNG of equally sized frames shown delayMs each, looping.
    static QByteArray apng(const QList<QImage> &frames, int delayMs, QString *error);
};

} // namespace ChordLab
