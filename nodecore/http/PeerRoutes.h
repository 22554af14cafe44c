#pragma once

#include "ChordNode.h"
#include "HttpServer.h"

#include <QCoroTask>
#include <QObject>

namespace Chord::Http {

// The node-to-node routes of docs/API.md (stabilize, rectify, hand-offs, replication, the
// owner's reads and writes): what other nodes call, never a client. Each route is a named
// member function; none of them holds Chord rules.
class PeerRoutes : public QObject {
    Q_OBJECT

public:
    PeerRoutes(ChordNode &node, HttpServer &server, qint64 maxValueBytes,
               QObject *parent = nullptr);

private:
    void neighbors(const Request &, const Reply &);
    void rectify(const Request &, const Reply &);
    void notifyLeave(const Request &, const Reply &);
    // GET /dht/departure?ring=TOKEN: the leave of this node from that ring (ChordNode::departure).
    void departure(const Request &, const Reply &);
    void storeItems(const Request &, const Reply &);
    void replicate(const Request &, const Reply &);
    QCoro::Task<> fetchItem(Request, Reply);
    QCoro::Task<> ownerWrite(Request, Reply);
    void stabilizeNow(const Request &, const Reply &);

    ChordNode &m_node;
    qint64 m_maxValueBytes;
};

} // namespace Chord::Http
