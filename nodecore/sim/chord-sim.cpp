// chord-sim: the deterministic simulator of the real protocol code. One seed is one run;
// the same arguments print the same output every time.
#include "SimScenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHashFunctions>

#include <cstdio>

using namespace Chord::Sim;

namespace {
void usage() {
    std::printf("usage: chord-sim --seed S | --seeds A-B  [--nodes N] [--mix M[,M...]] [--ops K]\n"
                "                 [--bits m] [--trace] [--max-traces n]\n"
                "mixes: %s\n",
                SimScenario::mixes().join(QLatin1Char(' ')).toUtf8().constData());
}

QString command(const SimOptions &o, bool explicitBits) {
    QString c = QStringLiteral("chord-sim --seed %1 --nodes %2 --mix %3 --ops %4")
                    .arg(o.seed)
                    .arg(o.nodes)
                    .arg(o.mix)
                    .arg(o.ops);
    if (explicitBits)
        c += QStringLiteral(" --bits %1").arg(o.bits);
    return c;
}

void print(const QString &line) {
    std::printf("%s\n", line.toUtf8().constData());
}
} // namespace

int main(int argc, char **argv) {
    // QHash iteration order must not change between runs.
    QHashSeed::setDeterministicGlobalSeed();
    QCoreApplication app(argc, argv);
    SimScenario::installLogCapture();

    SimOptions base;
    quint64 first = 1;
    quint64 last = 0;
    bool single = false;
    bool trace = false;
    int maxTraces = 5; // a sweep prints the trace tail of its first few failures only
    QStringList mixes{base.mix};
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        const QString v = i + 1 < args.size() ? args[i + 1] : QString();
        bool used = true;
        if (a == QLatin1String("--seed")) {
            first = last = v.toULongLong();
            single = true;
        } else if (a == QLatin1String("--seeds")) {
            const QStringList range = v.split(QLatin1Char('-'));
            first = range.value(0).toULongLong();
            last = range.value(1, range.value(0)).toULongLong();
        } else if (a == QLatin1String("--nodes")) {
            base.nodes = std::max(2, v.toInt());
        } else if (a == QLatin1String("--mix")) {
            mixes = v.split(QLatin1Char(','));
        } else if (a == QLatin1String("--ops")) {
            base.ops = v.toInt();
        } else if (a == QLatin1String("--max-traces")) {
            maxTraces = v.toInt();
        } else if (a == QLatin1String("--bits")) {
            base.bits = v.toInt();
        } else {
            used = false;
            if (a == QLatin1String("--trace")) {
                trace = true;
            } else {
                usage();
                return a == QLatin1String("--help") ? 0 : 2;
            }
        }
        if (used)
            ++i;
    }
    for (const QString &m : mixes) {
        if (!SimScenario::mixes().contains(m)) {
            std::printf("unknown mix %s\n", m.toUtf8().constData());
            usage();
            return 2;
        }
    }
    if (last < first) {
        usage();
        return 2;
    }

    if (single) {
        int failed = 0;
        for (const QString &m : mixes) {
            SimOptions o = base;
            o.seed = first;
            o.mix = m;
            o.trace = trace ? SimWorld::TraceMode::Print : SimWorld::TraceMode::Keep;
            SimScenario scenario(o);
            const SimResult r = scenario.run();
            print(QStringLiteral("== %1").arg(command(o, base.bits != 0)));
            for (const QString &n : r.notes)
                print(QStringLiteral("   ") + n);
            print(QStringLiteral("%1 events, %2 s virtual; writes: %3 acknowledged, %4 "
                                 "indeterminate; reads answered: %5")
                      .arg(r.events)
                      .arg(double(r.virtualNs) / 1e9, 0, 'f', 1)
                      .arg(r.acknowledgedWrites)
                      .arg(r.indeterminateWrites)
                      .arg(r.reads));
            if (r.ok()) {
                print(QStringLiteral("PASS"));
                continue;
            }
            ++failed;
            for (const QString &f : r.failures)
                print(QStringLiteral("FAIL ") + f);
            if (!trace) {
                print(QStringLiteral("-- last %1 trace lines --").arg(r.traceTail.size()));
                for (const QString &line : r.traceTail)
                    print(line);
            }
        }
        return failed ? 1 : 0;
    }

    QElapsedTimer wall; // reports speed only; nothing in a run reads it
    wall.start();
    int runs = 0;
    int failed = 0;
    for (quint64 seed = first; seed <= last; ++seed) {
        for (const QString &m : mixes) {
            SimOptions o = base;
            o.seed = seed;
            o.mix = m;
            SimScenario scenario(o);
            const SimResult r = scenario.run();
            ++runs;
            if (r.ok())
                continue;
            ++failed;
            print(QStringLiteral("FAIL seed %1 mix %2: %3").arg(seed).arg(m, r.failures.front()));
            for (int i = 1; i < std::min<int>(4, int(r.failures.size())); ++i)
                print(QStringLiteral("     ") + r.failures[i]);
            print(QStringLiteral("reproduce: ") + command(o, base.bits != 0));
            if (failed > maxTraces)
                continue;
            // Runs replay exactly: run it again keeping the trace tail.
            SimOptions again = o;
            again.trace = SimWorld::TraceMode::Keep;
            SimScenario replay(again);
            const SimResult rr = replay.run();
            for (const QString &line : rr.traceTail)
                print(QStringLiteral("   | ") + line);
            std::fflush(stdout);
        }
    }
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    print(QStringLiteral("%1 runs (seeds %2-%3, mix %4) in %5 s: %6 runs/s, %7 failed")
              .arg(runs)
              .arg(first)
              .arg(last)
              .arg(mixes.join(QLatin1Char(',')))
              .arg(seconds, 0, 'f', 1)
              .arg(double(runs) / std::max(seconds, 1e-9), 0, 'f', 1)
              .arg(failed));
    return failed ? 1 : 0;
}
