#include "ChordCtl.h"

#include "FaultRoutes.h"
#include "IdSpace.h"
#include "JsonCodec.h"
#include "LinkFaults.h"
#include "NodeProcess.h"
#include "RequestParsing.h"
#include "RingSurvey.h"

#include <QCoroTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>

#include <algorithm>
#include <chrono>
#include <csignal>

namespace Chord {

namespace {
using namespace std::chrono_literals;

constexpr int ExitOk = 0;
constexpr int ExitFailed = 1;
constexpr int ExitUsage = 2;
constexpr int ExitUnreachable = 3;

// Takes "--name value" or "--name=value" out of args; returns the value or fallback.
QString takeOption(QStringList &args, const QString &name, const QString &fallback = {}) {
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == name && i + 1 < args.size()) {
            const QString v = args[i + 1];
            args.remove(i, 2);
            return v;
        }
        if (args[i].startsWith(name + QLatin1Char('='))) {
            const QString v = args[i].mid(name.size() + 1);
            args.remove(i);
            return v;
        }
    }
    return fallback;
}

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QString refName(const QJsonValue &v) {
    return v.isObject() ? v.toObject().value(QLatin1String("name")).toString()
                        : QStringLiteral("-");
}
} // namespace

ChordCtl::ChordCtl(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err) {}

QString ChordCtl::usage() {
    return QStringLiteral(
        "usage: chordctl [--state FILE] [--via HOST:PORT] [--token T] COMMAND [ARGS]\n"
        "\n"
        "  boot --nodes N [--base-port P] [--bits M] [--replicas R] [--stabilize-ms T] [--logs "
        "DIR]\n"
        "                 [--protocol zave|original]\n"
        "                 start N chord-node processes and join them into one ring\n"
        "                 (--base-port 0 picks free ports); records them in the state file;\n"
        "                 T defaults to 500 ms, 500 ms more per 256 nodes above the first 256\n"
        "  kill           stop exactly the processes boot/join started (graceful, then forced)\n"
        "  join [--port P] [--name N]   start one more node and join it to the ring\n"
        "  leave NODE     graceful leave (the node stays up, standalone)\n"
        "  crash NODE     SIGKILL a node started by boot/join\n"
        "  put KEY VALUE  store a key     get KEY     del KEY\n"
        "  lookup KEY     iterative lookup; prints every hop\n"
        "  ring           the ring as a table\n"
        "  check          verify ring invariants and that every key sits on its owner and "
        "replicas\n"
        "  maintenance NODE [pause | resume | period MS | step KIND | messages on|off]\n"
        "                 time control: the node's periodic rounds paused or running, their\n"
        "                 period, or one step now (KIND: stabilize, rectify, finger,\n"
        "                 check-predecessor, sync); messages: record every message to other\n"
        "                 nodes as an event; NODE 'all' means every node of the state file\n"
        "  faults NODE|all [link PEER [out|in|both] [delay MS] [jitter MS] [loss P] [cut]\n"
        "                  | clear] [seed N]\n"
        "                 link faults: show the node's table, or set the fault on its link\n"
        "                 to PEER (replacing what was set for PEER; default both directions),\n"
        "                 or clear the table; seed N reseeds its loss and jitter draws\n"
        "  partition GROUP GROUP... [seed N]\n"
        "                 GROUP is NODE,NODE,...: every node named cuts both directions to\n"
        "                 every node outside its group (its links are kept)\n"
        "  heal [NODE...] remove every link fault (default: every live node of the state file)\n"
        "  unavailable NODE|all [release]\n"
        "                 the part of each node's arc that no reachable node holds copies of\n"
        "                 (its keys answer 503 until those nodes come back); release: declare\n"
        "                 those nodes gone for good, and a write only they held lost\n"
        "\n"
        "NODE is a name, host:port or port from the state file. --via picks the node that\n"
        "serves put/get/del/lookup/ring/check (default: the first live node of the state file).\n"
        "Exit codes: 0 ok, 1 failed or check found problems, 2 usage, 3 node unreachable.\n");
}

int ChordCtl::fail(int code, const QString &message) {
    m_err << "chordctl: " << message << Qt::endl;
    return code;
}

bool ChordCtl::loadState(bool required) {
    QString error;
    const auto s = RingStateFile::load(m_statePath, &error);
    if (!s) {
        if (required)
            m_err << "chordctl: " << error << Qt::endl;
        return false;
    }
    m_state = *s;
    m_haveState = true;
    if (m_state.token.size() && qEnvironmentVariableIsEmpty("CHORD_TOKEN"))
        m_client.setToken(m_state.token);
    return true;
}

bool ChordCtl::saveState() {
    QString error;
    if (!RingStateFile::save(m_statePath, m_state, &error)) {
        m_err << "chordctl: " << error << Qt::endl;
        return false;
    }
    return true;
}

std::optional<Endpoint> ChordCtl::endpointOf(const QString &node) {
    loadState(false);
    if (const RingState::Node *n = m_state.find(node))
        return Endpoint{n->host, n->port, n->name};
    return Http::parseEndpointText(node);
}

std::optional<NodeRef> ChordCtl::via() {
    if (!m_via.isEmpty()) {
        // A name or port of the state file, or host:port.
        const auto ep = endpointOf(m_via);
        if (!ep)
            return std::nullopt;
        return NodeRef{ep->name, ep->host, ep->port, 0};
    }
    if (!m_haveState)
        loadState(false);
    // Not a node that left: it runs on alone and answers only for the keys it kept.
    for (const RingState::Node &n : m_state.nodes) {
        if (!n.left && ProcessCheck::isAlive(n.pid))
            return NodeRef{n.name, n.host, n.port, 0};
    }
    return std::nullopt;
}

