#pragma once

#include "LocalCluster.h"
#include "LookupAnimation.h"
#include "PeerClient.h"
#include "RingMonitor.h"

#include <QCoroTask>
#include <QHash>
#include <QObject>

#include <deque>
#include <functional>
#include <memory>

namespace Chord::Http {
class HttpPeerClient;
}

namespace ChordLab {

class NodeClient;
class TimeControl;

// The outcome of one user action, shown in the status bar and checked by the tests.
struct ActionResult {
    bool ok = false;
    QString message;
};

// What the app does to the ring, independent of any widget: the menus, the toolbar, the
// context menu and the tests all go through here. Every network call is a coroutine of the one
// typed NodeClient (over one HttpPeerClient); nothing waits on the event loop.
class RingController : public QObject {
    Q_OBJECT

public:
    explicit RingController(QObject *parent = nullptr);
    ~RingController() override;

    LocalCluster &cluster() { return *m_cluster; }
    RingMonitor &monitor() { return *m_monitor; }
    LookupAnimation &animation() { return *m_animation; }
    TimeControl &time() { return *m_time; }

    void bootRing(const BootOptions &options);
    // Adds a local node that joins through the node at viaAddress (or any live node).
    Chord::NodeProcess *addNode(const QString &viaAddress);
    void attach(const QString &host, quint16 port);
    void crash(const QString &address);
    void pause(const QString &address);
    // SIGCONT; a node paused when every link was healed, or the ring partitioned, is healed or
    // placed in its group now (it could not answer then).
    QCoro::Task<ActionResult> resume(QString address);
    // Graceful leave; a local node's process is stopped (SIGTERM), a remote one stays up alone.
    QCoro::Task<ActionResult> leave(QString address);
    // Makes a standalone node join the ring again through viaAddress.
    QCoro::Task<ActionResult> rejoin(QString address, QString viaAddress);
    QCoro::Task<ActionResult> store(QString viaAddress, QString key, QString value);
    QCoro::Task<ActionResult> remove(QString viaAddress, QString key);
    QCoro::Task<ActionResult> fetch(QString viaAddress, QString key);
    // Runs GET /dht/lookup at viaAddress and animates its trace.
    QCoro::Task<ActionResult> lookup(QString viaAddress, QString key);
    // The same, returning the trace (the quiz checks answers against it).
    QCoro::Task<Chord::PeerResult<Chord::LookupResult>> traceLookup(QString viaAddress,
                                                                    QString key);
    // Link faults (issue 12; docs/API.md, "Link faults"), through GET/PUT/DELETE /dht/faults.
    // The fault on the link from one node to another, set in from's table as its rule for
    // `to` (replacing what was set for it): bothWays, every message either way on that link;
    // else only from's messages to `to`. A fault with nothing set heals that link.
    QCoro::Task<ActionResult> setLinkFault(QString from, QString to, Chord::LinkFault fault,
                                           bool bothWays);
    // Splits the ring: every live node of the groups (addresses) gets the groups as its
    // partition, keeping its links, and a paused one of ours when it is resumed; at least two
    // groups, none empty.
    QCoro::Task<ActionResult> partition(QList<QStringList> groups);
    // Heals every link of every node (DELETE /dht/faults); a node the app paused is healed
    // when it is resumed.
    QCoro::Task<ActionResult> healAll();
    // DELETE /dht/unavailable?confirm=lost at the node (docs/API.md, "Unavailable keys"): the
    // nodes that held the only copies of its unavailable range are declared gone for good.
    QCoro::Task<ActionResult> releaseUnavailable(QString address);
    // An address as the fault tables key it (127.0.0.1:PORT for localhost:PORT).
    static QString linkAddress(const QString &address);
    void killAll(int graceMs = 3000);
    // Any live node to route through when none is selected.
    QString anyLiveNode() const;
    // Whether lookups seen in the feeds are animated (off while a recording is replayed).
    void setFeedAnimated(bool animated) { m_feedAnimated = animated; }
    bool feedAnimated() const { return m_feedAnimated; }

signals:
    void lookupTraced(const Chord::NodeRef &initiator, const Chord::LookupResult &lookup);

private:
    Chord::NodeRef refFor(const QString &address) const;
    using TableCall = std::function<QCoro::Task<Chord::PeerResult<Chord::LinkFaultTable>>(
        const Chord::NodeRef &)>;
    // Runs call on each node in turn and shows the table each answers; the nodes that failed,
    // with why; nothing once the controller is gone.
    QCoro::Task<std::optional<QStringList>> eachNode(QStringList addresses, TableCall call);
    QCoro::Task<Chord::PeerResult<Chord::LinkFaultTable>> setPartition(Chord::NodeRef node,
                                                                       QList<QStringList> groups);
    // A fresh operation id for a request of the app's (?op=, docs/API.md): its events in the
    // feeds carry it.
    QByteArray newOp();
    void onLookupObserved(const Chord::NodeRef &initiator, const Chord::LookupResult &lookup,
                          const QString &op);

    std::unique_ptr<Chord::Http::HttpPeerClient> m_transport;
    std::unique_ptr<NodeClient> m_client;
    LocalCluster *m_cluster;
    RingMonitor *m_monitor;
    LookupAnimation *m_animation;
    TimeControl *m_time;
    // The ops of lookups the app ran and animated from their answers: their events in the
    // feeds are not animated a second time (the newest 64).
    std::deque<QString> m_ownLookups;
    quint64 m_ops = 0;
    QByteArray m_opPrefix;
    bool m_feedAnimated = true;
    // What a paused node of ours missed because a stopped process cannot answer (addresses):
    // "Heal all" (no groups) or a partition (its groups), applied when the app resumes it;
    // the latest action wins.
    QHash<QString, QList<QStringList>> m_faultsOnResume;
};

} // namespace ChordLab
