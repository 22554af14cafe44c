#pragma once

#include "IdSpace.h"

#include <QByteArray>
#include <QString>

namespace Chord {

// One stored key. A delete is kept as a tombstone (deleted == true) with its own version, so
// that re-replication of an older copy can never bring the key back.
struct Item {
    QString key;
    Id id = 0;
    QByteArray value;
    quint64 version = 0;
    bool deleted = false;

    bool operator==(const Item &other) const = default;
};

} // namespace Chord
