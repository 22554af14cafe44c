// chordlab: the desktop app. Everything lives in chordlab_gui; this wires it together.
#include "AppOptions.h"
#include "DemoScript.h"
#include "LanguageManager.h"
#include "MainWindow.h"
#include "RingController.h"

#include <QApplication>
#include <QSettings>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {
int signalPipe[2];

// SIGINT/SIGTERM close the window like the user would, so the nodes are stopped too.
void onSignal(int) {
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(signalPipe[1], &c, 1);
}
} // namespace

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ChordLab"));
    QApplication::setApplicationName(QStringLiteral("chordlab"));
    QApplication::setApplicationVersion(QStringLiteral(CHORDLAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("chordlab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/chordlab.svg")));

    // The saved (or system) language first, so that --help is translated too; --lang then
    // overrides it.
    ChordLab::LanguageManager language;
    language.setLanguage(QSettings().value(QStringLiteral("language")).toString());
    const ChordLab::AppOptions options = ChordLab::AppOptions::parse(QApplication::arguments());
    if (!options.language.isEmpty())
        language.setLanguage(options.language);

    ChordLab::RingController controller;
    ChordLab::MainWindow window(&controller, &language);
    if (options.windowSize.isValid())
        window.resize(options.windowSize);
    else if (window.size().width() < 900)
        window.resize(1400, 900);
    window.show();

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &window, [&window] {
            char c;
            [[maybe_unused]] const auto n = ::read(signalPipe[0], &c, 1);
            window.close();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }

    if (!options.openRecording.isEmpty())
        window.openRecording(options.openRecording);
    else if (!options.attach.isEmpty())
        window.attachTo(options.attach);
    else if (options.boot)
        window.bootRing(options.ring);

    ChordLab::DemoScript demo(&window, &controller, options);
    demo.start();
    return app.exec();
}
