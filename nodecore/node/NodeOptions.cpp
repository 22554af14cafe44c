#include "NodeOptions.h"

#include "IdSpace.h"
#include "RequestParsing.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>

namespace Chord {

namespace {
std::optional<Endpoint> endpointOption(const QString &text, QString *error, const char *what) {
    auto ep = Http::parseEndpointText(text);
    if (!ep)
        *error = QStringLiteral("--%1 expects host:port, got '%2'").arg(QLatin1String(what), text);
    return ep;
}
} // namespace

std::variant<NodeOptions, OptionsExit> parseNodeOptions(const QStringList &arguments) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("ChordLab node: one Chord DHT node with an HTTP/JSON API.\n"
                       "Prints 'listening on http://HOST:PORT' once it accepts requests."));
    const QCommandLineOption help = p.addHelpOption();
    const QCommandLineOption version = p.addVersionOption();
    const QCommandLineOption host({QStringLiteral("host")},
                                  QStringLiteral("Address to bind (default 127.0.0.1)."),
                                  QStringLiteral("host"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port({QStringLiteral("port")},
                                  QStringLiteral("Port; 0 picks a free one (default 5000)."),
                                  QStringLiteral("port"), QStringLiteral("5000"));
    const QCommandLineOption name({QStringLiteral("name")},
                                  QStringLiteral("Node name (default host:port)."),
                                  QStringLiteral("name"));
    const QCommandLineOption pred({QStringLiteral("pred")},
                                  QStringLiteral("Wire the predecessor by hand."),
                                  QStringLiteral("host:port"));
    const QCommandLineOption succ({QStringLiteral("succ")},
                                  QStringLiteral("Wire the successor by hand."),
                                  QStringLiteral("host:port"));
    const QCommandLineOption join({QStringLiteral("join")},
                                  QStringLiteral("Join the ring this member is in."),
                                  QStringLiteral("host:port"));
    const QCommandLineOption bits({QStringLiteral("bits")},
                                  QStringLiteral("Identifier bits m, 3..64 (default 64)."),
                                  QStringLiteral("m"), QStringLiteral("64"));
    const QCommandLineOption id(
        {QStringLiteral("id")},
        QStringLiteral("Fixed identifier (decimal or 0x hex); default: hash of host:port, or the "
                       "middle of the widest arc when joining."),
        QStringLiteral("N"));
    const QCommandLineOption replicas(
        {QStringLiteral("replicas")},
        QStringLiteral("Copies of each key, owner included (default 3)."), QStringLiteral("r"),
        QStringLiteral("3"));
    const QCommandLineOption writeQuorum(
        {QStringLiteral("write-quorum")},
        QStringLiteral("Copies that must hold a write before it is acknowledged (default: all "
                       "--replicas; capped at the ring's size). Fewer reachable: 503."),
        QStringLiteral("w"), QStringLiteral("0"));
    const QCommandLineOption successors({QStringLiteral("successors")},
                                        QStringLiteral("Successor list length (default 4)."),
                                        QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption stabilize(
        {QStringLiteral("stabilize-ms")},
        QStringLiteral("Maintenance period in ms, +/-50% jitter (default 500)."),
        QStringLiteral("ms"), QStringLiteral("500"));
    const QCommandLineOption maxValue({QStringLiteral("max-value")},
                                      QStringLiteral("Largest value in bytes (default 1048576)."),
                                      QStringLiteral("bytes"), QStringLiteral("1048576"));
    const QCommandLineOption logFile({QStringLiteral("log-file")},
                                     QStringLiteral("Also append the log to this file."),
                                     QStringLiteral("path"));
    const QCommandLineOption dataDir({QStringLiteral("data-dir")},
                                     QStringLiteral("Keep this node's keys on disk here "
                                                    "(journal + snapshot); recovered at start."),
                                     QStringLiteral("dir"));
    const QCommandLineOption token(
        {QStringLiteral("token")},
        QStringLiteral("Require 'Authorization: Bearer <token>' on changes (or CHORD_TOKEN)."),
        QStringLiteral("secret"));
    const QCommandLineOption tokenReads({QStringLiteral("token-reads")},
                                        QStringLiteral("Require the token on reads too."));
    const QCommandLineOption noOwnerCache(
        {QStringLiteral("no-owner-cache")},
        QStringLiteral("Route every GET/PUT/DELETE instead of going straight to the cached owner "
                       "of a recently routed key (shows every hop, for teaching)."));
    for (const auto &o :
         {host, port, name, pred, succ, join, bits, id, replicas, writeQuorum, successors,
          stabilize, maxValue, logFile, dataDir, token, tokenReads, noOwnerCache})
        p.addOption(o);

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
    QString error;
    auto intOption = [&](const QCommandLineOption &opt, int lo, int hi, int *out) {
        bool ok = false;
        const int v = p.value(opt).toInt(&ok);
        if (!ok || v < lo || v > hi) {
            error = QStringLiteral("--%1 must be an integer in %2..%3")
                        .arg(opt.names().first())
                        .arg(lo)
                        .arg(hi);
            return false;
        }
        *out = v;
        return true;
    };
    o.host = p.value(host);
    int portValue = 0;
    if (!intOption(port, 0, 65535, &portValue) ||
        !intOption(bits, IdSpace::MinBits, IdSpace::MaxBits, &o.bits) ||
        !intOption(replicas, 1, 16, &o.replicas) ||
        !intOption(writeQuorum, 0, 16, &o.writeQuorum) ||
        !intOption(successors, 1, 32, &o.successorListLength) ||
        !intOption(stabilize, 10, 600000, &o.stabilizeMs))
        return OptionsExit{2, error};
    o.port = quint16(portValue);
    bool ok = false;
    o.maxValueBytes = p.value(maxValue).toLongLong(&ok);
    if (!ok || o.maxValueBytes < 1 || o.maxValueBytes > 256ll * 1024 * 1024)
        return OptionsExit{2, QStringLiteral("--max-value must be 1..268435456")};
    if (o.writeQuorum > o.replicas)
        return OptionsExit{
            2, QStringLiteral("--write-quorum must be at most --replicas (%1)").arg(o.replicas)};
    o.successorListLength = std::max(o.successorListLength, o.replicas);
    o.name = p.value(name);
    if (p.isSet(id)) {
        const auto parsed = IdSpace(o.bits).parse(p.value(id));
        if (!parsed)
            return OptionsExit{2, QStringLiteral("--id must be a number in [0, 2^%1)").arg(o.bits)};
        o.id = *parsed;
    }
    if (p.isSet(pred) && !(o.pred = endpointOption(p.value(pred), &error, "pred")))
        return OptionsExit{2, error};
    if (p.isSet(succ) && !(o.succ = endpointOption(p.value(succ), &error, "succ")))
        return OptionsExit{2, error};
    if (p.isSet(join) && !(o.join = endpointOption(p.value(join), &error, "join")))
        return OptionsExit{2, error};
    o.logFile = p.value(logFile);
    o.dataDir = p.value(dataDir);
    o.token = p.isSet(token)
                  ? p.value(token)
                  : QProcessEnvironment::systemEnvironment().value(QStringLiteral("CHORD_TOKEN"));
    o.tokenReads = p.isSet(tokenReads);
    o.ownerCache = !p.isSet(noOwnerCache);
    return o;
}

} // namespace Chord
