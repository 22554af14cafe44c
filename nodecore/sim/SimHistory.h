#pragma once

#include <QString>
#include <QStringList>

#include <limits>
#include <vector>

namespace Chord::Sim {

// Every client operation of a run with its virtual times, and the register check over them.
class SimHistory {
public:
    enum class Kind { Put, Delete, Get };
    // Ok: the client got a success answer. Failed: an error answer. TimedOut: the client gave
    // up at its deadline. A write that is not Ok is indeterminate: it may or may not apply.
    enum class Status { Pending, Ok, Failed, TimedOut };
    static constexpr qint64 Never = std::numeric_limits<qint64>::max();

    struct Op {
        int index = 0;
        Kind kind = Kind::Get;
        QString key;
        QString value; // the value written (unique per write); for a read, the value read
        bool found = false;
        QString node; // the node the client asked
        qint64 invokeNs = 0;
        qint64 endNs = Never; // when the client had its answer or gave up
        Status status = Status::Pending;
        QString detail;
        bool final = false; // one of the checker's reads after the run
        // The entry node first saw the request after the client had given up (it was paused
        // and the request waited in its socket). Nothing in HTTP tells the node the client's
        // deadline, so such a write may apply at any later time and is never superseded.
        bool unseenUntilGivenUp = false;
    };

    int invoke(Kind kind, QString key, QString value, QString node, qint64 now, bool final = false);
    Op &op(int index) { return m_ops[std::size_t(index)]; }
    const std::vector<Op> &ops() const { return m_ops; }
    QStringList keys() const;

    // Register semantics per key (deletes write "absent"): a read may return the value of a
    // write W only if no acknowledged write W' began after W ended (acknowledged or given up
    // by its client) and ended before the read began; and never a value from the future.
    // An indeterminate write ends when its client gave up: the system must apply it before
    // then or never (a write that waits in a paused owner's socket and applies later is a
    // zombie), unless the entry node never saw it before then (unseenUntilGivenUp). Failed and
    // timed-out reads impose nothing. Returns one line per violation.
    QStringList check() const;

    // A time when the ring was split into parts (a partition, until the parts had merged
    // again). ChordLab stays available in every part (docs/CONSISTENCY.md, "a partition that
    // heals"), so within one split: a write acknowledged in one part does not make a read that
    // also overlaps the split stale (the read may have been answered by another part), and two
    // writes that both overlap it are concurrent (after the merge either may win). Everything
    // else is checked as above: a write acknowledged before the split began, or after it ended,
    // orders as always.
    void addSplit(qint64 fromNs, qint64 toNs) { m_splits.push_back({fromNs, toNs}); }

    static QString describe(const Op &op);

private:
    // Whether a and b both overlap one split (an op that never ended overlaps every later one).
    bool sameSplit(const Op &a, const Op &b) const;
    // A write of writes that supersedes self (ended at writeEnd) for read, or null if none.
    const Op *supersededBefore(const std::vector<const Op *> &writes, qint64 writeEnd,
                               const Op *self, const Op *read) const;
    // The violation of a read that found a value, given the writes of its key; or empty.
    QString foundReadViolation(const std::vector<const Op *> &writes, const Op *r) const;
    // The violation of a read that found nothing, given the writes of its key; or empty.
    QString absentReadViolation(const std::vector<const Op *> &writes, const Op *r) const;

    std::vector<Op> m_ops;
    std::vector<std::pair<qint64, qint64>> m_splits;
};

} // namespace Chord::Sim
