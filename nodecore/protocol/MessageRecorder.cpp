#include "MessageRecorder.h"

namespace Chord {

void MessageRecorder::note(const QString &op, const NodeRef &peer, QString what, QString outcome,
                           QString key, int count) {
    if (!m_enabled)
        return;
    Event e;
    e.type = QStringLiteral("message");
    e.node = peer;
    e.detail = what + QStringLiteral(": ") + outcome;
    e.key = std::move(key);
    e.count = count;
    e.op = op;
    m_sink(std::move(e));
}

QCoro::Task<PeerResult<StepAnswer>> MessageRecorder::findSuccessorStep(NodeRef peer, Id id,
                                                                       quint64 ringToken) {
    const QString op = takeOp();
    const PeerResult<StepAnswer> r = co_await m_inner->findSuccessorStep(peer, id, ringToken);
    note(op, peer, QStringLiteral("find-successor %1").arg(id),
         !r.ok()   ? r.error
         : r->done ? QStringLiteral("done, %1").arg(r->node.name)
                   : QStringLiteral("next %1").arg(r->node.name));
    co_return r;
}

QCoro::Task<PeerResult<Neighbors>> MessageRecorder::neighbors(NodeRef peer, StabilizeCall call) {
    const QString op = takeOp();
    const bool stabilize = call.caller.has_value();
    const PeerResult<Neighbors> r = co_await m_inner->neighbors(peer, std::move(call));
    QString outcome = outcomeOf(r);
    if (r.ok() && stabilize)
        outcome =
            r->leaseGranted ? QStringLiteral("ok, lease granted") : QStringLiteral("ok, no lease");
    note(op, peer,
         stabilize ? QStringLiteral("neighbors (stabilize)") : QStringLiteral("neighbors"),
         outcome);
    co_return r;
}

QCoro::Task<PeerResult<RectifyAnswer>> MessageRecorder::rectify(NodeRef peer, NodeRef candidate,
                                                                quint64 ringToken, bool joining) {
    const QString op = takeOp();
    const PeerResult<RectifyAnswer> r =
        co_await m_inner->rectify(peer, candidate, ringToken, joining);
    note(op, peer, QStringLiteral("rectify %1").arg(candidate.name),
         !r.ok()       ? r.error
         : r->accepted ? QStringLiteral("accepted, %1 handed over").arg(r->handoff.size())
                       : QStringLiteral("refused"),
         {}, r.ok() ? int(r->handoff.size()) : 0);
    co_return r;
}

QCoro::Task<PeerResult<bool>> MessageRecorder::notifyLeave(NodeRef peer, LeaveNotice notice) {
    const QString op = takeOp();
    const PeerResult<bool> r = co_await m_inner->notifyLeave(peer, std::move(notice));
    note(op, peer, QStringLiteral("leave notice"), outcomeOf(r));
    co_return r;
}

QCoro::Task<PeerResult<Departure>> MessageRecorder::departure(NodeRef peer, quint64 ringToken,
                                                              OptionalNode leaver) {
    const QString op = takeOp();
    const PeerResult<Departure> r = co_await m_inner->departure(peer, ringToken, leaver);
    note(op, peer, QStringLiteral("departure"), outcomeOf(r), {},
         r.ok() ? int(r->items.size()) : 0);
    co_return r;
}

QCoro::Task<PeerResult<bool>> MessageRecorder::storeItems(NodeRef peer, QList<Item> items,
                                                          quint64 ringToken, StoreAs as) {
    const QString op = takeOp();
    const int count = int(items.size());
    const QString key = count == 1 ? items.front().key : QString();
    const PeerResult<bool> r = co_await m_inner->storeItems(peer, std::move(items), ringToken, as);
    note(op, peer,
         QStringLiteral("store-items, %1 %2")
             .arg(count)
             .arg(as == StoreAs::Replica ? QStringLiteral("replica copies")
                                         : QStringLiteral("copies")),
         outcomeOf(r), key, count);
    co_return r;
}

QCoro::Task<PeerResult<ReplicateAnswer>> MessageRecorder::replicate(NodeRef peer,
                                                                    ReplicateRequest request) {
    const QString op = takeOp();
    const QString what =
        QStringLiteral("replicate (%1,%2] %3")
            .arg(request.from)
            .arg(request.to)
            .arg(request.full ? QStringLiteral("full, %1 copies").arg(request.items.size())
                              : QStringLiteral("digest"));
    const int count = int(request.items.size());
    const PeerResult<ReplicateAnswer> r = co_await m_inner->replicate(peer, std::move(request));
    note(op, peer, what,
         !r.ok()    ? r.error
         : r->match ? QStringLiteral("match, %1 newer").arg(r->newer.size())
                    : QStringLiteral("differs, %1 newer").arg(r->newer.size()),
         {}, count);
    co_return r;
}

QCoro::Task<PeerResult<FetchAnswer>> MessageRecorder::fetch(NodeRef peer, QString key,
                                                            quint64 ringToken) {
    const QString op = takeOp();
    const PeerResult<FetchAnswer> r = co_await m_inner->fetch(peer, key, ringToken);
    note(op, peer, QStringLiteral("fetch"),
         !r.ok()    ? r.error
         : r->found ? QStringLiteral("found")
                    : QStringLiteral("absent"),
         key);
    co_return r;
}

QCoro::Task<PeerResult<WriteAnswer>> MessageRecorder::ownerWrite(NodeRef peer, OwnerWrite write,
                                                                 quint64 ringToken) {
    const QString op = takeOp();
    const QString key = write.key;
    const QString what =
        write.deleted ? QStringLiteral("owner-write (delete)") : QStringLiteral("owner-write");
    const PeerResult<WriteAnswer> r =
        co_await m_inner->ownerWrite(peer, std::move(write), ringToken);
    note(op, peer, what,
         !r.ok()               ? r.error
         : !r->error.isEmpty() ? r->error
                               : QStringLiteral("written, %1 copies").arg(r->copies),
         key);
    co_return r;
}

QCoro::Task<PeerResult<bool>> MessageRecorder::ping(NodeRef peer) {
    const QString op = takeOp();
    const PeerResult<bool> r = co_await m_inner->ping(peer);
    note(op, peer, QStringLiteral("ping"), outcomeOf(r));
    co_return r;
}

QCoro::Task<PeerResult<bool>> MessageRecorder::poke(NodeRef peer) {
    const QString op = takeOp();
    const PeerResult<bool> r = co_await m_inner->poke(peer);
    note(op, peer, QStringLiteral("poke"), outcomeOf(r));
    co_return r;
}

QCoro::Task<PeerResult<bool>> MessageRecorder::askToJoin(NodeRef peer, Endpoint bootstrap) {
    const QString op = takeOp();
    const PeerResult<bool> r = co_await m_inner->askToJoin(peer, std::move(bootstrap));
    note(op, peer, QStringLiteral("ask-to-join"), outcomeOf(r));
    co_return r;
}

} // namespace Chord
