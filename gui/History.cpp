#include "History.h"

#include "ApiJson.h"

#include "JsonCodec.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>
#include <array>

namespace ChordLab {

using namespace Qt::StringLiterals;
namespace Json = Chord::Json;

namespace {

constexpr std::array<std::pair<NodeHealth, const char *>, 6> HealthNames{{
    {NodeHealth::Starting, "starting"},
    {NodeHealth::Alive, "alive"},
    {NodeHealth::Paused, "paused"},
    {NodeHealth::Leaving, "leaving"},
    {NodeHealth::Unreachable, "unreachable"},
    {NodeHealth::Dead, "dead"},
}};

QString healthKey(NodeHealth h) {
    for (const auto &[health, name] : HealthNames) {
        if (health == h)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<NodeHealth> healthOf(const QString &name) {
    for (const auto &[health, key] : HealthNames) {
        if (name == QLatin1String(key))
            return health;
    }
    return std::nullopt;
}

QJsonArray fromIds(const QList<Chord::Id> &ids) {
    QJsonArray a;
    for (Chord::Id id : ids)
        a.append(Json::fromId(id));
    return a;
}

std::optional<QList<Chord::Id>> toIds(const QJsonValue &value, const Chord::IdSpace &space) {
    if (!value.isArray())
        return std::nullopt;
    QList<Chord::Id> ids;
    for (const QJsonValue &v : value.toArray()) {
        const std::optional<Chord::Id> id = Json::toId(v, space);
        if (!id)
            return std::nullopt;
        ids.append(*id);
    }
    return ids;
}

QJsonObject fromNodeSnapshot(const NodeSnapshot &n) {
    QJsonArray fingers;
    for (const FingerEntry &f : n.fingers) {
        fingers.append(QJsonObject{{u"i"_s, f.i},
                                   {u"start"_s, Json::fromId(f.start)},
                                   {u"end"_s, Json::fromId(f.end)},
                                   {u"node"_s, Json::fromNode(f.node)}});
    }
    QJsonObject o{{u"node"_s, Json::fromNode(n.ref)},
                  {u"predecessor"_s, Json::fromNode(n.pred)},
                  {u"successor"_s, Json::fromNode(n.succ)},
                  {u"successors"_s, Json::fromNodes(n.successors)},
                  {u"fingers"_s, fingers},
                  {u"primaryKeys"_s, n.primaryKeys},
                  {u"replicaKeys"_s, n.replicaKeys},
                  {u"keys"_s, QJsonArray::fromStringList(n.keys)},
                  {u"state"_s, n.protocolState},
                  {u"health"_s, healthKey(n.health)},
                  {u"pid"_s, n.pid},
                  {u"uptimeMs"_s, n.uptimeMs},
                  {u"everSeen"_s, n.everSeen}};
    if (n.unavailable)
        o.insert(u"unavailable"_s, ApiJson::idRangeBody(n.unavailable));
    if (n.left) // only when it left (a file of a ring without leavers stays as it was)
        o.insert(u"left"_s, true);
    if (n.copiesFrom)
        o.insert(u"copiesFrom"_s, Json::fromId(*n.copiesFrom));
    // Its link faults as GET /dht/faults shows them, only when it has some (a file of a
    // healthy ring stays as it was).
    if (n.hasFaults()) {
        QString error;
        const QJsonObject faults = ApiJson::faultTableBody(n.faults, n.address(), &error);
        if (error.isEmpty())
            o.insert(u"faults"_s, faults);
    }
    return o;
}

Chord::OptionalNode toOptionalNode(const QJsonValue &v, bool *ok) {
    if (v.isNull() || v.isUndefined())
        return std::nullopt;
    const std::optional<Chord::NodeRef> n = Json::toNode(v);
    *ok = *ok && n.has_value();
    return n;
}

std::optional<NodeSnapshot> toNodeSnapshot(const QJsonValue &value, const Chord::IdSpace &space) {
    const QJsonObject o = value.toObject();
    const std::optional<Chord::NodeRef> ref = Json::toNode(o.value(u"node"_s));
    const std::optional<QList<Chord::NodeRef>> successors = Json::toNodes(o.value(u"successors"_s));
    const std::optional<NodeHealth> health = healthOf(o.value(u"health"_s).toString());
    if (!ref || !successors || !health)
        return std::nullopt;
    NodeSnapshot n;
    bool ok = true;
    n.ref = *ref;
    n.pred = toOptionalNode(o.value(u"predecessor"_s), &ok);
    n.succ = toOptionalNode(o.value(u"successor"_s), &ok);
    n.successors = *successors;
    for (const QJsonValue &fv : o.value(u"fingers"_s).toArray()) {
        const QJsonObject f = fv.toObject();
        const std::optional<Chord::Id> start = Json::toId(f.value(u"start"_s), space);
        const std::optional<Chord::Id> end = Json::toId(f.value(u"end"_s), space);
        const std::optional<Chord::NodeRef> node = Json::toNode(f.value(u"node"_s));
        if (!start || !end || !node)
            return std::nullopt;
        n.fingers.append({f.value(u"i"_s).toInt(), *start, *end, *node});
    }
    n.primaryKeys = o.value(u"primaryKeys"_s).toInt();
    n.replicaKeys = o.value(u"replicaKeys"_s).toInt();
    for (const QJsonValue &k : o.value(u"keys"_s).toArray())
        n.keys.append(k.toString());
    n.protocolState = o.value(u"state"_s).toString();
    n.left = o.value(u"left"_s).toBool();
    n.health = *health;
    n.pid = o.value(u"pid"_s).toInteger();
    n.uptimeMs = o.value(u"uptimeMs"_s).toInteger();
    n.everSeen = o.value(u"everSeen"_s).toBool();
    n.unavailable = ApiJson::readIdRange(o.value(u"unavailable"_s));
    if (o.contains(u"copiesFrom"_s)) {
        n.copiesFrom = Json::toId(o.value(u"copiesFrom"_s), space);
        if (!n.copiesFrom)
            return std::nullopt;
    }
    if (o.contains(u"faults"_s)) {
        const std::optional<Chord::LinkFaultTable> faults =
            ApiJson::readFaultTable(o.value(u"faults"_s).toObject());
        if (!faults || !o.value(u"faults"_s).isObject())
            return std::nullopt;
        n.faults = *faults;
    }
    if (!ok)
        return std::nullopt;
    return n;
}

// The same node but for its uptime, which every poll changes.
bool sameButUptime(const NodeSnapshot &a, const NodeSnapshot &b) {
    NodeSnapshot c = b;
    c.uptimeMs = a.uptimeMs;
    return a == c;
}

QHash<QString, const NodeSnapshot *> byAddress(const RingSnapshot &ring) {
    QHash<QString, const NodeSnapshot *> nodes;
    for (const NodeSnapshot &n : ring.nodes)
        nodes.insert(n.address(), &n);
    return nodes;
}

// A frame holds what its node lists, strings and keys share with the frame before it (Qt's
// implicit sharing): a node that changed only its uptime costs a struct, not a copy of its
// fingers and successors (docs/RECORDING.md, "What is recorded, and the bounds").
void shareWithPrevious(HistoryFrame &frame, const HistoryFrame &previous) {
    const QHash<QString, const NodeSnapshot *> before = byAddress(previous.ring);
    for (NodeSnapshot &n : frame.ring.nodes) {
        const NodeSnapshot *p = before.value(n.address());
        if (!p)
            continue;
        if (sameButUptime(n, *p)) {
            const qint64 uptime = n.uptimeMs;
            n = *p;
            n.uptimeMs = uptime;
            continue;
        }
        if (n.fingers == p->fingers)
            n.fingers = p->fingers;
        if (n.successors == p->successors)
            n.successors = p->successors;
        if (n.keys == p->keys)
            n.keys = p->keys;
    }
    if (frame.keyIds == previous.keyIds)
        frame.keyIds = previous.keyIds;
}

// Version 2 writes what changed since the previous frame: a node as it was there (but for
// its uptime) as {"same": address, "uptimeMs"}, and no "keyIds" when they did not change.
QJsonObject fromFrame(const HistoryFrame &f, const HistoryFrame *previous) {
    const QHash<QString, const NodeSnapshot *> before =
        previous ? byAddress(previous->ring) : QHash<QString, const NodeSnapshot *>();
    QJsonArray nodes;
    for (const NodeSnapshot &n : f.ring.nodes) {
        const NodeSnapshot *p = before.value(n.address());
        if (p && sameButUptime(n, *p))
            nodes.append(QJsonObject{{u"same"_s, n.address()}, {u"uptimeMs"_s, n.uptimeMs}});
        else
            nodes.append(fromNodeSnapshot(n));
    }
    QJsonObject o{{u"at"_s, f.atMs}, {u"bits"_s, f.ring.bits}, {u"nodes"_s, nodes}};
    if (!previous || previous->keyIds != f.keyIds)
        o.insert(u"keyIds"_s, fromIds(f.keyIds));
    return o;
}

std::optional<HistoryFrame> toFrame(const QJsonValue &value, const HistoryFrame *previous) {
    const QJsonObject o = value.toObject();
    const int bits = o.value(u"bits"_s).toInt();
    if (!o.value(u"at"_s).isDouble() || bits < Chord::IdSpace::MinBits ||
        bits > Chord::IdSpace::MaxBits || !o.value(u"nodes"_s).isArray())
        return std::nullopt;
    const Chord::IdSpace space(bits);
    HistoryFrame f;
    f.atMs = o.value(u"at"_s).toInteger();
    f.ring.bits = bits;
    for (const QJsonValue &nv : o.value(u"nodes"_s).toArray()) {
        if (nv.toObject().contains(u"same"_s)) {
            // As in the previous frame (version 2).
            const NodeSnapshot *p =
                previous ? previous->ring.find(nv.toObject().value(u"same"_s).toString()) : nullptr;
            if (!p)
                return std::nullopt;
            NodeSnapshot n = *p;
            n.uptimeMs = nv.toObject().value(u"uptimeMs"_s).toInteger();
            f.ring.nodes.append(std::move(n));
            continue;
        }
        std::optional<NodeSnapshot> n = toNodeSnapshot(nv, space);
        if (!n)
            return std::nullopt;
        f.ring.nodes.append(std::move(*n));
    }
    if (!o.contains(u"keyIds"_s) && previous) {
        f.keyIds = previous->keyIds;
    } else {
        std::optional<QList<Chord::Id>> keys = toIds(o.value(u"keyIds"_s), space);
        if (!keys)
            return std::nullopt;
        f.keyIds = std::move(*keys);
    }
    if (previous)
        shareWithPrevious(f, *previous);
    return f;
}

// Which marker a node's change of health between two frames makes, if any.
QString healthMarker(NodeHealth before, NodeHealth after) {
    if (after == before)
        return {};
    if (after == NodeHealth::Dead)
        return u"crash"_s;
    if (after == NodeHealth::Paused)
        return u"pause"_s;
    // Stopped by someone else than the app (SIGSTOP from a shell, a debugger): it stops
    // answering, which is all the app can tell.
    if (after == NodeHealth::Unreachable)
        return u"unreachable"_s;
    if ((before == NodeHealth::Paused || before == NodeHealth::Unreachable) &&
        after == NodeHealth::Alive)
        return u"resume"_s;
    return {};
}

// The same nodes, each in the same health.
bool sameMembers(const RingSnapshot &a, const RingSnapshot &b) {
    if (a.nodes.size() != b.nodes.size())
        return false;
    for (qsizetype i = 0; i < a.nodes.size(); ++i) {
        if (a.nodes[i].address() != b.nodes[i].address() || a.nodes[i].health != b.nodes[i].health)
            return false;
    }
    return true;
}

} // namespace

void History::addFrame(qint64 atMs, const RingSnapshot &ring, const QList<Chord::Id> &keyIds) {
    HistoryFrame frame{atMs, ring, keyIds};
    if (!m_frames.empty()) {
        shareWithPrevious(frame, m_frames.back());
        noteChanges(m_frames.back(), frame);
        // Changes closer together than the spacing keep only the latest state (a frame per
        // poll of every node would fill the bound in minutes), unless a node came, went or
        // changed its health: a pause of a moment stays on the timeline.
        if (m_frames.size() >= 2 && atMs - m_frames[m_frames.size() - 2].atMs < FrameSpacingMs &&
            sameMembers(m_frames[m_frames.size() - 2].ring, m_frames.back().ring) &&
            sameMembers(m_frames.back().ring, frame.ring)) {
            m_frames.back() = std::move(frame);
            return;
        }
    }
    m_frames.push_back(std::move(frame));
    while (int(m_frames.size()) > MaxFrames)
        m_frames.pop_front();
}

void History::addEvent(qint64 atMs, const Chord::NodeRef &source, const Chord::Event &event) {
    // Arrival order is time order (one clock, the app's), except when a feed's poll brings
    // several at once: they take the same time.
    if (!m_events.empty())
        atMs = std::max(atMs, m_events.back().atMs);
    m_events.push_back({atMs, source, event});
    if (event.type == u"join"_s || event.type == u"leave"_s)
        addMarker(atMs, event.type, source.name);
    while (int(m_events.size()) > MaxEvents)
        m_events.pop_front();
}

void History::clear() {
    m_frames.clear();
    m_events.clear();
    m_markers.clear();
}

void History::noteChanges(const HistoryFrame &before, const HistoryFrame &after) {
    for (const NodeSnapshot &n : after.ring.nodes) {
        const NodeSnapshot *was = before.ring.find(n.address());
        const QString kind = was ? healthMarker(was->health, n.health) : QString();
        if (!kind.isEmpty())
            addMarker(after.atMs, kind, n.ref.name);
    }
}

void History::addMarker(qint64 atMs, const QString &kind, const QString &node) {
    // A join retried, or reported again by the node's next feed poll, is one mark.
    for (auto it = m_markers.rbegin(); it != m_markers.rend() && atMs - it->atMs < 2000; ++it) {
        if (it->kind == kind && it->node == node)
            return;
    }
    m_markers.push_back({atMs, kind, node});
    while (!m_markers.empty() && m_markers.front().atMs < startMs())
        m_markers.pop_front();
}

qint64 History::startMs() const {
    if (m_frames.empty())
        return m_events.empty() ? 0 : m_events.front().atMs;
    return m_events.empty() ? m_frames.front().atMs
                            : std::min(m_frames.front().atMs, m_events.front().atMs);
}

qint64 History::endMs() const {
    if (m_frames.empty())
        return m_events.empty() ? 0 : m_events.back().atMs;
    return m_events.empty() ? m_frames.back().atMs
                            : std::max(m_frames.back().atMs, m_events.back().atMs);
}

const HistoryFrame *History::frameAt(qint64 atMs) const {
    if (m_frames.empty())
        return nullptr;
    auto it = std::upper_bound(m_frames.begin(), m_frames.end(), atMs,
                               [](qint64 t, const HistoryFrame &f) { return t < f.atMs; });
    return it == m_frames.begin() ? &m_frames.front() : &*std::prev(it);
}

namespace {
auto firstAfter(const std::deque<HistoryEvent> &events, qint64 atMs) {
    return std::upper_bound(events.begin(), events.end(), atMs,
                            [](qint64 t, const HistoryEvent &e) { return t < e.atMs; });
}
} // namespace

QList<const HistoryEvent *> History::eventsIn(qint64 fromMs, qint64 toMs) const {
    QList<const HistoryEvent *> out;
    for (auto it = firstAfter(m_events, fromMs); it != m_events.end() && it->atMs <= toMs; ++it)
        out.append(&*it);
    return out;
}

QList<const HistoryEvent *> History::eventsUpTo(qint64 atMs, int max) const {
    const auto end = firstAfter(m_events, atMs);
    auto it = end - std::min<qint64>(max, end - m_events.begin());
    QList<const HistoryEvent *> out;
    for (; it != end; ++it)
        out.append(&*it);
    return out;
}

int History::countUpTo(qint64 atMs) const {
    return int(firstAfter(m_events, atMs) - m_events.begin());
}

std::optional<qint64> History::nextEventAfter(qint64 atMs) const {
    const auto it = firstAfter(m_events, atMs);
    if (it == m_events.end())
        return std::nullopt;
    return it->atMs;
}

std::optional<qint64> History::previousEventBefore(qint64 atMs) const {
    auto it = std::lower_bound(m_events.begin(), m_events.end(), atMs,
                               [](const HistoryEvent &e, qint64 t) { return e.atMs < t; });
    if (it == m_events.begin())
        return std::nullopt;
    return std::prev(it)->atMs;
}

QList<int> History::density(qint64 fromMs, qint64 toMs, int buckets) const {
    QList<int> counts(std::max(buckets, 0), 0);
    if (buckets <= 0 || toMs <= fromMs)
        return counts;
    const double span = double(toMs - fromMs);
    for (auto it = firstAfter(m_events, fromMs - 1); it != m_events.end() && it->atMs <= toMs;
         ++it) {
        const int b = std::min(buckets - 1, int(double(it->atMs - fromMs) / span * buckets));
        ++counts[b];
    }
    return counts;
}

QJsonObject History::toJson() const {
    QJsonArray frames;
    const HistoryFrame *previous = nullptr;
    for (const HistoryFrame &f : m_frames) {
        frames.append(fromFrame(f, previous));
        previous = &f;
    }
    QJsonArray events;
    for (const HistoryEvent &e : m_events) {
        events.append(QJsonObject{{u"at"_s, e.atMs},
                                  {u"source"_s, Json::fromNode(e.source)},
                                  {u"event"_s, Json::fromEvent(e.event)}});
    }
    QJsonArray markers;
    for (const HistoryMarker &m : m_markers) {
        markers.append(QJsonObject{{u"at"_s, m.atMs}, {u"kind"_s, m.kind}, {u"node"_s, m.node}});
    }
    return {{u"format"_s, u"chordlab-recording"_s},
            {u"version"_s, FormatVersion},
            {u"frames"_s, frames},
            {u"events"_s, events},
            {u"markers"_s, markers}};
}

std::optional<History> History::fromJson(const QJsonObject &json, QString *error) {
    auto fail = [error](const QString &why) {
        *error = why;
        return std::optional<History>();
    };
    if (json.value(u"format"_s).toString() != u"chordlab-recording"_s)
        return fail(u"not a ChordLab recording (no \"format\": \"chordlab-recording\")"_s);
    const int version = json.value(u"version"_s).toInt();
    if (version < 1 || version > FormatVersion) {
        return fail(u"recording format version %1; this ChordLab reads versions 1 to %2"_s
                        .arg(json.value(u"version"_s).toVariant().toString())
                        .arg(FormatVersion));
    }
    History h;
    const QJsonArray frames = json.value(u"frames"_s).toArray();
    for (qsizetype i = 0; i < frames.size(); ++i) {
        std::optional<HistoryFrame> f =
            toFrame(frames.at(i), h.m_frames.empty() ? nullptr : &h.m_frames.back());
        if (!f)
            return fail(u"frame %1 is not a ring snapshot"_s.arg(i));
        if (!h.m_frames.empty() && f->atMs < h.m_frames.back().atMs)
            return fail(u"frame %1 is older than the one before it"_s.arg(i));
        h.m_frames.push_back(std::move(*f));
    }
    const QJsonArray events = json.value(u"events"_s).toArray();
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QJsonObject o = events.at(i).toObject();
        const std::optional<Chord::NodeRef> source = Json::toNode(o.value(u"source"_s));
        const std::optional<Chord::Event> event = Json::toEvent(o.value(u"event"_s).toObject());
        if (!o.value(u"at"_s).isDouble() || !source || !event)
            return fail(u"event %1 lacks its time, source or event"_s.arg(i));
        const qint64 at = o.value(u"at"_s).toInteger();
        if (!h.m_events.empty() && at < h.m_events.back().atMs)
            return fail(u"event %1 is older than the one before it"_s.arg(i));
        h.m_events.push_back({at, *source, *event});
    }
    for (const QJsonValue &mv : json.value(u"markers"_s).toArray()) {
        const QJsonObject m = mv.toObject();
        h.m_markers.push_back({m.value(u"at"_s).toInteger(), m.value(u"kind"_s).toString(),
                               m.value(u"node"_s).toString()});
    }
    if (int(h.m_frames.size()) > MaxFrames || int(h.m_events.size()) > MaxEvents)
        return fail(u"the recording is larger than this ChordLab keeps"_s);
    return h;
}

} // namespace ChordLab
