#pragma once

// Helpers for the fault-injection suites, on top of the integration fixture (LocalRing):
// extra node processes the fixture does not start (fixed port, concurrent start), bulk
// requests in parallel, key checks, /proc memory figures and raw-socket exchanges.
#include "LocalRing.h"

#include <QHash>
#include <QNetworkAccessManager>

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

// Raises RLIMIT_NOFILE (inherited by the nodes started afterwards); returns the soft limit.
qint64 raiseFileLimit(qint64 wanted);

QString joined(const QStringList &lines);

} // namespace FaultKit
