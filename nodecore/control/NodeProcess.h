#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace Chord {

// How to start one chord-node process.
struct NodeLaunchSpec {
    QString executable; // empty: NodeProcess::findNodeExecutable()
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    QString name;
    int bits = 64;
    std::optional<quint64> id;
    QString join; // host:port of a member, or empty for a new ring
    int replicas = 3;
    int stabilizeMs = 500;
    QString protocol; // --protocol zave|original; empty: the node's default (zave)
    QString logFile;
    QString token;
    QStringList extraArguments;

    QStringList arguments() const;
};

// The one class that owns chord-node child processes (QProcess), for the GUI, chordctl and
// the integration tests. Each child runs in its own process group so that a signal reaches
// exactly it; nothing here blocks the event loop.
class NodeProcess : public QObject {
    Q_OBJECT

public:
    enum class State { NotStarted, Starting, Running, Paused, Stopping, Exited };
    Q_ENUM(State)

    explicit NodeProcess(NodeLaunchSpec spec, QObject *parent = nullptr);
    ~NodeProcess() override;

    const NodeLaunchSpec &spec() const { return m_spec; }
    State state() const { return m_state; }
    qint64 pid() const { return m_pid; }
    QString host() const { return m_spec.host; }
    // The port the node announced (differs from spec().port when that was 0).
    quint16 port() const { return m_port; }
    QString address() const;

    void start();
    // SIGTERM (the node leaves gracefully), then SIGKILL after graceMs if still running.
    void stop(int graceMs = 5000);
    void crash();  // SIGKILL: no hand-off, nobody told
    void pause();  // SIGSTOP
    void resume(); // SIGCONT

    // Finds chord-node next to the running executable, in the build tree, or on PATH.
    static QString findNodeExecutable();
    // Starts a node that outlives the caller (chordctl boot); output goes to logFile.
    // Returns the pid, or nullopt with *error set.
    static std::optional<qint64> startDetached(const NodeLaunchSpec &spec, QString *error);

signals:
    void listening(const QString &host, quint16 port);
    void outputLine(const QString &line, bool isStderr);
    void stateChanged(Chord::NodeProcess::State state);
    void exited(int exitCode, bool crashed);
    void failedToStart(const QString &why);

private:
    void setState(State s);
    void readLines(QProcess::ProcessChannel channel);

    NodeLaunchSpec m_spec;
    QProcess m_process;
    QTimer m_killTimer;
    State m_state = State::NotStarted;
    qint64 m_pid = 0;
    quint16 m_port = 0;
    QByteArray m_partial[2];
};

} // namespace Chord
