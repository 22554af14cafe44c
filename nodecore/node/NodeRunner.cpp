#include "NodeRunner.h"

#include "ChordNode.h"
#include "FaultRoutes.h"
#include "FaultyPeerClient.h"
#include "HttpPeerClient.h"
#include "HttpServer.h"
#include "NodeApi.h"

#include <QCoreApplication>
#include <QCoroTimer>
#include <QDateTime>
#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcNode, "chord.node")

namespace Chord {

namespace {
int g_signalPipe[2] = {-1, -1};

void onSignal(int signal) {
    const char c = char(signal);
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);
}

QString g_nodeName;
QFile *g_logFile = nullptr;

void logHandler(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    static const char *levels[] = {"debug", "warning", "critical", "fatal", "info"};
    // UTC: the local-time conversion costs a time-zone lookup per line (profiled, 8% of a
    // GET's CPU).
    const QByteArray line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() +
                            ' ' + g_nodeName.toUtf8() + ' ' +
                            (context.category ? context.category : "default") + ' ' + levels[type] +
                            ": " + message.toUtf8() + '\n';
    std::fwrite(line.constData(), 1, line.size(), stderr);
    if (g_logFile) {
        g_logFile->write(line);
        g_logFile->flush();
    }
    if (type == QtFatalMsg)
        std::abort();
}
} // namespace

void installNodeLogging(const QString &nodeName, const QString &logFile) {
    g_nodeName = nodeName;
    if (!logFile.isEmpty()) {
        g_logFile = new QFile(logFile);
        if (!g_logFile->open(QIODevice::Append | QIODevice::WriteOnly | QIODevice::Text)) {
            std::fprintf(stderr, "cannot open log file %s\n", qPrintable(logFile));
            delete g_logFile;
            g_logFile = nullptr;
        }
    }
    qInstallMessageHandler(logHandler);
    // Per-request lines are debug output; QT_LOGGING_RULES (e.g. "chord.http.debug=true")
    // still overrides this default.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("chord.*.debug=false"));
}

NodeRunner::NodeRunner(NodeOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options)) {}

NodeRunner::~NodeRunner() = default;

namespace {
// The node's configuration: its options, with the address and port it listens on.
NodeConfig nodeConfig(const NodeOptions &options, const QHostAddress &address, quint16 port) {
    NodeConfig config;
    config.space = IdSpace(options.bits);
    config.self.host = address.toString();
    config.self.port = port;
    config.self.name = options.name.isEmpty() ? config.self.address() : options.name;
    config.explicitId = options.id.has_value();
    config.self.id = options.id.value_or(config.space.hash(config.self.address().toUtf8()));
    config.replicas = options.replicas;
    config.writeQuorum = options.writeQuorum;
    config.successorListLength = options.successorListLength;
    config.stabilizeMs = options.stabilizeMs;
    config.ownerCache = options.ownerCache;
    config.protocol = options.protocol;
    return config;
}
} // namespace

bool NodeRunner::start() {
    const QHostAddress address(m_options.host == QLatin1String("localhost")
                                   ? QStringLiteral("127.0.0.1")
                                   : m_options.host);
    if (address.isNull()) {
        qCCritical(lcNode) << "--host must be an IP address, got" << m_options.host;
        return false;
    }
    if (!startServer(address))
        return false;

    const NodeConfig config = nodeConfig(m_options, address, m_port);
    installNodeLogging(config.self.name, m_options.logFile);
    createNode(config);
    if (!recoverJournal())
        return false;
    m_node->setJoinPending(bool(m_options.join));
    m_server->setToken(m_options.token, m_options.tokenReads);
    m_api = std::make_unique<Http::NodeApi>(*m_node, *m_server, m_options.maxValueBytes);
    m_faultRoutes = std::make_unique<Http::FaultRoutes>(*m_faults, *m_server);

    if (m_options.token.isEmpty() && !address.isLoopback())
        qCWarning(lcNode) << "bound to" << address.toString()
                          << "without --token: anyone who can reach it can change the ring";
    installSignalHandlers();
    std::printf("listening on http://%s:%u\n", qPrintable(address.toString()), m_port);
    std::fflush(stdout);
    qCInfo(lcNode).noquote() << "node" << describe(m_node->self()) << "bits" << m_options.bits
                             << "replicas" << m_options.replicas;
    connectToRing();
    return true;
}

