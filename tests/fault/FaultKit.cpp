#include "FaultKit.h"

#include "JsonCodec.h"
#include "RequestParsing.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <sys/resource.h>

using namespace Chord;

namespace FaultKit {

ExtraNodes::~ExtraNodes() {
    for (const auto &n : m_nodes)
        n->crash();
    (void)QTest::qWaitFor(
        [this] {
            return std::all_of(m_nodes.begin(), m_nodes.end(), [](const auto &n) {
                return n->state() == NodeProcess::State::Exited ||
                       n->state() == NodeProcess::State::NotStarted;
            });
        },
        5000);
}

NodeProcess *ExtraNodes::spawn(const QString &name, NodeProcess *via, quint16 port) {
    NodeLaunchSpec spec;
    spec.name = name;
    spec.bits = Bits;
    spec.stabilizeMs = StabilizeMs;
    spec.replicas = Replicas;
    spec.port = port;
    if (via)
        spec.join = via->address();
    return spawn(spec);
}

NodeProcess *ExtraNodes::spawn(const NodeLaunchSpec &spec) {
    m_nodes.push_back(std::make_unique<NodeProcess>(spec));
    m_nodes.back()->start();
    return m_nodes.back().get();
}

QList<NodeProcess *> ExtraNodes::all() const {
    QList<NodeProcess *> out;
    for (const auto &n : m_nodes)
        out.append(n.get());
    return out;
}

bool waitReady(LocalRing &ring, const QList<NodeProcess *> &nodes, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    for (NodeProcess *n : nodes) {
        if (!QTest::qWaitFor(
                [n] {
                    return n->state() == NodeProcess::State::Running ||
                           n->state() == NodeProcess::State::Exited;
                },
                std::max<qint64>(1, timeoutMs - t.elapsed())) ||
            n->state() != NodeProcess::State::Running)
            return false;
    }
    for (NodeProcess *n : nodes) {
        if (!QTest::qWaitFor([&] { return ring.raw("GET", n, "/").status == 200; },
                             std::max<qint64>(1, timeoutMs - t.elapsed())))
            return false;
    }
    return true;
}

bool waitExited(NodeProcess *node, int timeoutMs) {
    return QTest::qWaitFor([node] { return node->state() == NodeProcess::State::Exited; },
                           timeoutMs);
}

QList<Response> bulk(QNetworkAccessManager &network, const QList<Request> &requests,
                     int timeoutMs) {
    QList<QNetworkReply *> replies;
    for (const Request &r : requests) {
        QNetworkRequest q(QUrl::fromEncoded("http://" + r.node->address().toUtf8() + r.path));
        q.setTransferTimeout(timeoutMs);
        q.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        if (!r.body.isEmpty())
            q.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("text/plain"));
        replies.append(network.sendCustomRequest(q, r.method, r.body));
    }
    (void)QTest::qWaitFor(
        [&] {
            return std::all_of(replies.begin(), replies.end(),
                               [](QNetworkReply *r) { return r->isFinished(); });
        },
        timeoutMs + 5000);
    QList<Response> out;
    for (QNetworkReply *reply : replies) {
        Response r;
        if (reply->isFinished()) {
            r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            r.body = reply->readAll();
            r.found = reply->rawHeader("X-Chord-Found");
            if (reply->error() != QNetworkReply::NoError)
                r.error = reply->errorString();
        } else {
            reply->abort();
            r.error = QStringLiteral("not finished");
        }
        reply->deleteLater();
        out.append(r);
    }
    return out;
}

QByteArray keyPath(const QString &key) {
    return "/db/" + Http::encodeKey(key);
}

QHash<QString, QByteArray> makeData(const QString &prefix, int count) {
    QHash<QString, QByteArray> data;
    for (int i = 0; i < count; ++i)
        data.insert(QStringLiteral("%1-%2").arg(prefix).arg(i),
                    "value-" + QByteArray::number(i) + '-' + prefix.toUtf8());
    return data;
}

