#include "IdSpace.h"

#include <QCryptographicHash>

namespace Chord {

namespace {
bool isAsciiHexDigit(QChar c) {
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
}
} // namespace

IdSpace::IdSpace(int bits)
    : m_bits(qBound(MinBits, bits, MaxBits))
    , m_mask(m_bits == 64 ? ~quint64(0) : (quint64(1) << m_bits) - 1) {}

Id IdSpace::fingerStart(Id n, int i) const {
    Q_ASSERT(i >= 0 && i < m_bits);
    return add(n, quint64(1) << i);
}

Id IdSpace::midpoint(Id from, Id to) const {
    const quint64 d = distance(from, to);
    // d == 0 means the whole circle; half of 2^m is 2^(m-1).
    const quint64 half = d == 0 ? (quint64(1) << (m_bits - 1)) : d / 2;
    return add(from, half);
}

Id IdSpace::hash(const QByteArray &bytes) const {
    const QByteArray digest = QCryptographicHash::hash(bytes, QCryptographicHash::Sha1);
    quint64 value = 0;
    for (int i = 0; i < 8; ++i)
        value = (value << 8) | quint8(digest.at(i));
    return reduce(value);
}

std::optional<Id> IdSpace::parse(const QString &text) const {
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    bool ok = false;
    quint64 value = 0;
    if (t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) {
        if (t.size() == 2)
            return std::nullopt;
        // toULongLong(16) also takes '+', inner whitespace and a second "0x": check the digits.
        for (QChar c : t.mid(2)) {
            if (!isAsciiHexDigit(c))
                return std::nullopt;
        }
        value = t.mid(2).toULongLong(&ok, 16);
    } else {
        // toULongLong accepts a leading '+' and whitespace; an identifier is digits only.
        for (QChar c : t) {
            if (!c.isDigit())
                return std::nullopt;
        }
        value = t.toULongLong(&ok, 10);
    }
    if (!ok || !isValid(value))
        return std::nullopt;
    return value;
}

namespace Interval {

// All four reduce to one comparison of clockwise distances from a.
bool containsOpenOpen(const IdSpace &space, Id a, Id b, Id x) {
    const quint64 dx = space.distance(a, x);
    const quint64 db = space.distance(a, b);
    if (db == 0)
        return dx != 0;
    return dx != 0 && dx < db;
}

bool containsOpenClosed(const IdSpace &space, Id a, Id b, Id x) {
    const quint64 dx = space.distance(a, x);
    const quint64 db = space.distance(a, b);
    if (db == 0)
        return true;
    return dx != 0 && dx <= db;
}

bool containsClosedOpen(const IdSpace &space, Id a, Id b, Id x) {
    const quint64 dx = space.distance(a, x);
    const quint64 db = space.distance(a, b);
    if (db == 0)
        return true;
    return dx < db;
}

bool containsClosedClosed(const IdSpace &space, Id a, Id b, Id x) {
    const quint64 dx = space.distance(a, x);
    const quint64 db = space.distance(a, b);
    if (db == 0)
        return true;
    return dx <= db;
}

} // namespace Interval
} // namespace Chord
