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

QCoro::Task<PeerResult<StepAnswer>> FaultyPeerClient::findSuccessorStep(NodeRef peer, Id id,
                                                                        quint64 ringToken) {
    if (!m_faults->empty()) {
        if (auto lost = co_await before<StepAnswer>(peer, m_timeouts.quickMs))
            co_return *lost;
    }
    co_return co_await m_inner->findSuccessorStep(std::move(peer), id, ringToken);
}

QCoro::Task<PeerResult<Neighbors>> FaultyPeerClient::neighbors(NodeRef peer, StabilizeCall call) {
    if (!m_faults->empty()) {
        if (auto lost = co_await before<Neighbors>(peer, m_timeouts.quickMs))
            co_return *lost;
    }
    co_return co_await m_inner->neighbors(std::move(peer), std::move(call));
}

QCoro::Task<PeerResult<RectifyAnswer>> FaultyPeerClient::rectify(NodeRef peer, NodeRef candidate,
                                                                 quint64 ringToken, bool joining) {
    if (!m_faults->empty()) {
        if (auto lost = co_await before<RectifyAnswer>(peer, m_timeouts.dataMs))
            co_return *lost;
    }
    co_return co_await m_inner->rectify(std::move(peer), std::move(candidate), ringToken, joining);
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::notifyLeave(NodeRef peer, LeaveNotice notice) {
    if (!m_faults->empty()) {
        if (auto lost = co_await before<bool>(peer, m_timeouts.quickMs))
            co_return *lost;
    }
    co_return co_await m_inner->notifyLeave(std::move(peer), std::move(notice));
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::storeItems(NodeRef peer, QList<Item> items,
                                                           quint64 ringToken) {
    if (!m_faults->empty()) {
        const int timeoutMs = items.size() > 1 ? m_timeouts.bulkMs : m_timeouts.dataMs;
        if (auto lost = co_await before<bool>(peer, timeoutMs))
            co_return *lost;
    }
    co_return co_await m_inner->storeItems(std::move(peer), std::move(items), ringToken);
}

QCoro::Task<PeerResult<ReplicateAnswer>> FaultyPeerClient::replicate(NodeRef peer,
                                                                     ReplicateRequest request) {
    if (!m_faults->empty()) {
        const int timeoutMs =
            replicateTimeout(request, m_timeouts.quickMs, m_timeouts.dataMs, m_timeouts.bulkMs);
        if (auto lost = co_await before<ReplicateAnswer>(peer, timeoutMs))
            co_return *lost;
    }
    co_return co_await m_inner->replicate(std::move(peer), std::move(request));
}

QCoro::Task<PeerResult<FetchAnswer>> FaultyPeerClient::fetch(NodeRef peer, QString key,
                                                             quint64 ringToken) {
    if (!m_faults->empty()) {
        if (auto lost = co_await before<FetchAnswer>(peer, m_timeouts.dataMs))
            co_return *lost;
    }
    co_return co_await m_inner->fetch(std::move(peer), std::move(key), ringToken);
}

QCoro::Task<PeerResult<WriteAnswer>> FaultyPeerClient::ownerWrite(NodeRef peer, OwnerWrite write,
                                                                  quint64 ringToken) {
    if (!m_faults->empty()) {
        // The owner's write has twice the data timeout (HttpPeerClient::ownerWrite).
        if (auto lost = co_await before<WriteAnswer>(peer, m_timeouts.dataMs * 2))
            co_return *lost;
    }
    co_return co_await m_inner->ownerWrite(std::move(peer), std::move(write), ringToken);
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::ping(NodeRef peer) {
    if (!m_faults->empty()) {
        if (auto lost = co_await before<bool>(peer, m_timeouts.quickMs))
            co_return *lost;
    }
    co_return co_await m_inner->ping(std::move(peer));
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::poke(NodeRef peer) {
    if (!m_faults->empty()) {
        if (auto lost = co_await before<bool>(peer, m_timeouts.quickMs))
            co_return *lost;
    }
    co_return co_await m_inner->poke(std::move(peer));
}

QCoro::Task<PeerResult<bool>> FaultyPeerClient::askToJoin(NodeRef peer, Endpoint bootstrap) {
    if (!m_faults->empty()) {
        // HttpPeerClient::askToJoin gives up on a joiner that leaves its first watch (after
        // 1 s) unanswered for the data timeout: that is when a lost request is noticed.
        if (auto lost = co_await before<bool>(peer, m_timeouts.quickMs + m_timeouts.dataMs))
            co_return *lost;
    }
    co_return co_await m_inner->askToJoin(std::move(peer), std::move(bootstrap));
}

} // namespace Chord
