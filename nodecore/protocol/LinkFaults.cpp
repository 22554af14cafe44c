#include "LinkFaults.h"

#include <QSet>

namespace Chord {

LinkFaults::LinkFaults(QString self)
    : m_self(std::move(self)) {}

std::optional<QString> LinkFaults::normalizeAddress(const QString &text) {
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0 || text.count(QLatin1Char(':')) != 1)
        return std::nullopt;
    QString host = text.left(colon);
    const QString portText = text.mid(colon + 1);
    bool ok = false;
    const uint port = portText.toUInt(&ok);
    if (!ok || port == 0 || port > 65535 || portText.startsWith(QLatin1Char('+')) ||
        portText.size() > 5)
        return std::nullopt;
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        host = QStringLiteral("127.0.0.1");
    } else {
        const QStringList parts = host.split(QLatin1Char('.'));
        if (parts.size() != 4)
            return std::nullopt;
        QStringList canonical;
        for (const QString &part : parts) {
            if (part.isEmpty() || part.size() > 3)
                return std::nullopt;
            for (const QChar c : part) {
                if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                    return std::nullopt;
            }
            const uint octet = part.toUInt();
            if (octet > 255)
                return std::nullopt;
            canonical << QString::number(octet);
        }
        host = canonical.join(QLatin1Char('.'));
    }
    return host + QLatin1Char(':') + QString::number(port);
}

QString LinkFaults::validate(const LinkFaultTable &table, const QString &self) {
    if (table.links.size() > MaxLinks)
        return QStringLiteral("at most %1 links").arg(MaxLinks);
    QSet<QString> seenOut;
    QSet<QString> seenIn;
    for (const LinkRule &rule : table.links) {
        const auto peer = normalizeAddress(rule.peer);
        if (!peer)
            return QStringLiteral("peer '%1' is not host:port (an IPv4 address or localhost, "
                                  "port 1..65535)")
                .arg(rule.peer.left(80));
        if (*peer == self)
            return QStringLiteral("peer %1 is this node itself").arg(*peer);
        if (!rule.out && !rule.in)
            return QStringLiteral("link to %1 applies to no direction").arg(*peer);
        const LinkFault &f = rule.fault;
        if (f.delayMs < 0 || f.delayMs > MaxDelayMs || f.jitterMs < 0 || f.jitterMs > MaxDelayMs)
            return QStringLiteral("link to %1: delayMs and jitterMs must be 0..%2")
                .arg(*peer)
                .arg(MaxDelayMs);
        if (!(f.loss >= 0 && f.loss <= 1))
            return QStringLiteral("link to %1: loss must be 0..1").arg(*peer);
        if ((rule.out && seenOut.contains(*peer)) || (rule.in && seenIn.contains(*peer)))
            return QStringLiteral("link to %1 is given twice for one direction").arg(*peer);
        if (rule.out)
            seenOut.insert(*peer);
        if (rule.in)
            seenIn.insert(*peer);
    }
    if (table.partition.isEmpty())
        return {};
    QSet<QString> placed;
    qsizetype addresses = 0;
    bool selfPlaced = false;
    for (const QStringList &group : table.partition) {
        if (group.isEmpty())
            return QStringLiteral("a partition group is empty");
        addresses += group.size();
        if (addresses > MaxPartitionAddresses)
            return QStringLiteral("at most %1 addresses in a partition").arg(MaxPartitionAddresses);
        for (const QString &text : group) {
            const auto address = normalizeAddress(text);
            if (!address)
                return QStringLiteral("partition address '%1' is not host:port").arg(text.left(80));
            if (placed.contains(*address))
                return QStringLiteral("%1 is in two partition groups").arg(*address);
            placed.insert(*address);
            selfPlaced = selfPlaced || *address == self;
        }
    }
    if (!selfPlaced)
        return QStringLiteral("this node (%1) is in none of the partition groups").arg(self);
    return {};
}

QString LinkFaults::set(LinkFaultTable table) {
    const QString error = validate(table, m_self);
    if (!error.isEmpty())
        return error;
    // Kept normalized, so that GET shows the addresses the node compares.
    for (LinkRule &rule : table.links)
        rule.peer = *normalizeAddress(rule.peer);
    for (QStringList &group : table.partition) {
        for (QString &address : group)
            address = *normalizeAddress(address);
    }
    m_random = SplitMix64(table.seed);
    m_table = std::move(table);
    index();
    return {};
}

void LinkFaults::clear() {
    const quint64 seed = m_table.seed;
    m_table = LinkFaultTable{};
    m_table.seed = seed;
    index();
}

void LinkFaults::index() {
    m_out.clear();
    m_in.clear();
    m_groupOf.clear();
    m_ownGroup = -1;
    for (const LinkRule &rule : m_table.links) {
        if (rule.out)
            m_out.insert(rule.peer, rule.fault);
        if (rule.in)
            m_in.insert(rule.peer, rule.fault);
    }
    for (int g = 0; g < m_table.partition.size(); ++g) {
        for (const QString &address : m_table.partition[g]) {
            m_groupOf.insert(address, g);
            if (address == m_self)
                m_ownGroup = g;
        }
    }
}

int LinkFaults::count() const {
    int n = 0;
    for (const LinkFault &f : m_out)
        n += f.any() ? 1 : 0;
    for (const LinkFault &f : m_in)
        n += f.any() ? 1 : 0;
    if (!m_table.partition.isEmpty())
        n += int(m_table.partition.size()) - 1;
    return n;
}

LinkFault LinkFaults::faultFor(const QString &peer, LinkDirection direction) const {
    if (m_ownGroup >= 0 && m_groupOf.value(peer, -1) != m_ownGroup) {
        LinkFault cut;
        cut.cut = true;
        return cut;
    }
    const QHash<QString, LinkFault> &links = direction == LinkDirection::Out ? m_out : m_in;
    return links.value(peer);
}

LinkVerdict LinkFaults::decide(const QString &peer, LinkDirection direction) {
    LinkVerdict v;
    if (empty())
        return v;
    const LinkFault f = faultFor(peer, direction);
    if (!f.any())
        return v;
    const bool out = direction == LinkDirection::Out;
    // The draws are made in a fixed order (loss, then jitter), each only when it can matter,
    // so that one seed gives one sequence of verdicts for one sequence of messages.
    v.cut = f.cut || f.loss >= 1;
    v.drop = v.cut || (f.loss > 0 && m_random.unit() < f.loss);
    if (v.drop) {
        ++(out ? m_counters.droppedOut : m_counters.droppedIn);
        return v;
    }
    v.delayMs = f.delayMs + (f.jitterMs > 0 ? int(m_random.next() % quint64(f.jitterMs + 1)) : 0);
    if (v.delayMs > 0)
        ++(out ? m_counters.delayedOut : m_counters.delayedIn);
    return v;
}

} // namespace Chord
