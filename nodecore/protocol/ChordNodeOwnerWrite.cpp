// ChordNode, the owner's side of a write: stamp it once, copy it to the replicas, and answer
// a repeat of it from what was done (docs/CONSISTENCY.md, "no zombie writes").
#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <limits>
#include <vector>

namespace Chord {

using namespace detail;

QCoro::Task<WriteAnswer> ChordNode::ownerWrite(OwnerWrite write) {
    const Id id = m_space.hashKey(write.key);
    const quint64 ring = m_ringToken;
    if (ownership(id) == Ownership::Unconfirmed)
        co_await confirmArc();
    WriteAnswer answer;
    answer.clockMs = m_scheduler->nowMs();
    forgetCarriedWrites();
    // Every answer below that does not carry the write out refuses this attempt for good.
    const auto refuse = [&](WriteAnswer refusal) {
        noteRefused(write);
        return refusal;
    };
    // This node left the ring meanwhile (or joined another): alone now, it would take the
    // write for a ring it is not in, with one copy (chord-sim --seed 2030 --mix all).
    if (m_ringToken != ring) {
        answer.owner = false;
        co_return refuse(answer);
    }
    // A request that waited past its deadline (in the socket of a paused node, say) is dropped:
    // its sender gave up on it, and a later write may have been acknowledged since.
    if (write.deadlineMs != 0 && answer.clockMs > write.deadlineMs) {
        answer.error = QString::fromUtf8("the write arrived %1 ms after its deadline")
                           .arg(answer.clockMs - write.deadlineMs);
        co_return refuse(answer);
    }
    const Ownership own = ownership(id);
    if (own == Ownership::NotOwner) {
        answer.owner = false;
        co_return refuse(answer);
    }
    if (write.writeId != 0 && m_carried.contains(write.writeId)) {
        // A repeat (the sender retried, or the network delivered the request twice): never a
        // second version, which could overtake a write acknowledged since.
        const CarriedWrite &done = m_carried[write.writeId];
        if (!done.finished) {
            answer.error = QString::fromUtf8("this write is being carried out here; retry");
            co_return answer;
        }
        if (done.answer.error.isEmpty() || own != Ownership::Owner) {
            WriteAnswer again = done.answer;
            again.clockMs = answer.clockMs;
            co_return again;
        }
        // Not acknowledged the first time: the same version goes to the replicas again.
        const Item item = done.item;
        m_carried[write.writeId].finished = false;
        answer = co_await copyToReplicas(item, answer, write.op);
        finishCarried(write.writeId, answer);
        co_return answer;
    }
    // Another copy of this attempt (the network or a proxy delivered it twice) was refused
    // while this one waited for the arc: the sender took that answer and may have had the write
    // acknowledged elsewhere, and a later one after it (chord-sim --seed 48722 --mix all: this
    // copy, carried out a second later, overtook both).
    if (refusedBefore(write)) {
        answer.error = QString::fromUtf8("this attempt of the write was refused here; retry");
        co_return answer;
    }
    // Unconfirmed, or a version over the lease's cap (a skewed clock): refuse rather than risk
    // a write that a takeover could order wrongly.
    const std::optional<Item> stamped =
        own == Ownership::Owner
            ? m_store.writeCapped(write.key, write.value, write.deleted,
                                  isAlone() ? std::numeric_limits<quint64>::max() : m_versionCap)
            : std::nullopt;
    if (!stamped) {
        answer.error =
            QString::fromUtf8("%1 cannot vouch for its arc now (%2); retry")
                .arg(describe(m_self), m_arcPending ? QString::fromUtf8("taking the arc over")
                                                    : QString::fromUtf8("lease not renewed"));
        co_return refuse(answer);
    }
    const Item item = *stamped;
    m_lastWriteNs = m_scheduler->nowNs();
    if (write.writeId != 0) {
        m_carried.insert(write.writeId, CarriedWrite{item, {}, false});
        m_carriedOrder.push_back({m_scheduler->nowNs() + writeLifetimeNs(), write.writeId});
    }
    record({.type = write.deleted ? QString::fromUtf8("delete") : QString::fromUtf8("put"),
            .node = m_self,
            .id = id,
            .key = write.key,
            .op = write.op});
    answer = co_await copyToReplicas(item, answer, write.op);
    finishCarried(write.writeId, answer);
    co_return answer;
}

QCoro::Task<WriteAnswer> ChordNode::copyToReplicas(Item item, WriteAnswer answer, QString op) {
    // Acknowledged only once the write quorum of copies holds it (docs/CONSISTENCY.md).
    // The copies go to all replicas at once (tasks start eagerly), then the answers are
    // collected: the write costs one round trip, not one per replica.
    int copies = 1;
    QString refused;
    const QList<NodeRef> targets = replicaTargets();
    const int needed = writeQuorumNow();
    std::vector<QCoro::Task<PeerResult<bool>>> sends;
    sends.reserve(std::size_t(targets.size()));
    for (const NodeRef &target : targets) {
        // (GCC 12: a braced initializer_list argument inside a coroutine miscompiles.)
        sends.push_back(
            clientFor(op)->storeItems(target, QList<Item>(1, item), m_ringToken, StoreAs::Replica));
    }
    for (qsizetype i = 0; i < targets.size(); ++i) {
        const NodeRef &target = targets[i];
        const PeerResult<bool> r = co_await std::move(sends[std::size_t(i)]);
        if (r.ok()) {
            ++copies;
        } else if (r.status != 0) {
            refused =
                QString::fromUtf8("replica %1 refused the copy: %2").arg(describe(target), r.error);
        } else {
            qCWarning(lcStore).noquote()
                << "replica" << describe(target) << "did not take" << item.key << ":" << r.error;
        }
    }
    answer.version = item.version;
    answer.copies = copies;
    answer.needed = needed;
    if (copies < needed)
        answer.error = QString::fromUtf8("%1 of %2 copies reached%3")
                           .arg(copies)
                           .arg(needed)
                           .arg(refused.isEmpty() ? QString() : QString::fromUtf8(": ") + refused);
    co_return answer;
}

void ChordNode::finishCarried(quint64 writeId, const WriteAnswer &answer) {
    const auto it = m_carried.find(writeId);
    if (it == m_carried.end())
        return;
    it->answer = answer;
    it->finished = true;
}

void ChordNode::noteRefused(const OwnerWrite &write) {
    // (A write stamped here is answered from what was done, never refused by attempt.)
    if (write.writeId == 0 || write.attempt <= 0 || m_carried.contains(write.writeId))
        return;
    int &highest = m_refused[write.writeId];
    if (highest == 0)
        m_refusedOrder.push_back({m_scheduler->nowNs() + writeLifetimeNs(), write.writeId});
    highest = std::max(highest, write.attempt);
}

bool ChordNode::refusedBefore(const OwnerWrite &write) const {
    return write.writeId != 0 && write.attempt > 0 &&
           m_refused.value(write.writeId, 0) >= write.attempt;
}

void ChordNode::forgetCarriedWrites() {
    // A repeat arriving later than this would be past its deadline (and its write's lifetime)
    // anyway. Entries expire in the order they were made.
    const qint64 now = m_scheduler->nowNs();
    while (!m_refusedOrder.empty() && m_refusedOrder.front().first <= now) {
        m_refused.remove(m_refusedOrder.front().second);
        m_refusedOrder.pop_front();
    }
    while (!m_carriedOrder.empty() && m_carriedOrder.front().first <= now) {
        const auto it = m_carried.find(m_carriedOrder.front().second);
        if (it != m_carried.end() && it->finished)
            m_carried.erase(it);
        else if (it != m_carried.end())
            break; // still being carried out: kept until it has its answer
        m_carriedOrder.pop_front();
    }
}

QList<NodeRef> ChordNode::replicaTargets() const {
    QList<NodeRef> targets;
    for (const NodeRef &n : m_successors) {
        if (targets.size() >= m_config.replicas - 1)
            break;
        if (!n.sameEndpoint(m_self) && !contains(targets, n))
            targets.append(n);
    }
    return targets;
}

} // namespace Chord
