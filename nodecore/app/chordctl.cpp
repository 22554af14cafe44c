#include "ChordCtl.h"

#include <QCoreApplication>
#include <QTimer>

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chordctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHORDLAB_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    Chord::ChordCtl ctl(out, err);
    QTimer::singleShot(0, &app, [&] {
        [](Chord::ChordCtl &ctl, QStringList args) -> QCoro::Task<> {
            const int code = co_await ctl.run(args);
            QCoreApplication::exit(code);
        }(ctl, QCoreApplication::arguments().mid(1));
    });
    return app.exec();
}
