#include "RingHealth.h"

#include "IdSpace.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace ChordLab::RingHealth {

namespace {

// Index of the first live node at or after id (clockwise), i.e. successor(id).
int successorIndex(const QList<const NodeSnapshot *> &live, Chord::Id id) {
    for (int i = 0; i < live.size(); ++i) {
        if (live[i]->ref.id >= id)
            return i;
    }
    return 0;
}
} // namespace

double expectedMeanHops(int nodes) {
    return nodes > 1 ? 0.5 * std::log2(double(nodes)) : 0.0;
}

QList<HealthCheck> check(const RingSnapshot &ring) {
    QList<const NodeSnapshot *> live;
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.isLive() && n.everSeen)
            live.append(&n);
    }
    // ring.nodes is sorted by id, so live is too.
    HealthCheck ordered{QCoreApplication::translate("RingHealth", "One ordered ring"), true, {}};
    HealthCheck agree{
        QCoreApplication::translate("RingHealth", "Predecessor and successor agree"), true, {}};
    HealthCheck lists{
        QCoreApplication::translate("RingHealth", "Successor lists hold the next live nodes"),
        true,
        {}};
    HealthCheck fingers{
        QCoreApplication::translate("RingHealth", "Fingers point to successor(n + 2^i)"), true, {}};
    const int L = int(live.size());
    const Chord::IdSpace space(ring.bits);
    for (int i = 0; i < L; ++i) {
        const NodeSnapshot &n = *live[i];
        const NodeSnapshot &next = *live[(i + 1) % L];
        if (ordered.ok && (!n.succ || !n.succ->sameEndpoint(next.ref))) {
            ordered.ok = false;
            ordered.detail =
                QCoreApplication::translate("RingHealth", "succ(%1) is %2, expected %3")
                    .arg(n.ref.name,
                         n.succ ? n.succ->name : QCoreApplication::translate("RingHealth", "none"),
                         next.ref.name);
        }
        if (agree.ok && (!next.pred || !next.pred->sameEndpoint(n.ref))) {
            agree.ok = false;
            agree.detail = QCoreApplication::translate("RingHealth", "pred(%1) is %2, expected %3")
                               .arg(next.ref.name,
                                    next.pred ? next.pred->name
                                              : QCoreApplication::translate("RingHealth", "none"),
                                    n.ref.name);
        }
        if (lists.ok) {
            if (L > 1 && n.successors.isEmpty()) {
                lists.ok = false;
                lists.detail =
                    QCoreApplication::translate("RingHealth", "%1 has an empty successor list")
                        .arg(n.ref.name);
            }
            for (int k = 0; lists.ok && k < n.successors.size(); ++k) {
                const NodeSnapshot &want = *live[(i + 1 + k) % L];
                if (!n.successors[k].sameEndpoint(want.ref)) {
                    lists.ok = false;
                    lists.detail = QCoreApplication::translate(
                                       "RingHealth", "successor %1 of %2 is %3, expected %4")
                                       .arg(k + 1)
                                       .arg(n.ref.name, n.successors[k].name, want.ref.name);
                }
            }
        }
        for (int f = 0; fingers.ok && f < n.fingers.size(); ++f) {
            const FingerEntry &e = n.fingers[f];
            const NodeSnapshot &want =
                *live[successorIndex(live, space.fingerStart(n.ref.id, e.i))];
            if (!e.node.sameEndpoint(want.ref)) {
                fingers.ok = false;
                fingers.detail =
                    QCoreApplication::translate("RingHealth", "finger %1 of %2 is %3, expected %4")
                        .arg(e.i)
                        .arg(n.ref.name, e.node.name, want.ref.name);
            }
        }
    }
    if (L == 0) {
        ordered.ok = false;
        ordered.detail = QCoreApplication::translate("RingHealth", "no live node");
    }
    return {ordered, agree, lists, fingers};
}

} // namespace ChordLab::RingHealth
