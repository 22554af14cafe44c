#include "LessonPanel.h"

#include "HealthPanel.h"
#include "MainWindow.h"
#include "RingMonitor.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ChordLab {

using namespace Qt::StringLiterals;

LessonPanel::LessonPanel(MainWindow *window, RingMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_window(window)
    , m_monitor(monitor) {
    setObjectName(u"lessonPanel"_s);
    m_title = new QLabel(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    m_title->setWordWrap(true);
    m_progress = new QLabel(this);
    m_text = new QTextBrowser(this);
    m_text->setObjectName(u"lessonText"_s);
    m_text->setOpenExternalLinks(false);
    m_text->setMinimumHeight(m_text->fontMetrics().lineSpacing() * 9);
    m_status = new QLabel(this);
    m_status->setObjectName(u"lessonStatus"_s);
    m_status->setWordWrap(true);
    m_next = new QPushButton(this);
    m_next->setObjectName(u"lessonNext"_s);
    m_next->setDefault(true);
    m_stop = new QPushButton(this);
    m_stop->setObjectName(u"lessonStop"_s);
    connect(m_next, &QPushButton::clicked, this, &LessonPanel::next);
    connect(m_stop, &QPushButton::clicked, this, &LessonPanel::stop);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    buttons->addWidget(m_next);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_progress);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(m_monitor, &RingMonitor::eventObserved, this, &LessonPanel::observe);
    // The ring's health changes only with a new snapshot; queued, so that the window's health
    // panel has judged that snapshot when the waits are checked.
    connect(m_monitor, &RingMonitor::snapshotChanged, this, &LessonPanel::check,
            Qt::QueuedConnection);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        m_done = true;
        showState();
    });
    retranslate();
}

void LessonPanel::start(const Lesson &lesson) {
    m_lesson = lesson;
    enterStep(0);
}

void LessonPanel::stop() {
    const QString id = m_lesson ? m_lesson->id : QString();
    m_lesson.reset();
    m_step = -1;
    m_timeout.stop();
    showState();
    if (!id.isEmpty())
        emit finished(id);
}

void LessonPanel::next() {
    if (!m_lesson || !m_done)
        return;
    if (m_step + 1 >= m_lesson->steps.size()) {
        stop();
        return;
    }
    enterStep(m_step + 1);
}

void LessonPanel::setLanguage(const QString &language) {
    m_language = language;
    showState();
}

void LessonPanel::retranslate() {
    m_stop->setText(tr("End lesson"));
    showState();
}

void LessonPanel::enterStep(int index) {
    m_step = index;
    m_wait = 0;
    m_seen = 0;
    m_timedOut = false;
    const Lesson::Step &step = m_lesson->steps[index];
    m_done = step.waits.isEmpty();
    showState();
    emit stepChanged(index);
    // Waits start before the action: its events may come back at once.
    if (!m_done)
        m_timeout.start(step.timeoutS * 1000);
    if (!step.action.what.isEmpty())
        doAction(step.action);
    check();
}

void LessonPanel::doAction(const Lesson::Action &action) {
    const QString &what = action.what;
    if (!action.node.isEmpty())
        m_window->selectNodeByName(action.node);
    if (what == u"boot"_s) {
        BootOptions o;
        o.nodes = action.nodes;
        o.bits = action.bits;
        o.replicas = action.replicas;
        o.stabilizeMs = action.stabilizeMs;
        m_window->bootRing(o);
    } else if (what == u"store"_s) {
        for (const QString &k : action.keys)
            m_window->storeKey(k, k.toUpper());
    } else if (what == u"lookup"_s) {
        m_window->lookupKey(action.key);
    } else if (what == u"add"_s) {
        m_window->action(u"addNode"_s)->trigger();
    } else if (what == u"crash"_s || what == u"leave"_s || what == u"pause"_s ||
               what == u"resume"_s) {
        m_window->action(what)->trigger();
    } else if (what == u"partition"_s) {
        if (!m_window->partitionByNames(action.groups))
            m_status->setText(tr("Some node of the partition is not in the ring."));
    } else if (what == u"heal"_s) {
        m_window->healAllLinks();
    } else if (what == u"fingers"_s || what == u"messages"_s) {
        QAction *toggle =
            m_window->action(what == u"fingers"_s ? u"allFingers"_s : u"showMessages"_s);
        if (toggle->isChecked() != action.on)
            toggle->trigger();
    }
}

