#pragma once

#include "NodeProcess.h"

#include <QCoroTask>
#include <QList>
#include <QObject>
#include <QPointer>

namespace ChordLab {

class NodeClient;

// Parameters of a ring booted on this machine (the Boot dialog, the command line).
struct BootOptions {
    int nodes = 8;
    quint16 basePort = 0; // 0: every node picks a free port
    int bits = 8;
    int replicas = 3;
    int stabilizeMs = 500;
    // The ring's maintenance: "zave" (corrected) or "original" (the 2001 paper's); README.
    QString protocol = QStringLiteral("zave");
    QString host = QStringLiteral("127.0.0.1");
    // The nodes' ids in boot order (CompareWindow boots two rings alike); a node past the end
    // gets the id chord-node picks: from its address for the first, for a joiner the middle of
    // a wide arc found from a random place.
    QList<quint64> ids;
};

// The chord-node processes this app started: boots a ring node by node (each joins through
// the first once the previous answers GET /), adds and stops nodes, and on shutdown stops
// all of them (SIGTERM, SIGKILL after a grace period) without blocking the event loop.
class LocalCluster : public QObject {
    Q_OBJECT

public:
    explicit LocalCluster(NodeClient *client, QObject *parent = nullptr);
    ~LocalCluster() override;

    const QList<Chord::NodeProcess *> &processes() const { return m_processes; }
    Chord::NodeProcess *process(const QString &address) const;
    int runningCount() const;
    bool isBooting() const { return m_booting; }

    // Starts a fresh ring of options.nodes nodes (the nodes running now are stopped first).
    void boot(const BootOptions &options);
    // Starts one more node that joins through joinAddress (empty: a ring of its own); a
    // scripted scenario (CompareWindow) chooses its name, id and further chord-node arguments.
    Chord::NodeProcess *addNode(const QString &joinAddress, const QString &name = {},
                                std::optional<quint64> id = {},
                                const QStringList &extraArguments = {});
    // Stops every node and takes options for the nodes added next, booting none.
    void reset(const BootOptions &options);
    // Whether the node answers GET / (ready: joined, serving) within timeoutMs.
    QCoro::Task<bool> waitReady(QPointer<Chord::NodeProcess> process, int timeoutMs);
    void stopAll(int graceMs = 3000);

signals:
    void nodeStarted(Chord::NodeProcess *process);
    void nodeStateChanged(Chord::NodeProcess *process);
    void bootProgress(int ready, int total);
    void bootFinished(bool ok, const QString &error);
    void allStopped();

private:
    QCoro::Task<> runBoot(BootOptions options, quint64 generation);
    Chord::NodeProcess *launch(const Chord::NodeLaunchSpec &spec);
    QString nextName();

    NodeClient *m_client;
    QList<Chord::NodeProcess *> m_processes;
    BootOptions m_options;
    QString m_logDir;
    bool m_booting = false;
    quint64 m_bootGeneration = 0;
    int m_nameCounter = 0;
};

} // namespace ChordLab
