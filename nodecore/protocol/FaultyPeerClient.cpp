#include "FaultyPeerClient.h"

#include <chrono>

namespace Chord {

template <typename T>
QCoro::Task<std::optional<PeerResult<T>>> FaultyPeerClient::before(const NodeRef &peer,
                                                                   int timeoutMs) {
    const QString address = peer.address(); // read before the first suspension
    const LinkVerdict v = m_faults->decide(address, LinkDirection::Out);
    if (!v.drop && v.delayMs == 0)
        co_return std::nullopt;
    if (!v.drop && v.delayMs < timeoutMs) {
        co_await m_scheduler->sleep(std::chrono::milliseconds(v.delayMs));
        co_return std::nullopt;
    }
    // Lost, or held up past its timeout: the caller hears nothing until the timeout, as from
    // a link that drops packets (the wording of KeepAliveClient's timeout, plus why).
    co_await m_scheduler->sleep(std::chrono::milliseconds(timeoutMs));
    const QString why = v.cut    ? QStringLiteral("link cut")
                        : v.drop ? QStringLiteral("message lost")
                                 : QStringLiteral("delayed %1 ms").arg(v.delayMs);
    co_return PeerResult<T>::failure(QStringLiteral("timed out after %1 ms (link fault to %2: %3)")
                                         .arg(timeoutMs)
                                         .arg(address, why),
                                     0);
}

template <typename T, typename Call>
QCoro::Task<PeerResult<T>> FaultyPeerClient::faulty(NodeRef peer, int timeoutMs, Call call) {
    if (auto lost = co_await before<T>(peer, timeoutMs))
        co_return *lost;
    co_return co_await call();
}

QCoro::Task<PeerResult<StepAnswer>> FaultyPeerClient::findSuccessorStep(NodeRef peer, Id id,
                                                                        quint64 ringToken) {
    if (m_faults->empty())
        return m_inner->findSuccessorStep(std::move(peer), id, ringToken);
    return faulty<StepAnswer>(peer, m_timeouts.quickMs, [this, peer, id, ringToken] {
        return m_inner->findSuccessorStep(peer, id, ringToken);
    });
}

QCoro::Task<PeerResult<Neighbors>> FaultyPeerClient::neighbors(NodeRef peer, StabilizeCall call) {
    if (m_faults->empty())
        return m_inner->neighbors(std::move(peer), std::move(call));
    return faulty<Neighbors>(peer, m_timeouts.quickMs,
                             [this, peer, call] { return m_inner->neighbors(peer, call); });
}

QCoro::Task<PeerResult<RectifyAnswer>> FaultyPeerClient::rectify(NodeRef peer, NodeRef candidate,
                                                                 quint64 ringToken, bool joining) {
    if (m_faults->empty())
        return m_inner->rectify(std::move(peer), std::move(candidate), ringToken, joining);
    return faulty<RectifyAnswer>(peer, m_timeouts.dataMs, [=, this] {
        return m_inner->rectify(peer, candidate, ringToken, joining);
    });
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::notifyLeave(NodeRef peer, LeaveNotice notice) {
    if (m_faults->empty())
        return m_inner->notifyLeave(std::move(peer), std::move(notice));
    return faulty<bool>(peer, m_timeouts.quickMs,
                        [this, peer, notice] { return m_inner->notifyLeave(peer, notice); });
}

QCoro::Task<PeerResult<Departure>> FaultyPeerClient::departure(NodeRef peer, quint64 ringToken,
                                                               OptionalNode leaver) {
    if (m_faults->empty())
        return m_inner->departure(std::move(peer), ringToken, std::move(leaver));
    // The data timeout, as HttpPeerClient::departure's own.
    return faulty<Departure>(peer, m_timeouts.dataMs, [this, peer, ringToken, leaver] {
        return m_inner->departure(peer, ringToken, leaver);
    });
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::storeItems(NodeRef peer, QList<Item> items,
                                                           quint64 ringToken, StoreAs as) {
    if (m_faults->empty())
        return m_inner->storeItems(std::move(peer), std::move(items), ringToken, as);
    const int timeoutMs = storeItemsTimeout(items.size(), m_timeouts.dataMs, m_timeouts.bulkMs);
    return faulty<bool>(peer, timeoutMs, [this, peer, items, ringToken, as] {
        return m_inner->storeItems(peer, items, ringToken, as);
    });
}

QCoro::Task<PeerResult<ReplicateAnswer>> FaultyPeerClient::replicate(NodeRef peer,
                                                                     ReplicateRequest request) {
    if (m_faults->empty())
        return m_inner->replicate(std::move(peer), std::move(request));
    const int timeoutMs =
        replicateTimeout(request, m_timeouts.quickMs, m_timeouts.dataMs, m_timeouts.bulkMs);
    return faulty<ReplicateAnswer>(
        peer, timeoutMs, [this, peer, request] { return m_inner->replicate(peer, request); });
}

QCoro::Task<PeerResult<FetchAnswer>> FaultyPeerClient::fetch(NodeRef peer, QString key,
                                                             quint64 ringToken) {
    if (m_faults->empty())
        return m_inner->fetch(std::move(peer), std::move(key), ringToken);
    return faulty<FetchAnswer>(peer, m_timeouts.dataMs, [this, peer, key, ringToken] {
        return m_inner->fetch(peer, key, ringToken);
    });
}

QCoro::Task<PeerResult<WriteAnswer>> FaultyPeerClient::ownerWrite(NodeRef peer, OwnerWrite write,
                                                                  quint64 ringToken) {
    if (m_faults->empty())
        return m_inner->ownerWrite(std::move(peer), std::move(write), ringToken);
    // The owner's write has twice the data timeout (HttpPeerClient::ownerWrite).
    return faulty<WriteAnswer>(peer, m_timeouts.dataMs * 2, [this, peer, write, ringToken] {
        return m_inner->ownerWrite(peer, write, ringToken);
    });
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::ping(NodeRef peer) {
    if (m_faults->empty())
        return m_inner->ping(std::move(peer));
    return faulty<bool>(peer, m_timeouts.quickMs, [this, peer] { return m_inner->ping(peer); });
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::poke(NodeRef peer) {
    if (m_faults->empty())
        return m_inner->poke(std::move(peer));
    return faulty<bool>(peer, m_timeouts.quickMs, [this, peer] { return m_inner->poke(peer); });
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::askToJoin(NodeRef peer, Endpoint bootstrap) {
    if (m_faults->empty())
        return m_inner->askToJoin(std::move(peer), std::move(bootstrap));
    // HttpPeerClient::askToJoin gives up on a joiner that leaves its first watch (after 1 s)
    // unanswered for the data timeout: that is when a lost request is noticed.
    return faulty<bool>(peer, m_timeouts.quickMs + m_timeouts.dataMs,
                        [this, peer, bootstrap] { return m_inner->askToJoin(peer, bootstrap); });
}

} // namespace Chord