QCoro::Task<int> ChordCtl::run(QStringList args) {
    m_statePath = takeOption(args, QStringLiteral("--state"), RingStateFile::defaultPath());
    m_via = takeOption(args, QStringLiteral("--via"));
    const QString token =
        takeOption(args, QStringLiteral("--token"), qEnvironmentVariable("CHORD_TOKEN"));
    m_client.setToken(token);
    if (args.isEmpty() || args.first() == QLatin1String("--help") ||
        args.first() == QLatin1String("-h")) {
        m_out << usage();
        co_return args.isEmpty() ? ExitUsage : ExitOk;
    }
    const QString command = args.takeFirst();
    using Command = QCoro::Task<int> (ChordCtl::*)(const QStringList &);
    static const std::pair<QLatin1String, Command> commands[] = {
        {QLatin1String("boot"), &ChordCtl::boot},
        {QLatin1String("kill"), &ChordCtl::kill},
        {QLatin1String("join"), &ChordCtl::join},
        {QLatin1String("leave"), &ChordCtl::leave},
        {QLatin1String("crash"), &ChordCtl::crash},
        {QLatin1String("put"), &ChordCtl::put},
        {QLatin1String("get"), &ChordCtl::get},
        {QLatin1String("del"), &ChordCtl::del},
        {QLatin1String("lookup"), &ChordCtl::lookup},
        {QLatin1String("ring"), &ChordCtl::ring},
        {QLatin1String("check"), &ChordCtl::check},
        {QLatin1String("maintenance"), &ChordCtl::maintenance},
        {QLatin1String("faults"), &ChordCtl::faults},
        {QLatin1String("partition"), &ChordCtl::partition},
        {QLatin1String("heal"), &ChordCtl::heal},
        {QLatin1String("unavailable"), &ChordCtl::unavailable},
    };
    for (const auto &[name, method] : commands) {
        if (command == name)
            co_return co_await (this->*method)(args);
    }
    co_return fail(ExitUsage, QStringLiteral("unknown command '%1'\n").arg(command) + usage());
}

QCoro::Task<bool> ChordCtl::waitReady(NodeRef node, qint64 pid, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const auto r = co_await m_client.call("GET", node, "/", {}, 1000);
        if (r.ok())
            co_return true;
        if (pid && !ProcessCheck::isAlive(pid))
            co_return false;
        co_await QCoro::sleepFor(50ms);
    }
    co_return false;
}

QCoro::Task<bool> ChordCtl::waitRingComplete(NodeRef via, int nodes, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const auto r = co_await m_client.call("GET", via, "/dht/ring", {}, 5000);
        if (r.ok()) {
            const QJsonObject o = r->object();
            if (o.value(QLatin1String("complete")).toBool() &&
                o.value(QLatin1String("nodes")).toArray().size() == nodes)
                co_return true;
        }
        co_await QCoro::sleepFor(100ms);
    }
    co_return false;
}

