#pragma once

#include "Messages.h"
#include "NodeRef.h"

#include <QStringList>

#include <optional>
#include <variant>

namespace Chord {

// Everything `chord-node` is told on its command line (README, "Starting and wiring nodes by
// hand").
struct NodeOptions {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 5000;
    QString name;
    std::optional<Endpoint> pred;
    std::optional<Endpoint> succ;
    std::optional<Endpoint> join;
    int bits = 64;
    std::optional<quint64> id;
    int replicas = 3;
    int writeQuorum = 0; // 0: all replicas
    int successorListLength = 4;
    int stabilizeMs = 500;
    qint64 maxValueBytes = 1024 * 1024;
    QString logFile;
    QString dataDir;
    QString token;
    bool tokenReads = false;
    bool ownerCache = true;
    Protocol protocol = Protocol::Zave;
};

struct OptionsExit {
    int code = 0;
    QString text; // printed to stdout (code 0) or stderr
};

// Parses argv with QCommandLineParser; --help, --version and errors come back as an exit.
std::variant<NodeOptions, OptionsExit> parseNodeOptions(const QStringList &arguments);

} // namespace Chord
