#include "LocalRing.h"

#include <QCoroNetworkReply>
#include <QCoroTask>
#include <QFile>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTest>
#include <QTime>

using namespace Chord;

LocalRing::LocalRing(int bits, int stabilizeMs, int replicas)
    : m_bits(bits)
    , m_stabilizeMs(stabilizeMs)
    , m_replicas(replicas) {
    m_network.setProxy(QNetworkProxy::NoProxy);
}

LocalRing::~LocalRing() {
    for (const auto &n : m_nodes)
        n->crash();
    (void)QTest::qWaitFor(
        [this] {
            return std::all_of(m_nodes.begin(), m_nodes.end(), [](const auto &n) {
                return n->state() == NodeProcess::State::Exited;
            });
        },
        5000);
}

void LocalRing::setToken(const QString &token, bool guardReads) {
    m_token = token;
    m_guardReads = guardReads;
    m_client.setToken(token);
}

NodeRef LocalRing::ref(NodeProcess *node) const {
    return NodeRef{node->spec().name, node->host(), node->port(), 0};
}

NodeProcess *LocalRing::start(const QString &name, NodeProcess *via, std::optional<quint64> id,
                              quint16 port, const QStringList &extraArguments) {
    NodeLaunchSpec spec;
    spec.name = name;
    spec.bits = m_bits;
    spec.stabilizeMs = m_stabilizeMs;
    spec.replicas = m_replicas;
    spec.id = id;
    spec.token = m_token;
    spec.port = port;
    spec.extraArguments = extraArguments;
    if (m_guardReads)
        spec.extraArguments << QStringLiteral("--token-reads");
    if (via)
        spec.join = via->address();
    auto node = std::make_shared<NodeProcess>(spec);
    keepLog(node.get());
    node->start();
    if (!QTest::qWaitFor(
            [&] {
                return node->state() == NodeProcess::State::Running ||
                       node->state() == NodeProcess::State::Exited;
            },
            10000) ||
        node->state() != NodeProcess::State::Running)
        return nullptr;
    m_nodes.append(node);
    // Ready means joined: GET / answers 200 only after the startup join finished.
    QList<QPair<QByteArray, QByteArray>> auth;
    if (!m_token.isEmpty())
        auth.append({"Authorization", "Bearer " + m_token.toUtf8()});
    const bool ready =
        QTest::qWaitFor([&] { return raw("GET", node.get(), "/", {}, auth).status == 200; }, 15000);
    return ready ? node.get() : nullptr;
}

void LocalRing::keepLog(NodeProcess *node) {
    // CHORDLAB_NODE_LOGS=<dir>: every node's output, with the test's clock, in <dir>/<name>.log
    // (appended, so a restart on the same name continues the file), to read after a failure.
    const QString dir = qEnvironmentVariable("CHORDLAB_NODE_LOGS");
    if (dir.isEmpty())
        return;
    auto file = std::make_shared<QFile>(dir + QLatin1Char('/') + node->spec().name +
                                        QStringLiteral(".log"));
    if (!file->open(QIODevice::Append | QIODevice::Text))
        return;
    QObject::connect(node, &NodeProcess::outputLine, node, [file](const QString &line, bool) {
        file->write(QTime::currentTime().toString(QStringLiteral("HH:mm:ss.zzz ")).toUtf8() +
                    line.toUtf8() + '\n');
        file->flush();
    });
}

bool LocalRing::startRing(int count) {
    NodeProcess *first = start(QStringLiteral("n1"));
    if (!first)
        return false;
    for (int i = 2; i <= count; ++i) {
        if (!start(QStringLiteral("n%1").arg(i), first))
            return false;
    }
    return true;
}

QList<NodeProcess *> LocalRing::running() const {
    QList<NodeProcess *> out;
    for (const auto &n : m_nodes) {
        if (n->state() == NodeProcess::State::Running)
            out.append(n.get());
    }
    return out;
}

void LocalRing::crash(NodeProcess *node) {
    node->crash();
    (void)QTest::qWaitFor([&] { return node->state() == NodeProcess::State::Exited; }, 5000);
}

PeerResult<QJsonDocument> LocalRing::call(const QByteArray &method, NodeProcess *node,
                                          const QByteArray &path, const QByteArray &body,
                                          const QByteArray &contentType) {
    return QCoro::waitFor(m_client.call(method, ref(node), path, body, 20000, contentType));
}

QByteArray LocalRing::Raw::header(const QByteArray &name) const {
    for (const auto &[k, v] : headers) {
        if (k.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

LocalRing::Raw LocalRing::raw(const QByteArray &method, NodeProcess *node, const QByteArray &path,
                              const QByteArray &body,
                              const QList<QPair<QByteArray, QByteArray>> &headers) {
    QNetworkRequest request(QUrl::fromEncoded("http://" + node->address().toUtf8() + path));
    request.setTransferTimeout(20000);
    for (const auto &[k, v] : headers)
        request.setRawHeader(k, v);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 25000);
    Raw r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    r.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return r;
}

RingSurvey LocalRing::survey(NodeProcess *via) {
    if (!via)
        via = running().value(0);
    return QCoro::waitFor(surveyRing(m_client, ref(via)));
}

QStringList LocalRing::waitQuiet(int members, int timeoutMs, bool checkKeys, NodeProcess *via) {
    QStringList last;
    (void)QTest::qWaitFor(
        [&] {
            last = survey(via).problems(members, true, checkKeys);
            if (last.isEmpty())
                return true;
            QTest::qWait(100);
            return false;
        },
        timeoutMs);
    return last;
}
