#include "Experiments.h"

#include "SimRandom.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace Chord::Experiments {

using Sim::SimRandom;

namespace {

// The index of the first id at or after x in a sorted list, wrapping to 0.
int ownerIndex(const std::vector<Id> &sorted, Id x) {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), x);
    return it == sorted.end() ? 0 : int(it - sorted.begin());
}

// ChordNode::pickInArc: the middle third of the arc (from, to], at random.
Id pickInArc(const IdSpace &space, SimRandom &rnd, Id from, Id to) {
    const quint64 gap = from == to ? space.mask() : space.distance(from, to);
    if (gap < 6)
        return space.midpoint(from, to);
    const quint64 third = gap / 3;
    return space.add(from, third + rnd.below(third + 1));
}

QByteArray madeUpAddress(SimRandom &rnd, int i) {
    // 10.x.y.z with x.y.z = i keeps addresses distinct; the port varies with the seed.
    return QByteArray("10.") + QByteArray::number((i >> 16) & 255) + '.' +
           QByteArray::number((i >> 8) & 255) + '.' + QByteArray::number(i & 255) + ':' +
           QByteArray::number(1024 + rnd.below(60000));
}

QString formatText(double v) {
    if (std::isnan(v))
        return QStringLiteral("-");
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QString::number(qint64(v));
    return QString::number(v, 'f', std::fabs(v) < 0.1 ? 4 : 3);
}

QString formatCsv(double v) {
    if (std::isnan(v))
        return {};
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QString::number(qint64(v));
    return QString::number(v, 'g', 10);
}

// Reports progress; false, with a note in the table, when the caller asked to stop.
bool carryOn(const Progress &progress, double fraction, Table *t) {
    if (!progress || progress(std::clamp(fraction, 0.0, 1.0)))
        return true;
    t->notes << QStringLiteral("stopped before the end");
    return false;
}

// The seed of one ring (a size, a run) of a figure: the same for the same --seed.
quint64 ringSeed(const Params &params, qint64 which) {
    return params.seed * 1000003ULL + quint64(which);
}

double percentile(const std::vector<double> &sorted, double p) {
    if (sorted.empty())
        return 0;
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::size_t(std::clamp<qsizetype>(rank, 1, qsizetype(sorted.size())) - 1)];
}

} // namespace

// ---- statistics ---------------------------------------------------------------------------

Stats summarize(std::vector<double> values) {
    Stats s;
    s.count = qsizetype(values.size());
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (double v : values)
        sum += v;
    s.mean = sum / double(values.size());
    s.p1 = percentile(values, 1);
    s.p99 = percentile(values, 99);
    s.min = values.front();
    s.max = values.back();
    return s;
}

// ---- placing nodes and keys ---------------------------------------------------------------

QString placementName(Placement p) {
    return p == Placement::Hashed ? QStringLiteral("hashed") : QStringLiteral("widest-arc");
}

std::vector<Id> hashedIds(const IdSpace &space, int nodes, quint64 seed) {
    SimRandom rnd(seed ^ 0x686173686564ULL);
    std::vector<Id> ids;
    std::unordered_set<Id> taken;
    ids.reserve(std::size_t(nodes));
    for (int i = 0; int(ids.size()) < nodes; ++i) {
        const Id id = space.hash(madeUpAddress(rnd, i));
        if (taken.insert(id).second) // two addresses with one id: the second cannot join
            ids.push_back(id);
        if (i > 64 * nodes + 1024)
            break; // a circle too small for that many nodes
    }
    return ids;
}

std::vector<Id> widestArcIds(const IdSpace &space, int nodes, quint64 seed, int sample) {
    SimRandom rnd(seed ^ 0x77696465ULL);
    std::vector<Id> ring; // sorted
    ring.reserve(std::size_t(nodes));
    if (nodes <= 0)
        return ring;
    ring.push_back(space.hash(madeUpAddress(rnd, 0)));
    int failures = 0;
    while (int(ring.size()) < nodes && failures < 1024) {
        // ChordNode::widestArcId: route to a random point, walk `sample` consecutive nodes
        // from its successor (walkFrom), each arc measured back to the node's predecessor.
        const int n = int(ring.size());
        const int start = ownerIndex(ring, space.reduce(rnd.next()));
        quint64 widest = 0;
        Id from = ring[std::size_t(start)];
        Id to = from;
        for (int t = 0; t < std::min(sample, n); ++t) {
            const int at = (start + t) % n;
            const Id self = ring[std::size_t(at)];
            const Id pred = ring[std::size_t((at + n - 1) % n)];
            quint64 gap = space.distance(pred, self);
            if (gap == 0)
                gap = space.mask(); // a ring of one: the whole circle
            if (gap > widest) {
                widest = gap;
                from = pred;
                to = self;
            }
        }
        // findPlace settles on the middle third of the arc found there, drawn again.
        const Id id = pickInArc(space, rnd, from, to);
        const auto it = std::lower_bound(ring.begin(), ring.end(), id);
        if (it != ring.end() && *it == id) {
            ++failures; // "identifier already held": the joiner tries again
            continue;
        }
        ring.insert(it, id);
    }
    return ring;
}

