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
