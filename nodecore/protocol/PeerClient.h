#pragma once

#include "Messages.h"

#include <QCoroTask>

#include <optional>

namespace Chord {

// The result of a call to another node: a value, or why there is none.
template <typename T> struct PeerResult {
    std::optional<T> value;
    // Human-readable reason: timeout, connection refused, HTTP status and error body, ...
    QString error;
    // The HTTP status the peer answered with, or 0 when it could not be reached.
    int status = 0;

    bool ok() const { return value.has_value(); }
    // Nothing listens at the peer's address: its process is gone (a stopped one times out).
    // Told by the transports' text ("connection refused"), the one place that reads it.
    bool connectionRefused() const {
        return !value && status == 0 && error.contains(QLatin1String("refused"));
    }
    // The peer closed the connection without answering: a process that exits does so with the
    // connections it had accepted (the HTTP client's text, "connection closed ...").
    bool connectionClosed() const {
        return !value && status == 0 && error.contains(QLatin1String("connection closed"));
    }
    const T &operator*() const { return *value; }
    const T *operator->() const { return &*value; }

    static PeerResult failure(QString why, int status = 0) { return {std::nullopt, why, status}; }
};

// What copies sent with store-items are. A hand-off (a join's, a leave's, a push of a stray to
// its owner) is kept by the receiver whatever its place. A copy of an owner's write counts toward
// the write quorum only at a node that keeps the key's arc by its place, so a receiver that is not
// among the r - 1 nodes after the key's owner refuses it (409): an owner whose successor list
// skipped a node would otherwise count a copy where no takeover of the arc looks for it
// (docs/CONSISTENCY.md, "The contract").
enum class StoreAs { Handoff, Replica };

// How the Chord rules talk to other nodes. The protocol never touches a socket: the HTTP
// implementation is one class (Http::HttpPeerClient), and the protocol tests use a fake.
class PeerClient {
public:
    virtual ~PeerClient() = default;

    virtual QCoro::Task<PeerResult<StepAnswer>> findSuccessorStep(NodeRef peer, Id id,
                                                                  quint64 ringToken) = 0;
    // call: set (caller != 0) when the asking node asks as the peer's predecessor (stabilize):
    // the peer then knows its predecessor is alive without pinging it, and answers whether it
    // grants the caller's lease on its arc (Neighbors::leaseGranted).
    virtual QCoro::Task<PeerResult<Neighbors>> neighbors(NodeRef peer, StabilizeCall call) = 0;
    QCoro::Task<PeerResult<Neighbors>> neighbors(NodeRef peer) {
        return neighbors(std::move(peer), StabilizeCall{});
    }
    // ringToken: the ring the candidate belongs to (a node that left refuses other rings).
    // joining: the candidate is a joiner taking its place (ChordNode::join), not a member.
    virtual QCoro::Task<PeerResult<RectifyAnswer>> rectify(NodeRef peer, NodeRef candidate,
                                                           quint64 ringToken, bool joining) = 0;
    virtual QCoro::Task<PeerResult<bool>> notifyLeave(NodeRef peer, LeaveNotice notice) = 0;
    // The leave of a node that left ring ringToken: its notice and the keys it owned then
    // (GET /dht/departure); 404 from a node that did not leave that ring. With leaver, the
    // leave of that node as its heir, the peer, received it (GET /dht/departure?node=):
    // the notice and the peer's copies of the leaver's arc.
    virtual QCoro::Task<PeerResult<Departure>> departure(NodeRef peer, quint64 ringToken,
                                                         OptionalNode leaver) = 0;
    // Copies for the peer to keep (a hand-off, a replica write: StoreAs); refused (409) by a
    // node that is not in ring ringToken (0: any) or is leaving, and as StoreAs::Replica by
    // one that does not keep a key's arc by its place (ChordNode::keepsCopiesOf).
    virtual QCoro::Task<PeerResult<bool>> storeItems(NodeRef peer, QList<Item> items,
                                                     quint64 ringToken, StoreAs as) = 0;
    // A digest has the quick timeout, a full exchange the data timeout, or the bulk one when
    // it carries many copies (isBulkExchange).
    virtual QCoro::Task<PeerResult<ReplicateAnswer>> replicate(NodeRef peer,
                                                               ReplicateRequest request) = 0;
    // ringToken (0: any): a peer in another ring answers 409 instead of its own copy, so that
    // an initiator's cached owner that has left is never read from or written to.
    virtual QCoro::Task<PeerResult<FetchAnswer>> fetch(NodeRef peer, QString key,
                                                       quint64 ringToken) = 0;
    virtual QCoro::Task<PeerResult<WriteAnswer>> ownerWrite(NodeRef peer, OwnerWrite write,
                                                            quint64 ringToken) = 0;
    virtual QCoro::Task<PeerResult<bool>> ping(NodeRef peer) = 0;
    // Asks the peer to run a maintenance round now (used after a join or leave).
    virtual QCoro::Task<PeerResult<bool>> poke(NodeRef peer) = 0;
    // Asks the peer to join the ring that bootstrap is in (the seed course's join form).
    virtual QCoro::Task<PeerResult<bool>> askToJoin(NodeRef peer, Endpoint bootstrap) = 0;
};

// A full replica exchange waits the bulk timeout (it may carry a whole arc) only when it
// carries more than a few copies: one lost answer to a small one must not hold an arc's
// confirmation, during which the arc is unserved and joiners are asked to wait, for the bulk
// timeout (chord-sim --seed 3042 --mix all: 30 s).
inline constexpr qsizetype SmallExchangeItems = 64;
inline bool isBulkExchange(const ReplicateRequest &request) {
    return request.full && request.items.size() > SmallExchangeItems;
}
// A transport's three timeouts (HttpPeerClient's; SimPeerClient and FaultyPeerClient use the same
// per call, so that a lost call fails when the real one would).
struct CallTimeouts {
    int quickMs = 1000; // routing steps, pings, neighbours: maintenance traffic
    int dataMs = 3000;  // reads and writes of single keys
    int bulkMs = 30000; // hand-offs and replica syncs that may carry many keys
};

// Which of a transport's three timeouts a replica exchange gets: a digest the quick one, a full
// exchange the data one, or the bulk one when it carries many copies.
template <typename T> T replicateTimeout(const ReplicateRequest &request, T quick, T data, T bulk) {
    return isBulkExchange(request) ? bulk : request.full ? data : quick;
}

// A hand-off of copies (store-items) likewise: the bulk timeout only for many copies (chord-sim
// --seed 1892 --nodes 8 --mix all: one lost call carrying three copies held a leave for 30 s,
// and the leaver's arc unserved meanwhile).
template <typename T> T storeItemsTimeout(qsizetype items, T data, T bulk) {
    return items > SmallExchangeItems ? bulk : data;
}

} // namespace Chord