std::vector<Id> placeNodes(const IdSpace &space, Placement p, int nodes, quint64 seed) {
    return p == Placement::Hashed ? hashedIds(space, nodes, seed)
                                  : widestArcIds(space, nodes, seed);
}

std::vector<Id> keyIds(const IdSpace &space, qint64 keys, quint64 seed) {
    std::vector<Id> ids;
    ids.reserve(std::size_t(std::max<qint64>(keys, 0)));
    const QByteArray prefix = 'k' + QByteArray::number(seed) + '-';
    QByteArray name;
    for (qint64 i = 0; i < keys; ++i) {
        name = prefix;
        name += QByteArray::number(i);
        ids.push_back(space.hash(name)); // IdSpace::hashKey of an ASCII key
    }
    return ids;
}

std::vector<qint64> keysPerPoint(const std::vector<Id> &sortedIds, const std::vector<Id> &keys) {
    std::vector<qint64> counts(sortedIds.size(), 0);
    if (sortedIds.empty())
        return counts;
    for (Id k : keys)
        ++counts[std::size_t(ownerIndex(sortedIds, k))];
    return counts;
}

// ---- the ideal ring and its routing -------------------------------------------------------

IdealRing::IdealRing(const IdSpace &space, std::vector<Id> ids, int successors)
    : m_space(space)
    , m_ids(std::move(ids))
    , m_successors(std::max(1, successors)) {
    std::sort(m_ids.begin(), m_ids.end());
    m_ids.erase(std::unique(m_ids.begin(), m_ids.end()), m_ids.end());
    m_fingers.resize(m_ids.size());
    for (int n = 0; n < size(); ++n) {
        std::vector<int> &f = m_fingers[std::size_t(n)];
        for (int i = 0; i < m_space.bits(); ++i) {
            const int target = ownerOf(m_space.fingerStart(id(n), i));
            if (f.empty() || f.back() != target)
                f.push_back(target);
        }
    }
}

int IdealRing::ownerOf(Id x) const {
    return ownerIndex(m_ids, x);
}

std::optional<IdealRing::Step> IdealRing::step(int node, Id x, const std::function<bool(int)> &skip,
                                               bool keepLastSuccessor) const {
    // ChordNode::findSuccessorStep and closestPrecedingNode, on indexes instead of NodeRefs.
    if (size() == 1)
        return Step{true, node};
    std::vector<int> successors;
    const int listed = std::min(m_successors, size() - 1);
    for (int k = 1; k <= listed; ++k) {
        const int s = next(node, k);
        if (!skip || !skip(s) || (keepLastSuccessor && k == listed && successors.empty()))
            successors.push_back(s);
    }
    const Id self = id(node);
    if (Interval::containsOpenClosed(m_space, id(previous(node)), self, x))
        return Step{true, node};
    // Every successor skipped (only with `skip`): the fingers may still get closer to x.
    const int succ = successors.empty() ? -1 : successors.front();
    if (succ >= 0 && Interval::containsOpenClosed(m_space, self, id(succ), x))
        return Step{true, succ};
    int best = node;
    quint64 bestDistance = 0;
    auto consider = [&](int n) {
        if (n == node || !Interval::containsOpenOpen(m_space, self, x, id(n)))
            return;
        const quint64 d = m_space.distance(self, id(n));
        if (d > bestDistance) {
            bestDistance = d;
            best = n;
        }
    };
    for (int f : m_fingers[std::size_t(node)]) {
        if (!skip || !skip(f))
            consider(f);
    }
    for (int s : successors)
        consider(s);
    if (best == node) {
        if (succ < 0)
            return std::nullopt;
        return Step{true, succ};
    }
    return Step{false, best};
}

