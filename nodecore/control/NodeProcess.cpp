#include "NodeProcess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace Chord {

QStringList NodeLaunchSpec::arguments() const {
    QStringList a{QStringLiteral("--host"),         host,
                  QStringLiteral("--port"),         QString::number(port),
                  QStringLiteral("--bits"),         QString::number(bits),
                  QStringLiteral("--replicas"),     QString::number(replicas),
                  QStringLiteral("--stabilize-ms"), QString::number(stabilizeMs)};
    if (!name.isEmpty())
        a << QStringLiteral("--name") << name;
    if (id)
        a << QStringLiteral("--id") << QString::number(*id);
    if (!join.isEmpty())
        a << QStringLiteral("--join") << join;
    if (!protocol.isEmpty())
        a << QStringLiteral("--protocol") << protocol;
    if (!logFile.isEmpty())
        a << QStringLiteral("--log-file") << logFile;
    if (!token.isEmpty())
        a << QStringLiteral("--token") << token;
    return a + extraArguments;
}

NodeProcess::NodeProcess(NodeLaunchSpec spec, QObject *parent)
    : QObject(parent)
    , m_spec(std::move(spec))
    , m_port(m_spec.port) {
    if (m_spec.executable.isEmpty())
        m_spec.executable = findNodeExecutable();
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process.state() != QProcess::NotRunning)
            m_process.kill();
    });
    // Own process group: a signal meant for this node never reaches its siblings or us.
    // ... and if the process that started it dies without stopping it (the GUI SIGKILLed),
    // the kernel sends it SIGTERM: it leaves gracefully instead of lingering as an orphan.
    m_process.setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { readLines(QProcess::StandardOutput); });
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { readLines(QProcess::StandardError); });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            setState(State::Exited);
            emit failedToStart(m_process.errorString());
        }
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        m_killTimer.stop();
        readLines(QProcess::StandardOutput);
        readLines(QProcess::StandardError);
        setState(State::Exited);
        emit exited(code, status == QProcess::CrashExit);
    });
}

NodeProcess::~NodeProcess() {
    // QProcess's destructor would SIGKILL and wait; do it ourselves without the wait-loop
    // surprise, and reap so that no zombie is left.
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
}

QString NodeProcess::address() const {
    return m_spec.host + QLatin1Char(':') + QString::number(m_port);
}

void NodeProcess::setState(State s) {
    if (m_state == s)
        return;
    m_state = s;
    emit stateChanged(s);
}

void NodeProcess::start() {
    setState(State::Starting);
    m_process.start(m_spec.executable, m_spec.arguments());
    m_pid = m_process.processId();
}

void NodeProcess::stop(int graceMs) {
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (m_state == State::Paused)
        resume(); // a stopped process cannot act on SIGTERM
    setState(State::Stopping);
    m_process.terminate();
    m_killTimer.start(graceMs);
}

void NodeProcess::crash() {
    if (m_process.state() != QProcess::NotRunning)
        ::kill(pid_t(m_pid), SIGKILL);
}

void NodeProcess::pause() {
    if (m_state == State::Running && ::kill(pid_t(m_pid), SIGSTOP) == 0)
        setState(State::Paused);
}

void NodeProcess::resume() {
    if (m_state == State::Paused && ::kill(pid_t(m_pid), SIGCONT) == 0)
        setState(State::Running);
}

void NodeProcess::readLines(QProcess::ProcessChannel channel) {
    m_process.setReadChannel(channel);
    QByteArray &partial = m_partial[channel == QProcess::StandardError ? 1 : 0];
    partial += m_process.readAll();
    qsizetype nl;
    while ((nl = partial.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(partial.left(nl)).trimmed();
        partial.remove(0, nl + 1);
        if (channel == QProcess::StandardOutput && m_state == State::Starting) {
            static const QRegularExpression re(QStringLiteral("^listening on http://(.+):(\\d+)$"));
            const auto m = re.match(line);
            if (m.hasMatch()) {
                m_port = quint16(m.captured(2).toUInt());
                setState(State::Running);
                emit listening(m.captured(1), m_port);
            }
        }
        emit outputLine(line, channel == QProcess::StandardError);
    }
}

QString NodeProcess::findNodeExecutable() {
    const QString fromEnv = qEnvironmentVariable("CHORD_NODE_BIN");
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QDir appDir(QCoreApplication::applicationDirPath());
    for (const QString &rel :
         {QStringLiteral("chord-node"), QStringLiteral("../nodecore/app/chord-node"),
          QStringLiteral("../../nodecore/app/chord-node"), QStringLiteral("../app/chord-node")}) {
        const QFileInfo f(appDir.filePath(rel));
        if (f.isExecutable() && f.isFile())
            return f.canonicalFilePath();
    }
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("chord-node"));
    return onPath.isEmpty() ? QStringLiteral("chord-node") : onPath;
}

std::optional<qint64> NodeProcess::startDetached(const NodeLaunchSpec &spec, QString *error) {
    QProcess p;
    p.setProgram(spec.executable.isEmpty() ? findNodeExecutable() : spec.executable);
    p.setArguments(spec.arguments());
    p.setStandardInputFile(QProcess::nullDevice());
    p.setStandardOutputFile(spec.logFile.isEmpty() ? QProcess::nullDevice()
                                                   : spec.logFile + QStringLiteral(".out"),
                            QIODevice::Append);
    p.setStandardErrorFile(QProcess::nullDevice());
    qint64 pid = 0;
    if (!p.startDetached(&pid)) {
        *error = QStringLiteral("cannot start %1: %2").arg(p.program(), p.errorString());
        return std::nullopt;
    }
    return pid;
}

} // namespace Chord
