#pragma once

// The Chord paper's experiments (Stoica et al., SIGCOMM 2001, section 6), computed on
// ChordLab's own rules: node ids as chord-node picks them (SHA-1 of the address, or the
// widest-arc placement of a joiner without --id), keys as IdSpace::hashKey places them, and
// lookups routed with the step of ChordNode::findSuccessorStep / closestPrecedingNode over
// fingers and successor lists. Pure and deterministic: one seed gives one table.
//
// The rings are ideal: every finger and successor list is what fix-fingers and stabilize
// leave on a quiet ring, built directly rather than by running ten thousand ChordNodes
// (IdealRing). tst_experiments checks that this model routes exactly as real ChordNodes do
// under chord-sim on a small ring.

#include "IdSpace.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace Chord::Experiments {

// ChordNode's constants of a lookup (nodecore/protocol/ChordNodeInternal.h), which this library
// does not link; tst_experiments_sim checks that they agree.
inline constexpr int MaxLookupHops = 160;
inline constexpr int LookupAttempts = 4;

// Mean and nearest-rank percentiles (the p-th percentile is the ceil(p/100 * n)-th smallest
// value) of a sample.
struct Stats {
    qsizetype count = 0;
    double mean = 0;
    double p1 = 0;
    double p99 = 0;
    double min = 0;
    double max = 0;
};
Stats summarize(std::vector<double> values);

enum class Placement {
    Hashed,    // id = SHA-1 of the node's address (the paper; chord-node's first node, --id absent)
    WidestArc, // each joiner takes the middle third of the widest of 32 arcs (chord-node joiners)
};
QString placementName(Placement p);

// N distinct node ids: the SHA-1 of N distinct made-up addresses "10.a.b.c:port".
std::vector<Id> hashedIds(const IdSpace &space, int nodes, quint64 seed);
// N node ids grown as N chord-nodes without --id would join one by one: the first takes the
// hash of its address, each joiner the middle third (at random) of the widest arc among the
// 32 consecutive nodes that follow a random point (ChordNode::widestArcId and pickInArc).
std::vector<Id> widestArcIds(const IdSpace &space, int nodes, quint64 seed, int sample = 32);
std::vector<Id> placeNodes(const IdSpace &space, Placement p, int nodes, quint64 seed);
// Key ids: IdSpace::hashKey of the key names "k<seed>-<i>".
std::vector<Id> keyIds(const IdSpace &space, qint64 keys, quint64 seed);

// How many keys each point of the ring owns: point i owns (id[i-1], id[i]] (sorted ids).
std::vector<qint64> keysPerPoint(const std::vector<Id> &sortedIds, const std::vector<Id> &keys);

// A quiet ring: sorted ids, and for each node its fingers (successor(n + 2^i), i < m) and its
// first `successors` successors, as ChordNode holds them.
class IdealRing {
public:
    IdealRing(const IdSpace &space, std::vector<Id> ids, int successors = 4);

    const IdSpace &space() const { return m_space; }
    int size() const { return int(m_ids.size()); }
    Id id(int node) const { return m_ids[std::size_t(node)]; }
    // The index of successor(x): the first node at or after x, clockwise.
    int ownerOf(Id x) const;
    int next(int node, int k = 1) const { return (node + k) % size(); }
    int previous(int node) const { return (node + size() - 1) % size(); }
    // Distinct finger targets of a node, in finger order (repeats of one node dropped).
    const std::vector<int> &fingers(int node) const { return m_fingers[std::size_t(node)]; }

    // One routing step at `node`, as ChordNode::findSuccessorStep answers it: done with the
    // owner, or the closest preceding node to ask next. Nodes for which `skip` returns true are
    // left out of the node's fingers and successor list (an initiator that saw them time
    // out); the answer is nullopt when neither a finger nor a successor is left. With
    // keepLastSuccessor the last successor stays even when skipped, as ChordNode::forgetPeer keeps
    // it.
    struct Step {
        bool done = false;
        int node = -1;
    };
    std::optional<Step> step(int node, Id x, const std::function<bool(int)> &skip = {},
                             bool keepLastSuccessor = false) const;

private:
    IdSpace m_space;
    std::vector<Id> m_ids;
    int m_successors;
    std::vector<std::vector<int>> m_fingers;
};