namespace {

bool isDead(const std::vector<char> &dead, int n) {
    return !dead.empty() && dead[std::size_t(n)] != 0;
}

LookupCost lookupChordLab(const IdealRing &ring, int from, Id x, const std::vector<char> &dead) {
    // ChordNode::lookup and route: ask yourself, then each named node in turn; a hop that does
    // not answer ends the attempt and the initiator forgets that peer (forgetPeer: its own
    // fingers and successors, the last successor kept).
    LookupCost c;
    const int owner = ring.ownerOf(x);
    std::vector<int> forgotten;
    const auto forgot = [&](int n) {
        return std::find(forgotten.begin(), forgotten.end(), n) != forgotten.end();
    };
    for (int attempt = 0; attempt < LookupAttempts; ++attempt) {
        const std::optional<IdealRing::Step> local = ring.step(from, x, forgot, true);
        if (!local)
            return c; // (the last successor is kept, so this does not happen)
        if (local->done) {
            c.owner = local->node;
            c.ok = c.owner == owner && !isDead(dead, c.owner);
            return c;
        }
        int current = local->node;
        bool failed = false;
        for (int hop = 0; hop < MaxLookupHops && !failed; ++hop) {
            ++c.contacted;
            ++c.messages;
            if (isDead(dead, current)) {
                ++c.timeouts;
                forgotten.push_back(current);
                failed = true;
                break;
            }
            ++c.messages;
            const IdealRing::Step answer = *ring.step(current, x);
            if (answer.done) {
                c.owner = answer.node;
                c.ok = c.owner == owner && !isDead(dead, c.owner);
                return c;
            }
            current = answer.node;
        }
        if (!failed)
            return c; // no owner within MaxLookupHops
    }
    return c;
}

LookupCost lookupSkipDead(const IdealRing &ring, int from, Id x, const std::vector<char> &dead) {
    // The paper's simulator: a node that times out is skipped; the node that named it is asked
    // again and names its next best candidate. The lookup ends on the first live successor of x.
    LookupCost c;
    std::vector<int> known; // dead nodes this lookup met, and live ones that cannot help
    const auto skip = [&](int n) {
        return std::find(known.begin(), known.end(), n) != known.end();
    };
    std::vector<int> path{from}; // nodes that answered, the initiator first
    const int limit = MaxLookupHops + 4 * ring.space().bits();
    while (c.contacted < limit) {
        const int at = path.back();
        const std::optional<IdealRing::Step> s = ring.step(at, x, skip);
        if (!s) {
            // Every successor of this node is dead: it cannot name the owner. The initiator
            // stops asking it and goes back to the node that named it.
            if (path.size() == 1)
                return c;
            known.push_back(at);
            path.pop_back();
            continue;
        }
        if (s->done) {
            if (s->node == at || !isDead(dead, s->node)) {
                c.owner = s->node;
                int live = ring.ownerOf(x);
                while (isDead(dead, live))
                    live = ring.next(live);
                c.ok = c.owner == live;
                return c;
            }
            // The owner named is dead: the initiator finds out when it asks it.
            ++c.contacted;
            ++c.messages;
            ++c.timeouts;
            known.push_back(s->node);
            continue;
        }
        ++c.contacted;
        ++c.messages;
        if (isDead(dead, s->node)) {
            ++c.timeouts;
            known.push_back(s->node);
            continue; // ask `at` again
        }
        ++c.messages;
        path.push_back(s->node);
    }
    return c;
}

} // namespace

LookupCost lookup(const IdealRing &ring, int from, Id x, const std::vector<char> &dead,
                  FailurePolicy policy) {
    return policy == FailurePolicy::ChordLab ? lookupChordLab(ring, from, x, dead)
                                             : lookupSkipDead(ring, from, x, dead);
}

// ---- real lookups against the model -------------------------------------------------------

ReplayResult replay(const IdSpace &space, const std::vector<Id> &nodeIds, int successors,
                    const QList<ObservedLookup> &lookups) {
    ReplayResult r;
    const IdealRing ring(space, nodeIds, successors);
    for (const ObservedLookup &l : lookups) {
        ++r.lookups;
        const int from = ring.ownerOf(l.from);
        const LookupCost c = lookup(ring, from, l.id);
        const Id owner = c.owner >= 0 ? ring.id(c.owner) : 0;
        if (ring.id(from) == l.from && c.contacted == l.hops && owner == l.owner) {
            ++r.matching;
        } else if (r.differences.size() < 10) {
            r.differences << QStringLiteral("lookup of %1 from %2: real %3 hops to %4, model %5 "
                                            "hops to %6")
                                 .arg(l.id)
                                 .arg(l.from)
                                 .arg(l.hops)
                                 .arg(l.owner)
                                 .arg(c.contacted)
                                 .arg(owner);
        }
    }
    return r;
}

std::optional<ReplayResult> replayFile(const QString &text, QString *error) {
    int bits = 64;
    int successors = 4;
    std::vector<Id> ids;
    QList<ObservedLookup> lookups;
    const auto fail = [&](int line, const QString &why) {
        if (error)
            *error = QStringLiteral("line %1: %2").arg(line).arg(why);
        return std::nullopt;
    };
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].section(QLatin1Char('#'), 0, 0).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList f = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        bool ok = true;
        const auto id = [&](int k) {
            bool good = false;
            const Id v = f.value(k).toULongLong(&good);
            ok = ok && good;
            return v;
        };
        if (f[0] == QLatin1String("bits") && f.size() == 2) {
            bits = f[1].toInt(&ok);
            ok = ok && bits >= IdSpace::MinBits && bits <= IdSpace::MaxBits;
        } else if (f[0] == QLatin1String("successors") && f.size() == 2) {
            successors = f[1].toInt(&ok);
            ok = ok && successors >= 1;
        } else if (f[0] == QLatin1String("node") && f.size() == 2) {
            ids.push_back(id(1));
        } else if (f[0] == QLatin1String("lookup") && f.size() == 5) {
            lookups << ObservedLookup{id(1), id(2), int(id(3)), id(4)};
        } else {
            return fail(i + 1, QStringLiteral("not understood: %1").arg(line));
        }
        if (!ok)
            return fail(i + 1, QStringLiteral("bad number: %1").arg(line));
    }
    if (ids.empty())
        return fail(lines.size(), QStringLiteral("no node lines"));
    return replay(IdSpace(bits), ids, successors, lookups);
}

