#include "AppOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <functional>
#include <limits>

namespace ChordLab {

namespace {

// What an option sets from its value.
using Apply = std::function<void(AppOptions &, const QString &value)>;

// One option of the command line: its name, help (translated in context "AppOptions"),
// value name (null: a flag), default value and what it sets. apply runs when the option is
// given, and always (with the default) when it has one.
struct Option {
    const char *name;
    const char *help;
    const char *valueName;
    const char *defaultValue;
    Apply apply;
};

Apply text(QString AppOptions::*field) {
    return [field](AppOptions &o, const QString &v) {
        o.*field = v;
    };
}

Apply flag(bool AppOptions::*field) {
    return [field](AppOptions &o, const QString &) {
        o.*field = true;
    };
}

Apply count(int AppOptions::*field, int min = 0, int max = std::numeric_limits<int>::max()) {
    return [=](AppOptions &o, const QString &v) {
        o.*field = qBound(min, v.toInt(), max);
    };
}

Apply ringCount(int BootOptions::*field, int min, int max) {
    return [=](AppOptions &o, const QString &v) {
        o.ring.*field = qBound(min, v.toInt(), max);
    };
}

Apply seconds(double AppOptions::*field) {
    return [field](AppOptions &o, const QString &v) {
        o.*field = qMax(0.0, v.toDouble());
    };
}

// zave or original (anything else: zave, the default).
void ringProtocol(AppOptions &o, const QString &v) {
    o.ring.protocol = v == QLatin1String("original") ? v : QStringLiteral("zave");
}

void noBoot(AppOptions &o, const QString &) {
    o.boot = false;
}

void setBasePort(AppOptions &o, const QString &port) {
    o.ring.basePort = quint16(port.toUInt());
}

void setAttach(AppOptions &o, const QString &hostPort) {
    o.attach = hostPort;
    o.boot = false;
}

void setSize(AppOptions &o, const QString &widthXHeight) {
    const QStringList wh = widthXHeight.split(QLatin1Char('x'));
    if (wh.size() == 2)
        o.windowSize = QSize(wh[0].toInt(), wh[1].toInt());
}

// One place for the token: the environment. The app's HTTP client reads it, and the nodes
// the app launches inherit it (chord-node reads CHORD_TOKEN).
void setToken(AppOptions &, const QString &token) {
    qputenv("CHORD_TOKEN", token.toUtf8());
}

// The options, in the order --help lists them.
const Option Options[] = {
    {"no-boot", QT_TRANSLATE_NOOP("AppOptions", "Do not boot a local ring on launch"), nullptr,
     nullptr, noBoot},
    {"attach",
     QT_TRANSLATE_NOOP("AppOptions", "Watch the ring that host:port belongs to (no local boot)"),
     "host:port", nullptr, setAttach},
    {"nodes", QT_TRANSLATE_NOOP("AppOptions", "Nodes of the ring booted on launch"), "n", "8",
     ringCount(&BootOptions::nodes, 1, 128)},
    {"bits", QT_TRANSLATE_NOOP("AppOptions", "Identifier bits m"), "m", "8",
     ringCount(&BootOptions::bits, 3, 64)},
    {"base-port", QT_TRANSLATE_NOOP("AppOptions", "Port of the first node (0: free ports)"), "port",
     "0", setBasePort},
    {"replicas", QT_TRANSLATE_NOOP("AppOptions", "Replication factor"), "r", "3",
     ringCount(&BootOptions::replicas, 1, 8)},
    {"stabilize-ms", QT_TRANSLATE_NOOP("AppOptions", "Stabilize period"), "ms", "500",
     ringCount(&BootOptions::stabilizeMs, 20, 60000)},
    {"protocol",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Ring maintenance: zave (corrected) or original (the 2001 paper's)"),
     "name", "zave", ringProtocol},
    {"lang", QT_TRANSLATE_NOOP("AppOptions", "Language (en, it)"), "code", nullptr,
     text(&AppOptions::language)},
    {"select", QT_TRANSLATE_NOOP("AppOptions", "Select this node once the ring is up"), "name",
     nullptr, text(&AppOptions::select)},
    {"all-fingers", QT_TRANSLATE_NOOP("AppOptions", "Show the fingers of every node"), nullptr,
     nullptr, flag(&AppOptions::allFingers)},
    {"demo-keys",
     QT_TRANSLATE_NOOP("AppOptions", "Store this many sample keys once the ring is up"), "n", "0",
     count(&AppOptions::demoKeys)},
    {"lookup", QT_TRANSLATE_NOOP("AppOptions", "Look up this key from the selected node"), "key",
     nullptr, text(&AppOptions::lookupKey)},
    {"log-tab", QT_TRANSLATE_NOOP("AppOptions", "Show the log pane of this node"), "name", nullptr,
     text(&AppOptions::logTab)},
    {"log-filter", QT_TRANSLATE_NOOP("AppOptions", "Filter text for that log pane"), "text",
     nullptr, text(&AppOptions::logFilter)},
    {"screenshot", QT_TRANSLATE_NOOP("AppOptions", "Save a screenshot of the window here and quit"),
     "file", nullptr, text(&AppOptions::screenshot)},
    {"screenshot-delay",
     QT_TRANSLATE_NOOP("AppOptions", "Milliseconds between the lookup and the screenshot"), "ms",
     "1500", count(&AppOptions::screenshotDelayMs)},
    {"size", QT_TRANSLATE_NOOP("AppOptions", "Window size"), "WxH", nullptr, setSize},
    {"slow", QT_TRANSLATE_NOOP("AppOptions", "Slow lookup animation"), nullptr, nullptr,
     flag(&AppOptions::slowAnimation)},
    {"show-messages",
     QT_TRANSLATE_NOOP("AppOptions", "Show the messages between nodes once the ring is up"),
     nullptr, nullptr, flag(&AppOptions::showMessages)},
    {"show-sequence",
     QT_TRANSLATE_NOOP("AppOptions", "Show the Sequence chart in front of the logs"), nullptr,
     nullptr, flag(&AppOptions::showSequence)},
    {"open-recording",
     QT_TRANSLATE_NOOP("AppOptions", "Replay a saved recording instead of booting a ring"), "file",
     nullptr, text(&AppOptions::openRecording)},
    {"save-recording",
     QT_TRANSLATE_NOOP("AppOptions", "Save the recording here before the screenshot"), "file",
     nullptr, text(&AppOptions::saveRecording)},
    {"replay-at",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Move the timeline's cursor this many seconds after its start"),
     "seconds", nullptr, seconds(&AppOptions::replayAtS)},
    {"export-frames",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Write a time range of the recording as PNG frames and an animated "
                       "PNG into this folder, then quit"),
     "folder", nullptr, text(&AppOptions::exportFrames)},
    {"frames-from",
     QT_TRANSLATE_NOOP("AppOptions", "Start of the exported range, in seconds (default 0)"),
     "seconds", nullptr, seconds(&AppOptions::framesFromS)},
    {"frames-to",
     QT_TRANSLATE_NOOP("AppOptions", "End of the exported range, in seconds (default: the end)"),
     "seconds", nullptr, seconds(&AppOptions::framesToS)},
    {"fps", QT_TRANSLATE_NOOP("AppOptions", "Frames per second of the export, 1..25"), "n", "5",
     count(&AppOptions::fps, 1, 25)},
    {"lesson",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Play a lesson (join, fingers, crash, leave, partition, or a lesson file) "
                       "instead of booting a ring"),
     "lesson", nullptr, text(&AppOptions::lesson)},
    {"lesson-steps",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Go through this many steps of the lesson, each once it is done"),
     "n", "0", count(&AppOptions::lessonSteps)},
    {"quiz", QT_TRANSLATE_NOOP("AppOptions", "Open the quiz once the ring is up"), nullptr, nullptr,
     flag(&AppOptions::quiz)},
    {"faults-demo",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Once the ring is up, cut the link n1–n2 and slow the link n3→n4 "
                       "(200±50 ms, 30% loss)"),
     nullptr, nullptr, flag(&AppOptions::faultsDemo)},
    {"partition-demo",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Once the ring is up, partition it along a line drawn across it"),
     nullptr, nullptr, flag(&AppOptions::partitionDemo)},
    {"experiments",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Open the paper's experiments and run this figure (10, 8, 9 or 13)"),
     "figure", nullptr, count(&AppOptions::experiments)},
    {"compare",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Open the two protocols side by side and play the paper's join failure "
                       "on both"),
     nullptr, nullptr, flag(&AppOptions::compare)},
    {"token",
     QT_TRANSLATE_NOOP("AppOptions",
                       "Bearer token for a ring started with --token (or CHORD_TOKEN)"),
     "secret", nullptr, setToken},
};

QCommandLineOption commandLineOption(const Option &option) {
    return QCommandLineOption(
        QString::fromLatin1(option.name), QCoreApplication::translate("AppOptions", option.help),
        QString::fromLatin1(option.valueName), QString::fromLatin1(option.defaultValue));
}

} // namespace

AppOptions AppOptions::parse(const QStringList &arguments) {
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate(
        "AppOptions", "ChordLab: a live Chord ring you can see and steer"));
    p.addHelpOption();
    p.addVersionOption();
    QList<QCommandLineOption> parsed;
    for (const Option &option : Options) {
        parsed.append(commandLineOption(option));
        p.addOption(parsed.back());
    }
    p.process(arguments);

    AppOptions o;
    for (qsizetype i = 0; i < parsed.size(); ++i) {
        const Option &option = Options[i];
        if (p.isSet(parsed[i]) || option.defaultValue)
            option.apply(o, p.value(parsed[i]));
    }
    // A lesson or a recording is shown instead of a ring booted here.
    o.boot = o.boot && o.lesson.isEmpty() && o.openRecording.isEmpty();
    return o;
}

} // namespace ChordLab
