#pragma once

#include "ChordNode.h"
#include "SimNodeScheduler.h"
#include "SimPeerClient.h"

#include <functional>
#include <memory>
#include <vector>

namespace Chord::Sim {

// One incarnation of a chord-node process at an address: a restart on the same port is a new
// SimNode with a new tag, so that nothing addressed to the old process reaches the new one.
// A crashed incarnation is kept (never run again) because coroutine frames of its ChordNode
// may still be suspended; they are simply never resumed, like the memory of a killed process.
struct SimNode {
    int tag = 0;
    QString address;
    quint16 port = 0;
    bool alive = true;
    // SIGSTOP: nothing of this node runs; its events wait in `deferred`, in order.
    bool paused = false;
    // GET / answers 200: the startup join is done and maintenance runs (NodeRunner).
    bool ready = false;
    // Asked to leave: SIGTERM (leaving, then the process exits) or POST /dht/leave.
    bool exiting = false;
    // Paused, crashed or left at some time: not a long-lived member (docs/CONSISTENCY.md, "The
    // stable base").
    bool disturbed = false;
    qint64 wallOffsetMs = 0;
    // Events that came due while paused, run in this order on resume.
    struct Deferred {
        std::function<void()> run;
        std::function<void()> onDead;
    };
    std::vector<Deferred> deferred;

    // Destroyed in reverse order: the ChordNode (which holds a timer of the scheduler and
    // calls the client) goes first.
    std::unique_ptr<SimNodeScheduler> scheduler;
    std::unique_ptr<SimPeerClient> client;
    std::unique_ptr<ChordNode> chord;

    // Out of the ring on purpose: asked to leave, or it yielded an --id it found taken
    // (ChordNode::yieldId) and stays up alone.
    bool outOfRing() const { return exiting || chord->hasLeft(); }
};

} // namespace Chord::Sim
