#pragma once

#include <QStringList>

namespace Chord::Sim {

class SimWorld;

// Zave's invariants of a quiet ring, read straight from the live nodes' state (the simulator
// sees everything at once, no survey needed): exactly one ring of every live member, ordered
// by id with distinct ids; every successor list holds the next live members in order;
// predecessor and successor agree. Returns one line per violation.
class SimRingCheck {
public:
    static QStringList check(SimWorld &world);
};

} // namespace Chord::Sim