QStringList putAll(QNetworkAccessManager &network, const QList<NodeProcess *> &via,
                   const QHash<QString, QByteArray> &data) {
    QList<Request> reqs;
    QStringList keys = data.keys();
    keys.sort();
    for (int i = 0; i < keys.size(); ++i)
        reqs.append({"PUT", via[i % via.size()], keyPath(keys[i]), data.value(keys[i])});
    const QList<Response> rs = bulk(network, reqs);
    QStringList failed;
    for (int i = 0; i < keys.size(); ++i) {
        if (rs[i].status != 200)
            failed.append(QStringLiteral("%1: %2 %3")
                              .arg(keys[i])
                              .arg(rs[i].status)
                              .arg(rs[i].error + QString::fromUtf8(rs[i].body.left(200))));
    }
    return failed;
}

QStringList lostKeys(QNetworkAccessManager &network, const QList<NodeProcess *> &via,
                     const QHash<QString, QByteArray> &data) {
    QList<Request> reqs;
    QStringList keys = data.keys();
    keys.sort();
    for (int i = 0; i < keys.size(); ++i)
        reqs.append({"GET", via[i % via.size()], keyPath(keys[i]), {}});
    const QList<Response> rs = bulk(network, reqs);
    QStringList lost;
    for (int i = 0; i < keys.size(); ++i) {
        const Response &r = rs[i];
        if (r.status != 200 || r.found != "true" || r.body != data.value(keys[i]))
            lost.append(QStringLiteral("%1: status %2 found '%3' body '%4' %5")
                            .arg(keys[i])
                            .arg(r.status)
                            .arg(QString::fromLatin1(r.found), QString::fromUtf8(r.body.left(80)),
                                 r.error));
    }
    return lost;
}

QList<quint16> ringPorts(LocalRing &ring, NodeProcess *via) {
    QList<quint16> ports;
    const auto walk = ring.call("GET", via, "/dht/ring");
    if (!walk.ok())
        return ports;
    for (const QJsonValue &v : walk->object().value(QLatin1String("nodes")).toArray()) {
        if (const auto n = Json::toNode(v))
            ports.append(n->port);
    }
    return ports;
}

NodeProcess *byPort(const QList<NodeProcess *> &nodes, quint16 port) {
    for (NodeProcess *n : nodes) {
        if (n->port() == port)
            return n;
    }
    return nullptr;
}

Memory memoryOf(qint64 pid) {
    Memory m;
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return m;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const auto value = [&line] {
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        };
        if (line.startsWith("VmRSS:"))
            m.rssKiB = value();
        else if (line.startsWith("VmHWM:"))
            m.hwmKiB = value();
    }
    return m;
}

bool processAlive(qint64 pid) {
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    // A zombie still answers kill(0): look at the state letter too.
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = f.readAll();
    const qsizetype close = stat.lastIndexOf(')');
    return close > 0 && stat.size() > close + 2 && stat[close + 2] != 'Z';
}

QByteArray rawExchange(quint16 port, const QByteArray &bytes, int quietMs) {
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!s.waitForConnected(5000))
        return "no connection";
    s.write(bytes);
    s.waitForBytesWritten(5000);
    QByteArray got;
    while (s.state() == QAbstractSocket::ConnectedState && s.waitForReadyRead(quietMs))
        got += s.readAll();
    got += s.readAll();
    return got;
}

namespace {

QString safeLabel(const QString &label) {
    QString out = label;
    out.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("_"));
    return out;
}

} // namespace

LogDir::LogDir(const QString &label)
    : m_dir(QDir::tempPath() + QStringLiteral("/chordlab-") + safeLabel(label) +
            QStringLiteral("-XXXXXX")) {}

LogDir::~LogDir() {
    if (QTest::currentTestFailed()) {
        m_dir.setAutoRemove(false);
        qWarning("node logs kept in %s", qPrintable(m_dir.path()));
    }
}

QStringList LogDir::arguments(const QString &nodeName) const {
    if (!m_dir.isValid())
        return {};
    return {QStringLiteral("--log-file"),
            m_dir.filePath(safeLabel(nodeName) + QStringLiteral(".log"))};
}

bool startRing(LocalRing &ring, int count, const LogDir &logs) {
    const QString firstName = QStringLiteral("n1");
    NodeProcess *first = ring.start(firstName, nullptr, std::nullopt, 0, logs.arguments(firstName));
    if (!first)
        return false;
    for (int i = 2; i <= count; ++i) {
        const QString name = QStringLiteral("n%1").arg(i);
        if (!ring.start(name, first, std::nullopt, 0, logs.arguments(name)))
            return false;
    }
    return true;
}

