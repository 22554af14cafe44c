#include "LocalCluster.h"

#include "NodeClient.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>
#include <QTimerEvent>

#include <qcorotimer.h>

#include <chrono>

namespace ChordLab {

using namespace Qt::StringLiterals;
using State = Chord::NodeProcess::State;

LocalCluster::LocalCluster(NodeClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client) {
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty())
        base = QDir::tempPath() + u"/chordlab"_s;
    // One folder per cluster: the two rings of the Compare window have nodes of the same names.
    static int clusters = 0;
    m_logDir = base + u"/logs/"_s + QString::number(QCoreApplication::applicationPid());
    if (++clusters > 1)
        m_logDir += u"-"_s + QString::number(clusters);
    QDir().mkpath(m_logDir);
}

LocalCluster::~LocalCluster() {
    // Last resort: NodeProcess's destructor SIGKILLs a child that is still running, so no
    // node outlives the app even if it quits without stopAll().
    qDeleteAll(m_processes);
}

Chord::NodeProcess *LocalCluster::process(const QString &address) const {
    for (Chord::NodeProcess *p : m_processes) {
        if (p->address() == address)
            return p;
    }
    return nullptr;
}

int LocalCluster::runningCount() const {
    return int(std::count_if(m_processes.cbegin(), m_processes.cend(), [](auto *p) {
        return p->state() != State::Exited && p->state() != State::NotStarted;
    }));
}

QString LocalCluster::nextName() {
    return u"n"_s + QString::number(++m_nameCounter);
}

Chord::NodeProcess *LocalCluster::launch(const Chord::NodeLaunchSpec &given) {
    Chord::NodeLaunchSpec spec = given;
    if (spec.name.isEmpty())
        spec.name = nextName();
    spec.logFile = m_logDir + QLatin1Char('/') + spec.name + u".log"_s;
    // In the app every get and put is there to be watched: route it every time, rather than
    // going straight to an owner the node remembers (the headless default).
    if (!spec.extraArguments.contains(u"--no-owner-cache"_s))
        spec.extraArguments << u"--no-owner-cache"_s;
    auto *p = new Chord::NodeProcess(spec, this);
    m_processes.append(p);
    connect(p, &Chord::NodeProcess::stateChanged, this, [this, p] { emit nodeStateChanged(p); });
    p->start();
    emit nodeStarted(p);
    return p;
}

Chord::NodeProcess *LocalCluster::addNode(const QString &joinAddress, const QString &name,
                                          std::optional<quint64> id,
                                          const QStringList &extraArguments) {
    Chord::NodeLaunchSpec spec;
    spec.host = m_options.host;
    spec.bits = m_options.bits;
    spec.replicas = m_options.replicas;
    spec.stabilizeMs = m_options.stabilizeMs;
    spec.protocol = m_options.protocol;
    spec.join = joinAddress;
    spec.name = name;
    spec.id = id;
    spec.extraArguments = extraArguments;
    return launch(spec);
}

void LocalCluster::reset(const BootOptions &options) {
    stopAll();
    m_options = options;
    m_nameCounter = 0;
}

void LocalCluster::boot(const BootOptions &options) {
    stopAll();
    m_options = options;
    m_nameCounter = 0;
    m_booting = true;
    runBoot(options, ++m_bootGeneration);
}

QCoro::Task<bool> LocalCluster::waitReady(QPointer<Chord::NodeProcess> p, int timeoutMs) {
    // GET / answers 200 once the node is ready (503 while it is still joining).
    QPointer<LocalCluster> self(this);
    for (int waited = 0; waited < timeoutMs; waited += 100) {
        if (!self || !p || p->state() == State::Exited)
            co_return false;
        if (p->state() == State::Running) {
            Chord::NodeRef ref;
            ref.host = p->host();
            ref.port = p->port();
            const auto r = co_await m_client->ready(ref, 1000);
            if (!self)
                co_return false;
            if (r.ok())
                co_return true;
        }
        co_await QCoro::sleepFor(std::chrono::milliseconds(100));
    }
    co_return false;
}

QCoro::Task<> LocalCluster::runBoot(BootOptions options, quint64 generation) {
    QPointer<LocalCluster> self(this);
    QString first;
    emit bootProgress(0, options.nodes);
    for (int i = 0; i < options.nodes; ++i) {
        Chord::NodeLaunchSpec spec;
        spec.host = options.host;
        spec.port = options.basePort ? quint16(options.basePort + i) : 0;
        spec.bits = options.bits;
        spec.replicas = options.replicas;
        spec.stabilizeMs = options.stabilizeMs;
        spec.protocol = options.protocol;
        spec.join = first;
        if (i < options.ids.size())
            spec.id = options.ids[i];
        QPointer<Chord::NodeProcess> p = launch(spec);
        const bool ready = co_await waitReady(p, 15000);
        if (!self || generation != m_bootGeneration)
            co_return; // a newer boot (or shutdown) took over
        if (!ready) {
            m_booting = false;
            emit bootFinished(false,
                              tr("node %1 did not become ready")
                                  .arg(spec.name.isEmpty() ? QString::number(i + 1) : spec.name));
            co_return;
        }
        if (first.isEmpty())
            first = p->address();
        emit bootProgress(i + 1, options.nodes);
    }
    m_booting = false;
    emit bootFinished(true, {});
}

void LocalCluster::stopAll(int graceMs) {
    ++m_bootGeneration; // abandons a boot in progress
    m_booting = false;
    QList<Chord::NodeProcess *> running;
    for (Chord::NodeProcess *p : m_processes) {
        if (p->state() == State::Exited || p->state() == State::NotStarted) {
            continue;
        }
        running.append(p);
    }
    if (running.isEmpty()) {
        emit allStopped();
        return;
    }
    for (Chord::NodeProcess *p : running) {
        connect(p, &Chord::NodeProcess::exited, this, [this] {
            if (runningCount() == 0)
                emit allStopped();
        });
        p->stop(graceMs);
    }
}

} // namespace ChordLab
