#include "AppOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace ChordLab {

using namespace Qt::StringLiterals;

AppOptions AppOptions::parse(const QStringList &arguments) {
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate(
        "AppOptions", "ChordLab: a live Chord ring you can see and steer"));
    p.addHelpOption();
    p.addVersionOption();
    auto opt = [&p](const QString &name, const char *help, const QString &valueName = {},
                    const QString &def = {}) {
        QCommandLineOption o(name, QCoreApplication::translate("AppOptions", help), valueName, def);
        p.addOption(o);
        return o;
    };
    const auto noBoot =
        opt(u"no-boot"_s, QT_TRANSLATE_NOOP("AppOptions", "Do not boot a local ring on launch"));
    const auto attach = opt(
        u"attach"_s,
        QT_TRANSLATE_NOOP("AppOptions", "Watch the ring that host:port belongs to (no local boot)"),
        u"host:port"_s);
    const auto nodes =
        opt(u"nodes"_s, QT_TRANSLATE_NOOP("AppOptions", "Nodes of the ring booted on launch"),
            u"n"_s, u"8"_s);
    const auto bits =
        opt(u"bits"_s, QT_TRANSLATE_NOOP("AppOptions", "Identifier bits m"), u"m"_s, u"8"_s);
    const auto basePort = opt(
        u"base-port"_s, QT_TRANSLATE_NOOP("AppOptions", "Port of the first node (0: free ports)"),
        u"port"_s, u"0"_s);
    const auto replicas =
        opt(u"replicas"_s, QT_TRANSLATE_NOOP("AppOptions", "Replication factor"), u"r"_s, u"3"_s);
    const auto stabilize = opt(
        u"stabilize-ms"_s, QT_TRANSLATE_NOOP("AppOptions", "Stabilize period"), u"ms"_s, u"500"_s);
    const auto lang =
        opt(u"lang"_s, QT_TRANSLATE_NOOP("AppOptions", "Language (en, it)"), u"code"_s);
    const auto select =
        opt(u"select"_s, QT_TRANSLATE_NOOP("AppOptions", "Select this node once the ring is up"),
            u"name"_s);
    const auto fingers =
        opt(u"all-fingers"_s, QT_TRANSLATE_NOOP("AppOptions", "Show the fingers of every node"));
    const auto demo =
        opt(u"demo-keys"_s,
            QT_TRANSLATE_NOOP("AppOptions", "Store this many sample keys once the ring is up"),
            u"n"_s, u"0"_s);
    const auto lookup =
        opt(u"lookup"_s, QT_TRANSLATE_NOOP("AppOptions", "Look up this key from the selected node"),
            u"key"_s);
    const auto logTab = opt(
        u"log-tab"_s, QT_TRANSLATE_NOOP("AppOptions", "Show the log pane of this node"), u"name"_s);
    const auto logFilter =
        opt(u"log-filter"_s, QT_TRANSLATE_NOOP("AppOptions", "Filter text for that log pane"),
            u"text"_s);
    const auto shot =
        opt(u"screenshot"_s,
            QT_TRANSLATE_NOOP("AppOptions", "Save a screenshot of the window here and quit"),
            u"file"_s);
    const auto delay =
        opt(u"screenshot-delay"_s,
            QT_TRANSLATE_NOOP("AppOptions", "Milliseconds between the lookup and the screenshot"),
            u"ms"_s, u"1500"_s);
    const auto size = opt(u"size"_s, QT_TRANSLATE_NOOP("AppOptions", "Window size"), u"WxH"_s);
    const auto slow = opt(u"slow"_s, QT_TRANSLATE_NOOP("AppOptions", "Slow lookup animation"));
    const auto messages =
        opt(u"show-messages"_s,
            QT_TRANSLATE_NOOP("AppOptions", "Show the messages between nodes once the ring is up"));
    const auto sequence =
        opt(u"show-sequence"_s,
            QT_TRANSLATE_NOOP("AppOptions", "Show the Sequence chart in front of the logs"));
    const auto openRec =
        opt(u"open-recording"_s,
            QT_TRANSLATE_NOOP("AppOptions", "Replay a saved recording instead of booting a ring"),
            u"file"_s);
    const auto saveRec =
        opt(u"save-recording"_s,
            QT_TRANSLATE_NOOP("AppOptions", "Save the recording here before the screenshot"),
            u"file"_s);
    const auto replayAt =
        opt(u"replay-at"_s,
            QT_TRANSLATE_NOOP("AppOptions",
                              "Move the timeline's cursor this many seconds after its start"),
            u"seconds"_s);
    const auto exportFrames =
        opt(u"export-frames"_s,
            QT_TRANSLATE_NOOP("AppOptions",
                              "Write a time range of the recording as PNG frames and an animated "
                              "PNG into this folder, then quit"),
            u"folder"_s);
    const auto framesFrom =
        opt(u"frames-from"_s,
            QT_TRANSLATE_NOOP("AppOptions", "Start of the exported range, in seconds (default 0)"),
            u"seconds"_s);
    const auto framesTo = opt(
        u"frames-to"_s,
        QT_TRANSLATE_NOOP("AppOptions", "End of the exported range, in seconds (default: the end)"),
        u"seconds"_s);
    const auto fps =
        opt(u"fps"_s, QT_TRANSLATE_NOOP("AppOptions", "Frames per second of the export, 1..25"),
            u"n"_s, u"5"_s);
    const auto lesson =
        opt(u"lesson"_s,
            QT_TRANSLATE_NOOP("AppOptions",
                              "Play a lesson (join, fingers, crash, leave, or a lesson file) "
                              "instead of booting a ring"),
            u"lesson"_s);
    const auto lessonSteps =
        opt(u"lesson-steps"_s,
            QT_TRANSLATE_NOOP("AppOptions",
                              "Go through this many steps of the lesson, each once it is done"),
            u"n"_s, u"0"_s);
    const auto quiz =
        opt(u"quiz"_s, QT_TRANSLATE_NOOP("AppOptions", "Open the quiz once the ring is up"));
    const auto token =
        opt(u"token"_s,
            QT_TRANSLATE_NOOP("AppOptions",
                              "Bearer token for a ring started with --token (or CHORD_TOKEN)"),
            u"secret"_s);
    p.process(arguments);

    AppOptions o;
    o.openRecording = p.value(openRec);
    o.saveRecording = p.value(saveRec);
    if (p.isSet(replayAt))
        o.replayAtS = qMax(0.0, p.value(replayAt).toDouble());
    o.exportFrames = p.value(exportFrames);
    o.framesFromS = qMax(0.0, p.value(framesFrom).toDouble());
    if (p.isSet(framesTo))
        o.framesToS = qMax(0.0, p.value(framesTo).toDouble());
    o.fps = qBound(1, p.value(fps).toInt(), 25);
    o.lesson = p.value(lesson);
    o.lessonSteps = qMax(0, p.value(lessonSteps).toInt());
    o.quiz = p.isSet(quiz);
    o.boot =
        o.lesson.isEmpty() && !p.isSet(noBoot) && !p.isSet(attach) && o.openRecording.isEmpty();
    o.attach = p.value(attach);
    o.ring.nodes = qBound(1, p.value(nodes).toInt(), 128);
    o.ring.bits = qBound(3, p.value(bits).toInt(), 64);
    o.ring.basePort = quint16(p.value(basePort).toUInt());
    o.ring.replicas = qBound(1, p.value(replicas).toInt(), 8);
    o.ring.stabilizeMs = qBound(20, p.value(stabilize).toInt(), 60000);
    o.language = p.value(lang);
    o.select = p.value(select);
    o.allFingers = p.isSet(fingers);
    o.demoKeys = qMax(0, p.value(demo).toInt());
    o.lookupKey = p.value(lookup);
    o.logTab = p.value(logTab);
    o.logFilter = p.value(logFilter);
    o.screenshot = p.value(shot);
    o.screenshotDelayMs = qMax(0, p.value(delay).toInt());
    o.slowAnimation = p.isSet(slow);
    o.showMessages = p.isSet(messages);
    o.showSequence = p.isSet(sequence);
    // One place for the token: the environment. The app's HTTP client reads it, and the
    // nodes the app launches inherit it (chord-node reads CHORD_TOKEN).
    if (p.isSet(token))
        qputenv("CHORD_TOKEN", p.value(token).toUtf8());
    const QStringList wh = p.value(size).split(QLatin1Char('x'));
    if (wh.size() == 2)
        o.windowSize = QSize(wh[0].toInt(), wh[1].toInt());
    return o;
}

} // namespace ChordLab
