#pragma once

#include "SplitMix64.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Chord {

// Link faults injected on purpose (issue 12; docs/API.md, "Link faults"): what this node does
// to the messages it exchanges with given peers. A pure table: it holds the faults that were
// set and draws, from its own seeded generator, what happens to each message. The node applies
// it on both sides of its node-to-node traffic: the calls it makes (FaultyPeerClient) and the
// calls it receives from other nodes (the HTTP server, by the caller's X-Chord-From header).
// A client's own requests never pass through it.

// Which of this node's messages to or from a peer a fault applies to: Out, the calls it sends
// to the peer; In, the calls the peer sends to it.
enum class LinkDirection { Out, In };

struct LinkFault {
    int delayMs = 0;  // every message waits this long ...
    int jitterMs = 0; // ... plus a uniform draw in [0, jitterMs]
    double loss = 0;  // the chance that a message is lost, 0..1
    bool cut = false; // every message is lost

    bool any() const { return cut || loss > 0 || delayMs > 0 || jitterMs > 0; }
    bool operator==(const LinkFault &) const = default;
};

// One rule as it was set: a peer (host:port), the directions it applies to, the fault.
struct LinkRule {
    QString peer;
    bool out = true;
    bool in = true;
    LinkFault fault;

    bool operator==(const LinkRule &) const = default;
};

// The whole table, as PUT /dht/faults sets it and GET /dht/faults shows it.
struct LinkFaultTable {
    QList<LinkRule> links;
    // Groups of host:port addresses. When set, this node is in exactly one of them and every
    // message to or from an address outside its group is lost (both directions).
    QList<QStringList> partition;
    // The generator's seed: the same seed draws the same sequence of losses and jitters.
    quint64 seed = 0;

    bool operator==(const LinkFaultTable &) const = default;
};

// What happens to one message.
struct LinkVerdict {
    bool drop = false;
    bool cut = false; // dropped because the link is cut (or partitioned), not by chance
    int delayMs = 0;  // when not dropped: how long it waits first
};

class LinkFaults {
public:
    static constexpr int MaxDelayMs = 600000;
    static constexpr int MaxLinks = 1024;
    static constexpr int MaxPartitionAddresses = 4096;

    // self: this node's own address (host:port), which a partition must place in one group.
    explicit LinkFaults(QString self = {});

    // An address as the table keys it: "host:port" with host an IPv4 address or "localhost"
    // (read as 127.0.0.1), port 1..65535. Nothing for anything else.
    static std::optional<QString> normalizeAddress(const QString &text);
    // Why this table cannot be set on the node at `self`, or empty: ranges (delay and jitter
    // 0..MaxDelayMs, loss 0..1), addresses, a peer and direction given twice, a link to the node
    // itself, an address in two groups, a partition without this node.
    static QString validate(const LinkFaultTable &table, const QString &self);

    const QString &self() const { return m_self; }

    // Replaces the table (and reseeds the generator); on an invalid one changes nothing and
    // returns why.
    QString set(LinkFaultTable table);
    // Heals every link.
    void clear();
    const LinkFaultTable &table() const { return m_table; }
    bool empty() const { return m_out.isEmpty() && m_in.isEmpty() && m_groupOf.isEmpty(); }
    // Faulted links: (peer, direction) pairs with a fault, plus the partition's groups other
    // than this node's (each one cut).
    int count() const;

    // What happens to the next such message: draws from the generator for loss and jitter.
    LinkVerdict decide(const QString &peer, LinkDirection direction);

    struct Counters {
        quint64 droppedOut = 0;
        quint64 droppedIn = 0;
        quint64 delayedOut = 0;
        quint64 delayedIn = 0;
    };
    const Counters &counters() const { return m_counters; }

private:
    // The fault on this node's messages to (Out) or from (In) peer, partition included.
    LinkFault faultFor(const QString &peer, LinkDirection direction) const;
    // The lookups (by peer, by address for the partition) rebuilt from m_table.
    void index();

    QString m_self;
    LinkFaultTable m_table;
    QHash<QString, LinkFault> m_out;
    QHash<QString, LinkFault> m_in;
    QHash<QString, int> m_groupOf; // address -> group, while partitioned
    int m_ownGroup = -1;
    SplitMix64 m_random; // the same sequence on every platform
    Counters m_counters;
};

} // namespace Chord
