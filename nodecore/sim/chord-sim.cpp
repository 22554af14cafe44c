// chord-sim: the deterministic simulator of the real protocol code. One seed is one run;
// the same arguments print the same output every time.
#include "SimScenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHashFunctions>

#include <algorithm>
#include <cstdio>
#include <variant>

using namespace Chord::Sim;

namespace {
void usage() {
    std::printf(
        "usage: chord-sim --seed S | --seeds A-B  [--nodes N] [--mix M[,M...]] [--ops K]\n"
        "                 [--bits m] [--protocol zave|original] [--trace] [--max-traces n]\n"
        "                 [--tolerate-below-base]\n"
        "mixes: %s\n"
        "--tolerate-below-base: a run below the stable base (fewer than r + 1 long-lived\n"
        "members) fails the exit code only on a safety failure; its liveness and ring\n"
        "structure failures are printed, not counted (docs/CONSISTENCY.md, \"The stable base\")\n",
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
    if (o.protocol != Chord::Protocol::Zave)
        c += QStringLiteral(" --protocol %1").arg(Chord::protocolName(o.protocol));
    return c;
}

void print(const QString &line) {
    std::printf("%s\n", line.toUtf8().constData());
}

// What the command line asks for.
struct Cli {
    SimOptions base;
    quint64 first = 1;
    quint64 last = 0;
    bool single = false;
    bool trace = false;
    int maxTraces = 5; // a sweep prints the trace tail of its first few failures only
    bool tolerateBelowBase = false;
    QStringList mixes;
};

// Whether one of a run's failures is of a kind: "history: " (safety: a read older than an
// acknowledged write, or a lost one), "ring: " (a ring that did not settle to Zave's
// invariants); the others are "final read failed" (liveness).
bool hasFailure(const SimResult &r, const char *prefix) {
    return std::any_of(r.failures.begin(), r.failures.end(),
                       [&](const QString &f) { return f.startsWith(QLatin1String(prefix)); });
}

// Whether a failed run counts against the exit code: below the stable base, with
// --tolerate-below-base, only a safety failure does (what happens there otherwise is defined,
// not promised: docs/CONSISTENCY.md, "The stable base").
bool counts(const Cli &cli, const SimResult &r) {
    return !r.ok() &&
           (!cli.tolerateBelowBase || !r.belowStableBase() || hasFailure(r, "history: "));
}

// The command line, or the exit code when it asks for help or is wrong (usage printed).
std::variant<Cli, int> parseArguments(const QStringList &args) {
    Cli cli;
    cli.mixes = QStringList{cli.base.mix};
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--trace")) {
            cli.trace = true;
            continue;
        }
        if (a == QLatin1String("--tolerate-below-base")) {
            cli.tolerateBelowBase = true;
            continue;
        }
        const QString v = i + 1 < args.size() ? args[i + 1] : QString();
        if (a == QLatin1String("--seed")) {
            cli.first = cli.last = v.toULongLong();
            cli.single = true;
        } else if (a == QLatin1String("--seeds")) {
            const QStringList range = v.split(QLatin1Char('-'));
            cli.first = range.value(0).toULongLong();
            cli.last = range.value(1, range.value(0)).toULongLong();
        } else if (a == QLatin1String("--nodes")) {
            cli.base.nodes = std::max(2, v.toInt());
        } else if (a == QLatin1String("--mix")) {
            cli.mixes = v.split(QLatin1Char(','));
        } else if (a == QLatin1String("--ops")) {
            cli.base.ops = v.toInt();
        } else if (a == QLatin1String("--max-traces")) {
            cli.maxTraces = v.toInt();
        } else if (a == QLatin1String("--bits")) {
            cli.base.bits = v.toInt();
        } else if (a == QLatin1String("--protocol") && Chord::parseProtocol(v)) {
            cli.base.protocol = *Chord::parseProtocol(v);
        } else {
            usage();
            return a == QLatin1String("--help") ? 0 : 2;
        }
        ++i;
    }
    for (const QString &m : cli.mixes) {
        if (!SimScenario::mixes().contains(m)) {
            std::printf("unknown mix %s\n", m.toUtf8().constData());
            usage();
            return 2;
        }
    }
    if (cli.last < cli.first) {
        usage();
        return 2;
    }
    return cli;
}

// One seed in each mix, with its notes, and the trace tail of a failure (or the whole trace
// with --trace). 1 when a run failed (and counts: --tolerate-below-base).
int runSingle(const Cli &cli) {
    int failed = 0;
    for (const QString &m : cli.mixes) {
        SimOptions o = cli.base;
        o.seed = cli.first;
        o.mix = m;
        o.trace = cli.trace ? SimWorld::TraceMode::Print : SimWorld::TraceMode::Keep;
        SimScenario scenario(o);
        const SimResult r = scenario.run();
        print(QStringLiteral("== %1").arg(command(o, cli.base.bits != 0)));
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
        const bool counted = counts(cli, r);
        failed += counted ? 1 : 0;
        for (const QString &f : r.failures)
            print(QStringLiteral("FAIL ") + f);
        if (!counted)
            print(QStringLiteral("(below the stable base, %1 long-lived, and no safety failure: "
                                 "not counted, --tolerate-below-base)")
                      .arg(r.longLived));
        if (!cli.trace) {
            print(QStringLiteral("-- last %1 trace lines --").arg(r.traceTail.size()));
            for (const QString &line : r.traceTail)
                print(line);
        }
    }
    return failed ? 1 : 0;
}