Outcome<ChordCtl::BootPlan> ChordCtl::parseBoot(QStringList args) {
    const auto usage = [](const QString &why) {
        return Outcome<BootPlan>::badRequest({}, why);
    };
    BootPlan plan;
    bool ok = true;
    plan.count = takeOption(args, QStringLiteral("--nodes"), QStringLiteral("8")).toInt(&ok);
    if (!ok || plan.count < 1 || plan.count > 1024)
        return usage(QStringLiteral("--nodes must be 1..1024"));
    plan.basePort =
        takeOption(args, QStringLiteral("--base-port"), QStringLiteral("5000")).toInt(&ok);
    if (!ok || plan.basePort < 0 || plan.basePort + plan.count > 65535)
        return usage(QStringLiteral("--base-port must leave room for the nodes"));
    RingState &state = plan.state;
    state.bits = takeOption(args, QStringLiteral("--bits"), QStringLiteral("64")).toInt();
    state.replicas = takeOption(args, QStringLiteral("--replicas"), QStringLiteral("3")).toInt();
    // Each node's maintenance costs the same whatever the ring's size, so the ring's grows with
    // it: above 256 nodes the default period grows in proportion, keeping an idle ring's
    // traffic (and CPU) at what 256 nodes cost at 500 ms. At 500 ms, 1024 processes saturate
    // two cores and the ring does not close (docs/EXPERIMENTS.md, "Scale").
    const int defaultPeriodMs = 500 * std::max(1, (plan.count + 255) / 256);
    state.stabilizeMs =
        takeOption(args, QStringLiteral("--stabilize-ms"), QString::number(defaultPeriodMs))
            .toInt();
    state.logDir =
        QDir(takeOption(args, QStringLiteral("--logs"), QStringLiteral(".chordlab/logs")))
            .absolutePath();
    state.protocol = takeOption(args, QStringLiteral("--protocol"), QStringLiteral("zave"));
    state.token = qEnvironmentVariable("CHORD_TOKEN");
    if (!parseProtocol(state.protocol))
        return usage(QStringLiteral("--protocol must be zave or original"));
    if (state.bits < 3 || state.bits > 64 || state.replicas < 1 || state.stabilizeMs < 10)
        return usage(QStringLiteral("--bits 3..64, --replicas >= 1, --stabilize-ms >= 10"));
    if (!args.isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'").arg(args.first()));
    return {plan};
}

QCoro::Task<int> ChordCtl::boot(const QStringList &args) {
    const Outcome<BootPlan> plan = parseBoot(args);
    if (!plan.ok())
        co_return fail(ExitUsage, plan.message);
    if (loadState(false)) {
        for (const RingState::Node &n : m_state.nodes) {
            if (ProcessCheck::isOurNode(n.pid, n.port))
                co_return fail(
                    ExitFailed,
                    QStringLiteral("a ring from %1 is still running; `chordctl kill` first")
                        .arg(m_statePath));
        }
    }
    QDir().mkpath(plan->state.logDir);
    m_state = plan->state;
    m_haveState = true;
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < plan->count; ++i) {
        if (const int code = co_await startBootNode(i, plan->basePort); code != ExitOk)
            co_return code;
    }
    const RingState::Node &first = m_state.nodes.first();
    if (!co_await waitRingComplete(NodeRef{first.name, first.host, first.port, 0}, plan->count,
                                   30000 + 500 * plan->count))
        co_return fail(ExitFailed, QStringLiteral("the ring did not close within the time limit"));
    m_out << "ring of " << plan->count << " nodes (maintenance every " << m_state.stabilizeMs
          << " ms) ready in " << total.elapsed() << " ms; state in " << m_statePath << Qt::endl;
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::startBootNode(int i, int basePort) {
    NodeLaunchSpec spec;
    spec.port = basePort == 0 ? freePort() : quint16(basePort + i);
    spec.name = QStringLiteral("n%1").arg(i + 1);
    spec.bits = m_state.bits;
    spec.replicas = m_state.replicas;
    spec.stabilizeMs = m_state.stabilizeMs;
    spec.protocol = m_state.protocol;
    spec.logFile = QDir(m_state.logDir).filePath(spec.name + QStringLiteral(".log"));
    spec.token = m_state.token;
    if (i > 0)
        spec.join = m_state.nodes.first().address();
    QString error;
    const auto pid = NodeProcess::startDetached(spec, &error);
    if (!pid)
        co_return fail(ExitFailed, error);
    m_state.nodes.append({spec.name, spec.host, spec.port, *pid, spec.logFile});
    if (!saveState())
        co_return ExitFailed;
    const NodeRef ref{spec.name, spec.host, spec.port, 0};
    if (!co_await waitReady(ref, *pid, 15000))
        co_return fail(ExitFailed, QStringLiteral("%1 on port %2 did not become ready; see %3")
                                       .arg(spec.name)
                                       .arg(spec.port)
                                       .arg(spec.logFile));
    m_out << "started " << spec.name << " on " << ref.address() << " (pid " << *pid << ")"
          << Qt::endl;
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::kill(const QStringList &) {
    if (!loadState(true))
        co_return ExitFailed;
    QList<RingState::Node> ours;
    for (const RingState::Node &n : m_state.nodes) {
        if (ProcessCheck::isOurNode(n.pid, n.port)) {
            ::kill(pid_t(n.pid), SIGCONT); // a paused node cannot act on SIGTERM
            ::kill(pid_t(n.pid), SIGTERM);
            ours.append(n);
        }
    }
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 5000 && std::any_of(ours.begin(), ours.end(), [](const auto &n) {
               return ProcessCheck::isAlive(n.pid);
           }))
        co_await QCoro::sleepFor(50ms);
    int forced = 0;
    for (const RingState::Node &n : ours) {
        if (ProcessCheck::isOurNode(n.pid, n.port)) {
            ::kill(pid_t(n.pid), SIGKILL);
            ++forced;
        }
    }
    QFile::remove(m_statePath);
    m_out << "stopped " << ours.size() << " node(s)"
          << (forced ? QStringLiteral(" (%1 forced)").arg(forced) : QString()) << Qt::endl;
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::join(const QStringList &argsIn) {
    QStringList args = argsIn;
    if (!loadState(true))
        co_return ExitFailed;
    const auto member = via();
    if (!member)
        co_return fail(ExitUnreachable, QStringLiteral("no live node to join through"));
    NodeLaunchSpec spec;
    spec.port =
        quint16(takeOption(args, QStringLiteral("--port"), QString::number(freePort())).toUInt());
    spec.name = takeOption(args, QStringLiteral("--name"),
                           QStringLiteral("n%1").arg(m_state.nodes.size() + 1));
    spec.bits = m_state.bits;
    spec.replicas = m_state.replicas;
    spec.stabilizeMs = m_state.stabilizeMs;
    spec.protocol = m_state.protocol;
    spec.token = m_state.token;
    spec.logFile = QDir(m_state.logDir).filePath(spec.name + QStringLiteral(".log"));
    spec.join = member->address();
    QString error;
    const auto pid = NodeProcess::startDetached(spec, &error);
    if (!pid)
        co_return fail(ExitFailed, error);
    m_state.nodes.append({spec.name, spec.host, spec.port, *pid, spec.logFile});
    saveState();
    if (!co_await waitReady(NodeRef{spec.name, spec.host, spec.port, 0}, *pid, 15000))
        co_return fail(
            ExitFailed,
            QStringLiteral("%1 did not become ready; see %2").arg(spec.name, spec.logFile));
    m_out << "joined " << spec.name << " on " << spec.host << ':' << spec.port << " via "
          << member->address() << Qt::endl;
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::leave(const QStringList &args) {
    if (args.size() != 1)
        co_return fail(ExitUsage, QStringLiteral("usage: chordctl leave NODE"));
    const auto ep = endpointOf(args.first());
    if (!ep)
        co_return fail(ExitUsage, QStringLiteral("unknown node '%1'").arg(args.first()));
    const auto r = co_await m_client.call("POST", NodeRef{ep->name, ep->host, ep->port, 0},
                                          "/dht/leave", {}, 60000);
    if (!r.ok())
        co_return fail(r.status ? ExitFailed : ExitUnreachable, r.error);
    m_out << ep->address() << " left the ring (it keeps running standalone)" << Qt::endl;
    if (loadState(false)) {
        for (RingState::Node &n : m_state.nodes) {
            if (n.host == ep->host && n.port == ep->port)
                n.left = true;
        }
        saveState();
    }
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::unavailable(const QStringList &args) {
    const bool release = args.size() == 2 && args[1] == QLatin1String("release");
    if (args.size() != 1 && !release)
        co_return fail(ExitUsage, QStringLiteral("usage: chordctl unavailable NODE|all [release]"));
    const Targets targets = nodesNamed(args.first());
    if (targets.code != ExitOk)
        co_return targets.code;
    int code = ExitOk;
    for (const Endpoint &ep : targets.nodes) {
        const NodeRef node{ep.name, ep.host, ep.port, 0};
        const auto r = release ? co_await m_client.call("DELETE", node,
                                                        "/dht/unavailable?confirm=lost", {}, 10000)
                               : co_await m_client.call("GET", node, "/nodeinfo", {}, 10000);
        if (!r.ok()) {
            code = std::max(code, fail(r.status ? ExitFailed : ExitUnreachable,
                                       QStringLiteral("%1: %2").arg(ep.address(), r.error)));
            continue;
        }
        const QJsonValue range =
            r->object().value(release ? QLatin1String("released") : QLatin1String("unavailable"));
        const QJsonObject o = range.toObject();
        m_out << ep.address() << ": "
              << (range.isObject() ? QStringLiteral("%1 (%2, %3]")
                                         .arg(release ? QStringLiteral("released")
                                                      : QStringLiteral("unavailable"),
                                              o.value(QLatin1String("from")).toString(),
                                              o.value(QLatin1String("to")).toString())
                                   : QStringLiteral("nothing unavailable"))
              << Qt::endl;
    }
    co_return code;
}

QCoro::Task<int> ChordCtl::crash(const QStringList &args) {
    if (args.size() != 1)
        co_return fail(ExitUsage, QStringLiteral("usage: chordctl crash NODE"));
    if (!loadState(true))
        co_return ExitFailed;
    const RingState::Node *n = m_state.find(args.first());
    if (!n)
        co_return fail(
            ExitUsage,
            QStringLiteral("'%1' is not a node this state file started").arg(args.first()));
    if (!ProcessCheck::isOurNode(n->pid, n->port))
        co_return fail(ExitFailed,
                       QStringLiteral("%1 (pid %2) is not running").arg(n->name).arg(n->pid));
    ::kill(pid_t(n->pid), SIGKILL);
    m_out << "crashed " << n->name << " (pid " << n->pid << ", SIGKILL)" << Qt::endl;
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::put(const QStringList &args) {
    if (args.size() != 2)
        co_return fail(ExitUsage, QStringLiteral("usage: chordctl put KEY VALUE"));
    const auto node = via();
    if (!node)
        co_return fail(ExitUnreachable,
                       QStringLiteral("no node to talk to (boot a ring or pass --via)"));
    const auto r = co_await m_client.call("PUT", *node, "/db/" + Http::encodeKey(args[0]),
                                          args[1].toUtf8(), 10000, "application/octet-stream");
    if (!r.ok())
        co_return fail(r.status ? ExitFailed : ExitUnreachable, r.error);
    const QJsonObject o = r->object();
    m_out << "stored '" << args[0] << "' on " << refName(o.value(QLatin1String("owner"))) << " ("
          << o.value(QLatin1String("copies")).toInt() << " copies, "
          << o.value(QLatin1String("hops")).toInt() << " hops)" << Qt::endl;
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::get(const QStringList &args) {
    if (args.size() != 1)
        co_return fail(ExitUsage, QStringLiteral("usage: chordctl get KEY"));
    const auto node = via();
    if (!node)
        co_return fail(ExitUnreachable,
                       QStringLiteral("no node to talk to (boot a ring or pass --via)"));
    const auto r =
        co_await m_client.call("GET", *node, "/db/" + Http::encodeKey(args[0]), {}, 10000);
    if (!r.ok())
        co_return fail(r.status ? ExitFailed : ExitUnreachable, r.error);
    const QJsonObject o = r->object();
    if (!o.value(QLatin1String("found")).toBool())
        co_return fail(ExitFailed, QStringLiteral("'%1' not found (owner %2)")
                                       .arg(args[0], refName(o.value(QLatin1String("owner")))));
    m_out << o.value(QLatin1String("value")).toString() << Qt::endl;
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::del(const QStringList &args) {
    if (args.size() != 1)
        co_return fail(ExitUsage, QStringLiteral("usage: chordctl del KEY"));
    const auto node = via();
    if (!node)
        co_return fail(ExitUnreachable,
                       QStringLiteral("no node to talk to (boot a ring or pass --via)"));
    const auto r =
        co_await m_client.call("DELETE", *node, "/db/" + Http::encodeKey(args[0]), {}, 10000);
    if (!r.ok())
        co_return fail(r.status ? ExitFailed : ExitUnreachable, r.error);
    m_out << "deleted '" << args[0] << "'" << Qt::endl;
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::lookup(const QStringList &args) {
    if (args.size() != 1)
        co_return fail(ExitUsage, QStringLiteral("usage: chordctl lookup KEY"));
    const auto node = via();
    if (!node)
        co_return fail(ExitUnreachable,
                       QStringLiteral("no node to talk to (boot a ring or pass --via)"));
    const auto r = co_await m_client.call("GET", *node,
                                          "/dht/lookup?key=" + Http::encodeKey(args[0]), {}, 15000);
    if (!r.ok())
        co_return fail(r.status ? ExitFailed : ExitUnreachable, r.error);
    const QJsonObject o = r->object();
    m_out << "lookup '" << args[0] << "' id " << o.value(QLatin1String("id")).toString() << " from "
          << node->address() << Qt::endl;
    int i = 0;
    for (const QJsonValue &h : o.value(QLatin1String("hops")).toArray()) {
        const QJsonObject hop = h.toObject();
        m_out << "  hop " << ++i << ": asked " << refName(hop.value(QLatin1String("node")))
              << (hop.value(QLatin1String("done")).toBool() ? " -> successor is " : " -> next ")
              << refName(hop.value(QLatin1String("next"))) << "  ("
              << QString::number(hop.value(QLatin1String("ms")).toDouble(), 'f', 2) << " ms)"
              << Qt::endl;
    }
    m_out << "owner " << refName(o.value(QLatin1String("owner"))) << " after "
          << o.value(QLatin1String("hopCount")).toInt() << " hop(s), "
          << QString::number(o.value(QLatin1String("ms")).toDouble(), 'f', 2) << " ms" << Qt::endl;
    co_return ExitOk;
}

QCoro::Task<int> ChordCtl::ring(const QStringList &) {
    const auto node = via();
    if (!node)
        co_return fail(ExitUnreachable,
                       QStringLiteral("no node to talk to (boot a ring or pass --via)"));
    const auto r = co_await m_client.call("GET", *node, "/dht/ring", {}, 15000);
    if (!r.ok())
        co_return fail(r.status ? ExitFailed : ExitUnreachable, r.error);
    const QJsonObject o = r->object();
    const QString row = QStringLiteral("%1 %2 %3 %4 %5 %6 %7");
    m_out << row.arg(QStringLiteral("name"), -8)
                 .arg(QStringLiteral("address"), -16)
                 .arg(QStringLiteral("id"), -21)
                 .arg(QStringLiteral("pred"), -8)
                 .arg(QStringLiteral("succ"), -8)
                 .arg(QStringLiteral("primary"), 8)
                 .arg(QStringLiteral("replica"), 8)
          << Qt::endl;
    for (const QJsonValue &v : o.value(QLatin1String("nodes")).toArray()) {
        const QJsonObject n = v.toObject();
        const QJsonObject keys = n.value(QLatin1String("keys")).toObject();
        m_out << row.arg(n.value(QLatin1String("name")).toString(), -8)
                     .arg(n.value(QLatin1String("host")).toString() + QLatin1Char(':') +
                              QString::number(n.value(QLatin1String("port")).toInt()),
                          -16)
                     .arg(n.value(QLatin1String("id")).toString(), -21)
                     .arg(refName(n.value(QLatin1String("pred"))), -8)
                     .arg(refName(n.value(QLatin1String("succ"))), -8)
                     .arg(keys.value(QLatin1String("primary")).toInt(), 8)
                     .arg(keys.value(QLatin1String("replica")).toInt(), 8)
              << Qt::endl;
    }
    m_out << (o.value(QLatin1String("complete")).toBool() ? "ring complete" : "ring INCOMPLETE")
          << ", " << o.value(QLatin1String("nodes")).toArray().size() << " nodes, "
          << o.value(QLatin1String("bits")).toInt() << "-bit ids" << Qt::endl;
    co_return o.value(QLatin1String("complete")).toBool() ? ExitOk : ExitFailed;
}

QCoro::Task<int> ChordCtl::check(const QStringList &) {
    const auto node = via();
    if (!node)
        co_return fail(ExitUnreachable,
                       QStringLiteral("no node to talk to (boot a ring or pass --via)"));
    const RingSurvey survey = co_await surveyRing(m_client, *node);
    if (!survey.reachable)
        co_return fail(ExitUnreachable, survey.errors.join(QStringLiteral("; ")));
    // Live nodes from the state file that claim to be in this ring must all be walked.
    int expected = -1;
    if (m_via.isEmpty() && loadState(false)) {
        expected = 0;
        for (const RingState::Node &n : m_state.nodes) {
            if (!ProcessCheck::isAlive(n.pid))
                continue;
            const auto nb = co_await m_client.call("GET", NodeRef{n.name, n.host, n.port, 0},
                                                   "/dht/neighbors", {}, 3000);
            if (nb.ok() && nb->object().value(QLatin1String("ring")).toString() == survey.ringToken)
                ++expected;
        }
    }
    const QStringList problems = survey.problems(expected);
    int keys = 0;
    for (const NodeSnapshot &s : survey.members)
        keys += s.primaryKeys.size();
    if (problems.isEmpty()) {
        m_out << "ok: " << survey.members.size()
              << " nodes in one ordered ring; pointers, successor lists and fingers correct; "
              << keys << " keys on their owners and " << survey.replicas - 1 << " replicas"
              << Qt::endl;
        co_return ExitOk;
    }
    for (const QString &p : problems)
        m_out << "problem: " << p << Qt::endl;
    co_return ExitFailed;
}

QCoro::Task<int> ChordCtl::maintenance(const QStringList &argsIn) {
    QStringList args = argsIn;
    const QString usageLine = QStringLiteral(
        "usage: chordctl maintenance NODE|all [pause | resume | period MS | step KIND | "
        "messages on|off]");
    if (args.isEmpty())
        co_return fail(ExitUsage, usageLine);
    const QString target = args.takeFirst();
    QByteArray method = "GET";
    QByteArray path = "/dht/maintenance";
    QByteArray body;
    const QString action = args.isEmpty() ? QString() : args.takeFirst();
    if (action == QLatin1String("pause") || action == QLatin1String("resume")) {
        method = "PUT";
        body = action == QLatin1String("pause") ? "{\"paused\":true}" : "{\"paused\":false}";
    } else if (action == QLatin1String("period") && args.size() == 1) {
        bool ok = false;
        const int ms = args.takeFirst().toInt(&ok);
        if (!ok)
            co_return fail(ExitUsage, usageLine);
        method = "PUT";
        body = "{\"periodMs\":" + QByteArray::number(ms) + "}";
    } else if (action == QLatin1String("messages") && args.size() == 1 &&
               (args.front() == QLatin1String("on") || args.front() == QLatin1String("off"))) {
        method = "PUT";
        body = args.takeFirst() == QLatin1String("on") ? "{\"messages\":true}"
                                                       : "{\"messages\":false}";
    } else if (action == QLatin1String("step") && args.size() == 1) {
        method = "POST";
        path = "/dht/maintenance/step";
        body = QJsonDocument(QJsonObject{{QStringLiteral("step"), args.takeFirst()}})
                   .toJson(QJsonDocument::Compact);
    } else if (!action.isEmpty()) {
        co_return fail(ExitUsage, usageLine);
    }
    if (!args.isEmpty())
        co_return fail(ExitUsage, usageLine);
    const Targets targets = nodesNamed(target);
    if (targets.code != ExitOk)
        co_return targets.code;
    int code = ExitOk;
    for (const Endpoint &ep : targets.nodes) {
        const auto r = co_await m_client.call(method, NodeRef{ep.name, ep.host, ep.port, 0}, path,
                                              body, 60000, "application/json");
        if (!r.ok()) {
            code = std::max(code, fail(r.status ? ExitFailed : ExitUnreachable,
                                       QStringLiteral("%1: %2").arg(ep.address(), r.error)));
            continue;
        }
        const QJsonObject o = r->object();
        m_out << ep.address() << ": rounds "
              << (o.value(QLatin1String("paused")).toBool() ? "paused" : "running") << ", period "
              << o.value(QLatin1String("periodMs")).toInt() << " ms, messages "
              << (o.value(QLatin1String("messages")).toBool() ? "recorded" : "not recorded");
        if (o.contains(QLatin1String("step"))) {
            const QJsonObject nb = o.value(QLatin1String("neighbors")).toObject();
            m_out << "; ran " << o.value(QLatin1String("step")).toString() << ": pred "
                  << refName(nb.value(QLatin1String("pred"))) << ", succ "
                  << refName(nb.value(QLatin1String("succ")));
        }
        m_out << Qt::endl;
    }
    co_return code;
}

// ---- link faults ---------------------------------------------------------------------------

QList<Endpoint> ChordCtl::liveNodes() {
    loadState(false);
    QList<Endpoint> nodes;
    for (const RingState::Node &n : m_state.nodes) {
        if (ProcessCheck::isAlive(n.pid))
            nodes.append(Endpoint{n.host, n.port, n.name});
    }
    return nodes;
}

ChordCtl::Targets ChordCtl::nodesNamed(const QString &target) {
    if (target == QLatin1String("all")) {
        const QList<Endpoint> nodes = liveNodes();
        if (nodes.isEmpty())
            return {{}, fail(ExitUnreachable, QStringLiteral("no live node in the state file"))};
        return {nodes};
    }
    const auto ep = endpointOf(target);
    if (!ep)
        return {{}, fail(ExitUsage, QStringLiteral("unknown node '%1'").arg(target))};
    return {{*ep}};
}

QString ChordCtl::nameOf(const QString &address) {
    const RingState::Node *n = m_state.find(address);
    return n ? QStringLiteral("%1 (%2)").arg(n->name, address) : address;
}

void ChordCtl::printFaults(const Endpoint &node, const QJsonObject &t) {
    const QJsonArray links = t.value(QLatin1String("links")).toArray();
    const QJsonArray partition = t.value(QLatin1String("partition")).toArray();
    m_out << nameOf(node.address()) << ": ";
    if (links.isEmpty() && partition.isEmpty())
        m_out << "no link faults";
    else
        m_out << t.value(QLatin1String("count")).toInt() << " faulted link(s)";
    m_out << ", seed " << t.value(QLatin1String("seed")).toString() << Qt::endl;
    for (const QJsonValue &v : links) {
        const QJsonObject l = v.toObject();
        QStringList what;
        if (l.value(QLatin1String("cut")).toBool())
            what << QStringLiteral("cut");
        const int delay = l.value(QLatin1String("delayMs")).toInt();
        const int jitter = l.value(QLatin1String("jitterMs")).toInt();
        if (delay || jitter)
            what << QStringLiteral("delay %1+%2 ms").arg(delay).arg(jitter);
        if (const double loss = l.value(QLatin1String("loss")).toDouble(); loss > 0)
            what << QStringLiteral("loss %1").arg(loss);
        if (what.isEmpty())
            what << QStringLiteral("nothing");
        m_out << "  " << l.value(QLatin1String("direction")).toString() << ' '
              << nameOf(l.value(QLatin1String("peer")).toString()) << ": "
              << what.join(QStringLiteral(", ")) << Qt::endl;
    }
    if (!partition.isEmpty()) {
        QStringList groups;
        for (const QJsonValue &g : partition) {
            QStringList names;
            for (const QJsonValue &a : g.toArray()) {
                const RingState::Node *n = m_state.find(a.toString());
                names << (n ? n->name : a.toString());
            }
            groups << names.join(QLatin1Char(','));
        }
        m_out << "  partition: " << groups.join(QStringLiteral(" | "))
              << " (every address outside its own group is cut)" << Qt::endl;
    }
    const QJsonObject c = t.value(QLatin1String("counters")).toObject();
    m_out << "  dropped out/in " << c.value(QLatin1String("droppedOut")).toInt() << '/'
          << c.value(QLatin1String("droppedIn")).toInt() << ", delayed out/in "
          << c.value(QLatin1String("delayedOut")).toInt() << '/'
          << c.value(QLatin1String("delayedIn")).toInt() << Qt::endl;
}

QCoro::Task<int> ChordCtl::editFaults(const Endpoint &node,
                                      const std::function<void(QJsonObject &)> &change) {
    const NodeRef ref{node.name, node.host, node.port, 0};
    const auto current = co_await m_client.call("GET", ref, "/dht/faults", {}, 10000);
    if (!current.ok())
        co_return fail(current.status ? ExitFailed : ExitUnreachable,
                       QStringLiteral("%1: %2").arg(node.address(), current.error));
    QJsonObject table = Http::FaultRoutes::settable(current->object());
    change(table);
    const auto r = co_await m_client.call("PUT", ref, "/dht/faults",
                                          QJsonDocument(table).toJson(QJsonDocument::Compact),
                                          10000, "application/json");
    if (!r.ok())
        co_return fail(r.status ? ExitFailed : ExitUnreachable,
                       QStringLiteral("%1: %2").arg(node.address(), r.error));
    printFaults(node, r->object());
    co_return ExitOk;
}

namespace {
// "seed N" at the end of a faults or partition command: the seed, or the JSON null of "keep".
std::optional<QJsonValue> takeSeed(QStringList &args) {
    const qsizetype i = args.indexOf(QStringLiteral("seed"));
    if (i < 0)
        return QJsonValue();
    if (i + 1 >= args.size())
        return std::nullopt;
    bool ok = false;
    const QString seed = args[i + 1];
    seed.toULongLong(&ok);
    if (!ok)
        return std::nullopt;
    args.remove(i, 2);
    return QJsonValue(seed);
}
} // namespace

QCoro::Task<int> ChordCtl::faults(const QStringList &argsIn) {
    QStringList args = argsIn;
    const QString usageLine = QStringLiteral(
        "usage: chordctl faults NODE|all [link PEER [out|in|both] [delay MS] [jitter MS] "
        "[loss P] [cut] | clear] [seed N]");
    if (args.isEmpty())
        co_return fail(ExitUsage, usageLine);
    const Targets targets = nodesNamed(args.takeFirst());
    if (targets.code != ExitOk)
        co_return targets.code;
    const auto seed = takeSeed(args);
    if (!seed)
        co_return fail(ExitUsage, usageLine);
    const QString action = args.isEmpty() ? QString() : args.takeFirst();
    if (action.isEmpty() && seed->isNull())
        co_return co_await showFaults(targets.nodes);
    if (action == QLatin1String("clear")) {
        if (!args.isEmpty() || !seed->isNull())
            co_return fail(ExitUsage, usageLine);
        co_return co_await heal(QStringList() << argsIn.first());
    }
    QJsonObject link;
    if (action == QLatin1String("link")) {
        const Outcome<QJsonObject> parsed = parseLink(args, targets.nodes);
        if (!parsed.ok())
            co_return fail(ExitUsage, parsed.message.isEmpty() ? usageLine : parsed.message);
        link = *parsed;
    } else if (!action.isEmpty()) {
        co_return fail(ExitUsage, usageLine);
    }
    co_return co_await setLinkFault(targets.nodes, link, *seed);
}

QCoro::Task<int> ChordCtl::showFaults(QList<Endpoint> nodes) {
    int code = ExitOk;
    for (const Endpoint &ep : nodes) {
        const auto r = co_await m_client.call("GET", NodeRef{ep.name, ep.host, ep.port, 0},
                                              "/dht/faults", {}, 10000);
        if (!r.ok()) {
            code = std::max(code, fail(r.status ? ExitFailed : ExitUnreachable,
                                       QStringLiteral("%1: %2").arg(ep.address(), r.error)));
            continue;
        }
        printFaults(ep, r->object());
    }
    co_return code;
}

Outcome<QJsonObject> ChordCtl::parseLink(QStringList args, const QList<Endpoint> &targets) {
    const auto usage = Outcome<QJsonObject>::badRequest({}, {}); // the command's usage line
    if (args.isEmpty())
        return usage;
    const QString peerName = args.takeFirst();
    const auto peer = endpointOf(peerName);
    if (!peer)
        return Outcome<QJsonObject>::badRequest({},
                                                QStringLiteral("unknown peer '%1'").arg(peerName));
    QJsonObject link;
    // As the node keys it (localhost is 127.0.0.1), so that it replaces what was set.
    link.insert(QStringLiteral("peer"),
                LinkFaults::normalizeAddress(peer->address()).value_or(peer->address()));
    while (!args.isEmpty()) {
        const QString word = args.takeFirst();
        bool ok = true;
        if (word == QLatin1String("out") || word == QLatin1String("in") ||
            word == QLatin1String("both")) {
            link.insert(QStringLiteral("direction"), word);
        } else if (word == QLatin1String("cut")) {
            link.insert(QStringLiteral("cut"), true);
        } else if ((word == QLatin1String("delay") || word == QLatin1String("jitter")) &&
                   !args.isEmpty()) {
            const int ms = args.takeFirst().toInt(&ok);
            link.insert(word == QLatin1String("delay") ? QStringLiteral("delayMs")
                                                       : QStringLiteral("jitterMs"),
                        ms);
        } else if (word == QLatin1String("loss") && !args.isEmpty()) {
            link.insert(QStringLiteral("loss"), args.takeFirst().toDouble(&ok));
        } else {
            ok = false;
        }
        if (!ok)
            return usage;
    }
    if (const QString bad = checkLink(link, targets); !bad.isEmpty())
        return Outcome<QJsonObject>::badRequest({}, bad);
    return {link};
}

QCoro::Task<int> ChordCtl::setLinkFault(QList<Endpoint> nodes, QJsonObject link, QJsonValue seed) {
    int code = ExitOk;
    for (const Endpoint &ep : nodes) {
        // The node's own address is not a peer of its own ("faults all link n2 cut").
        if (!link.isEmpty() && link.value(QLatin1String("peer")).toString() ==
                                   LinkFaults::normalizeAddress(ep.address()).value_or(QString()))
            continue;
        const int r = co_await editFaults(ep, [&](QJsonObject &table) {
            if (!link.isEmpty()) {
                QJsonArray links;
                for (const QJsonValue &v : table.value(QLatin1String("links")).toArray()) {
                    if (v.toObject().value(QLatin1String("peer")) !=
                        link.value(QLatin1String("peer")))
                        links.append(v);
                }
                links.append(link);
                table.insert(QStringLiteral("links"), links);
            }
            if (!seed.isNull())
                table.insert(QStringLiteral("seed"), seed);
        });
        code = std::max(code, r);
    }
    co_return code;
}

QString ChordCtl::checkLink(const QJsonObject &link, const QList<Endpoint> &targets) {
    // Here, before any node is asked, with the node's own rules (LinkFaults::validate): a rule
    // that does nothing, or a link of a node to itself named on its own, is a mistake.
    LinkRule rule;
    rule.peer = link.value(QLatin1String("peer")).toString();
    const QString direction = link.value(QLatin1String("direction")).toString();
    rule.out = direction != QLatin1String("in");
    rule.in = direction != QLatin1String("out");
    rule.fault.cut = link.value(QLatin1String("cut")).toBool();
    rule.fault.delayMs = link.value(QLatin1String("delayMs")).toInt();
    rule.fault.jitterMs = link.value(QLatin1String("jitterMs")).toInt();
    rule.fault.loss = link.value(QLatin1String("loss")).toDouble();
    const QString self =
        targets.size() == 1
            ? LinkFaults::normalizeAddress(targets[0].address()).value_or(targets[0].address())
            : QString();
    const QString bad = LinkFaults::validate(LinkFaultTable{{rule}, {}, 0}, self);
    if (bad.isEmpty() && !rule.fault.any())
        return QStringLiteral("say what the link does: cut, delay MS, jitter MS or loss P "
                              "(faults NODE clear heals every link)");
    return bad;
}

QCoro::Task<int> ChordCtl::partition(const QStringList &argsIn) {
    QStringList args = argsIn;
    const QString usageLine =
        QStringLiteral("usage: chordctl partition NODE,NODE,... NODE,NODE,... [seed N]");
    const auto seed = takeSeed(args);
    if (!seed || args.size() < 2)
        co_return fail(ExitUsage, usageLine);
    loadState(false);
    QList<QList<Endpoint>> groups;
    QJsonArray partition;
    QStringList placed;
    for (const QString &group : args) {
        QList<Endpoint> members;
        QJsonArray addresses;
        for (const QString &name : group.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const auto ep = endpointOf(name);
            if (!ep)
                co_return fail(ExitUsage, QStringLiteral("unknown node '%1'").arg(name));
            if (placed.contains(ep->address()))
                co_return fail(ExitUsage,
                               QStringLiteral("%1 is in two groups").arg(nameOf(ep->address())));
            placed << ep->address();
            members.append(*ep);
            addresses.append(ep->address());
        }
        if (members.isEmpty())
            co_return fail(ExitUsage, usageLine);
        groups.append(members);
        partition.append(addresses);
    }
    for (const Endpoint &ep : liveNodes()) {
        if (!placed.contains(ep.address()))
            m_out << "note: " << nameOf(ep.address())
                  << " is in no group: every node named cuts it off; its own table is unchanged"
                  << Qt::endl;
    }
    int code = ExitOk;
    for (const QList<Endpoint> &members : groups) {
        for (const Endpoint &ep : members) {
            const int r = co_await editFaults(ep, [&](QJsonObject &table) {
                table.insert(QStringLiteral("partition"), partition);
                if (!seed->isNull())
                    table.insert(QStringLiteral("seed"), *seed);
            });
            code = std::max(code, r);
        }
    }
    co_return code;
}

QCoro::Task<int> ChordCtl::heal(const QStringList &args) {
    QList<Endpoint> nodes;
    for (const QString &name : args.isEmpty() ? QStringList{QStringLiteral("all")} : args) {
        const Targets named = nodesNamed(name);
        if (named.code != ExitOk)
            co_return named.code;
        nodes.append(named.nodes);
    }
    int code = ExitOk;
    for (const Endpoint &ep : nodes) {
        const auto r = co_await m_client.call("DELETE", NodeRef{ep.name, ep.host, ep.port, 0},
                                              "/dht/faults", {}, 10000);
        if (!r.ok()) {
            code = std::max(code, fail(r.status ? ExitFailed : ExitUnreachable,
                                       QStringLiteral("%1: %2").arg(ep.address(), r.error)));
            continue;
        }
        m_out << nameOf(ep.address()) << ": healed" << Qt::endl;
    }
    co_return code;
}

} // namespace Chord
