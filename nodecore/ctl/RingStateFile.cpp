#include "RingStateFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <csignal>

namespace Chord {

const RingState::Node *RingState::find(const QString &key) const {
    for (const Node &n : nodes) {
        if (n.name == key || n.address() == key || QString::number(n.port) == key)
            return &n;
    }
    return nullptr;
}

QString RingStateFile::defaultPath() {
    const QString env = qEnvironmentVariable("CHORDLAB_STATE");
    return env.isEmpty() ? QDir::current().filePath(QStringLiteral(".chordlab/ring.json")) : env;
}

std::optional<RingState> RingStateFile::load(const QString &path, QString *error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error =
            QStringLiteral("no ring state at %1 (boot a ring first, or pass --state)").arg(path);
        return std::nullopt;
    }
    QJsonParseError pe;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll(), &pe).object();
    if (pe.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1 is not valid JSON: %2").arg(path, pe.errorString());
        return std::nullopt;
    }
    RingState s;
    s.bits = o.value(QLatin1String("bits")).toInt(64);
    s.replicas = o.value(QLatin1String("replicas")).toInt(3);
    s.stabilizeMs = o.value(QLatin1String("stabilizeMs")).toInt(500);
    s.protocol = o.value(QLatin1String("protocol")).toString(QStringLiteral("zave"));
    s.token = o.value(QLatin1String("token")).toString();
    s.logDir = o.value(QLatin1String("logDir")).toString();
    for (const QJsonValue &v : o.value(QLatin1String("nodes")).toArray()) {
        const QJsonObject n = v.toObject();
        s.nodes.append({n.value(QLatin1String("name")).toString(),
                        n.value(QLatin1String("host")).toString(),
                        quint16(n.value(QLatin1String("port")).toInt()),
                        qint64(n.value(QLatin1String("pid")).toDouble()),
                        n.value(QLatin1String("logFile")).toString(),
                        n.value(QLatin1String("left")).toBool()});
    }
    return s;
}

bool RingStateFile::save(const QString &path, const RingState &s, QString *error) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QJsonArray nodes;
    for (const RingState::Node &n : s.nodes) {
        QJsonObject node{{QStringLiteral("name"), n.name},
                         {QStringLiteral("host"), n.host},
                         {QStringLiteral("port"), n.port},
                         {QStringLiteral("pid"), double(n.pid)},
                         {QStringLiteral("logFile"), n.logFile}};
        if (n.left)
            node.insert(QStringLiteral("left"), true);
        nodes.append(node);
    }
    const QJsonObject o{{QStringLiteral("bits"), s.bits},
                        {QStringLiteral("replicas"), s.replicas},
                        {QStringLiteral("stabilizeMs"), s.stabilizeMs},
                        {QStringLiteral("protocol"), s.protocol},
                        {QStringLiteral("token"), s.token},
                        {QStringLiteral("logDir"), s.logDir},
                        {QStringLiteral("nodes"), nodes}};
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson()) < 0 || !f.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool ProcessCheck::isAlive(qint64 pid) {
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray s = stat.readAll();
    const qsizetype close = s.lastIndexOf(')');
    return close < 0 || s.mid(close + 2, 1) != "Z";
}

bool ProcessCheck::isOurNode(qint64 pid, quint16 port) {
    if (!isAlive(pid))
        return false;
    QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmd.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> args = cmd.readAll().split('\0');
    if (args.isEmpty() || !args.first().endsWith("chord-node"))
        return false;
    const qsizetype i = args.indexOf("--port");
    return i >= 0 && i + 1 < args.size() && args[i + 1] == QByteArray::number(port);
}

} // namespace Chord
