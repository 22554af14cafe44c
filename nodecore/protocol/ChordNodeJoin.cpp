// Joining a ring (Zave's join, in steps): ChordNode::join and its parts.
#include "ChordNode.h"
#include "ChordNodeInternal.h"

#include <chrono>
#include <vector>

namespace Chord {

using namespace detail;

namespace {
// Placements tried before a join without --id gives up (each turned down by a successor that
// a concurrent joiner reached first).
constexpr int MaxJoinAttempts = 6;
} // namespace

QCoro::Task<Outcome<bool>> ChordNode::join(Endpoint bootstrap) {
    // Zave's join, in steps: a bootstrap fit to join through; out of the current ring; an id
    // and the place of its successor; that place taken and confirmed by the successor's
    // rectify (retried when a concurrent joiner took it first); then the arc confirmed.
    if (m_joining || m_leaving)
        co_return Outcome<bool>::failure(NodeError::Busy,
                                         QString::fromUtf8("a join or leave is already under way"));
    const Outcome<Neighbors> boot = co_await checkBootstrap(bootstrap);
    if (!boot.ok())
        co_return Outcome<bool>::failure(boot.error, boot.message);
    if (co_await alreadyMember(*boot))
        co_return Outcome<bool>{true};
    m_joining = true;
    auto done = qScopeGuard([this] { m_joining = false; });

    // Leave the current ring first (a node is in one ring at a time).
    if (!isAlone()) {
        m_joining = false;
        const Outcome<bool> left = co_await leave();
        m_joining = true;
        if (!left.ok())
            co_return left;
    }

    const Outcome<QList<Item>> placed = co_await placeSelf(boot.value->self, boot.value->ringToken);
    if (!placed.ok())
        co_return placed.failed<bool>();
    co_await finishJoin(*placed);
    co_return Outcome<bool>{true};
}

QCoro::Task<Outcome<QList<Item>>> ChordNode::placeSelf(NodeRef bootRef, quint64 token) {
    const quint64 oldToken = m_ringToken;
    const Id oldId = m_self.id;
    // Placement is retried when the successor turns the joiner down (rectify): another node
    // joined into the same arc at the same moment.
    for (int attempt = 1;; ++attempt) {
        Id newId = m_self.id;
        if (!m_config.explicitId) {
            const Outcome<Id> widest = co_await widestArcId(bootRef, token);
            if (!widest.ok())
                co_return widest.failed<QList<Item>>();
            newId = *widest.value;
        }
        const Outcome<JoinPlace> place = co_await findPlace(bootRef, token, newId);
        if (!place.ok())
            co_return place.failed<QList<Item>>();
        takePlace(*place.value, token, oldId);

        // Rectify at the successor now rather than at the next stabilize, and take the keys
        // it hands over.
        const NodeRef owner = place.value->owner;
        PeerResult<RectifyAnswer> r = co_await m_client->rectify(owner, m_self, m_ringToken, true);
        // No answer: the successor may have taken us, and its answer with the hand-off was
        // lost. Asked again, it answers the duplicate as accepted, with no hand-off (the arc is
        // then pulled from the replicas: acceptPlace). Giving the place up at once left a node
        // the ring had taken as a member to exit when the retries were turned down (chord-sim
        // --seed 3335 --mix all: its arc was taken over as a crashed node's, 503 for good).
        // (Not after a refused connection: nothing took the request.)
        if (!r.ok() && r.status == 0 && !r.connectionRefused())
            r = co_await m_client->rectify(owner, m_self, m_ringToken, true);
        if (r.ok() && r->accepted) {
            acceptPlace(*r, owner);
            co_return Outcome<QList<Item>>{r->replicas};
        }
        // Turned down: someone else took this place first. Back to standalone and retry.
        becomeAlone();
        m_self.id = oldId;
        m_ringToken = oldToken;
        const QString why =
            r.ok() ? QString::fromUtf8("successor %1 turned the joiner down").arg(describe(owner))
                   : r.error;
        if (m_config.explicitId || attempt >= MaxJoinAttempts)
            co_return Outcome<QList<Item>>::failure(
                r.ok() ? NodeError::Conflict : peerError(r.status), why);
        qCInfo(lcRing).noquote() << "join attempt" << attempt << "failed:" << why;
        co_await m_scheduler->sleep(std::chrono::milliseconds(50 + m_scheduler->bounded(250)));
    }
}

QCoro::Task<bool> ChordNode::alreadyMember(const Neighbors &boot) {
    if (boot.ringToken != m_ringToken || isAlone())
        co_return false;
    // Same ring identity. Either already a member, or the two halves of a ring that a network
    // split cut apart: then the bootstrap's side does not route our id to us.
    const Route probe = co_await route(boot.self, m_self.id, m_ringToken);
    if (probe.ok && probe.owner.sameEndpoint(m_self))
        co_return true;
    qCInfo(lcRing).noquote() << "same ring identity as" << describe(boot.self)
                             << "but not reachable through it: rejoining";
    co_return false;
}

void ChordNode::acceptPlace(const RectifyAnswer &answer, const NodeRef &owner) {
    takeHandoff(answer, owner);
    // Accepted as a predecessor the successor had already: a duplicate of our rectify was
    // answered, and the answer with the hand-off was lost or is late (chord-sim --seed 6396
    // --mix all, a network that duplicates messages: the joiner took a dead predecessor's arc
    // over believing by its place that it held copies, and read "absent"). We hold nothing
    // before our arc, and the arc is confirmed from the replicas before we serve it.
    const bool predBeforeAnswer = m_pred && !answer.from;
    if (predBeforeAnswer) {
        narrowHeldFrom(m_pred->id);
        m_arcPending = true;
    }
    // Handed less than the arc up to our predecessor (a node joined between us meanwhile):
    // we hold what we were handed and no more, whoever becomes our predecessor (chord-sim
    // --seed 147647 --mix all: three joiners at once; the one handed copies from the end of
    // its successor's uncovered mark vouched, by its place, for the whole mark once its
    // predecessor had changed, and a joiner after it read "absent").
    else if (m_pred && answer.from && *answer.from != m_pred->id)
        narrowHeldFrom(answer.replicasFrom.value_or(*answer.from));
    // A joiner holds nothing of the arc it takes: where its successor had no copy either,
    // neither has it (chord-sim --seed 750 --mix all: a node restarted empty read "absent"
    // where its successor had answered 503). A member that already served the arc keeps its
    // own view (its copies are what the mark says nobody has).
    addUncovered(answer.uncovered);
    m_joinedWithoutArc = !m_pred;
    m_joinedFrom = answer.from;
    m_servedFrom = answer.from || answer.predChain.isEmpty()
                       ? std::nullopt
                       : std::optional<Id>(answer.predChain[0]);
    // The predecessor came first (its rectify reached us before this answer), and the answer
    // hands no arc: our successor took us for the node we were (same id and address). What
    // it knew as our arc begins at servedFrom; the part before it was served by nodes whose
    // copies our successors may never have held (chord-sim --seed 201606 --mix all: a node
    // restarted with its old id and no data while a partition cut its ring; its predecessor
    // in its part gave it the arcs of two nodes in the other part, and it pulled them from
    // replicas that never held them and read "absent").
    if (predBeforeAnswer)
        markArcNeverHanded(*m_pred);
}

QCoro::Task<Outcome<Neighbors>> ChordNode::checkBootstrap(Endpoint bootstrap) {
    if (bootstrap.host == m_self.host && bootstrap.port == m_self.port)
        co_return Outcome<Neighbors>::failure(
            NodeError::BadRequest, QString::fromUtf8("a node cannot join through itself"));
    const PeerResult<Neighbors> boot = co_await resolve(bootstrap);
    if (!boot.ok())
        co_return Outcome<Neighbors>::peerFailure(
            boot, QString::fromUtf8("bootstrap %1 did not answer: %2")
                      .arg(bootstrap.address(), boot.error));
    // A bootstrap that is itself still joining is alone for now, and leaves that ring of one
    // once its own join is done: a joiner that joined it would be left alone (chord-sim --seed
    // 167 --mix all: a node joined a restarted node whose own join waited for a paused one).
    if (boot->joining)
        co_return Outcome<Neighbors>::failure(
            NodeError::Unavailable,
            QString::fromUtf8("bootstrap %1 has not joined its ring yet; retry")
                .arg(bootstrap.address()));
    if (boot->protocol != m_config.protocol)
        co_return Outcome<Neighbors>::failure(
            NodeError::Conflict,
            QString::fromUtf8("ring runs the %1 protocol, this node %2")
                .arg(protocolName(boot->protocol), protocolName(m_config.protocol)));
    if (boot->bits != m_space.bits())
        co_return Outcome<Neighbors>::failure(
            NodeError::Conflict,
            QString::fromUtf8("ring uses %1-bit identifiers, this node %2 bits")
                .arg(boot->bits)
                .arg(m_space.bits()));
    co_return Outcome<Neighbors>{*boot};
}

QCoro::Task<Outcome<Id>> ChordNode::widestArcId(NodeRef bootRef, quint64 token) {
    // Load balance: take the middle of the widest arc of a sample of the ring. The sample
    // starts at a random place, so that joiners do not all crowd into the arcs next to the
    // bootstrap node.
    const PeerResult<NodeRef> sampleStart =
        co_await routeFrom(bootRef, m_space.reduce(m_scheduler->random64()), token);
    // A bounded sample of the ring: walking all of it made booting N nodes cost O(N^2) calls
    // (55 s for 128 nodes); 32 consecutive arcs choose nearly as well.
    const PeerResult<Neighbors> first =
        co_await m_client->neighbors(sampleStart.ok() ? *sampleStart : bootRef);
    const RingWalk walk = first.ok() ? co_await walkFrom(*first, 32) : RingWalk{};
    if (walk.nodes.isEmpty())
        co_return Outcome<Id>::failure(NodeError::Unreachable,
                                       QString::fromUtf8("could not walk the ring"));
    // Arcs are measured back from each node to its predecessor: rectify updates that pointer
    // during a join, whereas the predecessor's successor pointer only catches up at its next
    // stabilize, so a walk along successors can miss a node that just joined.
    Id newId = m_self.id;
    quint64 widest = 0;
    for (const Neighbors &nb : walk.nodes) {
        const Id to = nb.self.id;
        const Id from = nb.pred ? nb.pred->id : to;
        quint64 gap = m_space.distance(from, to);
        if (gap == 0)
            gap = m_space.mask(); // a ring of one: the whole circle
        if (gap > widest) {
            widest = gap;
            newId = pickInArc(from, to);
        }
    }
    co_return Outcome<Id>{newId};
}

QCoro::Task<Outcome<ChordNode::JoinPlace>> ChordNode::findPlace(NodeRef bootRef, quint64 token,
                                                                Id newId) {
    // successor(newId) through the ring, asked the bootstrap way: the initiator contacts each
    // node itself, starting at the bootstrap node.
    using Result = Outcome<JoinPlace>;
    const PeerResult<NodeRef> routed = co_await routeFrom(bootRef, newId, token);
    if (!routed.ok())
        co_return Result::peerFailure(routed, routed.error);
    const NodeRef owner = *routed;
    PeerResult<Neighbors> ownerView = co_await m_client->neighbors(owner);
    if (!ownerView.ok())
        co_return Result::peerFailure(ownerView,
                                      QString::fromUtf8("successor %1 did not answer: %2")
                                          .arg(describe(owner), ownerView.error));
    // The ring named a node that is not there any more: a new process answers on its address
    // (it crashed and was restarted), or it left, or it is joining elsewhere. Its ring of one
    // is no place to join (chord-sim --seed 317 --mix all: the joiner was left with a dead
    // successor for good); the ring repairs the pointer, so retry.
    if (ownerView->self.id != owner.id || ownerView->ringToken != token || ownerView->joining) {
        // (Most often our own earlier process: restarted on its address, with its id, before
        // the ring dropped it. Said so, for whoever reads the log.)
        if (owner.sameEndpoint(m_self))
            co_return Result::failure(
                NodeError::Unavailable,
                QString::fromUtf8("the ring still names our previous process at this address "
                                  "(%1) as a member; waiting for it to find that process "
                                  "gone; retry")
                    .arg(describe(owner)));
        co_return Result::failure(
            NodeError::Unavailable,
            QString::fromUtf8("successor %1 named by the ring is not in it now; retry")
                .arg(describe(owner)));
    }
    // A member whose predecessor is momentarily unknown (check-predecessor just timed out)
    // cannot tell us its arc: give the ring a moment to settle.
    for (int wait = 0; wait < 5 && ownerView.ok() && !ownerView->pred &&
                       !ownerView->successors.front().sameEndpoint(owner);
         ++wait) {
        co_await m_scheduler->sleep(std::chrono::milliseconds(m_config.stabilizeMs));
        ownerView = co_await m_client->neighbors(owner);
    }
    if (!ownerView.ok())
        co_return Result::peerFailure(ownerView,
                                      QString::fromUtf8("successor %1 did not answer: %2")
                                          .arg(describe(owner), ownerView.error));
    if (!m_config.explicitId && ownerView->pred) {
        // Settle on the middle of the arc actually found, (pred(owner), owner]: another joiner
        // may have split the arc the walk saw.
        newId = pickInArc(ownerView->pred->id, owner.id);
    } else if (!m_config.explicitId && ownerView->successors.front().sameEndpoint(owner)) {
        newId = pickInArc(owner.id, owner.id); // a ring of one: across from the member
    }
    const auto taken = [&](const NodeRef &holder) {
        return Result::failure(NodeError::Conflict,
                               QString::fromUtf8("identifier %1 is already held by %2")
                                   .arg(newId)
                                   .arg(describe(holder)));
    };
    if (owner.id == newId && !owner.sameEndpoint(m_self))
        co_return taken(owner);
    if (ownerView->pred && ownerView->pred->id == newId && !ownerView->pred->sameEndpoint(m_self))
        co_return taken(*ownerView->pred);
    co_return Result{JoinPlace{owner, *ownerView, newId}};
}

void ChordNode::takePlace(const JoinPlace &place, quint64 token, Id oldId) {
    // Take the place: id, ring, successor list copied from the successor (Zave's join).
    const NodeRef &owner = place.owner;
    const Neighbors &view = place.ownerView;
    m_self.id = place.id;
    m_ringToken = token;
    m_joinedWithoutArc = false; // set again by acceptPlace (a node alone may keep it from before)
    m_fingers = QList<OptionalNode>(m_space.bits());
    if (m_config.protocol == Protocol::Original) {
        // The paper's join: successor = n'.find_successor(n), predecessor = nil; the rest of
        // the successor list and the predecessor come with stabilize.
        setSuccessors({owner}, QString::fromUtf8("join"));
    } else {
        QList<NodeRef> list{owner};
        list.append(view.successors);
        setSuccessors(list, QString::fromUtf8("join"));
        if (view.pred && !view.pred->sameEndpoint(m_self) &&
            Interval::containsOpenOpen(m_space, view.pred->id, owner.id, place.id))
            setPredecessor(view.pred, QString::fromUtf8("join"));
        else if (view.successors.front().sameEndpoint(owner))
            setPredecessor(owner, QString::fromUtf8("join (ring of one)"));
    }
    // Not served until the replicas were asked for every acknowledged copy (pullArc).
    m_arcPending = true;
    m_arcPendingUntilNs = 0;
    record({.type = QString::fromUtf8("join"),
            .detail = oldId != place.id
                          ? QString::fromUtf8("took id %1 (was %2)").arg(place.id).arg(oldId)
                          : QString(),
            .node = owner});
}

QCoro::Task<> ChordNode::finishJoin(QList<Item> replicaCopies) {
    co_await callSuccessor(m_successors.front()); // our lease, from the node that took us
    if (m_pred)
        co_await m_client->poke(*m_pred);
    m_departed = false;
    m_departure.reset();
    m_wiredByHand = false;
    co_await pushForeignItems();
    takeReplicaCopies(replicaCopies);
    co_await pullArc();
    co_await syncReplicas();
}

} // namespace Chord
