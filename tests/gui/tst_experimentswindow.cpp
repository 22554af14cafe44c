// The Experiments window (issue 12): a small figure runs in the background, the chart gets
// its series, and the PNG, SVG and CSV exports hold what the table holds; the window opens
// from its menu action, and its strings follow the language.
#include "Experiments.h"
#include "ExperimentsWindow.h"
#include "LanguageManager.h"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ChordLab;
using namespace Qt::StringLiterals;
namespace Ex = Chord::Experiments;

class TestExperimentsWindow : public QObject {
    Q_OBJECT

    static QStringList seriesNames(const ExperimentsWindow &w) {
        QStringList names;
        for (QAbstractSeries *s : w.chart()->series())
            names << s->name();
        return names;
    }

    static bool runToEnd(ExperimentsWindow &w) {
        QSignalSpy done(&w, &ExperimentsWindow::finished);
        w.findChild<QPushButton *>(u"run"_s)->click();
        return done.wait(60000);
    }

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    // Every column of every figure's table is explained in the header's tooltip (the header
    // keeps the CSV name): no column is left without a description of its own.
    void everyColumnIsDescribed() {
        const QStringList columns{u"nodes"_s,
                                  u"half_log2_n"_s,
                                  u"hashed_contacted_mean"_s,
                                  u"widest_messages_p99"_s,
                                  u"virtual"_s,
                                  u"mean"_s,
                                  u"p1"_s,
                                  u"p99_x"_s,
                                  u"widest_p1"_s,
                                  u"failed_fraction"_s,
                                  u"paper_p"_s,
                                  u"chordlab_failed"_s,
                                  u"skip_failed_r1"_s,
                                  u"skip_failed_r3"_s,
                                  u"keys_lost_r1"_s,
                                  u"keys_lost_r3"_s,
                                  u"skip_routing_failed"_s,
                                  u"skip_ok_contacted_mean"_s,
                                  u"skip_ok_timeouts_mean"_s,
                                  u"keys"_s,
                                  u"hashed_max"_s,
                                  u"hashed_p99_x"_s};
        QSet<QString> seen;
        for (const QString &c : columns) {
            const QString d = ExperimentsWindow::columnDescription(c);
            QVERIFY2(!d.isEmpty() && d != c, qPrintable(c));
            QVERIFY2(!seen.contains(d), qPrintable(c + u": "_s + d));
            seen.insert(d);
        }
        QCOMPARE(ExperimentsWindow::columnDescription(u"hashed_contacted_mean"_s),
                 u"hashed ids, mean (nodes contacted)"_s);
        QCOMPARE(ExperimentsWindow::columnDescription(u"keys_lost_r3"_s),
                 u"share of keys whose 3 copies all failed"_s);
    }

