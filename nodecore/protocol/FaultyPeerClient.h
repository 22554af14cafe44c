#pragma once

#include "LinkFaults.h"
#include "PeerClient.h"
#include "Scheduler.h"

namespace Chord {

// The outgoing half of link faults (issue 12; docs/API.md, "Link faults"): a PeerClient that
// wraps the real one and applies this node's LinkFaults to every call it makes.
//
// - A delayed call waits its delay (a timer, Scheduler::sleep), then goes out as usual; a
//   delay as long as the call's timeout or longer fails as that timeout would.
// - A call that is lost (cut link, partition, or loss drawn) is never sent, and fails only once
//   the call's own timeout has run out, with status 0 and a "timed out" error: exactly what a
//   real network that drops packets gives the protocol. Failing at once would be a different
//   fault (a refused connection, which the protocol reads as "that process is gone": see
//   PeerResult::connectionRefused) and would hide what a silent link costs: rounds held up by
//   timeouts, leases running out meanwhile, writes retried. The error never says "refused".
//
// The timeouts are the transport's (CallTimeouts), per call as the transport picks them. With an
// empty table every call goes straight to the wrapped client: a routed read's hops pay nothing.
class FaultyPeerClient final : public PeerClient {
public:
    FaultyPeerClient(PeerClient *inner, LinkFaults *faults, Scheduler *scheduler,
                     CallTimeouts timeouts = {})
        : m_inner(inner)
        , m_faults(faults)
        , m_scheduler(scheduler)
        , m_timeouts(timeouts) {}

    using PeerClient::neighbors;

    QCoro::Task<PeerResult<StepAnswer>> findSuccessorStep(NodeRef peer, Id id,
                                                          quint64 ringToken) override;
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
    // Applies the link's fault to one call to peer whose timeout is timeoutMs: the error of a
    // lost call once its timeout has passed, or nothing after the delay (the caller then
    // makes the call).
    template <typename T>
    QCoro::Task<std::optional<PeerResult<T>>> before(const NodeRef &peer, int timeoutMs);
    // The call (a function that makes it through the wrapped client) once the link's fault to
    // peer let it through.
    template <typename T, typename Call>
    QCoro::Task<PeerResult<T>> faulty(NodeRef peer, int timeoutMs, Call call);

    PeerClient *m_inner;
    LinkFaults *m_faults;
    Scheduler *m_scheduler;
    CallTimeouts m_timeouts;
};

} // namespace Chord
