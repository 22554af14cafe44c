#pragma once

// Helpers for the fault-injection suites, on top of the integration fixture (LocalRing):
// extra node processes the fixture does not start (fixed port, concurrent start), bulk
// requests in parallel, key checks, /proc memory figures and raw-socket exchanges; and the
// VERIFY_QUIET / VERIFY_NONE checks of a list of problems.
#include "LocalRing.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <vector>

namespace FaultKit {

inline constexpr int Bits = 64;
inline constexpr int StabilizeMs = 150;
inline constexpr int Replicas = 3;

// Node processes started outside LocalRing (a fixed port, or several at once). They are
// SIGKILLed by pid when this goes away.
class ExtraNodes {
public:
    ~ExtraNodes();
    // Starts without waiting; join through `via` when given.
    Chord::NodeProcess *spawn(const QString &name, Chord::NodeProcess *via, quint16 port = 0);
    // Starts a node from a full spec (other bits, extra arguments).
    Chord::NodeProcess *spawn(const Chord::NodeLaunchSpec &spec);
    QList<Chord::NodeProcess *> all() const;

private:
    std::vector<std::unique_ptr<Chord::NodeProcess>> m_nodes;
};

// Waits until every node announced its port and answers GET / with 200 (joined).
bool waitReady(LocalRing &ring, const QList<Chord::NodeProcess *> &nodes, int timeoutMs = 30000);
bool waitExited(Chord::NodeProcess *node, int timeoutMs = 10000);

// Parallel HTTP: every request issued at once (QNAM queues six per host), then all awaited.
struct Request {
    QByteArray method;
    Chord::NodeProcess *node = nullptr;
    QByteArray path;
    QByteArray body;
};
struct Response {
    int status = 0; // 0: no HTTP answer (connection error or timeout)
    QByteArray body;
    QByteArray found; // X-Chord-Found
    QString error;
};
QList<Response> bulk(QNetworkAccessManager &network, const QList<Request> &requests,
                     int timeoutMs = 120000);

QByteArray keyPath(const QString &key);
// PUTs every key (round-robin over `via`); returns the keys that were not acknowledged.
QStringList putAll(QNetworkAccessManager &network, const QList<Chord::NodeProcess *> &via,
                   const QHash<QString, QByteArray> &data);
// GETs every key (round-robin over `via`); returns "key: why" for each that is missing or
// holds another value.
QStringList lostKeys(QNetworkAccessManager &network, const QList<Chord::NodeProcess *> &via,
                     const QHash<QString, QByteArray> &data);
QHash<QString, QByteArray> makeData(const QString &prefix, int count);

// The members' ports in ring order, as /dht/ring walks from `via`.
QList<quint16> ringPorts(LocalRing &ring, Chord::NodeProcess *via);
Chord::NodeProcess *byPort(const QList<Chord::NodeProcess *> &nodes, quint16 port);

// /proc/PID/status, in KiB; -1 when unreadable.
struct Memory {
    qint64 rssKiB = -1;
    qint64 hwmKiB = -1;
};
Memory memoryOf(qint64 pid);
bool processAlive(qint64 pid);

// Writes bytes on a fresh connection and collects what comes back until the server closes
// or nothing arrives for quietMs.
QByteArray rawExchange(quint16 port, const QByteArray &bytes, int quietMs = 1500);

// A folder for the node logs of one test (each node gets --log-file DIR/NAME.log). It is
// removed when the test passed and kept (and named on stderr) when it failed.
class LogDir {
public:
    explicit LogDir(const QString &label);
    ~LogDir();
    QString path() const { return m_dir.path(); }
    QStringList arguments(const QString &nodeName) const;

private:
    QTemporaryDir m_dir;
};

// LocalRing::startRing with every node logging into `logs`: n1, then n2..nCount through n1.
bool startRing(LocalRing &ring, int count, const LogDir &logs);

// Requests retried until they are answered with a status outside `retryOn` or a deadline
// passes, all calls at once (one attempt in flight per call). Every attempt is kept, with
// its times on one clock, for the failure reports.
struct Attempt {
    Chord::NodeProcess *via = nullptr;
    qint64 sentMs = 0;
    qint64 answeredMs = 0;
    QByteArray sent; // the body
    Response answer;
};
struct RetriedCall {
    QByteArray method;
    QByteArray path;
    QList<Chord::NodeProcess *> via;             // attempt n goes to via[n % size]
    std::function<QByteArray(int attempt)> body; // empty: no body
    QList<Attempt> attempts;                     // filled in
    const Attempt *last() const { return attempts.isEmpty() ? nullptr : &attempts.last(); }
};
// No attempt starts after deadlineMs (from the call of this function); one under way is
// awaited up to requestTimeoutMs. An attempt left unanswered keeps status 0.
void runRetried(QNetworkAccessManager &network, QList<RetriedCall> &calls,
                const QList<int> &retryOn, int deadlineMs, int requestTimeoutMs = 45000);
// "t=120..2380ms via 127.0.0.1:4001: 503 {detail}" per attempt, for the reports.
QString describeAttempts(const RetriedCall &call);

// Raises RLIMIT_NOFILE (inherited by the nodes started afterwards); returns the soft limit.
qint64 raiseFileLimit(qint64 wanted);

QString joined(const QStringList &lines);

} // namespace FaultKit

// In a test function: fails with the listed problems unless there are none (a check's list,
// as LocalRing::waitQuiet returns), or with their count and `what` ("keys lost").
#define VERIFY_QUIET(expr)                                                                         \
    do {                                                                                           \
        const QStringList problems_ = (expr);                                                      \
        QVERIFY2(problems_.isEmpty(), qPrintable(FaultKit::joined(problems_)));                    \
    } while (false)

#define VERIFY_NONE(expr, what)                                                                    \
    do {                                                                                           \
        const QStringList list_ = (expr);                                                          \
        QVERIFY2(                                                                                  \
            list_.isEmpty(),                                                                       \
            qPrintable(QStringLiteral("%1 %2:\n").arg(list_.size()).arg(QLatin1String(what)) +     \
                       FaultKit::joined(list_)));                                                  \
    } while (false)
