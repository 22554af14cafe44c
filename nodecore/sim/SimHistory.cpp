#include "SimHistory.h"

#include <QSet>

#include <algorithm>

namespace Chord::Sim {

int SimHistory::invoke(Kind kind, QString key, QString value, QString node, qint64 now,
                       bool final) {
    Op op;
    op.index = int(m_ops.size());
    op.kind = kind;
    op.key = std::move(key);
    op.value = std::move(value);
    op.node = std::move(node);
    op.invokeNs = now;
    op.final = final;
    m_ops.push_back(op);
    return op.index;
}

QStringList SimHistory::keys() const {
    QStringList out;
    QSet<QString> seen;
    for (const Op &op : m_ops) {
        if (!seen.contains(op.key)) {
            seen.insert(op.key);
            out << op.key;
        }
    }
    return out;
}

QString SimHistory::describe(const Op &op) {
    static const char *const kinds[] = {"put", "delete", "get"};
    static const char *const statuses[] = {"pending", "ok", "failed", "timed out"};
    QString what = QStringLiteral("op%1 %2 %3")
                       .arg(op.index)
                       .arg(QString::fromUtf8(kinds[int(op.kind)]), op.key);
    if (op.kind == Kind::Put)
        what += QLatin1Char('=') + op.value;
    if (op.kind == Kind::Get && op.status == Status::Ok)
        what += QStringLiteral(" -> ") + (op.found ? op.value : QStringLiteral("absent"));
    const QString end = op.endNs == Never ? QStringLiteral("never")
                                          : QString::number(double(op.endNs) / 1e9, 'f', 4);
    return what + QStringLiteral(" at %1 [%2 .. %3] %4%5%6")
                      .arg(op.node)
                      .arg(double(op.invokeNs) / 1e9, 0, 'f', 4)
                      .arg(end, QString::fromUtf8(statuses[int(op.status)]),
                           op.final ? QStringLiteral(" (final read)") : QString(),
                           op.detail.isEmpty() ? QString() : QStringLiteral(": ") + op.detail);
}

bool SimHistory::sameSplit(const Op &a, const Op &b) const {
    auto overlaps = [](const Op &op, const std::pair<qint64, qint64> &split) {
        return op.invokeNs <= split.second && op.endNs >= split.first;
    };
    return std::any_of(m_splits.begin(), m_splits.end(),
                       [&](const auto &split) { return overlaps(a, split) && overlaps(b, split); });
}

namespace {
// The writes (any status) and the successful reads of one key, in history order.
struct KeyOps {
    std::vector<const SimHistory::Op *> writes;
    std::vector<const SimHistory::Op *> reads;
};

// Collects the writes and the successful reads of key from ops.
KeyOps opsOfKey(const std::vector<SimHistory::Op> &ops, const QString &key) {
    KeyOps out;
    for (const SimHistory::Op &op : ops) {
        if (op.key != key)
            continue;
        if (op.kind == SimHistory::Kind::Get) {
            if (op.status == SimHistory::Status::Ok)
                out.reads.push_back(&op);
        } else {
            out.writes.push_back(&op);
        }
    }
    return out;
}
} // namespace

// W is superseded for a read R when an acknowledged W' began after W ended and ended before R
// began. The initial state ("absent", ended at 0) is like an acknowledged delete at time 0.
// Within one split (addSplit), W' does not supersede for a read that overlaps it too, nor a
// write W that overlaps it too.
const SimHistory::Op *SimHistory::supersededBefore(const std::vector<const Op *> &writes,
                                                   qint64 writeEnd, const Op *self,
                                                   const Op *read) const {
    for (const Op *w : writes) {
        if (w == self || w->status != Status::Ok)
            continue;
        if (sameSplit(*w, *read) || (self && sameSplit(*w, *self)))
            continue;
        if (writeEnd < w->invokeNs && w->endNs < read->invokeNs)
            return w;
    }
    return nullptr;
}

// A read that found a value: written by some put, not from the future, and not stale.
QString SimHistory::foundReadViolation(const std::vector<const Op *> &writes, const Op *r) const {
    const auto it = std::find_if(writes.begin(), writes.end(), [&](const Op *w) {
        return w->kind == Kind::Put && w->value == r->value;
    });
    if (it == writes.end())
        return QStringLiteral("read of a value never written: %1").arg(describe(*r));
    const Op *w = *it;
    const qint64 end = w->unseenUntilGivenUp ? Never : w->endNs;
    if (w->invokeNs > r->endNs)
        return QStringLiteral("read returned a value from the future: %1; "
                              "written by %2")
            .arg(describe(*r), describe(*w));
    if (const Op *later = supersededBefore(writes, end, w, r))
        return QStringLiteral("stale read%4: %1\n    returned %2\n    which "
                              "%3 had superseded before the read began")
            .arg(describe(*r), describe(*w), describe(*later),
                 w->status == Status::Ok ? QString()
                                         : QStringLiteral(" (a zombie write: applied "
                                                          "after its client gave up)"));
    return {};
}

// Absent: legal if the initial state or some delete that could apply before the read ended is
// not superseded.
QString SimHistory::absentReadViolation(const std::vector<const Op *> &writes, const Op *r) const {
    const Op *initialLater = supersededBefore(writes, 0, nullptr, r);
    if (!initialLater)
        return {};
    const Op *blame = initialLater;
    for (const Op *d : writes) {
        if (d->kind != Kind::Delete || d->invokeNs > r->endNs)
            continue;
        const Op *later = supersededBefore(writes, d->unseenUntilGivenUp ? Never : d->endNs, d, r);
        if (!later)
            return {};
        blame = later;
    }
    return QStringLiteral("read found nothing although %1 had completed "
                          "before the read began (and no later delete): %2")
        .arg(describe(*blame), describe(*r));
}

QStringList SimHistory::check() const {
    QStringList violations;
    for (const QString &key : keys()) {
        const KeyOps ops = opsOfKey(m_ops, key);
        for (const Op *r : ops.reads) {
            const QString violation =
                r->found ? foundReadViolation(ops.writes, r) : absentReadViolation(ops.writes, r);
            if (!violation.isEmpty())
                violations << violation;
        }
    }
    return violations;
}

} // namespace Chord::Sim