void runRetried(QNetworkAccessManager &network, QList<RetriedCall> &calls,
                const QList<int> &retryOn, int deadlineMs, int requestTimeoutMs) {
    QElapsedTimer clock;
    clock.start();
    // Owns every connection and timer below: nothing of this call runs once it returns.
    auto guard = std::make_unique<QObject>();
    QHash<int, QNetworkReply *> inFlight;
    int open = int(calls.size());
    std::function<void(int)> send = [&](int i) {
        RetriedCall &c = calls[i];
        Attempt a;
        a.via = c.via[c.attempts.size() % c.via.size()];
        a.sent = c.body ? c.body(int(c.attempts.size())) : QByteArray();
        a.sentMs = clock.elapsed();
        QNetworkRequest q(QUrl::fromEncoded("http://" + a.via->address().toUtf8() + c.path));
        q.setTransferTimeout(requestTimeoutMs);
        q.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        if (!a.sent.isEmpty())
            q.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("text/plain"));
        c.attempts.append(a);
        QNetworkReply *reply = network.sendCustomRequest(q, c.method, a.sent);
        inFlight.insert(i, reply);
        QObject::connect(reply, &QNetworkReply::finished, guard.get(), [&, i, reply] {
            inFlight.remove(i);
            Attempt &done = calls[i].attempts.last();
            done.answeredMs = clock.elapsed();
            done.answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            done.answer.body = reply->readAll();
            done.answer.found = reply->rawHeader("X-Chord-Found");
            if (reply->error() != QNetworkReply::NoError)
                done.answer.error = reply->errorString();
            reply->deleteLater();
            if (retryOn.contains(done.answer.status) && clock.elapsed() < deadlineMs) {
                // A short pause, so that an entry node that fails at once is not hammered.
                QTimer::singleShot(50, guard.get(), [&send, i] { send(i); });
                return;
            }
            --open;
        });
    };
    for (int i = 0; i < calls.size(); ++i)
        send(i);
    (void)QTest::qWaitFor([&] { return open == 0; }, deadlineMs + requestTimeoutMs + 10000);
    guard.reset();
    for (auto it = inFlight.cbegin(); it != inFlight.cend(); ++it) {
        calls[it.key()].attempts.last().answer.error = QStringLiteral("no answer in time");
        it.value()->abort();
        it.value()->deleteLater();
    }
}

QString describeAttempts(const RetriedCall &call) {
    QStringList lines;
    for (const Attempt &a : call.attempts) {
        QString what = QString::number(a.answer.status);
        if (!a.answer.error.isEmpty())
            what += QStringLiteral(" (%1)").arg(a.answer.error);
        if (a.answer.status != 200)
            what += QLatin1Char(' ') + QString::fromUtf8(a.answer.body.left(160));
        else if (call.method == "GET")
            what += QStringLiteral(" found %1 '%2'")
                        .arg(QString::fromLatin1(a.answer.found),
                             QString::fromUtf8(a.answer.body.left(60)));
        lines.append(QStringLiteral("t=%1..%2ms via %3%4: %5")
                         .arg(a.sentMs)
                         .arg(a.answeredMs)
                         .arg(a.via ? a.via->address() : QStringLiteral("?"),
                              a.sent.isEmpty()
                                  ? QString()
                                  : QStringLiteral(" '%1'").arg(QString::fromUtf8(a.sent)),
                              what));
    }
    return lines.join(QStringLiteral("; "));
}

qint64 raiseFileLimit(qint64 wanted) {
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    if (rl.rlim_cur == RLIM_INFINITY || qint64(rl.rlim_cur) >= wanted)
        return wanted;
    rl.rlim_cur = std::min<rlim_t>(rlim_t(wanted), rl.rlim_max);
    (void)::setrlimit(RLIMIT_NOFILE, &rl);
    (void)::getrlimit(RLIMIT_NOFILE, &rl);
    return qint64(rl.rlim_cur);
}

QString joined(const QStringList &lines) {
    QStringList head = lines.mid(0, 20);
    if (lines.size() > 20)
        head.append(QStringLiteral("... and %1 more").arg(lines.size() - 20));
    return head.join(QLatin1Char('\n'));
}

} // namespace FaultKit