void LessonPanel::observe(const Chord::NodeRef &, const Chord::Event &event) {
    if (!m_lesson || m_done)
        return;
    const Lesson::Step &step = m_lesson->steps[m_step];
    if (m_wait < step.waits.size() && step.waits[m_wait].event == event.type) {
        ++m_seen;
        check();
    }
}

bool LessonPanel::waitMet(const Lesson::Wait &wait) const {
    if (!wait.event.isEmpty())
        return m_seen >= wait.count;
    if (wait.rings > 0)
        return ringCount(m_monitor->snapshot()) == wait.rings &&
               (wait.nodes == 0 || m_monitor->snapshot().liveCount() == wait.nodes);
    if (wait.nodes > 0 && m_monitor->snapshot().liveCount() != wait.nodes)
        return false;
    if (m_monitor->snapshot().liveCount() == 0)
        return false;
    const QList<HealthCheck> &checks = m_window->healthPanel()->checks();
    return !checks.isEmpty() &&
           std::all_of(checks.begin(), checks.end(), [](const HealthCheck &c) { return c.ok; });
}

int LessonPanel::ringCount(const RingSnapshot &ring) {
    QHash<QString, QString> succ;
    for (const NodeSnapshot &n : ring.nodes) {
        if (n.isLive() && n.succ)
            succ.insert(n.address(), n.succ->address());
    }
    // Walk from each node; a walk that comes back to a node of its own walk closed a ring.
    QHash<QString, int> walkOf;
    int rings = 0;
    int walk = 0;
    for (auto it = succ.cbegin(); it != succ.cend(); ++it) {
        ++walk;
        QString at = it.key();
        while (succ.contains(at) && !walkOf.contains(at)) {
            walkOf.insert(at, walk);
            at = succ.value(at);
        }
        if (walkOf.value(at) == walk)
            ++rings;
    }
    return rings;
}

void LessonPanel::check() {
    if (!m_lesson || m_done)
        return;
    const Lesson::Step &step = m_lesson->steps[m_step];
    while (m_wait < step.waits.size() && waitMet(step.waits[m_wait])) {
        ++m_wait;
        m_seen = 0;
    }
    if (m_wait >= step.waits.size()) {
        m_done = true;
        m_timeout.stop();
    }
    showState();
}

void LessonPanel::showState() {
    if (!m_lesson || m_step < 0) {
        m_title->setText(tr("Lessons"));
        m_progress->clear();
        m_text->setHtml(tr("<p>Pick a lesson in the <b>Lessons</b> menu. Each one boots a small "
                           "ring, does one thing to it at a time and tells you what to look "
                           "at; press <b>Next</b> when the ring has shown it.</p>"));
        m_status->clear();
        m_next->setText(tr("Next"));
        m_next->setEnabled(false);
        m_stop->setEnabled(false);
        return;
    }
    const Lesson::Step &step = m_lesson->steps[m_step];
    m_title->setText(Lesson::in(m_lesson->title, m_language));
    m_progress->setText(tr("Step %1 of %2").arg(m_step + 1).arg(m_lesson->steps.size()));
    m_text->setHtml(Lesson::in(step.text, m_language));
    if (m_timedOut) {
        m_status->setText(tr("The ring has not shown it yet: look at the logs, or go on."));
    } else if (!m_done) {
        const Lesson::Wait &w = step.waits[m_wait];
        m_status->setText(
            w.healthy ? tr("Waiting for the ring to settle…")
            : w.rings > 0
                ? tr("Waiting for %n separate ring(s)…", nullptr, w.rings)
                : tr("Waiting for the ring: %1 (%2 of %3)…").arg(w.event).arg(m_seen).arg(w.count));
    } else {
        m_status->setText(step.waits.isEmpty() ? QString() : tr("✓ The ring has done it."));
    }
    const bool last = m_step + 1 >= m_lesson->steps.size();
    m_next->setText(last ? tr("Finish") : tr("Next"));
    m_next->setEnabled(m_done);
    m_stop->setEnabled(true);
}

} // namespace ChordLab