// ---- tables -------------------------------------------------------------------------------

QString Table::toCsv() const {
    QString out;
    out += QStringLiteral("# ChordLab: Chord paper figure %1: %2\n").arg(figure, title);
    for (const QString &n : notes)
        out += QStringLiteral("# ") + n + QLatin1Char('\n');
    if (!command.isEmpty())
        out += QStringLiteral("# command: ") + command + QLatin1Char('\n');
    out += columns.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (const QList<double> &row : rows) {
        QStringList cells;
        for (double v : row)
            cells << formatCsv(v);
        out += cells.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

QString Table::toText() const {
    QString out = QStringLiteral("Chord paper figure %1: %2\n").arg(figure, title);
    for (const QString &n : notes)
        out += QStringLiteral("  ") + n + QLatin1Char('\n');
    if (!command.isEmpty())
        out += QStringLiteral("  command: ") + command + QLatin1Char('\n');
    out += QLatin1Char('\n');
    QList<QStringList> cells;
    cells << columns;
    for (const QList<double> &row : rows) {
        QStringList line;
        for (double v : row)
            line << formatText(v);
        cells << line;
    }
    QList<qsizetype> widths(columns.size(), 0);
    for (const QStringList &line : cells) {
        for (qsizetype i = 0; i < line.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], line[i].size());
    }
    for (const QStringList &line : cells) {
        QStringList padded;
        for (qsizetype i = 0; i < line.size() && i < widths.size(); ++i)
            padded << line[i].rightJustified(widths[i]);
        out += padded.join(QStringLiteral("  ")) + QLatin1Char('\n');
    }
    return out;
}

// ---- the experiments ----------------------------------------------------------------------

Params defaults(int figure) {
    Params p;
    p.figure = figure;
    switch (figure) {
    case 10:
        // The paper: N = 2^3 .. 2^14; here up to 2^13 and 10,000.
        p.nodes = {8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 10000};
        p.lookups = 10000;
        break;
    case 8:
        p.nodes = {10000};
        for (qint64 k = 100000; k <= 1000000; k += 100000)
            p.keys << k;
        p.runs = 1;
        break;
    case 9:
        p.nodes = {10000};
        p.keys = {1000000};
        p.virtualNodes = {1, 2, 5, 10, 20};
        break;
    case 13:
        p.nodes = {10000};
        p.keys = {1000000};
        p.failFractions = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5};
        p.lookups = 10000;
        break;
    default:
        break;
    }
    return p;
}

QString commandLine(const Params &p) {
    QStringList args{QStringLiteral("chord-experiments"), QStringLiteral("--figure"),
                     QString::number(p.figure)};
    const auto joinInts = [](const auto &list) {
        QStringList s;
        for (auto v : list)
            s << QString::number(v);
        return s.join(QLatin1Char(','));
    };
    if (!p.nodes.isEmpty())
        args << QStringLiteral("--nodes") << joinInts(p.nodes);
    if ((p.figure == 8 || p.figure == 9) && !p.keys.isEmpty())
        args << QStringLiteral("--keys") << joinInts(p.keys);
    if (p.figure == 9)
        args << QStringLiteral("--virtual") << joinInts(p.virtualNodes);
    if (p.figure == 13) {
        args << QStringLiteral("--fail") << joinInts(p.failFractions);
        args << QStringLiteral("--replicas") << QString::number(p.replicas);
        args << QStringLiteral("--placement") << placementName(p.placement);
    }
    if (p.figure == 10 || p.figure == 13) {
        args << QStringLiteral("--lookups") << QString::number(p.lookups);
        args << QStringLiteral("--successors") << QString::number(p.successors);
    }
    if ((p.figure == 8 || p.figure == 9) && p.runs != 1)
        args << QStringLiteral("--runs") << QString::number(p.runs);
    if (p.bits != 64)
        args << QStringLiteral("--bits") << QString::number(p.bits);
    args << QStringLiteral("--seed") << QString::number(p.seed);
    return args.join(QLatin1Char(' '));
}

Table run(const Params &params, const Progress &progress) {
    switch (params.figure) {
    case 8:
        return keysPerNode(params, progress);
    case 9:
        return virtualNodes(params, progress);
    case 13:
        return failedLookups(params, progress);
    default:
        return pathLength(params, progress);
    }
}

