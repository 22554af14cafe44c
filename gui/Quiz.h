#pragma once

#include "Messages.h"
#include "RingSnapshot.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <optional>

namespace ChordLab {

// Questions about the ring the app shows, checked against the live ring rather than against
// fixed answers: the owner of a key and the path of a lookup come from a real lookup's
// trace, a finger from the node's own finger table.
struct QuizQuestion {
    enum class Kind { Owner, Finger, NextHop, Hops, JoinKeys };
    Kind kind = Kind::Owner;
    QString key;          // Owner, NextHop, Hops
    QString node;         // the node asked about (address): Finger, NextHop, Hops
    QString nodeName;     // its name
    int finger = 0;       // Finger
    Chord::Id joinId = 0; // JoinKeys: the id a new node would join with

    // Whether the answer is a node (picked on the ring) or a number.
    bool answerIsNode() const { return kind != Kind::Hops; }
};

struct QuizVerdict {
    bool right = false;
    QString expected;    // a node's name, or a number
    QString expectedKey; // the address of the expected node, when a node
    QString explanation;
};

class Quiz {
    Q_DECLARE_TR_FUNCTIONS(Quiz)

public:
    // A question about the live nodes of ring (none with fewer than two that answer).
    static std::optional<QuizQuestion> next(const RingSnapshot &ring, QRandomGenerator &random);
    static QString text(const QuizQuestion &q);
    // Which node hands keys to a node joining at q.joinId, from the nodes' own predecessor
    // pointers; the explanation names the keys that move.
    static QuizVerdict checkJoin(const QuizQuestion &q, const RingSnapshot &ring,
                                 const QString &answer);
    // A finger question, from the node's finger table as the ring reports it.
    static QuizVerdict checkFinger(const QuizQuestion &q, const RingSnapshot &ring,
                                   const QString &answer);
    // An owner, next-hop or hop-count question, from the trace of the lookup of q.key made
    // from q.node (from any node for an owner question).
    static QuizVerdict checkTrace(const QuizQuestion &q, const Chord::LookupResult &trace,
                                  const RingSnapshot &ring, const QString &answer);
};

} // namespace ChordLab

Q_DECLARE_METATYPE(ChordLab::QuizVerdict)
