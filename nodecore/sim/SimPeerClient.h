#pragma once

#include "PeerClient.h"

namespace Chord::Sim {

class SimWorld;

// PeerClient over the simulated network. Each call is one small function: what the request
// is, its timeout (those of Http::HttpPeerClient) and how the destination serves it, which
// mirrors the route in Http::NodeApi (ring checks answered 409, 421 for a non-owner write,
// 502 when a replica refused, ...). Kept thin and close to tests/protocol/FakeTransport so
// that a change of the PeerClient interface is quick to follow.
class SimPeerClient final : public PeerClient {
public:
    // HttpPeerClient's timeouts.
    static constexpr int QuickMs = CallTimeouts{}.quickMs;
    static constexpr int DataMs = CallTimeouts{}.dataMs;
    static constexpr int BulkMs = CallTimeouts{}.bulkMs;

    SimPeerClient(SimWorld *world, int tag)
        : m_world(world)
        , m_tag(tag) {}

    QCoro::Task<PeerResult<StepAnswer>> findSuccessorStep(NodeRef peer, Id id,
                                                          quint64 ringToken) override;
    using PeerClient::neighbors;
    QCoro::Task<PeerResult<Neighbors>> neighbors(NodeRef peer, StabilizeCall call) override;
    QCoro::Task<PeerResult<RectifyAnswer>> rectify(NodeRef peer, NodeRef candidate,
                                                   quint64 ringToken, bool joining) override;
    QCoro::Task<PeerResult<bool>> notifyLeave(NodeRef peer, LeaveNotice notice) override;
    QCoro::Task<PeerResult<Departure>> departure(NodeRef peer, quint64 ringToken,
                                                 OptionalNode leaver) override;
    QCoro::Task<PeerResult<bool>> storeItems(NodeRef peer, QList<Item> items, quint64 ringToken,
                                             StoreAs as) override;
    QCoro::Task<PeerResult<ReplicateAnswer>> replicate(NodeRef peer,
                                                       ReplicateRequest request) override;
    QCoro::Task<PeerResult<FetchAnswer>> fetch(NodeRef peer, QString key,
                                               quint64 ringToken) override;
    QCoro::Task<PeerResult<WriteAnswer>> ownerWrite(NodeRef peer, OwnerWrite write,
                                                    quint64 ringToken) override;
    QCoro::Task<PeerResult<bool>> ping(NodeRef peer) override;
    QCoro::Task<PeerResult<bool>> poke(NodeRef peer) override;
    QCoro::Task<PeerResult<bool>> askToJoin(NodeRef peer, Endpoint bootstrap) override;

private:
    SimWorld *m_world;
    int m_tag;
};

} // namespace Chord::Sim
