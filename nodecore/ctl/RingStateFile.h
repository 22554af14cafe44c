#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Chord {

// What `chordctl boot` started, so that `chordctl kill` stops exactly those processes.
struct RingState {
    struct Node {
        QString name;
        QString host;
        quint16 port = 0;
        qint64 pid = 0;
        QString logFile;
        // Left the ring with `chordctl leave` (it runs on, alone): not a node to route through.
        bool left = false;
        QString address() const { return host + QLatin1Char(':') + QString::number(port); }
    };
    int bits = 64;
    int replicas = 3;
    int stabilizeMs = 500;
    QString protocol = QStringLiteral("zave"); // chord-node --protocol, ring-wide
    QString token;
    QString logDir;
    QList<Node> nodes;

    const Node *find(const QString &nameOrAddress) const;
};

namespace RingStateFile {
std::optional<RingState> load(const QString &path, QString *error);
bool save(const QString &path, const RingState &state, QString *error);
QString defaultPath();
} // namespace RingStateFile

// Process checks by pid that never confuse a recycled pid with one of ours.
namespace ProcessCheck {
// True when pid is a live (not zombie) chord-node serving that port.
bool isOurNode(qint64 pid, quint16 port);
bool isAlive(qint64 pid);
} // namespace ProcessCheck

} // namespace Chord
