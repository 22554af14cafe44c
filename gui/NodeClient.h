#pragma once

#include "EventLog.h"
#include "HttpPeerClient.h"
#include "LinkFaults.h"
#include "Messages.h"
#include "RingSnapshot.h"

#include <QCoroTask>
#include <QStringList>

#include <optional>

namespace ChordLab {

// The node API as the app uses it (docs/API.md): one typed call per route, so that paths,
// bodies and field names live here and in Chord::Json / ApiJson, not in the views and
// controllers. Every call answers Chord::PeerResult: a value, or why there is none.
class NodeClient {
public:
    explicit NodeClient(Chord::Http::HttpPeerClient &transport)
        : m_transport(transport) {}

    // GET /nodeinfo: what the node says about itself, in the fields ApiJson::readNodeInfo
    // fills (NodeSnapshot::takeNodeInfo copies them onto a snapshot).
    struct Info {
        NodeSnapshot node;
        int bits = 0;
    };
    QCoro::Task<Chord::PeerResult<Info>> nodeInfo(Chord::NodeRef node, int timeoutMs);
    // GET /db (JSON): the keys the node holds.
    QCoro::Task<Chord::PeerResult<QStringList>> keys(Chord::NodeRef node, int timeoutMs);
    // GET /dht/events?since=: the node's events after sequence number `since`.
    QCoro::Task<Chord::PeerResult<QList<Chord::Event>>> events(Chord::NodeRef node, quint64 since,
                                                               int timeoutMs);
    // GET /dht/ring: the members in ring order, walked from `node`.
    QCoro::Task<Chord::PeerResult<QList<Chord::NodeRef>>> ringMembers(Chord::NodeRef node,
                                                                      int timeoutMs);
    // GET /: answers once the node is ready (503 while it joins).
    QCoro::Task<Chord::PeerResult<bool>> ready(Chord::NodeRef node, int timeoutMs);

    // The key/value contract through an entry node; `op` ties the node's events to the call.
    // put answers the key's owner.
    QCoro::Task<Chord::PeerResult<Chord::NodeRef>> put(Chord::NodeRef via, QString key,
                                                       QString value, QByteArray op);
    QCoro::Task<Chord::PeerResult<bool>> remove(Chord::NodeRef via, QString key, QByteArray op);
    // The value, or nullopt when the key is not stored.
    QCoro::Task<Chord::PeerResult<std::optional<QString>>> get(Chord::NodeRef via, QString key,
                                                               QByteArray op);
    QCoro::Task<Chord::PeerResult<Chord::LookupResult>> lookup(Chord::NodeRef via, QString key,
                                                               QByteArray op);

    // Membership: POST /dht/join through `via`, GET /dht/leave.
    QCoro::Task<Chord::PeerResult<bool>> join(Chord::NodeRef node, Chord::NodeRef via);
    QCoro::Task<Chord::PeerResult<bool>> leave(Chord::NodeRef node);

    // Time control: PUT /dht/maintenance (only the fields given), POST /dht/maintenance/step
    // (the node's neighbours after the step, when it sent them).
    struct MaintenanceChange {
        std::optional<bool> paused;
        std::optional<int> periodMs;
        std::optional<bool> messages; // record the node's messages as events
    };
    QCoro::Task<Chord::PeerResult<bool>> setMaintenance(Chord::NodeRef node,
                                                        MaintenanceChange change);
    QCoro::Task<Chord::PeerResult<std::optional<Chord::Neighbors>>> step(Chord::NodeRef node,
                                                                         QString kind);

    // Link faults (docs/API.md, "Link faults"; issue 12): GET /dht/faults reads the node's
    // table, PUT replaces it (the body in the node's own codec: ApiJson::faultTableBody),
    // DELETE heals every link. Each answers the table as the node holds it afterwards.
    QCoro::Task<Chord::PeerResult<Chord::LinkFaultTable>> faults(Chord::NodeRef node,
                                                                 int timeoutMs);
    QCoro::Task<Chord::PeerResult<Chord::LinkFaultTable>> setFaults(Chord::NodeRef node,
                                                                    Chord::LinkFaultTable table);
    QCoro::Task<Chord::PeerResult<Chord::LinkFaultTable>> healFaults(Chord::NodeRef node);
    // DELETE /dht/unavailable?confirm=lost: the range released (nullopt: there was none).
    QCoro::Task<Chord::PeerResult<std::optional<IdRange>>> releaseUnavailable(Chord::NodeRef node);

private:
    // A call to /dht/faults whose answer is the node's fault table.
    QCoro::Task<Chord::PeerResult<Chord::LinkFaultTable>>
    faultTableCall(QByteArray method, Chord::NodeRef node, QByteArray body, int timeoutMs);
    Chord::Http::HttpPeerClient &m_transport;
};

} // namespace ChordLab
