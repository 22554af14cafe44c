#pragma once

#include "KeepAliveClient.h"
#include "PeerClient.h"

#include <QJsonDocument>
#include <QObject>

namespace Chord::Http {

// PeerClient over HTTP/JSON: the one class that turns Chord calls into requests to other
// nodes, sent through a pool of keep-alive connections (KeepAliveClient). Every call has a
// timeout covering connect, send and answer, and reports errors as values.
class HttpPeerClient : public QObject, public PeerClient {
    Q_OBJECT

public:
    explicit HttpPeerClient(QObject *parent = nullptr);

    void setToken(const QString &token) { m_token = token.toUtf8(); }
    // A node's own client names the node (host:port) on every call (X-Chord-From), so that
    // the peer can apply its link faults to it (docs/API.md, "Link faults"); tools and the
    // app send none.
    void setSender(const QString &address) { m_sender = address.toUtf8(); }
    void setTimeouts(const CallTimeouts &t) { m_timeouts = t; }
    KeepAliveClient &connections() { return m_pool; }

    QCoro::Task<PeerResult<StepAnswer>> findSuccessorStep(NodeRef peer, Id id,
                                                          quint64 ringToken) override;
    using PeerClient::neighbors;
    QCoro::Task<PeerResult<Neighbors>> neighbors(NodeRef peer, StabilizeCall call) override;
    QCoro::Task<PeerResult<RectifyAnswer>> rectify(NodeRef peer, NodeRef candidate,
                                                   quint64 ringToken, bool joining) override;
    QCoro::Task<PeerResult<bool>> notifyLeave(NodeRef peer, LeaveNotice notice) override;
    QCoro::Task<PeerResult<Departure>> departure(NodeRef peer, quint64 ringToken,
                                                 OptionalNode leaver) override;
    QCoro::Task<PeerResult<bool>> storeItems(NodeRef peer, QList<Item> items, quint64 ringToken,
                                             StoreAs as) override;
    QCoro::Task<PeerResult<ReplicateAnswer>> replicate(NodeRef peer,
                                                       ReplicateRequest request) override;
    QCoro::Task<PeerResult<FetchAnswer>> fetch(NodeRef peer, QString key,
                                               quint64 ringToken) override;
    QCoro::Task<PeerResult<WriteAnswer>> ownerWrite(NodeRef peer, OwnerWrite write,
                                                    quint64 ringToken) override;
    QCoro::Task<PeerResult<bool>> ping(NodeRef peer) override;
    QCoro::Task<PeerResult<bool>> poke(NodeRef peer) override;
    QCoro::Task<PeerResult<bool>> askToJoin(NodeRef peer, Endpoint bootstrap) override;

    // A raw call, for chordctl and the tests: method, path (already encoded) and body.
    QCoro::Task<PeerResult<QJsonDocument>> call(QByteArray method, NodeRef peer, QByteArray path,
                                                QByteArray body, int timeoutMs,
                                                QByteArray contentType = "application/json");

private:
    KeepAliveClient m_pool;
    QByteArray m_token;
    QByteArray m_sender;
    CallTimeouts m_timeouts;
};

} // namespace Chord::Http
