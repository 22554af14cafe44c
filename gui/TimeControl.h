#pragma once

#include "RingController.h"

#include "NodeClient.h"

#include <QCoroTask>
#include <QObject>

#include <functional>

namespace ChordLab {

class NodeClient;

class RingMonitor;

// Time on a real ring, for the Time toolbar and a node's context menu: pause and resume the
// periodic maintenance rounds of every node, slow them down, and run one step of a chosen
// kind on one node (docs/API.md, "Time control"). What the app asked of the ring is applied
// to nodes that appear later too, so that a node added to a paused ring is paused as well.
class TimeControl : public QObject {
    Q_OBJECT

public:
    enum class Step { Stabilize, Rectify, Finger, CheckPredecessor, Sync };
    // The period a node runs with when nobody slowed it down (chord-node's default).
    static constexpr int NormalPeriodMs = 500;

    TimeControl(NodeClient *client, RingMonitor *monitor, QObject *parent = nullptr);

    bool ringPaused() const { return m_paused; }
    // Every node records its messages to other nodes as events, which the ring view animates.
    bool messagesShown() const { return m_messages; }
    int periodMs() const { return m_periodMs; }
    // A freshly booted ring runs at its boot period, not paused; "normal speed" returns to
    // that period.
    void reset(int normalPeriodMs);
    int normalPeriodMs() const { return m_normalMs; }

    QCoro::Task<ActionResult> pauseRing(bool paused);
    QCoro::Task<ActionResult> setPeriod(int periodMs);
    QCoro::Task<ActionResult> showMessages(bool shown);
    QCoro::Task<ActionResult> step(QString address, TimeControl::Step kind);

    // The API's name of a step ("check-predecessor").
    static QString apiName(Step kind);

signals:
    void stateChanged();

private:
    QCoro::Task<int> putEverywhere(NodeClient::MaintenanceChange change);
    // The change on every live node; message(n) says what n nodes did.
    QCoro::Task<ActionResult> applyEverywhere(NodeClient::MaintenanceChange change,
                                              std::function<QString(int)> message);
    QCoro::Task<> applyTo(QString address);

    NodeClient *m_client;
    RingMonitor *m_monitor;
    bool m_paused = false;
    bool m_messages = false;
    int m_periodMs = NormalPeriodMs;
    int m_normalMs = NormalPeriodMs;
};

} // namespace ChordLab
