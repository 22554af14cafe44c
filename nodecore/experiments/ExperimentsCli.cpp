#include "ExperimentsCli.h"

#include <cmath>

namespace Chord::Experiments {

namespace {

std::optional<qint64> parseCount(const QString &text) {
    const QString t = text.trimmed();
    bool ok = false;
    if (t.startsWith(QLatin1String("2^"))) {
        const int k = t.mid(2).toInt(&ok);
        if (!ok || k < 0 || k > 40)
            return std::nullopt;
        return qint64(1) << k;
    }
    const qint64 whole = t.toLongLong(&ok);
    if (ok)
        return whole;
    const double d = t.toDouble(&ok); // 1e6
    if (!ok || d < 0 || d > 1e12 || d != std::floor(d))
        return std::nullopt;
    return qint64(d);
}

template <typename T> bool parseList(const QString &text, QList<T> &out, qint64 lo, qint64 hi) {
    QList<T> values;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const std::optional<qint64> v = parseCount(part);
        if (!v || *v < lo || *v > hi)
            return false;
        values << T(*v);
    }
    if (values.isEmpty())
        return false;
    out = values;
    return true;
}

bool parseFractions(const QString &text, QList<double> &out) {
    QList<double> values;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok || v < 0 || v >= 1)
            return false;
        values << v;
    }
    if (values.isEmpty())
        return false;
    out = values;
    return true;
}

// The figure the arguments ask for (--figure N or --figure=N, the last one wins); 10 without.
int figureArgument(const QStringList &args) {
    int figure = 10;
    for (int i = 0; i < args.size(); ++i) {
        QString a = args[i];
        if (a.startsWith(QLatin1String("--figure="))) {
            figure = a.mid(9).toInt();
        } else if (a == QLatin1String("--figure") && i + 1 < args.size()) {
            figure = args[i + 1].toInt();
        }
    }
    return figure;
}

// hashed, or widest-arc (widest for short) into `out`; false for anything else.
bool parsePlacement(const QString &text, Placement &out) {
    if (text == QLatin1String("hashed"))
        out = Placement::Hashed;
    else if (text == QLatin1String("widest-arc") || text == QLatin1String("widest"))
        out = Placement::WidestArc;
    else
        return false;
    return true;
}

// Sets option `a` to the value `v`: nullopt when there is no such option, otherwise whether
// the value was good.
std::optional<bool> setOption(CliOptions &o, const QString &a, const QString &v) {
    Params &p = o.params;
    bool ok = true;
    if (a == QLatin1String("--figure")) {
        // read first, by figureArgument
    } else if (a == QLatin1String("--nodes")) {
        ok = parseList(v, p.nodes, 1, 1000000);
    } else if (a == QLatin1String("--keys")) {
        ok = parseList(v, p.keys, 0, 100000000);
    } else if (a == QLatin1String("--virtual")) {
        ok = parseList(v, p.virtualNodes, 1, 1000);
    } else if (a == QLatin1String("--fail")) {
        ok = parseFractions(v, p.failFractions);
    } else if (a == QLatin1String("--lookups")) {
        p.lookups = v.toInt(&ok);
        ok = ok && p.lookups > 0;
    } else if (a == QLatin1String("--successors")) {
        p.successors = v.toInt(&ok);
        ok = ok && p.successors >= 1 && p.successors <= 64;
    } else if (a == QLatin1String("--replicas")) {
        p.replicas = v.toInt(&ok);
        ok = ok && p.replicas >= 1 && p.replicas <= 64;
    } else if (a == QLatin1String("--placement")) {
        ok = parsePlacement(v, p.placement);
    } else if (a == QLatin1String("--runs")) {
        p.runs = v.toInt(&ok);
        ok = ok && p.runs >= 1 && p.runs <= 1000;
    } else if (a == QLatin1String("--bits")) {
        p.bits = v.toInt(&ok);
        ok = ok && p.bits >= 8 && p.bits <= 64;
    } else if (a == QLatin1String("--seed")) {
        p.seed = v.toULongLong(&ok);
    } else if (a == QLatin1String("--replay")) {
        o.replayPath = v;
    } else if (a == QLatin1String("--csv")) {
        o.csvPath = v;
    } else {
        return std::nullopt;
    }
    return ok;
}

} // namespace

QString usageText() {
    return QStringLiteral(
        "usage: chord-experiments --figure 10|8|9|13 [options]\n"
        "  the Chord paper's experiments (SIGCOMM 2001, section 6) on ChordLab's rules\n"
        "  --figure 10     path length vs number of nodes (hashed and widest-arc ids)\n"
        "  --figure 8      keys per node vs number of keys (hashed and widest-arc ids)\n"
        "  --figure 9      keys per real node vs virtual nodes per real node\n"
        "  --figure 13     failed lookups vs fraction of nodes failed at once, before repair\n"
        "  --nodes LIST    ring sizes (figure 10) or the ring size; 2^k allowed\n"
        "  --keys LIST     key counts (figure 8) or the key count (figure 9); 1e6 allowed\n"
        "  --virtual LIST  virtual nodes per real node (figure 9)\n"
        "  --fail LIST     fractions of nodes failed, each in [0, 1) (figure 13)\n"
        "  --lookups N     lookups per ring or per fraction (figures 10, 13)\n"
        "  --successors N  successor list length (default 4, as chord-node)\n"
        "  --replicas R    copies of a key with replication on (figure 13; default 3)\n"
        "  --placement P   hashed | widest-arc (figure 13; default hashed)\n"
        "  --runs N        rings pooled (figures 8, 9; default 1)\n"
        "  --bits M        identifier bits, 8..64 (default 64)\n"
        "  --seed S        one seed, one table (default 1)\n"
        "  --csv FILE      also write the table as CSV\n"
        "  --replay FILE   route a real ring's observed lookups on the model instead and say\n"
        "                  which differ (lines: bits M, successors S, node ID,\n"
        "                  lookup FROM ID HOPS OWNER; tests/bench/experiments_real.sh)\n");
}

CliOptions parseArguments(const QStringList &args) {
    CliOptions o;
    // The figure first: its defaults, then the options over them.
    const int figure = figureArgument(args);
    if (figure != 10 && figure != 8 && figure != 9 && figure != 13) {
        o.error = QStringLiteral("--figure must be 10, 8, 9 or 13");
        return o;
    }
    o.params = defaults(figure);
    for (int i = 0; i < args.size(); ++i) {
        QString a = args[i];
        QString v;
        const qsizetype eq = a.indexOf(QLatin1Char('='));
        const bool inlineValue = a.startsWith(QLatin1String("--")) && eq > 0;
        if (inlineValue) {
            v = a.mid(eq + 1);
            a = a.left(eq);
        }
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            o.help = true;
            continue;
        }
        if (!inlineValue) {
            if (i + 1 >= args.size()) {
                o.error = QStringLiteral("%1 needs a value").arg(a);
                return o;
            }
            v = args[++i];
        }
        const std::optional<bool> ok = setOption(o, a, v);
        if (!ok) {
            o.error = QStringLiteral("unknown option %1").arg(a);
            return o;
        }
        if (!*ok) {
            o.error = QStringLiteral("bad value for %1: %2").arg(a, v);
            return o;
        }
    }
    return o;
}

} // namespace Chord::Experiments
