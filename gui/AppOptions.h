#pragma once

#include "LocalCluster.h"

#include <QSize>
#include <QStringList>

#include <optional>

namespace ChordLab {

// The command line of chordlab. Besides the ring to start, it can script a short demo
// (keys, a selection, a lookup) and save a screenshot: that is how docs/screenshots are made.
struct AppOptions {
    bool boot = true;
    BootOptions ring;
    QString attach;   // host:port
    QString language; // empty: settings, then system locale
    QString select;   // node name to select once the ring is up
    bool allFingers = false;
    int demoKeys = 0;
    QString lookupKey;
    QString logTab;    // node name whose log pane is shown
    QString logFilter; // filter text for that pane
    QString screenshot;
    int screenshotDelayMs = 1500; // after the lookup started (or the ring settled)
    QSize windowSize;
    bool slowAnimation = false;
    bool showMessages = false;
    bool showSequence = false; // the Sequence dock in front of the logs
    QString openRecording;     // a saved recording to replay instead of booting a ring
    QString saveRecording;     // where to save the recording before the screenshot
    double replayAtS = -1;     // >= 0: the timeline's cursor this many seconds after its start
    QString exportFrames;      // a folder: export a time range of the recording, then quit
    double framesFromS = 0;    // the range, in seconds after the recording's start
    double framesToS = -1;     // < 0: the recording's end
    int fps = 5;
    QString lesson;             // a built-in lesson's id or a lesson file, played instead of a boot
    int lessonSteps = 0;        // steps to go through once each is done (for screenshots and tests)
    bool quiz = false;          // open the quiz once the ring is up
    bool faultsDemo = false;    // link faults on the ring once it is up (issue 12): a cut, a delay
    bool partitionDemo = false; // a line drawn across the ring once it is up: a partition
    int experiments = 0;        // a figure (10, 8, 9, 13): the Experiments window runs it
    bool compare = false;       // the two protocols side by side, the join failure played

    // Parses QCoreApplication::arguments(); exits with usage on --help and on errors.
    static AppOptions parse(const QStringList &arguments);
};

} // namespace ChordLab