bool NodeRunner::startServer(const QHostAddress &address) {
    m_server = std::make_unique<Http::HttpServer>();
    Http::ServerLimits limits;
    limits.maxValueBytes = m_options.maxValueBytes;
    limits.maxBodyBytes = m_options.maxValueBytes + 64 * 1024;
    m_server->setLimits(limits);
    m_port = m_server->listenOn(address, m_options.port);
    return m_port != 0;
}

void NodeRunner::createNode(const NodeConfig &config) {
    m_client = std::make_unique<Http::HttpPeerClient>();
    m_client->setToken(m_options.token);
    m_client->setSender(config.self.address());
    m_faults = std::make_unique<LinkFaults>(config.self.address());
    // The client's timeouts (the defaults): a lost call fails when the real one would.
    m_faulty = std::make_unique<FaultyPeerClient>(m_client.get(), m_faults.get(),
                                                  QtScheduler::instance(), CallTimeouts{});
    m_node = std::make_unique<ChordNode>(config, m_faulty.get());
}

bool NodeRunner::recoverJournal() {
    if (m_options.dataDir.isEmpty())
        return true;
    QString error;
    auto journal = StoreJournal::open(m_options.dataDir, &error);
    if (!journal) {
        qCCritical(lcNode).noquote() << "--data-dir:" << error;
        return false;
    }
    QString warning;
    const int recovered = m_node->attachJournal(std::move(journal), &warning);
    if (!warning.isEmpty())
        qCWarning(lcNode).noquote() << "--data-dir:" << warning;
    qCInfo(lcNode).noquote() << "recovered" << recovered << "copies from" << m_options.dataDir;
    return true;
}

QCoro::Task<> NodeRunner::connectToRing() {
    if (m_options.pred) {
        const auto r = co_await m_node->setPredecessorByHand(*m_options.pred);
        if (!r.ok())
            qCWarning(lcNode).noquote() << "--pred:" << r.message;
    }
    if (m_options.succ) {
        const auto r = co_await m_node->setSuccessorByHand(*m_options.succ);
        if (!r.ok())
            qCWarning(lcNode).noquote() << "--succ:" << r.message;
    }
    if (m_options.join) {
        // A node told to join must end up in that ring or say so: retry briefly (the ring
        // may be settling after another join), then exit non-zero for the launcher to see.
        Outcome<bool> r;
        for (int attempt = 1; attempt <= 5; ++attempt) {
            r = co_await m_node->join(*m_options.join);
            if (r.ok() || r.error == NodeError::BadRequest)
                break;
            qCWarning(lcNode).noquote() << "--join attempt" << attempt << "failed:" << r.message;
            co_await QCoro::sleepFor(std::chrono::milliseconds(100 * attempt));
        }
        if (!r.ok()) {
            qCCritical(lcNode).noquote() << "--join failed:" << r.message;
            QCoreApplication::exit(3);
            co_return;
        }
        m_node->setJoinPending(false);
    }
    m_api->setReady(true);
    m_node->startMaintenance();
}

void NodeRunner::installSignalHandlers() {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    m_signalNotifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, this);
    connect(m_signalNotifier, &QSocketNotifier::activated, this, [this] {
        char c = 0;
        if (::read(g_signalPipe[0], &c, 1) == 1)
            shutdown(int(c));
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
}

QCoro::Task<> NodeRunner::shutdown(int signal) {
    if (m_shuttingDown) {
        qCWarning(lcNode) << "second signal: exiting without waiting for the hand-off";
        QCoreApplication::exit(1);
        co_return;
    }
    m_shuttingDown = true;
    qCInfo(lcNode) << "signal" << signal << ": leaving the ring gracefully";
    const auto r = co_await m_node->leaveBeforeExit();
    if (!r.ok())
        qCWarning(lcNode).noquote() << "leave failed:" << r.message;
    qCInfo(lcNode) << "bye";
    QCoreApplication::exit(r.ok() ? 0 : 1);
}

} // namespace Chord
