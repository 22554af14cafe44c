// chord-experiments: the Chord paper's experiments as a table and a CSV (docs/EXPERIMENTS.md).
// The same arguments print the same table every time.
#include "ExperimentsCli.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <cstdio>

using namespace Chord::Experiments;

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    args.removeFirst();
    const CliOptions o = parseArguments(args);
    if (o.help) {
        std::printf("%s", usageText().toUtf8().constData());
        return 0;
    }
    if (!o.error.isEmpty()) {
        std::fprintf(stderr, "chord-experiments: %s\n%s", o.error.toUtf8().constData(),
                     usageText().toUtf8().constData());
        return 2;
    }
    if (!o.replayPath.isEmpty()) {
        QFile f(o.replayPath);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "chord-experiments: cannot read %s\n",
                         o.replayPath.toUtf8().constData());
            return 1;
        }
        QString error;
        const std::optional<ReplayResult> r = replayFile(QString::fromUtf8(f.readAll()), &error);
        if (!r) {
            std::fprintf(stderr, "chord-experiments: %s: %s\n", o.replayPath.toUtf8().constData(),
                         error.toUtf8().constData());
            return 2;
        }
        std::printf("%d lookups, %d with the model's hops and owner\n", r->lookups, r->matching);
        for (const QString &d : r->differences)
            std::printf("  %s\n", d.toUtf8().constData());
        return r->matching == r->lookups ? 0 : 1;
    }
    QElapsedTimer timer;
    timer.start();
    const Table t = run(o.params);
    std::printf("%s", t.toText().toUtf8().constData());
    std::fflush(stdout);
    std::fprintf(stderr, "computed in %.1f s\n", double(timer.elapsed()) / 1000.0);
    if (!o.csvPath.isEmpty()) {
        QFile f(o.csvPath);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            f.write(t.toCsv().toUtf8()) < 0) {
            std::fprintf(stderr, "chord-experiments: cannot write %s\n",
                         o.csvPath.toUtf8().constData());
            return 1;
        }
    }
    return 0;
}
