// Time control (docs/API.md, "Time control"): GET/PUT /dht/maintenance and POST
// /dht/maintenance/step. Part of NodeApi (NodeApi.cpp registers them).
#include "NodeApi.h"

#include "JsonCodec.h"
#include "RouteSupport.h"

namespace Chord::Http {

Json::MaintenanceState NodeApi::maintenanceNow() const {
    return {m_node.roundsPaused(), m_node.stabilizeMs(), m_node.messagesRecorded()};
}

void NodeApi::getMaintenance(const Request &, const Reply &reply) {
    reply.json(Json::fromMaintenance(maintenanceNow()));
}

void NodeApi::putMaintenance(const Request &req, const Reply &reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        return;
    const Outcome<Json::MaintenanceChange> change = Json::toMaintenanceChange(*o);
    if (!change.ok())
        return replyFailure(reply, change);
    if (change->periodMs)
        m_node.setStabilizeMs(*change->periodMs);
    if (change->paused)
        m_node.setRoundsPaused(*change->paused);
    if (change->messages)
        m_node.setMessagesRecorded(*change->messages);
    reply.json(Json::fromMaintenance(maintenanceNow()));
}

QCoro::Task<> NodeApi::maintenanceStep(Request req, Reply reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        co_return;
    const Outcome<MaintenanceStep> step = Json::toMaintenanceStep(*o);
    if (!step.ok())
        co_return replyFailure(reply, step);
    if (!co_await m_node.runStep(*step))
        co_return reply.error(409, QStringLiteral("busy"),
                              QStringLiteral("the node is joining or leaving"));
    reply.json(Json::stepAnswer(maintenanceNow(), *step, m_node.neighbors()));
}

} // namespace Chord::Http
