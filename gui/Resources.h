#pragma once

namespace ChordLab {
// Registers the icons of resources/chordlab.qrc; idempotent. A static library's resource
// object is linked only if something references it, hence this explicit call.
void initResources();
} // namespace ChordLab
