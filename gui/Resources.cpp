#include "Resources.h"

#include <QtGlobal>

static void initChordLabQrc() {
    // Q_INIT_RESOURCE must be used outside any namespace.
    Q_INIT_RESOURCE(chordlab);
}

namespace ChordLab {
void initResources() {
    static const bool done = [] {
        initChordLabQrc();
        return true;
    }();
    Q_UNUSED(done);
}
} // namespace ChordLab
