#include "Quiz.h"

#include "IdSpace.h"

#include <QStringList>

#include <algorithm>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {

const QStringList &sampleKeys() {
    static const QStringList keys{u"apple"_s, u"banana"_s, u"cherry"_s, u"date"_s,
                                  u"elder"_s, u"fig"_s,    u"grape"_s,  u"kiwi"_s,
                                  u"lemon"_s, u"mango"_s,  u"olive"_s,  u"peach"_s};
    return keys;
}

QString addressOf(const RingSnapshot &ring, const QString &name) {
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.ref.name == name)
            return n.address();
    }
    return {};
}

QuizVerdict verdict(const RingSnapshot &ring, const QString &expected, const QString &answer,
                    const QString &explanation) {
    return {answer.trimmed() == expected, expected, addressOf(ring, expected), explanation};
}

} // namespace

std::optional<QuizQuestion> Quiz::next(const RingSnapshot &ring, QRandomGenerator &random) {
    QList<const NodeSnapshot *> live;
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.isLive())
            live.append(&n);
    }
    if (live.size() < 2)
        return std::nullopt;
    QuizQuestion q;
    const NodeSnapshot *node = live[int(random.bounded(qsizetype(live.size())))];
    q.node = node->address();
    q.nodeName = node->ref.name;
    q.key = sampleKeys()[int(random.bounded(qsizetype(sampleKeys().size())))];
    q.kind = QuizQuestion::Kind(random.bounded(5));
    if (q.kind == QuizQuestion::Kind::JoinKeys) {
        // An id no node has.
        const Chord::IdSpace space(ring.bits);
        do {
            q.joinId = space.reduce(random.generate64());
        } while (ring.nodes.end() !=
                 std::find_if(ring.nodes.begin(), ring.nodes.end(),
                              [&](const NodeSnapshot &n) { return n.ref.id == q.joinId; }));
    }
    if (q.kind == QuizQuestion::Kind::Finger) {
        if (node->fingers.isEmpty())
            q.kind = QuizQuestion::Kind::Owner;
        else
            q.finger = int(random.bounded(qsizetype(node->fingers.size())));
    }
    return q;
}

QString Quiz::text(const QuizQuestion &q) {
    switch (q.kind) {
    case QuizQuestion::Kind::Owner:
        return tr("Which node owns the key <b>“%1”</b>? Click it on the ring.").arg(q.key);
    case QuizQuestion::Kind::Finger:
        return tr("What is finger <b>%1</b> of <b>%2</b>? Click that node on the ring.")
            .arg(q.finger)
            .arg(q.nodeName);
    case QuizQuestion::Kind::NextHop:
        return tr("<b>%1</b> looks up <b>“%2”</b>. To which node does it send the first step "
                  "(or, if its successor owns the key, which node is that)?")
            .arg(q.nodeName, q.key);
    case QuizQuestion::Kind::Hops:
        return tr("<b>%1</b> looks up <b>“%2”</b>. How many nodes will the lookup contact after "
                  "%1 itself (0 when its successor owns the key)?")
            .arg(q.nodeName, q.key);
    case QuizQuestion::Kind::JoinKeys:
        return tr("A new node joins with id <b>%1</b>. Which node hands it keys?").arg(q.joinId);
    }
    return {};
}

QuizVerdict Quiz::checkJoin(const QuizQuestion &q, const RingSnapshot &ring,
                            const QString &answer) {
    // The live node whose arc (predecessor, node] holds the id, by its own pointers.
    const Chord::IdSpace space(ring.bits);
    for (const NodeSnapshot &n : ring.nodes) {
        if (!n.isLive() || !n.pred ||
            !Chord::Interval::containsOpenClosed(space, n.pred->id, n.ref.id, q.joinId))
            continue;
        QStringList moving;
        for (const QString &key : n.keys) {
            const Chord::Id id = space.hashKey(key);
            if (Chord::Interval::containsOpenClosed(space, n.pred->id, q.joinId, id))
                moving << u"“%1” (%2)"_s.arg(key).arg(id);
        }
        return verdict(
            ring, n.ref.name, answer,
            tr("%1 lies in %2's arc (%3, %4]: the new node takes (%3, %1] from %2, which hands "
               "it the keys with ids there: %5.")
                .arg(q.joinId)
                .arg(n.ref.name)
                .arg(n.pred->id)
                .arg(n.ref.id)
                .arg(moving.isEmpty() ? tr("none today") : moving.join(u", "_s)));
    }
    return {false, {}, {}, tr("The ring's pointers do not settle it now: try another question.")};
}

QuizVerdict Quiz::checkFinger(const QuizQuestion &q, const RingSnapshot &ring,
                              const QString &answer) {
    const NodeSnapshot *node = ring.find(q.node);
    if (!node || q.finger >= node->fingers.size())
        return {false, {}, {}, tr("%1 is not in the ring any more.").arg(q.nodeName)};
    const FingerEntry &f = node->fingers[q.finger];
    const QString explanation =
        tr("Finger %1 of %2 starts at %3 + 2<sup>%1</sup> = %4 (mod 2<sup>%5</sup>); the "
           "first node at or after %4 is %6 (id %7), as %2's finger table says.")
            .arg(q.finger)
            .arg(q.nodeName)
            .arg(node->ref.id)
            .arg(f.start)
            .arg(ring.bits)
            .arg(f.node.name)
            .arg(f.node.id);
    return verdict(ring, f.node.name, answer, explanation);
}

QuizVerdict Quiz::checkTrace(const QuizQuestion &q, const Chord::LookupResult &trace,
                             const RingSnapshot &ring, const QString &answer) {
    QStringList path{q.nodeName};
    for (const Chord::Hop &h : trace.hops)
        path << h.node.name;
    const QString route = path.join(u" → "_s);
    switch (q.kind) {
    case QuizQuestion::Kind::Owner:
        return verdict(ring, trace.owner.name, answer,
                       tr("“%1” hashes to id %2; the first node at or after %2 is %3 (id %4): "
                          "the ring's own lookup found it there.")
                           .arg(q.key)
                           .arg(trace.id)
                           .arg(trace.owner.name)
                           .arg(trace.owner.id));
    case QuizQuestion::Kind::NextHop:
        if (trace.hops.isEmpty())
            return verdict(ring, trace.owner.name, answer,
                           tr("Id %1 of “%2” lies between %3 and its successor %4: %4 owns it "
                              "and %3 answers at once.")
                               .arg(trace.id)
                               .arg(q.key, q.nodeName, trace.owner.name));
        return verdict(ring, trace.hops.first().node.name, answer,
                       tr("%1 sends the step to its closest finger that precedes id %2 of "
                          "“%3”: %4. The whole lookup went %5.")
                           .arg(q.nodeName)
                           .arg(trace.id)
                           .arg(q.key, trace.hops.first().node.name, route));
    case QuizQuestion::Kind::Hops:
        return verdict(ring, QString::number(trace.hops.size()), answer,
                       tr("The lookup went %1: %n node(s) after %2, each step at least "
                          "halving the distance left to id %3.",
                          nullptr, int(trace.hops.size()))
                           .arg(route, q.nodeName)
                           .arg(trace.id));
    case QuizQuestion::Kind::Finger:
    case QuizQuestion::Kind::JoinKeys:
        break;
    }
    return {};
}

} // namespace ChordLab
