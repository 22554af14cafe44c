#pragma once

#include "NodeOptions.h"

#include <QCoroTask>
#include <QObject>

#include <memory>

class QHostAddress;
class QSocketNotifier;

namespace Chord {

class ChordNode;
class FaultyPeerClient;
class LinkFaults;
struct NodeConfig;
namespace Http {
class FaultRoutes;
class HttpPeerClient;
class HttpServer;
class NodeApi;
} // namespace Http

// Builds one node from its options and runs it: listen, announce, wire or join, serve, and on
// SIGTERM/SIGINT leave gracefully (hand-off first) before the process exits.
class NodeRunner : public QObject {
    Q_OBJECT

public:
    explicit NodeRunner(NodeOptions options, QObject *parent = nullptr);
    ~NodeRunner() override;

    // Returns false (after logging why) when the node cannot listen.
    bool start();
    ChordNode *node() const { return m_node.get(); }
    quint16 port() const { return m_port; }

private:
    // Creates the HTTP server and listens on address; false when it cannot.
    bool startServer(const QHostAddress &address);
    // Creates the peer client, the link faults around it and the node.
    void createNode(const NodeConfig &config);
    // With --data-dir, opens the journal and recovers the node's copies; false if it cannot.
    bool recoverJournal();
    QCoro::Task<> connectToRing();
    QCoro::Task<> shutdown(int signal);
    void installSignalHandlers();

    NodeOptions m_options;
    quint16 m_port = 0;
    std::unique_ptr<Http::HttpPeerClient> m_client;
    // Link faults (docs/API.md): one table, applied to the calls this node makes (m_faulty,
    // around m_client) and to the calls other nodes make here (m_faultRoutes' peer gate).
    std::unique_ptr<LinkFaults> m_faults;
    std::unique_ptr<FaultyPeerClient> m_faulty;
    std::unique_ptr<ChordNode> m_node;
    std::unique_ptr<Http::HttpServer> m_server;
    std::unique_ptr<Http::NodeApi> m_api;
    std::unique_ptr<Http::FaultRoutes> m_faultRoutes;
    QSocketNotifier *m_signalNotifier = nullptr;
    bool m_shuttingDown = false;
};

// Log lines: "2026-11-24T21:30:00.123 n1 chord.ring info: ...", to stderr and the log file.
void installNodeLogging(const QString &nodeName, const QString &logFile);

} // namespace Chord