namespace {

// A figure's table with its labels and the command line that reproduces it; the columns and
// notes are the figure's own.
Table figureTable(const Params &params, const QString &figure, const QString &title,
                  const QString &xLabel, const QString &yLabel, bool logX = false) {
    Table t;
    t.figure = figure;
    t.title = title;
    t.xLabel = xLabel;
    t.yLabel = yLabel;
    t.logX = logX;
    t.command = commandLine(params);
    return t;
}

// How many times the mean `value` is (the "_x" columns); 0 when the mean is 0.
double timesMean(double value, double mean) {
    return mean > 0 ? value / mean : 0;
}

// Figure 10's table without rows: per placement, mean, p1 and p99 of the nodes contacted and
// of the messages.
Table pathLengthTable(const Params &params) {
    Table t = figureTable(
        params, QStringLiteral("10"), QStringLiteral("path length as a function of network size"),
        QStringLiteral("number of nodes"), QStringLiteral("path length (nodes contacted)"), true);
    t.columns = QStringList{QStringLiteral("nodes"), QStringLiteral("half_log2_n")};
    for (Placement pl : {Placement::Hashed, Placement::WidestArc}) {
        const QString name = pl == Placement::Hashed ? QStringLiteral("hashed")
                                                     : QStringLiteral("widest"); // a column prefix
        for (const char *metric : {"contacted", "messages"}) {
            for (const char *stat : {"mean", "p1", "p99"})
                t.columns << QStringLiteral("%1_%2_%3")
                                 .arg(name, QLatin1String(metric), QLatin1String(stat));
        }
    }
    t.plotColumns = {1, 2, 3, 4, 8, 9, 10};
    t.notes << QStringLiteral("ideal rings (every finger and successor list as on a quiet ring), "
                              "routed with ChordNode's step (findSuccessorStep, "
                              "closestPrecedingNode over fingers and %1 successors)")
                   .arg(params.successors)
            << QStringLiteral("%1 lookups per ring, each from a random node for a random hashed "
                              "key; %2-bit ids; seed %3")
                   .arg(params.lookups)
                   .arg(params.bits)
                   .arg(params.seed)
            << QStringLiteral("contacted = remote nodes the initiator asks (ChordLab's hops, the "
                              "paper's path length); messages = requests + answers = 2 x "
                              "contacted (iterative lookups)")
            << QStringLiteral("hashed = SHA-1 of the address (the paper); widest = chord-node's "
                              "placement of a joiner without --id");
    return t;
}

// One ring of n nodes placed by `pl`, params.lookups lookups from random nodes: mean, p1 and
// p99 of the nodes contacted, then of the messages.
QList<double> pathLengthStats(const IdSpace &space, const Params &params, Placement pl, int n) {
    const quint64 seed = ringSeed(params, n);
    const IdealRing ring(space, placeNodes(space, pl, n, seed), params.successors);
    SimRandom rnd(seed ^ 0x6c6f6f6bULL);
    const std::vector<Id> keys = keyIds(space, params.lookups, seed);
    std::vector<double> contacted, messages;
    contacted.reserve(keys.size());
    messages.reserve(keys.size());
    for (Id k : keys) {
        const int from = int(rnd.below(quint64(ring.size())));
        const LookupCost c = lookup(ring, from, k);
        contacted.push_back(c.contacted);
        messages.push_back(c.messages);
    }
    QList<double> stats;
    for (const Stats &s : {summarize(contacted), summarize(messages)})
        stats << s.mean << s.p1 << s.p99;
    return stats;
}

} // namespace

Table pathLength(const Params &params, const Progress &progress) {
    Table t = pathLengthTable(params);
    const IdSpace space(params.bits);
    const qsizetype total = params.nodes.size() * 2;
    qsizetype done = 0;
    for (int n : params.nodes) {
        QList<double> row{double(n), 0.5 * std::log2(double(n))};
        for (Placement pl : {Placement::Hashed, Placement::WidestArc}) {
            row << pathLengthStats(space, params, pl, n);
            if (!carryOn(progress, double(++done) / double(total), &t))
                return t;
        }
        t.rows << row;
    }
    return t;
}

