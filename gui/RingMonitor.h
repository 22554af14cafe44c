#pragma once

#include "EventLog.h"
#include "Messages.h"
#include "NodeProcess.h"
#include "RingSnapshot.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <map>

namespace ChordLab {

class NodeClient;

// Keeps the app's picture of the ring up to date without ever blocking: polls /nodeinfo and
// /db of every known node, /dht/events (~300 ms) for lookups, hand-offs and rewiring to
// animate, and /dht/ring now and then to discover members it did not start. Each request
// has a timeout and at most one of each kind is in flight per node, so a hung node costs
// nothing but its own grey marker.
class RingMonitor : public QObject {
    Q_OBJECT

public:
    explicit RingMonitor(NodeClient *client, QObject *parent = nullptr);

    void watch(const QString &host, quint16 port, const QString &name = {});
    void forgetAll();
    // Removes nodes that are dead (exited processes) or long unreachable.
    void forgetDead();
    // The process state of a node this app started; it decides paused/leaving/dead.
    void setProcess(const QString &address, qint64 pid, Chord::NodeProcess::State state);
    void setIntervals(int pollMs, int eventMs);
    // A node's link faults as the app just set or read them (RingController): shown at once,
    // without waiting for the next poll of GET /dht/faults.
    void takeFaults(const QString &address, const Chord::LinkFaultTable &faults);

    const RingSnapshot &snapshot() const { return m_snapshot; }
    const QList<Chord::Id> &keyIds() const { return m_keyIds; }

public slots:
    void pollNow();
    // The kind of a message event: the first word of its detail ("rectify n3: accepted, ..."
    // is a rectify, "fetch: found" a fetch).
    static QString messageKind(const QString &detail);

signals:
    void snapshotChanged();
    void eventObserved(const Chord::NodeRef &source, const Chord::Event &event);
    // op: the operation id the event carries (docs/API.md, "Events"), empty from old nodes.
    void lookupObserved(const Chord::NodeRef &initiator, const Chord::LookupResult &lookup,
                        const QString &op);
    void keysTransferred(const Chord::NodeRef &from, const Chord::NodeRef &to, int count);
    // A message from one node to another (recorded while messages are shown); kind: its first
    // word ("rectify"), detail: what was asked and how it went.
    void messageObserved(const Chord::NodeRef &from, const Chord::NodeRef &to, const QString &kind,
                         const QString &detail);
    void successorChanged(const QString &address);
    void nodeAppeared(const QString &address);

private:
    struct Entry {
        NodeSnapshot node;
        int bits = 64;
        bool pollBusy = false;
        bool eventsBusy = false;
        bool keysBusy = false;
        bool faultsBusy = false;
        quint64 lastSeq = 0;
        qint64 watchedSinceMs = 0; // events older than this are history, not news
        int failures = 0;
        qint64 lastAnswerMs = 0;
        bool hasProcess = false;
        Chord::NodeProcess::State processState = Chord::NodeProcess::State::NotStarted;
    };

    QCoro::Task<> pollNode(QString address);
    // The steps of pollNode: a /nodeinfo answer taken into the entry (and the nodes it
    // points to watched too); an entry forgotten once its node has left for good.
    void takeNodeInfo(const QString &address, Entry &e, const NodeSnapshot &info, int bits);
    void forgetIfGone(std::map<QString, Entry>::iterator entry);
    QCoro::Task<> pollEvents(QString address);
    QCoro::Task<> pollKeys(QString address);
    // GET /dht/faults: every FaultPollRounds rounds (a few seconds), so that faults set by
    // chordctl show too; sooner for a node with faults, whose table changes more often.
    QCoro::Task<> pollFaults(QString address);
    QCoro::Task<> discover();
    void handleEvent(Entry &entry, const Chord::Event &event);
    void updateHealth(Entry &entry);
    void scheduleRebuild();
    void rebuild();

    NodeClient *m_client;
    std::map<QString, Entry> m_entries;
    RingSnapshot m_snapshot;
    QList<Chord::Id> m_keyIds;
    QHash<QString, Chord::Id> m_keyIdCache;
    QTimer m_pollTimer;
    QTimer m_eventTimer;
    QTimer m_discoverTimer;
    bool m_rebuildPending = false;
    bool m_discoverBusy = false;
    int m_pollRound = 0;
};

} // namespace ChordLab
