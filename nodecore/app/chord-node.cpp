#include "NodeOptions.h"
#include "NodeRunner.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[]) {
    // Qt's own event loop rather than GLib's: a node's loop is sockets and timers only, and
    // GLib's costs about 5% of the CPU of every request (docs/PERFORMANCE.md, "Closing the gap").
    // Read once, when the application object is made.
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chord-node"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHORDLAB_VERSION));
    const auto parsed = Chord::parseNodeOptions(QCoreApplication::arguments());
    if (const auto *exit = std::get_if<Chord::OptionsExit>(&parsed)) {
        std::fprintf(exit->code == 0 ? stdout : stderr, "%s\n", qPrintable(exit->text));
        return exit->code;
    }
    Chord::NodeRunner runner(std::get<Chord::NodeOptions>(parsed));
    if (!runner.start())
        return 1;
    return app.exec();
}
