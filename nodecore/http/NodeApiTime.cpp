// Time control (docs/API.md, "Time control"): GET/PUT /dht/maintenance and POST
// /dht/maintenance/step. Part of NodeApi (NodeApi.cpp registers them).
#include "NodeApi.h"

#include "JsonCodec.h"
#include "RouteSupport.h"

namespace Chord::Http {

namespace {
constexpr int MinPeriodMs = 50;
constexpr int MaxPeriodMs = 600000;

std::optional<MaintenanceStep> stepNamed(const QString &name) {
    static const std::pair<const char *, MaintenanceStep> steps[] = {
        {"stabilize", MaintenanceStep::Stabilize},
        {"rectify", MaintenanceStep::Rectify},
        {"finger", MaintenanceStep::Finger},
        {"check-predecessor", MaintenanceStep::CheckPredecessor},
        {"sync", MaintenanceStep::Sync}};
    for (const auto &[text, step] : steps) {
        if (name == QLatin1String(text))
            return step;
    }
    return std::nullopt;
}
} // namespace

QJsonObject NodeApi::maintenanceState() const {
    return {{QStringLiteral("paused"), m_node.roundsPaused()},
            {QStringLiteral("periodMs"), m_node.stabilizeMs()},
            {QStringLiteral("messages"), m_node.messagesRecorded()}};
}

void NodeApi::getMaintenance(const Request &, const Reply &reply) {
    reply.json(maintenanceState());
}

void NodeApi::putMaintenance(const Request &req, const Reply &reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        return;
    const QString expected =
        QStringLiteral("expected {\"paused\": true|false, \"periodMs\": %1..%2, "
                       "\"messages\": true|false}, one or more")
            .arg(MinPeriodMs)
            .arg(MaxPeriodMs);
    for (auto it = o->begin(); it != o->end(); ++it) {
        if (it.key() != QLatin1String("paused") && it.key() != QLatin1String("periodMs") &&
            it.key() != QLatin1String("messages"))
            return reply.error(400, QStringLiteral("bad maintenance"),
                               QStringLiteral("unknown field '%1'; ").arg(it.key()) + expected);
    }
    const QJsonValue paused = o->value(QLatin1String("paused"));
    const QJsonValue period = o->value(QLatin1String("periodMs"));
    const QJsonValue messages = o->value(QLatin1String("messages"));
    const double ms = period.toDouble();
    if ((paused.isUndefined() && period.isUndefined() && messages.isUndefined()) ||
        (!paused.isUndefined() && !paused.isBool()) ||
        (!messages.isUndefined() && !messages.isBool()) ||
        (!period.isUndefined() &&
         (!period.isDouble() || ms != double(qint64(ms)) || ms < MinPeriodMs || ms > MaxPeriodMs)))
        return reply.error(400, QStringLiteral("bad maintenance"), expected);
    if (period.isDouble())
        m_node.setStabilizeMs(int(ms));
    if (paused.isBool())
        m_node.setRoundsPaused(paused.toBool());
    if (messages.isBool())
        m_node.setMessagesRecorded(messages.toBool());
    reply.json(maintenanceState());
}

QCoro::Task<> NodeApi::maintenanceStep(Request req, Reply reply) {
    const auto o = jsonBody(req, reply);
    if (!o)
        co_return;
    const std::optional<MaintenanceStep> step =
        stepNamed(o->value(QLatin1String("step")).toString());
    if (!step)
        co_return reply.error(400, QStringLiteral("bad step"),
                              QStringLiteral("expected {\"step\": \"stabilize\" | \"rectify\" | "
                                             "\"finger\" | \"check-predecessor\" | \"sync\"}"));
    if (!co_await m_node.runStep(*step))
        co_return reply.error(409, QStringLiteral("busy"),
                              QStringLiteral("the node is joining or leaving"));
    QJsonObject answer = maintenanceState();
    answer.insert(QStringLiteral("step"), o->value(QLatin1String("step")));
    answer.insert(QStringLiteral("neighbors"), Json::fromNeighbors(m_node.neighbors()));
    reply.json(answer);
}

} // namespace Chord::Http
