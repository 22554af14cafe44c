#pragma once

#include "EventLog.h"
#include "PeerClient.h"

#include <functional>
#include <utility>

namespace Chord {

// The node's messages to other nodes, made visible: wraps the node's PeerClient and, while
// enabled (PUT /dht/maintenance {"messages": true}, docs/API.md "Time control"), records each
// call once it has its answer as a `message` event: the peer, what was asked and how it went.
// Off by default: a ring of eight nodes sends some hundred messages a second.
class MessageRecorder : public PeerClient {
public:
    using Sink = std::function<void(Event)>;

    // inner may be null where no call is ever made (tests that only read a node's state).
    MessageRecorder(PeerClient *inner, Sink sink)
        : m_inner(inner)
        , m_sink(std::move(sink)) {}

    using PeerClient::neighbors;

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool enabled() const { return m_enabled; }
    // The client it wraps: what the node calls directly while nothing is recorded, so that the
    // recorder costs nothing then (a routed read's hops are on the request path).
    PeerClient *inner() const { return m_inner; }
    // The next call is made for the client operation `op` (a lookup, read or write): its
    // message carries that id. Calls start eagerly, so the call made right after this takes it
    // before it first waits (ChordNode::clientFor).
    void tagNextCall(QString op) { m_nextOp = std::move(op); }

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
    // what: the message and its payload in short ("rectify n3", "replicate (a,b] digest");
    // outcome: "ok", or why not.
    void note(const QString &op, const NodeRef &peer, QString what, QString outcome,
              QString key = {}, int count = 0);
    QString takeOp() { return std::exchange(m_nextOp, QString()); }
    template <typename T> static QString outcomeOf(const PeerResult<T> &r) {
        return r.ok() ? QStringLiteral("ok") : r.error;
    }

    PeerClient *m_inner;
    Sink m_sink;
    bool m_enabled = false;
    QString m_nextOp;
};

} // namespace Chord
