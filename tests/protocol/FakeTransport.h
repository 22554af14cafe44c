#pragma once

#include "ChordNode.h"
#include "PeerClient.h"

#include <QHash>
#include <QSet>

#include <functional>

// An in-process network for protocol tests: every call is answered at once by the server-side
// method of the ChordNode registered at that host:port. A node marked dead (a crash) or one
// never registered answers nothing, like a refused connection.
class FakeTransport : public Chord::PeerClient {
public:
    void add(Chord::ChordNode *node);
    void kill(const Chord::NodeRef &node) { m_dead.insert(node.address()); }
    void revive(const Chord::NodeRef &node) { m_dead.remove(node.address()); }
    bool isDead(const Chord::NodeRef &node) const { return m_dead.contains(node.address()); }
    // The node answers the next call of neighbors, then dies (a process that exits right after
    // it left the ring: it answers a check as a node alone, and nothing after that).
    void killAfterNextNeighbors(const Chord::NodeRef &node) {
        m_dyingAfterNeighbors.insert(node.address());
    }
    // The node carries out the next rectify sent to it, and its answer is lost (the caller
    // times out).
    void loseNextRectifyAnswer(const Chord::NodeRef &node) {
        m_losingRectifyAnswer.insert(node.address());
    }
    // Runs `interleaved` when `caller` next calls the node at peer as its predecessor
    // (stabilize), before that node answers: a call that reaches the caller meanwhile.
    void beforeNextStabilize(const Chord::NodeRef &peer, Chord::Id caller,
                             std::function<void()> interleaved) {
        m_beforeStabilize = {peer.address(), caller, std::move(interleaved)};
    }
    // Runs `interleaved` before the node at peer takes the next copies sent to it.
    void beforeNextStoreItems(const Chord::NodeRef &peer, std::function<void()> interleaved) {
        m_beforeStoreItems = {peer.address(), 0, std::move(interleaved)};
    }
    // Calls made so far, all kinds together.
    int calls() const { return m_calls; }

    QCoro::Task<Chord::PeerResult<Chord::StepAnswer>>
    findSuccessorStep(Chord::NodeRef peer, Chord::Id id, quint64 ringToken) override;
    using Chord::PeerClient::neighbors;
    QCoro::Task<Chord::PeerResult<Chord::Neighbors>> neighbors(Chord::NodeRef peer,
                                                               Chord::StabilizeCall call) override;
    QCoro::Task<Chord::PeerResult<Chord::RectifyAnswer>> rectify(Chord::NodeRef peer,
                                                                 Chord::NodeRef candidate,
                                                                 quint64 ringToken,
                                                                 bool joining) override;
    QCoro::Task<Chord::PeerResult<bool>> notifyLeave(Chord::NodeRef peer,
                                                     Chord::LeaveNotice notice) override;
    QCoro::Task<Chord::PeerResult<Chord::Departure>>
    departure(Chord::NodeRef peer, quint64 ringToken, Chord::OptionalNode leaver) override;
    QCoro::Task<Chord::PeerResult<bool>> storeItems(Chord::NodeRef peer, QList<Chord::Item> items,
                                                    quint64 ringToken, Chord::StoreAs as) override;
    QCoro::Task<Chord::PeerResult<Chord::ReplicateAnswer>>
    replicate(Chord::NodeRef peer, Chord::ReplicateRequest request) override;
    QCoro::Task<Chord::PeerResult<Chord::FetchAnswer>> fetch(Chord::NodeRef peer, QString key,
                                                             quint64 ringToken) override;
    QCoro::Task<Chord::PeerResult<Chord::WriteAnswer>>
    ownerWrite(Chord::NodeRef peer, Chord::OwnerWrite write, quint64 ringToken) override;
    QCoro::Task<Chord::PeerResult<bool>> ping(Chord::NodeRef peer) override;
    QCoro::Task<Chord::PeerResult<bool>> poke(Chord::NodeRef peer) override;
    QCoro::Task<Chord::PeerResult<bool>> askToJoin(Chord::NodeRef peer,
                                                   Chord::Endpoint bootstrap) override;

private:
    // The live node at peer's endpoint, or null (dead or unknown).
    Chord::ChordNode *reach(const Chord::NodeRef &peer);

    QHash<QString, Chord::ChordNode *> m_nodes;
    QSet<QString> m_dead;
    QSet<QString> m_dyingAfterNeighbors;
    QSet<QString> m_losingRectifyAnswer;
    struct Interleaved {
        QString peer;
        Chord::Id caller = 0;
        std::function<void()> run;
    };
    Interleaved m_beforeStabilize;
    Interleaved m_beforeStoreItems;
    int m_calls = 0;
};