// One lookup and what it cost. "Nodes contacted" is what ChordLab calls hops: the remote
// nodes the initiator asks for a step (iterative routing; the initiator asks itself first,
// for free). "Messages" counts each request and each answer: twice the nodes contacted, less
// the answers of nodes that did not answer.
struct LookupCost {
    bool ok = false;   // ended on the right live node
    int owner = -1;    // the node the lookup ended on
    int contacted = 0; // remote nodes asked (including dead ones, which time out)
    int messages = 0;  // requests + answers
    int timeouts = 0;  // requests to dead nodes
};

// How a lookup meets nodes that failed and are not repaired yet.
enum class FailurePolicy {
    // ChordNode::lookup as it is: a hop that does not answer ends the attempt; the initiator
    // forgets that peer (in its own tables only) and tries again, LookupAttempts times in all.
    // The other nodes still name the dead node. The owner named must be the key's owner and
    // alive (a read goes to the owner only).
    ChordLab,
    // The paper's simulator: a node that times out is skipped and the node that named it is
    // asked for its next best candidate (fingers, then the successor list); the lookup ends
    // on the first live successor of the key.
    SkipDead,
};

// Lookup of x from `from`. `dead` (size() entries, or empty) marks nodes that failed.
LookupCost lookup(const IdealRing &ring, int from, Id x, const std::vector<char> &dead = {},
                  FailurePolicy policy = FailurePolicy::ChordLab);

// ---- real lookups against the model ------------------------------------------------------

// A lookup as a real ring answered it: from which node, for which id, with how many hops
// (GET /dht/lookup's hopCount) and which owner.
struct ObservedLookup {
    Id from = 0;
    Id id = 0;
    int hops = 0;
    Id owner = 0;
};
struct ReplayResult {
    int lookups = 0;
    int matching = 0;        // same hops and same owner as the model
    QStringList differences; // the first few that differ, described
};
// Each observed lookup routed on the ideal ring of `nodeIds` (the real ring's ids).
ReplayResult replay(const IdSpace &space, const std::vector<Id> &nodeIds, int successors,
                    const QList<ObservedLookup> &lookups);
// The replay file of chord-experiments --replay: "bits M", "successors S", "node ID" and
// "lookup FROM ID HOPS OWNER" lines (decimal ids; '#' starts a comment).
std::optional<ReplayResult> replayFile(const QString &text, QString *error);

// ---- the experiments --------------------------------------------------------------------

// A result: a table with the x values in column 0, and what to plot.
struct Table {
    QString figure; // "10", "8", "9", "13"
    QString title;
    QString xLabel;
    QString yLabel;
    bool logX = false;
    QStringList columns;
    QList<QList<double>> rows;
    QList<int> plotColumns; // the columns drawn as series against column 0
    QStringList notes;      // what was computed and how (printed above the table, CSV comments)
    QString command;        // the chord-experiments command line that reproduces it

    QString toCsv() const;  // '#' comment lines with the notes, a header, one row per line
    QString toText() const; // aligned columns for a terminal
};

struct Params {
    int figure = 10;
    QList<int> nodes;            // figure 10: ring sizes; 8, 9, 13: the first entry
    QList<qint64> keys;          // figure 8: key counts; 9 and 13: the first entry
    QList<int> virtualNodes;     // figure 9: virtual nodes per real node
    QList<double> failFractions; // figure 13
    int lookups = 10000;         // figures 10 and 13: lookups per ring (per fraction)
    int successors = 4;          // successor list length (chord-node --successors)
    int replicas = 3;            // figure 13, "replication on" (chord-node --replicas)
    int bits = 64;               // identifier bits (chord-node --bits)
    int runs = 1;                // figures 8 and 9: independent rings pooled
    quint64 seed = 1;
    Placement placement = Placement::Hashed; // figure 13
};

// The paper's settings, scaled where noted in the table's notes.
Params defaults(int figure);
// Progress in [0, 1]; return false to stop (run then returns the rows computed so far).
using Progress = std::function<bool(double)>;
Table run(const Params &params, const Progress &progress = {});
QString commandLine(const Params &params);

Table pathLength(const Params &params, const Progress &progress = {});    // figure 10
Table keysPerNode(const Params &params, const Progress &progress = {});   // figure 8
Table virtualNodes(const Params &params, const Progress &progress = {});  // figure 9
Table failedLookups(const Params &params, const Progress &progress = {}); // figure 13

} // namespace Chord::Experiments
