// Lessons and the quiz (docs/LESSONS.md): the lesson format and its bad input, the built-in
// lessons, one lesson played end to end on a real ring, each step waiting for what the ring
// shows, and quiz answers checked against a live ring.
#include "HealthPanel.h"
#include "IdSpace.h"
#include "LanguageManager.h"
#include "Lesson.h"
#include "LessonPanel.h"
#include "MainWindow.h"
#include "QuizPanel.h"
#include "RingController.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <memory>

using namespace ChordLab;
using namespace Qt::StringLiterals;

namespace {

QJsonObject lessonJson(const QByteArray &steps) {
    return QJsonDocument::fromJson(
               R"({"format": "chordlab-lesson", "version": 1, "id": "t", "title": "T", "steps": )" +
               steps + "}")
        .object();
}

} // namespace

class TestLessons : public QObject {
    Q_OBJECT

    void quizOnTheLiveRing(MainWindow *window, QuizPanel *quiz, RingController &controller);

private slots:
    void builtInLessonsReadAndAreTranslated() {
        const QList<Lesson> lessons = Lesson::builtIn();
        QStringList ids;
        for (const Lesson &l : lessons) {
            ids << l.id;
            QVERIFY(l.title.contains(u"en"_s) && l.title.contains(u"it"_s));
            QVERIFY(l.steps.size() >= 4);
            for (const Lesson::Step &s : l.steps)
                QVERIFY2(s.text.contains(u"en"_s) && s.text.contains(u"it"_s), qPrintable(l.id));
            // Every lesson starts by booting its own ring and waiting for it.
            QCOMPARE(l.steps.first().action.what, u"boot"_s);
            QVERIFY(l.steps.first().waits.first().healthy);
        }
        QCOMPARE(ids,
                 (QStringList{u"join"_s, u"fingers"_s, u"crash"_s, u"leave"_s, u"partition"_s}));
        // The partition lesson (issue 12): split, two rings, heal, one ring again.
        const Lesson &partition = lessons.last();
        QCOMPARE(partition.steps[2].action.what, u"partition"_s);
        QCOMPARE(partition.steps[2].action.groups,
                 (QList<QStringList>{{u"n1"_s, u"n2"_s, u"n3"_s}, {u"n4"_s, u"n5"_s, u"n6"_s}}));
        QCOMPARE(partition.steps[2].waits.first().rings, 2);
        QCOMPARE(partition.steps[5].action.what, u"heal"_s);
        QCOMPARE(partition.steps[5].waits.first().rings, 1);
        QCOMPARE(Lesson::in(lessons.first().title, u"it"_s), u"Un nodo entra"_s);
        QCOMPARE(Lesson::in(lessons.first().title, u"fr"_s), u"A node joins"_s); // fallback
    }

    void readsALessonFile() {
        QTemporaryDir dir;
        QFile file(dir.filePath(u"mine.json"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "chordlab-lesson", "version": 1, "id": "mine",
            "title": {"en": "Mine"}, "steps": [
              {"text": "Boot", "action": {"do": "boot", "nodes": 3, "bits": 5},
               "waitFor": [{"healthy": true, "nodes": 3}], "timeoutS": 45},
              {"text": "Look", "action": {"do": "lookup", "key": "k", "node": "n2"},
               "waitFor": [{"event": "lookup", "count": 2}]}]})");
        file.close();
        QString error;
        const std::optional<Lesson> l = Lesson::fromFile(file.fileName(), &error);
        QVERIFY2(l, qPrintable(error));
        QCOMPARE(l->steps.size(), 2);
        QCOMPARE(l->steps[0].timeoutS, 45);
        QCOMPARE(l->steps[0].waits[0].nodes, 3);
        QCOMPARE(l->steps[1].waits[0].event, u"lookup"_s);
        QCOMPARE(l->steps[1].waits[0].count, 2);
        QCOMPARE(l->steps[1].timeoutS, 60);
        // The actions, typed, with the format's defaults for what is not given.
        const Lesson::Action &boot = l->steps[0].action;
        QCOMPARE(boot.what, u"boot"_s);
        QCOMPARE(boot.nodes, 3);
        QCOMPARE(boot.bits, 5);
        QCOMPARE(boot.replicas, 3);
        QCOMPARE(boot.stabilizeMs, 500);
        QVERIFY(boot.node.isEmpty());
        const Lesson::Action &lookup = l->steps[1].action;
        QCOMPARE(lookup.what, u"lookup"_s);
        QCOMPARE(lookup.key, u"k"_s);
        QCOMPARE(lookup.node, u"n2"_s);
        QVERIFY(lookup.on);
        QVERIFY(!Lesson::fromFile(dir.filePath(u"missing.json"_s), &error));
    }

