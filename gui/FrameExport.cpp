#include "FrameExport.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QtEndian>

#include <array>
#include <cmath>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {

quint32 crc32(const QByteArray &bytes) {
    // The CRC of PNG chunks (ISO 3309, as zlib's crc32), by the table of the PNG specification.
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xffffffffu;
    for (char byte : bytes)
        c = table[(c ^ quint8(byte)) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

QByteArray be32(quint32 v) {
    QByteArray b(4, Qt::Uninitialized);
    qToBigEndian(v, b.data());
    return b;
}

QByteArray be16(quint16 v) {
    QByteArray b(2, Qt::Uninitialized);
    qToBigEndian(v, b.data());
    return b;
}

void appendChunk(QByteArray &out, const char *type, const QByteArray &data) {
    const QByteArray typed = QByteArray(type, 4) + data;
    out += be32(quint32(data.size())) + typed + be32(crc32(typed));
}

struct Chunk {
    QByteArray type;
    QByteArray data;
};

// The chunks of a PNG file, or none when it is not one.
QList<Chunk> chunksOf(const QByteArray &png) {
    static const QByteArray signature("\x89PNG\r\n\x1a\n", 8);
    QList<Chunk> chunks;
    if (!png.startsWith(signature))
        return chunks;
    qsizetype at = signature.size();
    while (at + 12 <= png.size()) {
        const quint32 length = qFromBigEndian<quint32>(png.constData() + at);
        if (at + 12 + qsizetype(length) > png.size())
            return {};
        chunks.append({png.mid(at + 4, 4), png.mid(at + 8, length)});
        at += 12 + qsizetype(length);
    }
    return chunks;
}

} // namespace

QList<qint64> FrameExport::frameTimes(const Range &range) {
    QList<qint64> times;
    if (range.fps <= 0 || range.toMs < range.fromMs)
        return times;
    const double stepMs = 1000.0 / range.fps;
    for (int i = 0; i < MaxFrames; ++i) {
        const qint64 at = range.fromMs + qint64(std::llround(i * stepMs));
        if (at > range.toMs)
            break;
        times.append(at);
    }
    return times;
}

bool FrameExport::write(const Range &range, const QString &dir, const DrawFrame &draw,
                        QString *error) {
    const QList<qint64> times = frameTimes(range);
    if (times.isEmpty()) {
        *error = u"the range holds no frame"_s;
        return false;
    }
    if (!QDir().mkpath(dir)) {
        *error = u"cannot create the folder %1"_s.arg(dir);
        return false;
    }
    QList<QImage> frames;
    for (int i = 0; i < times.size(); ++i) {
        QImage frame = draw(times[i]).convertToFormat(QImage::Format_RGB32);
        if (frame.isNull()) {
            *error = u"stopped at frame %1 of %2"_s.arg(i + 1).arg(times.size());
            return false;
        }
        const QString file = QDir(dir).filePath(u"frame-%1.png"_s.arg(i + 1, 4, 10, QChar(u'0')));
        if (!frame.save(file, "PNG")) {
            *error = u"cannot write %1"_s.arg(file);
            return false;
        }
        frames.append(frame);
    }
    const QByteArray animation = apng(frames, int(std::lround(1000.0 / range.fps)), error);
    if (animation.isEmpty())
        return false;
    QFile out(QDir(dir).filePath(u"ring.apng.png"_s));
    if (!out.open(QIODevice::WriteOnly) || out.write(animation) != animation.size()) {
        *error = u"cannot write %1"_s.arg(out.fileName());
        return false;
    }
    return true;
}

QByteArray FrameExport::apng(const QList<QImage> &frames, int delayMs, QString *error) {
    // APNG (a PNG whose first frame any viewer shows): IHDR, acTL (frame count, loop for
    // ever), then per frame an fcTL (size, offset, delay) and its image data: IDAT for the
    // first frame, fdAT (a sequence number, then the IDAT bytes) for the others.
    if (frames.isEmpty()) {
        *error = u"no frames"_s;
        return {};
    }
    const QSize size = frames.first().size();
    QByteArray out("\x89PNG\r\n\x1a\n", 8);
    quint32 sequence = 0;
    for (int i = 0; i < frames.size(); ++i) {
        const QImage image = frames[i].convertToFormat(QImage::Format_RGB32);
        if (image.size() != size) {
            *error = u"frame %1 is not the size of the first"_s.arg(i + 1);
            return {};
        }
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG")) {
            *error = u"cannot encode frame %1"_s.arg(i + 1);
            return {};
        }
        const QList<Chunk> chunks = chunksOf(png);
        if (chunks.isEmpty() || chunks.first().type != "IHDR") {
            *error = u"frame %1 did not encode as a PNG"_s.arg(i + 1);
            return {};
        }
        if (i == 0) {
            appendChunk(out, "IHDR", chunks.first().data);
            appendChunk(out, "acTL", be32(quint32(frames.size())) + be32(0));
        }
        appendChunk(out, "fcTL",
                    be32(sequence++) + be32(quint32(size.width())) + be32(quint32(size.height())) +
                        be32(0) + be32(0) + be16(quint16(qBound(1, delayMs, 65535))) + be16(1000) +
                        QByteArray(2, '\0')); // dispose none, blend source
        for (const Chunk &c : chunks) {
            if (c.type != "IDAT")
                continue;
            if (i == 0)
                appendChunk(out, "IDAT", c.data);
            else
                appendChunk(out, "fdAT", be32(sequence++) + c.data);
        }
    }
    appendChunk(out, "IEND", {});
    return out;
}

} // namespace ChordLab
