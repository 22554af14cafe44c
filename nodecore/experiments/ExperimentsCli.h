#pragma once

// chord-experiments' arguments, parsed apart from main so that the tests can check them.

#include "Experiments.h"

#include <QString>
#include <QStringList>

namespace Chord::Experiments {

struct CliOptions {
    Params params;
    QString csvPath;    // empty: no CSV file
    QString replayPath; // --replay FILE: real lookups checked against the model instead
    bool help = false;
    QString error; // not empty: a usage error
};

// Arguments without the program name. Lists are comma-separated; a node count may be written
// 2^k, a key count 1e6.
CliOptions parseArguments(const QStringList &args);
QString usageText();

} // namespace Chord::Experiments