    void badLessons_data() {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("other format")
            << QJsonObject{{u"format"_s, u"x"_s}} << u"not a ChordLab lesson"_s;
        QTest::newRow("newer version")
            << QJsonObject{{u"format"_s, u"chordlab-lesson"_s}, {u"version"_s, 2}}
            << u"version 2"_s;
        QTest::newRow("no steps") << lessonJson("[]") << u"no steps"_s;
        QTest::newRow("no title") << QJsonDocument::fromJson(
                                         R"({"format": "chordlab-lesson", "version": 1,
                   "steps": [{"text": "a"}]})")
                                         .object()
                                  << u"no title"_s;
        QTest::newRow("step without text")
            << lessonJson(R"([{"action": {"do": "add"}}])") << u"step 1 has no text"_s;
        QTest::newRow("unknown action")
            << lessonJson(R"([{"text": "a", "action": {"do": "explode"}}])")
            << u"unknown action \"explode\""_s;
        QTest::newRow("boot too big")
            << lessonJson(R"([{"text": "a", "action": {"do": "boot", "nodes": 500}}])")
            << u"1..32 nodes"_s;
        QTest::newRow("crash of nobody")
            << lessonJson(R"([{"text": "a", "action": {"do": "crash"}}])")
            << u"crash needs a node"_s;
        QTest::newRow("store nothing")
            << lessonJson(R"([{"text": "a", "action": {"do": "store", "keys": []}}])")
            << u"list of keys"_s;
        QTest::newRow("wait for nothing")
            << lessonJson(R"([{"text": "a"}, {"text": "b", "waitFor": [{}]}])")
            << u"step 2: a wait"_s;
        QTest::newRow("wait for both")
            << lessonJson(R"([{"text": "a", "waitFor": [{"event": "join", "healthy": true}]}])")
            << u"step 1: a wait"_s;
        QTest::newRow("partition of one group")
            << lessonJson(R"([{"text": "a", "action": {"do": "partition", "groups": [["n1"]]}}])")
            << u"partition needs"_s;
        QTest::newRow("partition with an empty group")
            << lessonJson(
                   R"([{"text": "a", "action": {"do": "partition", "groups": [["n1"], []]}}])")
            << u"partition needs"_s;
        QTest::newRow("rings and an event")
            << lessonJson(R"([{"text": "a", "waitFor": [{"event": "join", "rings": 2}]}])")
            << u"step 1: a wait"_s;
        QTest::newRow("zero events")
            << lessonJson(R"([{"text": "a", "waitFor": [{"event": "join", "count": 0}]}])")
            << u"step 1: a wait"_s;
    }

    void badLessons() {
        QFETCH(QJsonObject, json);
        QFETCH(QString, error);
        QString why;
        QVERIFY(!Lesson::fromJson(json, &why));
        QVERIFY2(why.contains(error), qPrintable(why));
    }

    void quizNeedsARing() {
        QuizPanel *quiz = nullptr;
        RingController controller;
        LanguageManager language;
        MainWindow window(&controller, &language);
        quiz = window.quizPanel();
        QVERIFY(!quiz->nextQuestion());
        QVERIFY(!quiz->question());
        QRandomGenerator random(1);
        QVERIFY(!Quiz::next(RingSnapshot{}, random));
    }

    void crashLessonEndToEnd() {
        // The app with no ring: the lesson boots one, stores keys, crashes n3 and waits for
        // its successor to find it dead and the ring to heal, then looks a key up.
        QTemporaryDir settings;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
        QCoreApplication::setOrganizationName(u"ChordLabTest"_s);
        LanguageManager language;
        language.setLanguage(u"en"_s);
        RingController controller;
        controller.monitor().setIntervals(150, 200);
        auto window = std::make_unique<MainWindow>(&controller, &language);
        window->resize(1200, 800);
        window->show();
        LessonPanel *panel = window->lessonPanel();
        QSignalSpy steps(panel, &LessonPanel::stepChanged);
        QSignalSpy finished(panel, &LessonPanel::finished);
        QVERIFY(!window->startLesson(u"no-such-lesson"_s));
        QVERIFY(window->startLesson(u"crash"_s));
        QVERIFY(window->findChild<QDockWidget *>(u"lessonDock"_s)->isVisible());
        auto *next = panel->findChild<QPushButton *>(u"lessonNext"_s);
        auto *status = panel->findChild<QLabel *>(u"lessonStatus"_s);
        const int count = int(Lesson::builtIn()[2].steps.size());
        for (int i = 0; i < count; ++i) {
            QCOMPARE(panel->stepIndex(), i);
            QTRY_VERIFY_WITH_TIMEOUT(panel->stepDone(), 100000);
            // Done because the ring showed it, not because the step timed out.
            QVERIFY2(!status->text().contains(u"not shown it"_s),
                     qPrintable(u"step %1: %2"_s.arg(i + 1).arg(status->text())));
            QVERIFY(next->isEnabled());
            if (i == 2) { // n3 crashed: 5 of 6 alive, every check green
                QCOMPARE(controller.monitor().snapshot().liveCount(), 5);
                const NodeSnapshot *n3 = nullptr;
                for (const NodeSnapshot &n : controller.monitor().snapshot().nodes) {
                    if (n.ref.name == u"n3"_s)
                        n3 = &n;
                }
                QVERIFY(n3 && n3->health == NodeHealth::Dead);
            }
            next->click();
        }
        QCOMPARE(steps.size(), count);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0][0].toString(), u"crash"_s);
        QVERIFY(!panel->isRunning());

        // Italian: the panel's text follows the language.
        QVERIFY(window->startLesson(u"leave"_s));
        language.setLanguage(u"it"_s);
        QTRY_VERIFY(panel->findChild<QTextBrowser *>(u"lessonText"_s)
                        ->toPlainText()
                        .contains(u"anello di 5 nodi"_s));
        panel->stop();
        language.setLanguage(u"en"_s);

        // The quiz, on a fresh ring of 5 (the lesson's was stopped with it).
        QuizPanel *quiz = window->quizPanel();
        BootOptions o;
        o.nodes = 5;
        o.bits = 6;
        window->bootRing(o);
        QTRY_COMPARE_WITH_TIMEOUT(controller.monitor().snapshot().liveCount(), 5, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QList<HealthCheck> &checks = window->healthPanel()->checks();
                return !checks.isEmpty() && std::all_of(checks.begin(), checks.end(),
                                                        [](const HealthCheck &c) { return c.ok; });
            }(),
            30000);
        quizOnTheLiveRing(window.get(), quiz, controller);

        QSignalSpy closed(window.get(), &MainWindow::shutdownComplete);
        window->close();
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 10000);
        QCOMPARE(controller.cluster().runningCount(), 0);
    }
};