namespace {

// Figure 8's table without rows, for rings of n nodes.
Table keysPerNodeTable(const Params &params, int n) {
    Table t = figureTable(params, QStringLiteral("8"),
                          QStringLiteral("keys per node as a function of the number of keys"),
                          QStringLiteral("number of keys"), QStringLiteral("keys per node"));
    t.columns = QStringList{QStringLiteral("keys"),         QStringLiteral("mean"),
                            QStringLiteral("hashed_p1"),    QStringLiteral("hashed_p99"),
                            QStringLiteral("hashed_max"),   QStringLiteral("widest_p1"),
                            QStringLiteral("widest_p99"),   QStringLiteral("widest_max"),
                            QStringLiteral("hashed_p99_x"), QStringLiteral("widest_p99_x")};
    t.plotColumns = {1, 2, 3, 5, 6};
    t.notes << QStringLiteral("%1 nodes; each key owned by successor(SHA-1 of its name); %2 "
                              "ring(s) per placement, all their nodes pooled; %3-bit ids; seed %4")
                   .arg(n)
                   .arg(params.runs)
                   .arg(params.bits)
                   .arg(params.seed)
            << QStringLiteral("p1 / p99 = 1st / 99th percentile of the keys a node owns; _x = "
                              "p99 / mean");
    return t;
}

// One run's ring of n nodes placed by `pl`: adds to pooled[ki] the keys each node owns when
// the ring holds the first keyCounts[ki] of `keys`.
void poolKeysPerNode(const IdSpace &space, Placement pl, int n, quint64 seed,
                     const std::vector<Id> &keys, const QList<qint64> &keyCounts,
                     std::vector<std::vector<double>> &pooled) {
    std::vector<Id> ids = placeNodes(space, pl, n, seed);
    std::sort(ids.begin(), ids.end());
    // Each key's owner once; then the counts for each prefix of the key list.
    std::vector<int> ownerOfKey(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i)
        ownerOfKey[i] = ownerIndex(ids, keys[i]);
    for (qsizetype ki = 0; ki < keyCounts.size(); ++ki) {
        std::vector<qint64> counts(ids.size(), 0);
        for (qint64 i = 0; i < keyCounts[ki]; ++i)
            ++counts[std::size_t(ownerOfKey[std::size_t(i)])];
        auto &dst = pooled[std::size_t(ki)];
        for (qint64 c : counts)
            dst.push_back(double(c));
    }
}

} // namespace

Table keysPerNode(const Params &params, const Progress &progress) {
    const int n = params.nodes.value(0, 10000);
    Table t = keysPerNodeTable(params, n);
    const IdSpace space(params.bits);
    qint64 maxKeys = 0;
    for (qint64 k : params.keys)
        maxKeys = std::max(maxKeys, k);
    // Per placement, per key count: the pooled counts of every node of every run. A run's
    // keys are one list; the first k of them are the ring's keys for k.
    std::vector<std::vector<std::vector<double>>> pooled(
        2, std::vector<std::vector<double>>(std::size_t(params.keys.size())));
    const int runs = std::max(1, params.runs);
    for (int r = 0; r < runs; ++r) {
        const quint64 seed = ringSeed(params, r);
        const std::vector<Id> keys = keyIds(space, maxKeys, seed);
        for (int pi = 0; pi < 2; ++pi) {
            const Placement pl = pi == 0 ? Placement::Hashed : Placement::WidestArc;
            poolKeysPerNode(space, pl, n, seed, keys, params.keys, pooled[std::size_t(pi)]);
            if (!carryOn(progress, double(r * 2 + pi + 1) / double(runs * 2), &t))
                return t;
        }
    }
    for (qsizetype ki = 0; ki < params.keys.size(); ++ki) {
        const Stats h = summarize(pooled[0][std::size_t(ki)]);
        const Stats w = summarize(pooled[1][std::size_t(ki)]);
        t.rows << QList<double>{double(params.keys[ki]),
                                h.mean,
                                h.p1,
                                h.p99,
                                h.max,
                                w.p1,
                                w.p99,
                                w.max,
                                timesMean(h.p99, h.mean),
                                timesMean(w.p99, w.mean)};
    }
    return t;
}

namespace {

// Figure 9's table without rows, for n real nodes and keyCount keys.
Table virtualNodesTable(const Params &params, int n, qint64 keyCount) {
    Table t = figureTable(
        params, QStringLiteral("9"),
        QStringLiteral("keys per real node as a function of virtual nodes per real node"),
        QStringLiteral("virtual nodes per real node"), QStringLiteral("keys per real node"), true);
    t.columns = QStringList{QStringLiteral("virtual"),   QStringLiteral("mean"),
                            QStringLiteral("p1"),        QStringLiteral("p99"),
                            QStringLiteral("p1_x"),      QStringLiteral("p99_x"),
                            QStringLiteral("widest_p1"), QStringLiteral("widest_p99")};
    t.plotColumns = {1, 2, 3, 6, 7};
    t.notes << QStringLiteral("%1 real nodes, %2 keys; each real node runs v virtual nodes with "
                              "ids SHA-1(address#j); %3 ring(s) pooled; %4-bit ids; seed %5")
                   .arg(n)
                   .arg(keyCount)
                   .arg(params.runs)
                   .arg(params.bits)
                   .arg(params.seed)
            << QStringLiteral("ChordLab itself runs one point per node and balances with the "
                              "widest-arc placement instead: widest_p1 / widest_p99 (same for "
                              "every row) are that ring's, for comparison")
            << QStringLiteral("_x = percentile / mean");
    return t;
}

// The keys each of n real nodes owns when each runs v virtual nodes with ids
// SHA-1(address#j).
std::vector<double> keysPerRealNode(const IdSpace &space, int n, int v, quint64 seed,
                                    const std::vector<Id> &keys) {
    SimRandom rnd(seed ^ 0x7669727475616cULL);
    std::vector<std::pair<Id, int>> points; // id, real node
    std::unordered_set<Id> taken;
    points.reserve(std::size_t(n) * std::size_t(v));
    for (int i = 0; i < n; ++i) {
        const QByteArray address = madeUpAddress(rnd, i);
        for (int j = 0; j < v; ++j) {
            const Id id = space.hash(address + '#' + QByteArray::number(j));
            if (taken.insert(id).second)
                points.emplace_back(id, i);
        }
    }
    std::sort(points.begin(), points.end());
    std::vector<Id> ids;
    ids.reserve(points.size());
    for (const auto &p : points)
        ids.push_back(p.first);
    const std::vector<qint64> perPoint = keysPerPoint(ids, keys);
    std::vector<double> perNode(std::size_t(n), 0);
    for (std::size_t i = 0; i < points.size(); ++i)
        perNode[std::size_t(points[i].second)] += double(perPoint[i]);
    return perNode;
}

} // namespace

