#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace Chord {

// An identifier on the Chord circle: an integer in [0, 2^m). The value is kept reduced;
// all arithmetic goes through IdSpace, which knows m.
using Id = quint64;

// The identifier space of m bits (3 <= m <= 64) and the modular arithmetic on it.
// Everything here is pure: no network, no Qt event loop, so it is tested exhaustively.
class IdSpace {
public:
    static constexpr int MinBits = 3;
    static constexpr int MaxBits = 64;

    explicit IdSpace(int bits = MaxBits);

    int bits() const { return m_bits; }
    // 2^m - 1; every reduced identifier is <= mask().
    Id mask() const { return m_mask; }
    Id reduce(quint64 value) const { return value & m_mask; }
    bool isValid(quint64 value) const { return (value & ~m_mask) == 0; }

    Id add(Id a, quint64 b) const { return reduce(a + b); }
    Id subtract(Id a, quint64 b) const { return reduce(a - b); }
    // Clockwise distance from a to b: how far one walks from a to reach b.
    quint64 distance(Id from, Id to) const { return reduce(to - from); }
    // Start of finger i (0-based): n + 2^i mod 2^m, for 0 <= i < m.
    Id fingerStart(Id n, int i) const;
    // The point halfway along the clockwise arc from a to b; the whole circle when a == b.
    Id midpoint(Id from, Id to) const;

    // SHA-1 of the bytes, first 8 bytes big-endian, reduced to m bits.
    Id hash(const QByteArray &bytes) const;
    Id hashKey(const QString &key) const { return hash(key.toUtf8()); }

    // Parses decimal or 0x-prefixed hex; rejects empty, signs, garbage and values >= 2^m.
    std::optional<Id> parse(const QString &text) const;
    static QString toString(Id id) { return QString::number(id); }

    bool operator==(const IdSpace &other) const = default;

private:
    int m_bits;
    Id m_mask;
};

// Arcs of the circle. Chord's correctness hinges on these at the wrap-around point, so each
// bracket variant is its own named function. An arc from a to a (a == b) is the whole
// circle: (a, a) is everything but a, (a, a] and [a, a) are everything.
namespace Interval {
bool containsOpenOpen(const IdSpace &space, Id a, Id b, Id x);
bool containsOpenClosed(const IdSpace &space, Id a, Id b, Id x);
bool containsClosedOpen(const IdSpace &space, Id a, Id b, Id x);
bool containsClosedClosed(const IdSpace &space, Id a, Id b, Id x);
} // namespace Interval

} // namespace Chord
