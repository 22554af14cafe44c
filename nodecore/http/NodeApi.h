#pragma once

#include "ChordNode.h"
#include "HttpServer.h"
#include "JsonCodec.h"

#include <QCoroTask>
#include <QObject>

namespace Chord::Http {

// The node's HTTP API: the external contract of docs/API.md (clients, the app, chordctl). It
// also sets up the node-to-node routes (PeerRoutes). Each route is a named member function;
// none of them holds Chord rules.
class NodeApi : public QObject {
    Q_OBJECT

public:
    NodeApi(ChordNode &node, HttpServer &server, qint64 maxValueBytes, QObject *parent = nullptr);

    void setReady(bool ready) { m_ready = ready; }

private:
    void registerRoutes();

    // Contract routes.
    void readiness(const Request &, const Reply &);
    void nodeInfo(const Request &, const Reply &);
    void getPred(const Request &, const Reply &);
    void getSucc(const Request &, const Reply &);
    QCoro::Task<> putPred(Request, Reply);
    QCoro::Task<> putSucc(Request, Reply);
    void fingers(const Request &, const Reply &);
    void findSuccessor(const Request &, const Reply &);
    QCoro::Task<> lookup(Request, Reply);
    QCoro::Task<> join(Request, Reply);
    QCoro::Task<Outcome<bool>> joinThrough(QJsonValue bootstrap);
    QCoro::Task<Outcome<bool>> placeJoiner(QByteArray body);
    QCoro::Task<Outcome<bool>> joinPeers(QByteArray body);
    QCoro::Task<> leave(Request, Reply);
    QCoro::Task<> peers(Request, Reply);
    QCoro::Task<> ring(Request, Reply);
    void events(const Request &, const Reply &);
    void listPrimaryKeys(const Request &, const Reply &);
    void getKey(const Request &, const Reply &);
    QCoro::Task<> getRoutedKey(Request, Reply, QString key, QString op);
    QCoro::Task<> putKey(Request, Reply);
    QCoro::Task<> deleteKey(Request, Reply);
    void metrics(const Request &, const Reply &);
    void openApi(const Request &, const Reply &);
    // Time control: the periodic rounds paused or running, their period, one step by hand.
    void getMaintenance(const Request &, const Reply &);
    void putMaintenance(const Request &, const Reply &);
    // DELETE /dht/unavailable?confirm=lost: the operator's word that the nodes an unavailable
    // range waits for are gone for good (docs/API.md, "Unavailable keys").
    void releaseUnavailable(const Request &, const Reply &);
    QCoro::Task<> maintenanceStep(Request, Reply);
    Json::MaintenanceState maintenanceNow() const;

    void sendValue(const Request &, const Reply &, const QString &key, const GetResult &result);
    QByteArray addressOf(const NodeRef &node);
    // The client's op id, or one made up here: "<node name>-<n>" (Event::op).
    QString opOr(const QString &given);

    ChordNode &m_node;
    HttpServer &m_server;
    qint64 m_maxValueBytes;
    bool m_ready = false;
    QByteArray m_nodeInfoCache;
    qint64 m_nodeInfoAt = 0;
    std::pair<quint64, quint64> m_nodeInfoStamp;
    NodeRef m_lastOwner;
    QByteArray m_lastOwnerAddress;
    quint64 m_ops = 0;
};

} // namespace Chord::Http