Table virtualNodes(const Params &params, const Progress &progress) {
    const int n = params.nodes.value(0, 10000);
    const qint64 keyCount = params.keys.value(0, 1000000);
    Table t = virtualNodesTable(params, n, keyCount);
    const IdSpace space(params.bits);
    const int runs = std::max(1, params.runs);
    std::vector<std::vector<double>> pooled(std::size_t(params.virtualNodes.size()));
    std::vector<double> widest;
    const qsizetype steps = qsizetype(runs) * (params.virtualNodes.size() + 1);
    qsizetype done = 0;
    for (int r = 0; r < runs; ++r) {
        const quint64 seed = ringSeed(params, r);
        const std::vector<Id> keys = keyIds(space, keyCount, seed);
        for (qsizetype vi = 0; vi < params.virtualNodes.size(); ++vi) {
            const int v = std::max(1, params.virtualNodes[vi]);
            const std::vector<double> perNode = keysPerRealNode(space, n, v, seed, keys);
            auto &dst = pooled[std::size_t(vi)];
            dst.insert(dst.end(), perNode.begin(), perNode.end());
            if (!carryOn(progress, double(++done) / double(steps), &t))
                return t;
        }
        std::vector<Id> ids = widestArcIds(space, n, seed);
        for (qint64 c : keysPerPoint(ids, keys))
            widest.push_back(double(c));
        if (!carryOn(progress, double(++done) / double(steps), &t))
            return t;
    }
    const Stats w = summarize(widest);
    for (qsizetype vi = 0; vi < params.virtualNodes.size(); ++vi) {
        const Stats s = summarize(pooled[std::size_t(vi)]);
        t.rows << QList<double>{
            double(params.virtualNodes[vi]), s.mean, s.p1, s.p99, timesMean(s.p1, s.mean),
            timesMean(s.p99, s.mean),        w.p1,   w.p99};
    }
    return t;
}

