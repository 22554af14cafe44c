#include "NodeOptions.h"

#include "IdSpace.h"
#include "RequestParsing.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>

namespace Chord {

namespace {
// Every option: name, help, value name (none: a flag) and default value.
struct OptionSpec {
    const char *name;
    const char *help;
    const char *valueName;
    const char *defaultValue;
};
constexpr OptionSpec Options[] = {
    {"host", "Address to bind (default 127.0.0.1).", "host", "127.0.0.1"},
    {"port", "Port; 0 picks a free one (default 5000).", "port", "5000"},
    {"name", "Node name (default host:port).", "name", nullptr},
    {"pred", "Wire the predecessor by hand.", "host:port", nullptr},
    {"succ", "Wire the successor by hand.", "host:port", nullptr},
    {"join", "Join the ring this member is in.", "host:port", nullptr},
    {"bits", "Identifier bits m, 3..64 (default 64).", "m", "64"},
    {"id",
     "Fixed identifier (decimal or 0x hex); default: hash of host:port, or the middle of the "
     "widest arc when joining.",
     "N", nullptr},
    {"replicas", "Copies of each key, owner included (default 3).", "r", "3"},
    {"write-quorum",
     "Copies that must hold a write before it is acknowledged (default: all --replicas; capped "
     "at the ring's size). Fewer reachable: 503.",
     "w", "0"},
    {"successors", "Successor list length (default 4).", "n", "4"},
    {"stabilize-ms", "Maintenance period in ms, +/-50% jitter (default 500).", "ms", "500"},
    {"max-value", "Largest value in bytes (default 1048576).", "bytes", "1048576"},
    {"log-file", "Also append the log to this file.", "path", nullptr},
    {"data-dir", "Keep this node's keys on disk here (journal + snapshot); recovered at start.",
     "dir", nullptr},
    {"token", "Require 'Authorization: Bearer <token>' on changes (or CHORD_TOKEN).", "secret",
     nullptr},
    {"token-reads", "Require the token on reads too.", nullptr, nullptr},
    {"protocol",
     "Ring maintenance: zave (Zave's corrected Chord) or original (the SIGCOMM 2001 paper's, to "
     "show its failures); every member of a ring runs the same (default zave).",
     "zave|original", "zave"},
    {"no-owner-cache",
     "Route every GET/PUT/DELETE instead of going straight to the cached owner of a recently "
     "routed key (shows every hop, for teaching).",
     nullptr, nullptr},
};

// The integer options and their ranges.
struct IntSpec {
    const char *name;
    int lo;
    int hi;
    int NodeOptions::*field;
};
constexpr IntSpec IntOptions[] = {
    {"bits", IdSpace::MinBits, IdSpace::MaxBits, &NodeOptions::bits},
    {"replicas", 1, 16, &NodeOptions::replicas},
    {"write-quorum", 0, 16, &NodeOptions::writeQuorum},
    {"successors", 1, 32, &NodeOptions::successorListLength},
    {"stabilize-ms", 10, 600000, &NodeOptions::stabilizeMs},
};

void declareOptions(QCommandLineParser &p) {
    p.setApplicationDescription(
        QStringLiteral("ChordLab node: one Chord DHT node with an HTTP/JSON API.\n"
                       "Prints 'listening on http://HOST:PORT' once it accepts requests."));
    for (const OptionSpec &spec : Options) {
        QCommandLineOption option(QString::fromLatin1(spec.name), QString::fromUtf8(spec.help));
        if (spec.valueName)
            option.setValueName(QString::fromLatin1(spec.valueName));
        if (spec.defaultValue)
            option.setDefaultValue(QString::fromLatin1(spec.defaultValue));
        p.addOption(option);
    }
}

QString value(const QCommandLineParser &p, const char *name) {
    return p.value(QString::fromLatin1(name));
}

bool isSet(const QCommandLineParser &p, const char *name) {
    return p.isSet(QString::fromLatin1(name));
}

std::optional<int> intValue(const QCommandLineParser &p, const char *name, int lo, int hi,
                            QString *error) {
    bool ok = false;
    const int v = value(p, name).toInt(&ok);
    if (ok && v >= lo && v <= hi)
        return v;
    *error = QStringLiteral("--%1 must be an integer in %2..%3")
                 .arg(QLatin1String(name))
                 .arg(lo)
                 .arg(hi);
    return std::nullopt;
}

// The numbers: port, the integer options, --max-value, --id. Empty when all are good.
QString readNumbers(const QCommandLineParser &p, NodeOptions &o) {
    QString error;
    const std::optional<int> port = intValue(p, "port", 0, 65535, &error);
    if (!port)
        return error;
    o.port = quint16(*port);
    for (const IntSpec &spec : IntOptions) {
        const std::optional<int> v = intValue(p, spec.name, spec.lo, spec.hi, &error);
        if (!v)
            return error;
        o.*spec.field = *v;
    }
    bool ok = false;
    o.maxValueBytes = value(p, "max-value").toLongLong(&ok);
    if (!ok || o.maxValueBytes < 1 || o.maxValueBytes > 256ll * 1024 * 1024)
        return QStringLiteral("--max-value must be 1..268435456");
    if (o.writeQuorum > o.replicas)
        return QStringLiteral("--write-quorum must be at most --replicas (%1)").arg(o.replicas);
    o.successorListLength = std::max(o.successorListLength, o.replicas);
    if (isSet(p, "id")) {
        const auto parsed = IdSpace(o.bits).parse(value(p, "id"));
        if (!parsed)
            return QStringLiteral("--id must be a number in [0, 2^%1)").arg(o.bits);
        o.id = *parsed;
    }
    return {};
}

// --pred, --succ, --join. Empty when all are good.
QString readEndpoints(const QCommandLineParser &p, NodeOptions &o) {
    const std::pair<const char *, std::optional<Endpoint> NodeOptions::*> endpoints[] = {
        {"pred", &NodeOptions::pred}, {"succ", &NodeOptions::succ}, {"join", &NodeOptions::join}};
    for (const auto &[name, field] : endpoints) {
        if (!isSet(p, name))
            continue;
        o.*field = Http::parseEndpointText(value(p, name));
        if (!(o.*field))
            return QStringLiteral("--%1 expects host:port, got '%2'")
                .arg(QLatin1String(name), value(p, name));
    }
    return {};
}
} // namespace

std::variant<NodeOptions, OptionsExit> parseNodeOptions(const QStringList &arguments) {
    QCommandLineParser p;
    const QCommandLineOption help = p.addHelpOption();
    const QCommandLineOption version = p.addVersionOption();
    declareOptions(p);
    if (!p.parse(arguments))
        return OptionsExit{2, p.errorText() + QStringLiteral("\nSee --help.")};
    if (p.isSet(help))
        return OptionsExit{0, p.helpText()};
    if (p.isSet(version))
        return OptionsExit{0,
                           QStringLiteral("chord-node %1").arg(QStringLiteral(CHORDLAB_VERSION))};
    if (!p.positionalArguments().isEmpty())
        return OptionsExit{2, QStringLiteral("unexpected argument '%1'; see --help")
                                  .arg(p.positionalArguments().first())};
    NodeOptions o;
    if (const QString error = readNumbers(p, o); !error.isEmpty())
        return OptionsExit{2, error};
    if (const QString error = readEndpoints(p, o); !error.isEmpty())
        return OptionsExit{2, error};
    o.host = value(p, "host");
    o.name = value(p, "name");
    o.logFile = value(p, "log-file");
    o.dataDir = value(p, "data-dir");
    o.token = isSet(p, "token")
                  ? value(p, "token")
                  : QProcessEnvironment::systemEnvironment().value(QStringLiteral("CHORD_TOKEN"));
    o.tokenReads = isSet(p, "token-reads");
    o.ownerCache = !isSet(p, "no-owner-cache");
    const std::optional<Protocol> protocol = parseProtocol(value(p, "protocol"));
    if (!protocol)
        return OptionsExit{2, QStringLiteral("--protocol must be zave or original, got '%1'")
                                  .arg(value(p, "protocol"))};
    o.protocol = *protocol;
    return o;
}

} // namespace Chord
