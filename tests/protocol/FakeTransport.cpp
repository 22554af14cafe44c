#include "FakeTransport.h"

#include <utility>

using namespace Chord;

namespace {
template <typename T> PeerResult<T> unreachable(const NodeRef &peer) {
    return PeerResult<T>::failure(QStringLiteral("connection refused: ") + peer.address());
}
} // namespace

void FakeTransport::add(ChordNode *node) {
    m_nodes.insert(node->self().address(), node);
}

ChordNode *FakeTransport::reach(const NodeRef &peer) {
    ++m_calls;
    const QString address = peer.address();
    if (m_dead.contains(address))
        return nullptr;
    return m_nodes.value(address);
}

QCoro::Task<PeerResult<StepAnswer>> FakeTransport::findSuccessorStep(NodeRef peer, Id id,
                                                                     quint64 ringToken) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<StepAnswer>(peer);
    const std::optional<StepAnswer> answer = node->findSuccessorStep(id, ringToken);
    if (!answer)
        co_return PeerResult<StepAnswer>::failure(QStringLiteral("not in this ring"), 409);
    co_return PeerResult<StepAnswer>{*answer, {}, 200};
}

QCoro::Task<PeerResult<Neighbors>> FakeTransport::neighbors(NodeRef peer, StabilizeCall call) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<Neighbors>(peer);
    if (m_dyingAfterNeighbors.remove(peer.address()))
        m_dead.insert(peer.address());
    if (m_beforeStabilize.run && m_beforeStabilize.peer == peer.address() && call.caller &&
        *call.caller == m_beforeStabilize.caller)
        std::exchange(m_beforeStabilize, {}).run();
    co_return PeerResult<Neighbors>{node->answerNeighbors(call), {}, 200};
}

QCoro::Task<PeerResult<RectifyAnswer>> FakeTransport::rectify(NodeRef peer, NodeRef candidate,
                                                              quint64 ringToken, bool joining) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<RectifyAnswer>(peer);
    const RectifyAnswer answer = node->rectify(candidate, ringToken, joining);
    if (m_losingRectifyAnswer.remove(peer.address()))
        co_return PeerResult<RectifyAnswer>::failure(QStringLiteral("timeout after 3000 ms"));
    co_return PeerResult<RectifyAnswer>{answer, {}, 200};
}

QCoro::Task<PeerResult<bool>> FakeTransport::notifyLeave(NodeRef peer, LeaveNotice notice) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<bool>(peer);
    node->applyLeaveNotice(notice);
    co_return PeerResult<bool>{true, {}, 200};
}

QCoro::Task<PeerResult<Departure>> FakeTransport::departure(NodeRef peer, quint64 ringToken,
                                                            OptionalNode leaver) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<Departure>(peer);
    const std::optional<Departure> d = leaver ? node->heldDepartureOf(ringToken, leaver->address())
                                              : node->departureFrom(ringToken);
    if (!d)
        co_return PeerResult<Departure>::failure(QStringLiteral("did not leave"), 404);
    co_return PeerResult<Departure>{*d, {}, 200};
}

QCoro::Task<PeerResult<bool>> FakeTransport::storeItems(NodeRef peer, QList<Item> items,
                                                        quint64 ringToken, StoreAs as) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<bool>(peer);
    if (m_beforeStoreItems.run && m_beforeStoreItems.peer == peer.address())
        std::exchange(m_beforeStoreItems, {}).run();
    if (!node->takeCopies(items, ringToken, as).ok())
        co_return PeerResult<bool>::failure(QStringLiteral("refused"), 409);
    co_return PeerResult<bool>{true, {}, 200};
}

QCoro::Task<PeerResult<ReplicateAnswer>> FakeTransport::replicate(NodeRef peer,
                                                                  ReplicateRequest request) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<ReplicateAnswer>(peer);
    co_return PeerResult<ReplicateAnswer>{node->replicate(request), {}, 200};
}

QCoro::Task<PeerResult<FetchAnswer>> FakeTransport::fetch(NodeRef peer, QString key,
                                                          quint64 ringToken) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<FetchAnswer>(peer);
    if (!node->inRing(ringToken))
        co_return PeerResult<FetchAnswer>::failure(QStringLiteral("not in this ring"), 409);
    co_return PeerResult<FetchAnswer>{co_await node->fetchConfirmed(key), {}, 200};
}

QCoro::Task<PeerResult<WriteAnswer>> FakeTransport::ownerWrite(NodeRef peer, OwnerWrite write,
                                                               quint64 ringToken) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<WriteAnswer>(peer);
    if (!node->inRing(ringToken))
        co_return PeerResult<WriteAnswer>::failure(QStringLiteral("not in this ring"), 409);
    const WriteAnswer answer = co_await node->ownerWrite(write);
    co_return PeerResult<WriteAnswer>{answer, {}, answer.acknowledged() ? 200 : 503};
}

QCoro::Task<PeerResult<bool>> FakeTransport::ping(NodeRef peer) {
    if (!reach(peer))
        co_return unreachable<bool>(peer);
    co_return PeerResult<bool>{true, {}, 200};
}

QCoro::Task<PeerResult<bool>> FakeTransport::poke(NodeRef peer) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<bool>(peer);
    co_await node->maintenanceRound();
    co_return PeerResult<bool>{true, {}, 200};
}

QCoro::Task<PeerResult<bool>> FakeTransport::askToJoin(NodeRef peer, Endpoint bootstrap) {
    ChordNode *node = reach(peer);
    if (!node)
        co_return unreachable<bool>(peer);
    const Outcome<bool> joined = co_await node->join(bootstrap);
    if (!joined.ok())
        co_return PeerResult<bool>::failure(joined.message,
                                            joined.error == NodeError::Conflict ? 409 : 502);
    co_return PeerResult<bool>{true, {}, 200};
}