namespace {

// Figure 13's table without rows, for a ring of n nodes and r copies of each key.
Table failedLookupsTable(const Params &params, int n, int r) {
    Table t = figureTable(params, QStringLiteral("13"),
                          QStringLiteral("failed lookups as a function of the fraction of nodes "
                                         "failed at once, before any repair"),
                          QStringLiteral("fraction of nodes failed"),
                          QStringLiteral("fraction of lookups failed"));
    t.columns = QStringList{
        QStringLiteral("failed_fraction"),        QStringLiteral("paper_p"),
        QStringLiteral("chordlab_failed"),        QStringLiteral("skip_failed_r1"),
        QStringLiteral("skip_failed_r%1").arg(r), QStringLiteral("keys_lost_r1"),
        QStringLiteral("keys_lost_r%1").arg(r),   QStringLiteral("skip_routing_failed"),
        QStringLiteral("skip_ok_contacted_mean"), QStringLiteral("skip_ok_timeouts_mean")};
    t.plotColumns = {1, 2, 3, 4};
    t.notes
        << QStringLiteral("%1 nodes (%2 ids), %3 successors, %4 lookups per fraction from random "
                          "live nodes for random hashed keys; %5-bit ids; seed %6")
               .arg(n)
               .arg(placementName(params.placement))
               .arg(params.successors)
               .arg(params.lookups)
               .arg(params.bits)
               .arg(params.seed)
        << QStringLiteral("the failed nodes are drawn at random and fail at once; no node has "
                          "run stabilize, fix-fingers or a takeover since (tables as before)")
        << QStringLiteral("chordlab_failed: ChordNode::lookup as it is (a silent hop ends the "
                          "attempt, %1 attempts, the initiator forgets the dead peer) followed by "
                          "a read, which only the key's owner answers: replication does not "
                          "change it before the successor takes the arc over")
               .arg(LookupAttempts)
        << QStringLiteral("skip_*: the paper's simulator (a timed-out node is skipped, the node "
                          "that named it is asked again), ending on the first live successor; "
                          "r1 = no replication (the key is there only if its owner lives), r%1 = "
                          "the key on its owner and %2 successors (chord-node --replicas %1)")
               .arg(r)
               .arg(r - 1)
        << QStringLiteral("keys_lost_r*: the share of looked-up keys whose every copy was on a "
                          "failed node (the floor of any lookup); paper_p: the paper's result, "
                          "failed lookups ~= p");
    return t;
}

// Exactly `failing` of `size` nodes marked dead, chosen at random (a partial Fisher-Yates
// shuffle).
std::vector<char> failAtRandom(int size, int failing, SimRandom &rnd) {
    std::vector<int> order(std::size_t(size), 0);
    for (int i = 0; i < size; ++i)
        order[std::size_t(i)] = i;
    std::vector<char> dead(std::size_t(size), 0);
    for (int i = 0; i < failing; ++i) {
        const int j = i + int(rnd.below(quint64(size - i)));
        std::swap(order[std::size_t(i)], order[std::size_t(j)]);
        dead[std::size_t(order[std::size_t(i)])] = 1;
    }
    return dead;
}

// The nodes that did not fail, in ring order.
std::vector<int> liveNodes(const std::vector<char> &dead) {
    std::vector<int> live;
    for (std::size_t i = 0; i < dead.size(); ++i) {
        if (!dead[i])
            live.push_back(int(i));
    }
    return live;
}

// What the lookups of one failed fraction came to: how many failed each way, and the cost of
// those that ended well skipping dead nodes.
struct FailureTally {
    qint64 chordlabFailed = 0, skipFailed1 = 0, skipFailedR = 0, lost1 = 0, lostR = 0,
           routingFailed = 0;
    std::vector<double> contacted, timeouts;
};

// One lookup of each key from a random live node under both failure policies, with r copies
// of each key when replication is on.
FailureTally tallyLookups(const IdealRing &ring, const std::vector<Id> &keys,
                          const std::vector<char> &dead, int r, SimRandom &rnd) {
    const std::vector<int> live = liveNodes(dead);
    FailureTally f;
    for (Id k : keys) {
        const int from = live[std::size_t(rnd.below(quint64(live.size())))];
        const int owner = ring.ownerOf(k);
        // How far the first live successor of the key is from its owner: the key survives
        // with r copies when that is below r.
        int firstLive = 0;
        while (firstLive < ring.size() && dead[std::size_t(ring.next(owner, firstLive))])
            ++firstLive;
        f.lost1 += firstLive >= 1;
        f.lostR += firstLive >= r;
        const LookupCost c = lookup(ring, from, k, dead, FailurePolicy::ChordLab);
        f.chordlabFailed += !c.ok;
        const LookupCost s = lookup(ring, from, k, dead, FailurePolicy::SkipDead);
        f.routingFailed += !s.ok;
        f.skipFailed1 += !s.ok || firstLive >= 1;
        f.skipFailedR += !s.ok || firstLive >= r;
        if (s.ok) {
            f.contacted.push_back(s.contacted);
            f.timeouts.push_back(s.timeouts);
        }
    }
    return f;
}

// A row of figure 13: the fraction of nodes that failed, the paper's p, and each count of the
// tally as a share of the `lookups` lookups.
QList<double> failedLookupsRow(double failedFraction, double p, const FailureTally &f,
                               qsizetype lookups) {
    const double m = double(std::max<qsizetype>(1, lookups));
    return QList<double>{failedFraction,
                         p,
                         double(f.chordlabFailed) / m,
                         double(f.skipFailed1) / m,
                         double(f.skipFailedR) / m,
                         double(f.lost1) / m,
                         double(f.lostR) / m,
                         double(f.routingFailed) / m,
                         summarize(f.contacted).mean,
                         summarize(f.timeouts).mean};
}

} // namespace

Table failedLookups(const Params &params, const Progress &progress) {
    const int n = params.nodes.value(0, 10000);
    const int r = std::max(1, params.replicas);
    Table t = failedLookupsTable(params, n, r);
    const IdSpace space(params.bits);
    const quint64 seed = ringSeed(params, n);
    const IdealRing ring(space, placeNodes(space, params.placement, n, seed), params.successors);
    const std::vector<Id> keys = keyIds(space, params.lookups, seed);
    qsizetype done = 0;
    for (double p : params.failFractions) {
        SimRandom rnd(seed ^ quint64(std::llround(p * 1e6)) ^ 0x6661696cULL);
        const int failing = std::min(ring.size() - 1, int(std::llround(p * ring.size())));
        const std::vector<char> dead = failAtRandom(ring.size(), failing, rnd);
        const FailureTally f = tallyLookups(ring, keys, dead, r, rnd);
        t.rows << failedLookupsRow(double(failing) / double(ring.size()), p, f,
                                   qsizetype(keys.size()));
        if (!carryOn(progress, double(++done) / double(params.failFractions.size()), &t))
            return t;
    }
    return t;
}

} // namespace Chord::Experiments