void TestLessons::quizOnTheLiveRing(MainWindow *window, QuizPanel *quiz,
                                    RingController &controller) {
    window->startQuiz();
    QVERIFY(window->findChild<QDockWidget *>(u"quizDock"_s)->isVisible());
    QVERIFY(quiz->question().has_value());
    QSignalSpy verdicts(quiz, &QuizPanel::verdictReady);
    const RingSnapshot ring = controller.monitor().snapshot();
    const NodeSnapshot *n1 = nullptr;
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.ref.name == u"n1"_s)
            n1 = &n;
    }
    QVERIFY(n1 && n1->fingers.size() == 6);

    // A finger, from n1's own table: right, then wrong with the right one named.
    const QuizQuestion finger{QuizQuestion::Kind::Finger, {}, n1->address(), u"n1"_s, 3};
    const QString expected = n1->fingers[3].node.name;
    quiz->ask(finger);
    QVERIFY(quiz->findChild<QComboBox *>(u"quizNode"_s)->currentText().isEmpty());
    quiz->setAnswer(expected);
    quiz->answer();
    QTRY_COMPARE(verdicts.size(), 1);
    QVERIFY(verdicts[0][0].value<QuizVerdict>().right);
    quiz->ask(finger);
    // Clicking a node on the ring answers with it.
    const NodeSnapshot *other = nullptr;
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.ref.name != expected)
            other = &n;
    }
    window->selectNode(other->address());
    QCOMPARE(quiz->findChild<QComboBox *>(u"quizNode"_s)->currentText(), other->ref.name);
    quiz->answer();
    QTRY_COMPARE(verdicts.size(), 2);
    const QuizVerdict wrong = verdicts[1][0].value<QuizVerdict>();
    QVERIFY(!wrong.right);
    QCOMPARE(wrong.expected, expected);
    QVERIFY(wrong.explanation.contains(u"start"_s));
    QCOMPARE(window->selectedNode(), n1->fingers[3].node.address()); // shown on the ring

    // The owner of a key, from the ring's own lookup: the first live node at or after the
    // key's id.
    const Chord::Id id = Chord::IdSpace(6).hashKey(u"apple"_s);
    QString owner = ring.nodes.first().ref.name;
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.ref.id >= id) {
            owner = n.ref.name;
            break;
        }
    }
    quiz->ask({QuizQuestion::Kind::Owner, u"apple"_s, {}, {}, 0});
    quiz->setAnswer(owner);
    quiz->answer();
    QTRY_COMPARE_WITH_TIMEOUT(verdicts.size(), 3, 10000);
    QVERIFY(verdicts[2][0].value<QuizVerdict>().right);
    QCOMPARE(verdicts[2][0].value<QuizVerdict>().expected, owner);

    // How many hops: a number, checked against the trace.
    quiz->ask({QuizQuestion::Kind::Hops, u"kiwi"_s, n1->address(), u"n1"_s, 0});
    quiz->setAnswer(u"9"_s);
    quiz->answer();
    QTRY_COMPARE_WITH_TIMEOUT(verdicts.size(), 4, 10000);
    const QuizVerdict hops = verdicts[3][0].value<QuizVerdict>();
    bool number = false;
    QVERIFY(hops.expected.toInt(&number) < 9 && number);
    QVERIFY(!hops.right);
    // Which node hands keys to a joiner: the first node at or after its id, by the pointers.
    const Chord::Id joinId = (n1->ref.id + 63) % 64; // just before n1
    QString heir = ring.nodes.first().ref.name;
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.ref.id >= joinId) {
            heir = n.ref.name;
            break;
        }
    }
    QuizQuestion join{QuizQuestion::Kind::JoinKeys, {}, {}, {}, 0};
    join.joinId = joinId;
    quiz->ask(join);
    quiz->setAnswer(heir);
    quiz->answer();
    QTRY_COMPARE(verdicts.size(), 5);
    const QuizVerdict joined = verdicts[4][0].value<QuizVerdict>();
    QVERIFY2(joined.right, qPrintable(joined.explanation));
    QVERIFY(joined.explanation.contains(u"arc"_s));
    QCOMPARE(quiz->asked(), 5);
    QCOMPARE(quiz->right(), 3);
    QVERIFY(quiz->nextQuestion());
}

QTEST_MAIN(TestLessons)
#include "tst_lessons.moc"