    void pathLengthRunsPlotsAndExports() {
        ExperimentsWindow w;
        w.show();
        w.setFigure(10);
        w.findChild<QLineEdit *>(u"nodes"_s)->setText(u"8,64,2^9"_s);
        w.findChild<QSpinBox *>(u"lookups"_s)->setValue(300);
        w.findChild<QSpinBox *>(u"seed"_s)->setValue(4);
        QVERIFY(runToEnd(w));
        QVERIFY(!w.isRunning());

        // ½ log2 N, then mean, 1st and 99th percentile for each placement.
        const QStringList names = seriesNames(w);
        QCOMPARE(names.size(), 7);
        QVERIFY(names[0].contains(u"log"_s));
        QCOMPARE(names[1], u"hashed ids, mean"_s);
        QCOMPARE(names[4], u"widest-arc ids, mean"_s);
        auto *mean = qobject_cast<QLineSeries *>(w.chart()->series()[1]);
        QVERIFY(mean);
        QCOMPARE(mean->count(), 3);
        QCOMPARE(mean->at(2).x(), 512.0);
        QCOMPARE(mean->at(2).y(), w.table().rows[2][2]);
        QVERIFY(w.chart()->axes(Qt::Vertical).first()->titleText().contains(u"nodes contacted"_s));
        // Messages instead: the same series, twice the values.
        w.setShowMessages(true);
        auto *messages = qobject_cast<QLineSeries *>(w.chart()->series()[1]);
        QCOMPARE(messages->at(2).y(), 2 * w.table().rows[2][2]);
        QVERIFY(w.chart()->axes(Qt::Vertical).first()->titleText().contains(u"Messages"_s));

        // The table widget shows the rows; the CSV is the library's table, byte for byte.
        QCOMPARE(w.tableWidget()->rowCount(), 3);
        QCOMPARE(w.tableWidget()->horizontalHeaderItem(2)->text(), u"hashed_contacted_mean"_s);
        Ex::Params p = Ex::defaults(10);
        p.nodes = {8, 64, 512};
        p.lookups = 300;
        p.seed = 4;
        QCOMPARE(w.params().nodes, p.nodes);
        QTemporaryDir dir;
        const QString csvPath = dir.filePath(u"f10.csv"_s);
        QVERIFY(w.exportCsv(csvPath));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(csv.readAll());
        QCOMPARE(text, Ex::run(p).toCsv());
        QVERIFY(text.contains(u"\nnodes,half_log2_n,hashed_contacted_mean,"_s));
        QVERIFY(text.contains(u"\n512,4.5,"_s));
        QVERIFY(text.contains(u"# command: chord-experiments --figure 10 --nodes 8,64,512"_s));

        const QString png = dir.filePath(u"f10.png"_s);
        QVERIFY(w.exportPng(png));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 500);
        const QString svg = dir.filePath(u"f10.svg"_s);
        QVERIFY(w.exportSvg(svg));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgText = svgFile.readAll();
        QVERIFY(svgText.contains("<svg"));
        QVERIFY(svgText.contains("Figure 10"));
    }

    void failedLookupsAndKeys() {
        ExperimentsWindow w;
        w.show();
        auto *figure = w.findChild<QComboBox *>(u"figure"_s);
        figure->setCurrentIndex(figure->findData(13));
        emit figure->activated(figure->currentIndex());
        QCOMPARE(w.figure(), 13);
        QVERIFY(w.findChild<QLineEdit *>(u"fail"_s)->isVisible());
        QVERIFY(!w.findChild<QLineEdit *>(u"virtual"_s)->isVisible());
        w.findChild<QLineEdit *>(u"nodes"_s)->setText(u"500"_s);
        w.findChild<QLineEdit *>(u"fail"_s)->setText(u"0,0.2,0.4"_s);
        w.findChild<QSpinBox *>(u"lookups"_s)->setValue(500);
        QVERIFY(runToEnd(w));
        QCOMPARE(seriesNames(w).size(), 4);
        QCOMPARE(w.table().rows.size(), 3);
        QCOMPARE(w.table().rows[0][2], 0.0); // nothing failed, no lookup failed
        QVERIFY(w.table().rows[2][3] > 0.3);

        w.setFigure(8);
        w.findChild<QLineEdit *>(u"nodes"_s)->setText(u"100"_s);
        w.findChild<QLineEdit *>(u"keys"_s)->setText(u"1000,1e4"_s);
        QVERIFY(runToEnd(w));
        QCOMPARE(w.table().rows.size(), 2);
        QCOMPARE(w.table().rows[1][1], 100.0);
        QCOMPARE(seriesNames(w).size(), 5);

        // A bad field: nothing runs and the status says why.
        w.findChild<QLineEdit *>(u"keys"_s)->setText(u"many"_s);
        w.start();
        QVERIFY(!w.isRunning());
        QVERIFY(w.findChild<QLabel *>(u"status"_s)->text().contains(u"--keys"_s));
    }

    void stopsWhenAsked() {
        ExperimentsWindow w;
        w.setFigure(10);
        w.findChild<QLineEdit *>(u"nodes"_s)->setText(u"10000,10000,10000,10000"_s);
        w.findChild<QSpinBox *>(u"lookups"_s)->setValue(50000);
        QSignalSpy done(&w, &ExperimentsWindow::finished);
        w.start();
        QVERIFY(w.isRunning());
        w.stop();
        QVERIFY(done.wait(60000));
        QVERIFY(w.table().rows.size() < 4);
        QVERIFY(w.table().notes.last().contains(u"stopped"_s));
    }

    void menuActionOpensOneWindowAndFollowsLanguage() {
        QWidget main;
        QAction *a = ExperimentsWindow::createAction(&main);
        QCOMPARE(a->objectName(), u"experiments"_s);
        QVERIFY(a->text().contains(u"experiments"_s));
        a->trigger();
        a->trigger();
        const auto windows =
            main.findChildren<ExperimentsWindow *>(QString(), Qt::FindDirectChildrenOnly);
        QCOMPARE(windows.size(), 1);
        QVERIFY(windows.first()->isVisible());

        LanguageManager language;
        language.setLanguage(u"it"_s);
        QCoreApplication::processEvents();
        QVERIFY2(a->text().contains(u"esperimenti"_s), qPrintable(a->text()));
        QVERIFY(windows.first()->findChild<QPushButton *>(u"run"_s)->text().contains(u"Esegui"_s));
        language.setLanguage(u"en"_s);
        QCoreApplication::processEvents();
        QVERIFY(a->text().contains(u"experiments"_s));
    }
};

QTEST_MAIN(TestExperimentsWindow)
#include "tst_experimentswindow.moc"
