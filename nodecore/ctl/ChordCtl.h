#pragma once

#include "HttpPeerClient.h"
#include "Outcome.h"
#include "RingStateFile.h"

#include <QCoroTask>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace Chord {

// The ring's command-line tasks (README, "chordctl"). Each command is a coroutine returning the
// process exit code: 0 ok, 1 the check found problems or the operation failed, 2 usage,
// 3 a node could not be reached.
class ChordCtl {
public:
    ChordCtl(QTextStream &out, QTextStream &err);

    QCoro::Task<int> run(QStringList arguments);

    static QString usage();

private:
    QCoro::Task<int> boot(const QStringList &args);
    // What boot's arguments ask for; a failure's message is the usage error.
    struct BootPlan {
        RingState state;
        int count = 0;
        int basePort = 0;
    };
    static Outcome<BootPlan> parseBoot(QStringList args);
    // Starts node i of the ring (n<i+1>, joining through n1) and waits until it answers.
    QCoro::Task<int> startBootNode(int i, int basePort);
    QCoro::Task<int> kill(const QStringList &);
    QCoro::Task<int> join(const QStringList &args);
    QCoro::Task<int> leave(const QStringList &args);
    QCoro::Task<int> crash(const QStringList &args);
    QCoro::Task<int> put(const QStringList &args);
    QCoro::Task<int> get(const QStringList &args);
    QCoro::Task<int> del(const QStringList &args);
    QCoro::Task<int> lookup(const QStringList &args);
    QCoro::Task<int> ring(const QStringList &);
    QCoro::Task<int> check(const QStringList &);
    QCoro::Task<int> maintenance(const QStringList &args);
    // Link faults (docs/API.md, "Link faults"): show or change one node's table, partition
    // the ring into groups, heal.
    QCoro::Task<int> faults(const QStringList &args);
    QCoro::Task<int> showFaults(QList<Endpoint> nodes);
    // The words after "link": the rule as PUT /dht/faults takes it; a failure's message is
    // what to print (empty: the command's usage line).
    Outcome<QJsonObject> parseLink(QStringList args, const QList<Endpoint> &targets);
    // The link rule (if any) and the seed (unless null) written into each node's table.
    QCoro::Task<int> setLinkFault(QList<Endpoint> nodes, QJsonObject link, QJsonValue seed);
    QCoro::Task<int> partition(const QStringList &args);
    QCoro::Task<int> heal(const QStringList &args);
    // GET /nodeinfo's "unavailable" of the nodes, or DELETE /dht/unavailable?confirm=lost.
    QCoro::Task<int> unavailable(const QStringList &args);
    // Reads a node's fault table, lets `change` edit it, and puts it back.
    QCoro::Task<int> editFaults(const Endpoint &node,
                                const std::function<void(QJsonObject &)> &change);
    void printFaults(const Endpoint &node, const QJsonObject &table);
    // What is wrong with a link rule given on the command line for these nodes (empty: fine).
    static QString checkLink(const QJsonObject &link, const QList<Endpoint> &targets);
    // Every live node of the state file.
    QList<Endpoint> liveNodes();
    // The nodes a command names: every live node of the state file for "all", else the one
    // node; on failure (reported) code is the exit code.
    struct Targets {
        QList<Endpoint> nodes;
        int code = 0;
    };
    Targets nodesNamed(const QString &target);
    QString nameOf(const QString &address);

    QCoro::Task<bool> waitReady(NodeRef node, qint64 pid, int timeoutMs);
    QCoro::Task<bool> waitRingComplete(NodeRef via, int nodes, int timeoutMs);
    std::optional<NodeRef> via();
    // NODE as the commands take it: a name, host:port or port from the state file.
    std::optional<Endpoint> endpointOf(const QString &node);
    bool loadState(bool required);
    bool saveState();
    int fail(int code, const QString &message);

    QTextStream &m_out;
    QTextStream &m_err;
    Http::HttpPeerClient m_client;
    QString m_statePath;
    QString m_via;
    RingState m_state;
    bool m_haveState = false;
};

} // namespace Chord