// A failure of a sweep: its worst failures first (a read older than an acknowledged write, a
// ring that did not settle, then keys left unavailable: a run's 503s must not hide its stale
// read below the lines shown), how to reproduce it, and (for the first few) the trace tail of
// a replay.
void printSweepFailure(const SimOptions &o, const SimResult &r, bool withTrace, bool explicitBits) {
    QStringList shown = r.failures;
    const auto rank = [](const QString &f) {
        return f.startsWith(QLatin1String("history: ")) ? 0
               : f.startsWith(QLatin1String("ring: "))  ? 1
                                                        : 2;
    };
    std::stable_sort(shown.begin(), shown.end(),
                     [&](const QString &a, const QString &b) { return rank(a) < rank(b); });
    print(QStringLiteral("FAIL seed %1 mix %2%3: %4")
              .arg(o.seed)
              .arg(o.mix,
                   r.belowStableBase()
                       ? QStringLiteral(" (below the stable base: %1 long-lived)").arg(r.longLived)
                       : QString(),
                   shown.front()));
    const int lines = std::min<int>(4, int(shown.size()));
    for (int i = 1; i < lines; ++i)
        print(QStringLiteral("     ") + shown[i]);
    if (shown.size() > lines)
        print(QStringLiteral("     (%1 more: run the command below)").arg(shown.size() - lines));
    print(QStringLiteral("reproduce: ") + command(o, explicitBits));
    if (withTrace) {
        // Runs replay exactly: run it again keeping the trace tail.
        SimOptions again = o;
        again.trace = SimWorld::TraceMode::Keep;
        SimScenario replay(again);
        const SimResult rr = replay.run();
        for (const QString &line : rr.traceTail)
            print(QStringLiteral("   | ") + line);
    }
    std::fflush(stdout);
}

// The failed runs of a sweep by kind (the worst of a run's failures counts): a read older
// than an acknowledged write or a lost one ("history:"), a ring that did not settle to
// Zave's invariants ("ring:"), a key that stayed unavailable ("final read failed").
struct FailureCounts {
    int runs = 0;
    int failed = 0;
    int safety = 0;
    int ring = 0;
    int liveness = 0;

    void add(const SimResult &r) {
        ++runs;
        if (r.ok())
            return;
        ++failed;
        if (hasFailure(r, "history: "))
            ++safety;
        else if (hasFailure(r, "ring: "))
            ++ring;
        else
            ++liveness;
    }
    QString describe() const {
        return QStringLiteral("%1 of %2 runs failed (%3 safety, %4 liveness, %5 ring structure)")
            .arg(failed)
            .arg(runs)
            .arg(safety)
            .arg(liveness)
            .arg(ring);
    }
};

// Every seed of the range in each mix; one line per failure and a summary with the speed.
int runSweep(const Cli &cli) {
    QElapsedTimer wall; // reports speed only; nothing in a run reads it
    wall.start();
    int runs = 0;
    int failed = 0;
    int ringBroken = 0; // runs that broke Zave's ring invariants (a "ring:" failure)
    int counted = 0;    // failed runs that count against the exit code (counts)
    FailureCounts within;
    FailureCounts below;
    int stableBase = 0;
    for (quint64 seed = cli.first; seed <= cli.last; ++seed) {
        for (const QString &m : cli.mixes) {
            SimOptions o = cli.base;
            o.seed = seed;
            o.mix = m;
            SimScenario scenario(o);
            const SimResult r = scenario.run();
            ++runs;
            (r.belowStableBase() ? below : within).add(r);
            stableBase = r.stableBase;
            if (r.ok())
                continue;
            ++failed;
            counted += counts(cli, r) ? 1 : 0;
            if (hasFailure(r, "ring: "))
                ++ringBroken;
            printSweepFailure(o, r, failed <= cli.maxTraces, cli.base.bits != 0);
        }
    }
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    print(QStringLiteral("%1 runs (seeds %2-%3, mix %4) in %5 s: %6 runs/s, %7 failed")
              .arg(runs)
              .arg(cli.first)
              .arg(cli.last)
              .arg(cli.mixes.join(QLatin1Char(',')))
              .arg(seconds, 0, 'f', 1)
              .arg(double(runs) / std::max(seconds, 1e-9), 0, 'f', 1)
              .arg(failed));
    // The violation rate: every failure, and those of Zave's ring invariants alone.
    const double percent = 100.0 / std::max(runs, 1);
    print(QStringLiteral("protocol %1: violation rate %2% (%3 of %4 runs); ring invariants "
                         "broken in %5% (%6 runs)")
              .arg(Chord::protocolName(cli.base.protocol))
              .arg(failed * percent, 0, 'f', 2)
              .arg(failed)
              .arg(runs)
              .arg(ringBroken * percent, 0, 'f', 2)
              .arg(ringBroken));
    // The guarantees assume r + 1 long-lived members (docs/CONSISTENCY.md, "The stable base").
    print(QStringLiteral("stable base (%1 long-lived members: never paused, crashed or left): "
                         "held: %2; below it: %3")
              .arg(stableBase)
              .arg(within.describe(), below.describe()));
    if (cli.tolerateBelowBase)
        print(QStringLiteral("--tolerate-below-base: %1 failed runs count (within the base, or a "
                             "safety failure below it)")
                  .arg(counted));
    return counted ? 1 : 0;
}
} // namespace

int main(int argc, char **argv) {
    // QHash iteration order must not change between runs.
    QHashSeed::setDeterministicGlobalSeed();
    QCoreApplication app(argc, argv);
    SimScenario::installLogCapture();
    const std::variant<Cli, int> cli = parseArguments(app.arguments());
    if (const int *exitCode = std::get_if<int>(&cli))
        return *exitCode;
    const Cli &c = std::get<Cli>(cli);
    return c.single ? runSingle(c) : runSweep(c);
}
