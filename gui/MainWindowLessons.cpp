// Lessons and the quiz in MainWindow (the rest is in MainWindow.cpp): the Lessons menu (the
// built-in lessons, "Open lesson file…", the quiz) and the docks that play a lesson and ask
// the quiz beside the ring (LessonPanel, QuizPanel; docs/LESSONS.md).
#include "MainWindow.h"

#include "CompareWindow.h"
#include "ExperimentsWindow.h"
#include "LanguageManager.h"
#include "LessonPanel.h"
#include "QuizPanel.h"
#include "RingController.h"
#include "RingView.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>

namespace ChordLab {

using namespace Qt::StringLiterals;

void MainWindow::createLessons() {
    m_lessonPanel = new LessonPanel(this, &m_controller->monitor(), this);
    auto *d = new QDockWidget(this);
    d->setObjectName(u"lessonDock"_s);
    d->setWidget(m_lessonPanel);
    addDockWidget(Qt::RightDockWidgetArea, d);
    tabifyDockWidget(m_docks.value(u"inspector"_s), d);
    m_docks.value(u"inspector"_s)->raise();
    d->hide(); // until a lesson starts (or View > Lesson)
    m_docks.insert(u"lessonDock"_s, d);

    auto *menu = new QMenu(this);
    menu->setObjectName(u"lessonsMenu"_s);
    m_menus.insert(u"lessonsMenu"_s, menu);
    m_lessons = Lesson::builtIn();
    for (const Lesson &lesson : std::as_const(m_lessons)) {
        QAction *a = menu->addAction(QString());
        a->setObjectName(u"lesson-"_s + lesson.id);
        connect(a, &QAction::triggered, this, [this, lesson] { startLesson(lesson); });
    }
    m_act.openLesson =
        define(u"openLesson"_s, {}, {}, QT_TR_NOOP("&Open lesson file…"), nullptr, [this] {
            const QString file = QFileDialog::getOpenFileName(
                this, tr("Open lesson"), {}, tr("ChordLab lessons (*.json);;All files (*)"));
            if (!file.isEmpty())
                startLesson(file);
        });
    m_act.quiz = define(u"quiz"_s, {}, QKeySequence(u"Ctrl+Shift+Q"_s),
                        QT_TR_NOOP("&Quiz on the live ring"), nullptr, [this] { startQuiz(); });
    menu->addSeparator();
    menu->addAction(m_act.openLesson);
    menu->addSeparator();
    menu->addAction(m_act.quiz);
    menu->addAction(ExperimentsWindow::createAction(this)); // retranslates itself
    menu->addAction(CompareWindow::createAction(this));     // so does this one
    menuBar()->insertMenu(m_menus.value(u"languageMenu"_s)->menuAction(), menu);

    m_quizPanel = new QuizPanel(this, m_controller, this);
    auto *q = new QDockWidget(this);
    q->setObjectName(u"quizDock"_s);
    q->setWidget(m_quizPanel);
    addDockWidget(Qt::RightDockWidgetArea, q);
    tabifyDockWidget(d, q);
    q->hide();
    m_docks.insert(u"quizDock"_s, q);
    connect(m_ringView, &RingView::selectionChanged, m_quizPanel, &QuizPanel::nodeClicked);
    m_menus.value(u"viewMenu"_s)->addActions({d->toggleViewAction(), q->toggleViewAction()});
}

void MainWindow::startQuiz() {
    QDockWidget *d = m_docks.value(u"quizDock"_s);
    d->show();
    d->raise();
    if (!m_quizPanel->question())
        m_quizPanel->nextQuestion();
}

void MainWindow::retranslateLessons() {
    const QString language = m_language->effective();
    m_menus.value(u"lessonsMenu"_s)->setTitle(tr("L&essons"));
    for (const Lesson &lesson : std::as_const(m_lessons)) {
        QAction *a = findChild<QAction *>(u"lesson-"_s + lesson.id);
        a->setText(Lesson::in(lesson.title, language));
        a->setToolTip(Lesson::in(lesson.summary, language));
    }
    // (Open lesson file and Quiz: retranslateActions.)
    m_docks.value(u"quizDock"_s)->setWindowTitle(tr("Quiz"));
    m_quizPanel->retranslate();
    m_docks.value(u"lessonDock"_s)->setWindowTitle(tr("Lesson"));
    m_lessonPanel->setLanguage(language);
    m_lessonPanel->retranslate();
}

void MainWindow::startLesson(const Lesson &lesson) {
    QDockWidget *d = m_docks.value(u"lessonDock"_s);
    d->show();
    d->raise();
    // Room for the narration: a third of the window's height at least.
    if (d->height() < height() / 3)
        resizeDocks({d}, {height() / 3}, Qt::Vertical);
    m_lessonPanel->start(lesson);
}

bool MainWindow::startLesson(const QString &idOrFile) {
    for (const Lesson &lesson : std::as_const(m_lessons)) {
        if (lesson.id == idOrFile) {
            startLesson(lesson);
            return true;
        }
    }
    QString error;
    const std::optional<Lesson> lesson = Lesson::fromFile(idOrFile, &error);
    if (!lesson) {
        showResult({false, tr("Could not open the lesson %1: %2").arg(idOrFile, error)});
        return false;
    }
    startLesson(*lesson);
    return true;
}

} // namespace ChordLab
