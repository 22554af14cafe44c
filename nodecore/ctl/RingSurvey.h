#pragma once

#include "HttpPeerClient.h"
#include "RingCheck.h"

#include <QCoroTask>

namespace Chord {

// Everything RingCheck needs, gathered over HTTP: /dht/ring from one node, then /nodeinfo,
// /db and /db?role=all from every member.
struct RingSurvey {
    bool reachable = false;
    bool complete = false;
    int bits = 64;
    int replicas = 3;
    int successorListLength = 4;
    QString ringToken;
    QList<NodeSnapshot> members;
    QStringList errors;

    QStringList problems(int expectedMembers = -1, bool checkFingers = true,
                         bool checkKeys = true) const;
};

QCoro::Task<RingSurvey> surveyRing(Http::HttpPeerClient &client, NodeRef via);

} // namespace Chord
