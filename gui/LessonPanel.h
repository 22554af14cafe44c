#pragma once

#include "Lesson.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace Chord {
struct Event;
struct NodeRef;
} // namespace Chord

namespace ChordLab {

class MainWindow;
struct RingSnapshot;
class RingMonitor;

// Plays a lesson beside the ring (docs/LESSONS.md): the step's text, its action done on the
// real ring through the window, and what it waits for; Next once the ring has shown it.
class LessonPanel : public QWidget {
    Q_OBJECT

public:
    LessonPanel(MainWindow *window, RingMonitor *monitor, QWidget *parent = nullptr);

    void start(const Lesson &lesson);
    void stop();
    bool isRunning() const { return m_lesson.has_value(); }
    // -1 before the first step.
    int stepIndex() const { return m_step; }
    // The step's waits are all met (or it has none, or it timed out).
    bool stepDone() const { return m_done; }
    void next();
    // Separate rings among the live nodes: cycles of their successor pointers (a node whose
    // successor is itself is a ring of one).
    static int ringCount(const RingSnapshot &ring);
    void setLanguage(const QString &language);
    void retranslate();

signals:
    void finished(const QString &lessonId);
    void stepChanged(int index);

private:
    void enterStep(int index);
    void doAction(const Lesson::Action &action);
    void observe(const Chord::NodeRef &source, const Chord::Event &event);
    void check();
    bool waitMet(const Lesson::Wait &wait) const;
    void showState();

    MainWindow *m_window;
    RingMonitor *m_monitor;
    std::optional<Lesson> m_lesson;
    QString m_language = QStringLiteral("en");
    int m_step = -1;
    int m_wait = 0; // the wait of the step being waited for
    int m_seen = 0; // events of that wait's type seen since it began
    bool m_done = false;
    bool m_timedOut = false;
    QTimer m_timeout;
    QLabel *m_title;
    QLabel *m_progress;
    QTextBrowser *m_text;
    QLabel *m_status;
    QPushButton *m_next;
    QPushButton *m_stop;
};

} // namespace ChordLab
