#include "RingController.h"

#include "HttpPeerClient.h"
#include "NodeClient.h"
#include "RingPainter.h"
#include "TimeControl.h"

#include <QCoreApplication>
#include <QPointer>

#include <algorithm>

namespace ChordLab {

using namespace Qt::StringLiterals;
using State = Chord::NodeProcess::State;

RingController::RingController(QObject *parent)
    : QObject(parent)
    , m_transport(std::make_unique<Chord::Http::HttpPeerClient>())
    , m_client(std::make_unique<NodeClient>(*m_transport))
    , m_cluster(new LocalCluster(m_client.get(), this))
    , m_monitor(new RingMonitor(m_client.get(), this))
    , m_animation(new LookupAnimation(this))
    , m_time(new TimeControl(m_client.get(), m_monitor, this))
    // Unique among the apps watching one ring: ops of other clients are animated.
    , m_opPrefix("app" + QByteArray::number(QCoreApplication::applicationPid()) + '-') {
    m_transport->setToken(qEnvironmentVariable("CHORD_TOKEN"));
    connect(m_cluster, &LocalCluster::nodeStarted, this, [this](Chord::NodeProcess *p) {
        connect(p, &Chord::NodeProcess::listening, this,
                [this, p](const QString &host, quint16 port) {
                    m_monitor->watch(host, port, p->spec().name);
                    m_monitor->setProcess(p->address(), p->pid(), p->state());
                });
    });
    connect(m_cluster, &LocalCluster::nodeStateChanged, this, [this](Chord::NodeProcess *p) {
        if (p->port() != 0)
            m_monitor->setProcess(p->address(), p->pid(), p->state());
    });
    connect(m_monitor, &RingMonitor::lookupObserved, this, &RingController::onLookupObserved);
}

RingController::~RingController() {
    m_animation->stop();
    // The children use the client: they go first (QObject would delete them only after the
    // members, the client among them, are gone). The cluster first: stopping its processes
    // reports to the monitor.
    delete m_cluster;
    delete m_time;
    delete m_monitor;
    delete m_animation;
}

Chord::NodeRef RingController::refFor(const QString &address) const {
    if (const NodeSnapshot *n = m_monitor->snapshot().find(address))
        return n->ref;
    Chord::NodeRef r;
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    r.host = address.left(colon);
    r.port = quint16(address.mid(colon + 1).toUInt());
    r.name = address;
    return r;
}

QByteArray RingController::newOp() {
    return m_opPrefix + QByteArray::number(++m_ops);
}

QString RingController::anyLiveNode() const {
    for (const NodeSnapshot &n : m_monitor->snapshot().nodes) {
        if (n.isLive())
            return n.address();
    }
    return {};
}

void RingController::bootRing(const BootOptions &options) {
    m_animation->stop();
    m_time->reset(options.stabilizeMs);
    m_cluster->boot(options);
    m_monitor->forgetAll();
}

Chord::NodeProcess *RingController::addNode(const QString &viaAddress) {
    const QString via = viaAddress.isEmpty() ? anyLiveNode() : viaAddress;
    return m_cluster->addNode(via);
}

void RingController::attach(const QString &host, quint16 port) {
    m_monitor->watch(host, port);
}

void RingController::crash(const QString &address) {
    if (Chord::NodeProcess *p = m_cluster->process(address))
        p->crash();
}

void RingController::pause(const QString &address) {
    if (Chord::NodeProcess *p = m_cluster->process(address))
        p->pause();
}

QCoro::Task<ActionResult> RingController::resume(QString address) {
    Chord::NodeProcess *p = m_cluster->process(address);
    if (!p)
        co_return ActionResult{false, tr("%1 was not started by this app").arg(address)};
    const QString name = p->spec().name;
    p->resume();
    const auto pending = m_faultsOnResume.constFind(address);
    if (pending == m_faultsOnResume.cend())
        co_return ActionResult{true, tr("%1 resumed").arg(name)};
    const QList<QStringList> groups = *pending;
    m_faultsOnResume.erase(pending);
    QPointer<RingController> self(this);
    const auto r = groups.isEmpty() ? co_await m_client->healFaults(refFor(address))
                                    : co_await setPartition(refFor(address), groups);
    if (!self)
        co_return ActionResult{false, {}};
    if (!r.ok())
        co_return ActionResult{
            false, groups.isEmpty()
                       ? tr("%1 resumed, but its links could not be healed: %2").arg(name, r.error)
                       : tr("%1 resumed, but could not join the partition: %2").arg(name, r.error)};
    m_monitor->takeFaults(address, *r);
    co_return ActionResult{
        true, groups.isEmpty()
                  ? tr("%1 resumed and its links healed").arg(name)
                  : tr("%1 resumed and placed in its group of the partition").arg(name)};
}

void RingController::killAll(int graceMs) {
    m_animation->stop();
    m_cluster->stopAll(graceMs);
}

QCoro::Task<ActionResult> RingController::leave(QString address) {
    if (Chord::NodeProcess *p = m_cluster->process(address)) {
        // SIGTERM: the node hands its keys to its successor, rewires, then exits.
        p->stop(5000);
        co_return ActionResult{true, tr("%1 is leaving the ring").arg(p->spec().name)};
    }
    const Chord::NodeRef ref = refFor(address);
    const auto r = co_await m_client->leave(ref);
    co_return r.ok() ? ActionResult{true, tr("%1 left the ring").arg(ref.name)}
                     : ActionResult{false, tr("%1 could not leave: %2").arg(ref.name, r.error)};
}

QCoro::Task<ActionResult> RingController::rejoin(QString address, QString viaAddress) {
    const Chord::NodeRef ref = refFor(address);
    const Chord::NodeRef via = refFor(viaAddress);
    const auto r = co_await m_client->join(ref, via);
    co_return r.ok()
        ? ActionResult{true, tr("%1 joined the ring through %2").arg(ref.name, via.name)}
        : ActionResult{false, tr("%1 could not join: %2").arg(ref.name, r.error)};
}

QCoro::Task<ActionResult> RingController::store(QString viaAddress, QString key, QString value) {
    const Chord::NodeRef via = refFor(viaAddress);
    const auto r = co_await m_client->put(via, key, value, newOp());
    if (!r.ok())
        co_return ActionResult{false, tr("store of “%1” failed: %2").arg(key, r.error)};
    co_return ActionResult{true, tr("stored “%1” on %2").arg(key, r->name)};
}

QCoro::Task<ActionResult> RingController::remove(QString viaAddress, QString key) {
    const Chord::NodeRef via = refFor(viaAddress);
    const auto r = co_await m_client->remove(via, key, newOp());
    co_return r.ok() ? ActionResult{true, tr("deleted “%1”").arg(key)}
                     : ActionResult{false, tr("delete of “%1” failed: %2").arg(key, r.error)};
}

QCoro::Task<ActionResult> RingController::fetch(QString viaAddress, QString key) {
    const Chord::NodeRef via = refFor(viaAddress);
    const auto r = co_await m_client->get(via, key, newOp());
    if (!r.ok())
        co_return ActionResult{false, tr("read of “%1” failed: %2").arg(key, r.error)};
    if (!r.value->has_value())
        co_return ActionResult{true, tr("“%1” is not stored").arg(key)};
    co_return ActionResult{true, tr("“%1” = “%2”").arg(key, **r.value)};
}

QCoro::Task<Chord::PeerResult<Chord::LookupResult>> RingController::traceLookup(QString viaAddress,
                                                                                QString key) {
    const Chord::NodeRef via = refFor(viaAddress);
    // Animated from the answer, at once; the same lookup's event in the initiator's feed is
    // recognised by its op and not animated again.
    const QByteArray op = newOp();
    m_ownLookups.push_back(QString::fromLatin1(op));
    if (m_ownLookups.size() > 64)
        m_ownLookups.pop_front();
    QPointer<RingController> self(this);
    auto r = co_await m_client->lookup(via, key, op);
    if (!self)
        co_return Chord::PeerResult<Chord::LookupResult>::failure(u"the app is closing"_s);
    if (r.ok()) {
        m_animation->play(via, *r);
        emit lookupTraced(via, *r);
    }
    co_return r;
}

QCoro::Task<ActionResult> RingController::lookup(QString viaAddress, QString key) {
    QPointer<RingController> self(this);
    const auto r = co_await traceLookup(viaAddress, key);
    if (!self)
        co_return ActionResult{false, {}};
    if (!r.ok())
        co_return ActionResult{false, tr("lookup of “%1” failed: %2").arg(key, r.error)};
    const Chord::LookupResult &trace = *r;
    co_return ActionResult{
        true, tr("“%1” (id %2) is owned by %3: %n hop(s)", nullptr, int(trace.hops.size()))
                  .arg(key)
                  .arg(trace.id)
                  .arg(trace.owner.name)};
}

QString RingController::linkAddress(const QString &address) {
    return Chord::LinkFaults::normalizeAddress(address).value_or(address);
}

QCoro::Task<ActionResult> RingController::setLinkFault(QString from, QString to,
                                                       Chord::LinkFault fault, bool bothWays) {
    const Chord::NodeRef a = refFor(from);
    const Chord::NodeRef b = refFor(to);
    if (linkAddress(from) == linkAddress(to))
        co_return ActionResult{false, tr("A link needs two different nodes")};
    QPointer<RingController> self(this);
    // Read, edit, write: the other rules of from's table and its partition stay.
    const auto current = co_await m_client->faults(a, 3000);
    if (!self)
        co_return ActionResult{false, {}};
    if (!current.ok())
        co_return ActionResult{
            false, tr("Could not read the link faults of %1: %2").arg(a.name, current.error)};
    Chord::LinkFaultTable table = *current;
    const QString peer = linkAddress(to);
    table.links.removeIf([&](const Chord::LinkRule &r) { return linkAddress(r.peer) == peer; });
    if (fault.any())
        table.links.append(Chord::LinkRule{peer, true, bothWays, fault});
    table.seed = 0; // a new draw
    const auto r = co_await m_client->setFaults(a, table);
    if (!self)
        co_return ActionResult{false, {}};
    if (!r.ok())
        co_return ActionResult{false,
                               tr("Could not set the link %1–%2: %3").arg(a.name, b.name, r.error)};
    m_monitor->takeFaults(from, *r);
    if (!fault.any())
        co_return ActionResult{true, tr("Link %1–%2 healed").arg(a.name, b.name)};
    co_return ActionResult{
        true, tr("Link %1%2%3: %4")
                  .arg(a.name, bothWays ? u"–"_s : u"→"_s, b.name, RingPainter::faultLabel(fault))};
}

QCoro::Task<std::optional<QStringList>> RingController::eachNode(QStringList addresses,
                                                                 TableCall call) {
    QPointer<RingController> self(this);
    QStringList failures;
    for (const QString &address : addresses) {
        const Chord::NodeRef ref = refFor(address);
        const auto r = co_await call(ref);
        if (!self)
            co_return std::nullopt;
        if (r.ok())
            m_monitor->takeFaults(address, *r);
        else
            failures << u"%1 (%2)"_s.arg(ref.name, r.error);
    }
    co_return failures;
}

QCoro::Task<Chord::PeerResult<Chord::LinkFaultTable>>
RingController::setPartition(Chord::NodeRef node, QList<QStringList> groups) {
    // Read, edit, write: the node's links stay, those set elsewhere since the last poll too.
    const auto current = co_await m_client->faults(node, 3000);
    if (!current.ok())
        co_return current;
    Chord::LinkFaultTable table = *current;
    table.partition = groups;
    table.seed = 0;
    co_return co_await m_client->setFaults(node, table);
}

QCoro::Task<ActionResult> RingController::partition(QList<QStringList> groups) {
    QList<QStringList> normalized;
    QStringList live;
    QStringList paused;
    for (const QStringList &g : groups) {
        if (g.isEmpty())
            co_return ActionResult{false, tr("A partition needs nodes on both sides")};
        QStringList n;
        for (const QString &address : g) {
            n << linkAddress(address);
            const NodeSnapshot *node = m_monitor->snapshot().find(address);
            if (node && node->isLive())
                live << address;
            else if (node && node->health == NodeHealth::Paused && m_cluster->process(address))
                paused << address; // a stopped process cannot answer: when resumed
        }
        normalized << n;
    }
    if (normalized.size() < 2)
        co_return ActionResult{false, tr("A partition needs nodes on both sides")};
    for (const QString &address : std::as_const(paused))
        m_faultsOnResume.insert(address, normalized);
    const auto failures = co_await eachNode(
        live, [this, normalized](const Chord::NodeRef &n) { return setPartition(n, normalized); });
    if (!failures)
        co_return ActionResult{false, {}};
    if (!failures->isEmpty())
        co_return ActionResult{false, tr("Partition not set on %1").arg(failures->join(u", "_s))};
    const QString split =
        tr("The ring is split into %n group(s) (%1 nodes)", nullptr, int(groups.size()))
            .arg(live.size());
    if (paused.isEmpty())
        co_return ActionResult{true, split};
    co_return ActionResult{
        true, split + tr("; paused nodes join it when resumed (%1)").arg(paused.size())};
}

QCoro::Task<ActionResult> RingController::healAll() {
    QStringList live;
    int later = 0;
    for (const NodeSnapshot &n : m_monitor->snapshot().nodes) {
        if (n.health == NodeHealth::Paused && m_cluster->process(n.address())) {
            // A stopped process cannot answer; it would come back with its old faults.
            m_faultsOnResume.insert(n.address(), {});
            ++later;
        } else if (n.isLive()) {
            live << n.address();
        }
    }
    const auto failures = co_await eachNode(
        live, [this](const Chord::NodeRef &n) { return m_client->healFaults(n); });
    if (!failures)
        co_return ActionResult{false, {}};
    if (!failures->isEmpty())
        co_return ActionResult{false, tr("Could not heal %1").arg(failures->join(u", "_s))};
    const int healed = int(live.size());
    if (later)
        co_return ActionResult{true, tr("Every link healed (%n node(s)); paused nodes are healed "
                                        "when resumed (%1)",
                                        nullptr, healed)
                                         .arg(later)};
    co_return ActionResult{true, tr("Every link healed (%n node(s))", nullptr, healed)};
}

QCoro::Task<ActionResult> RingController::releaseUnavailable(QString address) {
    const Chord::NodeRef node = refFor(address);
    QPointer<RingController> self(this);
    const auto r = co_await m_client->releaseUnavailable(node);
    if (!self)
        co_return ActionResult{false, {}};
    if (!r.ok())
        co_return ActionResult{false, tr("%1 could not release: %2").arg(node.name, r.error)};
    if (!*r)
        co_return ActionResult{true, tr("%1 had no unavailable keys").arg(node.name)};
    m_monitor->pollNow();
    co_return ActionResult{true, tr("%1 serves the ids in (%2, %3] from what the ring holds; "
                                    "writes only the lost nodes held are gone")
                                     .arg(node.name)
                                     .arg((*r)->from)
                                     .arg((*r)->to)};
}

void RingController::onLookupObserved(const Chord::NodeRef &initiator,
                                      const Chord::LookupResult &lookup, const QString &op) {
    if (!op.isEmpty() &&
        std::find(m_ownLookups.begin(), m_ownLookups.end(), op) != m_ownLookups.end())
        return;
    if (m_feedAnimated)
        m_animation->play(initiator, lookup);
    emit lookupTraced(initiator, lookup);
}

} // namespace ChordLab
