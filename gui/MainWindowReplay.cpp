// Record and replay in MainWindow (the rest is in MainWindow.cpp): the timeline under the
// ring, its actions (play, step, back to live, save and open a recording, export a time
// range), and the views shown at the cursor's moment (Replay, History; docs/RECORDING.md).
#include "MainWindow.h"

#include "ExportRangeDialog.h"
#include "HealthPanel.h"
#include "InspectorPanel.h"
#include "LogPanel.h"
#include "LookupAnimation.h"
#include "NodeTableModel.h"
#include "Replay.h"
#include "RingController.h"
#include "RingMonitor.h"
#include "RingView.h"
#include "TimelineWidget.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QProgressDialog>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {
constexpr double ReplaySpeeds[] = {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0};
// Lines of the ring's event feed shown at a moment of a recording.
constexpr int EventLinesShown = 500;

QString clockText(qint64 atMs) {
    return QDateTime::fromMSecsSinceEpoch(atMs).toString(u"HH:mm:ss.zzz"_s);
}
} // namespace

void MainWindow::createReplayActions() {
    Actions &a = m_act;
    a.replayPlay = define(u"replayPlay"_s, u"play"_s, QKeySequence(u"Ctrl+R"_s),
                          QT_TR_NOOP("&Play the recording"),
                          QT_TR_NOOP("Play what happened from the timeline's cursor at the "
                                     "chosen speed; lookups and messages fly again"),
                          {});
    a.replayPlay->setCheckable(true);
    connect(a.replayPlay, &QAction::triggered, this, [this](bool on) {
        if (on && m_replay->isLive())
            m_replay->seek(m_replay->history().startMs());
        on ? m_replay->play() : m_replay->stop();
    });
    a.replayBack = define(u"replayBack"_s, u"stepback"_s, QKeySequence(u"Ctrl+Shift+Left"_s),
                          QT_TR_NOOP("Step &back"),
                          QT_TR_NOOP("Move the timeline's cursor to the event before it"),
                          [this] { m_replay->stepBack(); });
    a.replayForward =
        define(u"replayForward"_s, u"stepforward"_s, QKeySequence(u"Ctrl+Shift+Right"_s),
               QT_TR_NOOP("Step &forward"),
               QT_TR_NOOP("Move the timeline's cursor to the next event and show it happen"),
               [this] { m_replay->stepForward(); });
    a.replayLive = define(u"replayLive"_s, u"live"_s, QKeySequence(u"Ctrl+Shift+L"_s),
                          QT_TR_NOOP("Back to &live"),
                          QT_TR_NOOP("Show the ring as it is now (closes an opened recording)"),
                          [this] { m_replay->goLive(); });
    a.saveRecording = define(u"saveRecording"_s, {}, QKeySequence(u"Ctrl+Shift+S"_s),
                             QT_TR_NOOP("&Save recording…"),
                             QT_TR_NOOP("Save the history shown on the timeline to a file"),
                             [this] { saveRecordingAs(); });
    a.openRecording =
        define(u"openRecording"_s, {}, QKeySequence(u"Ctrl+O"_s), QT_TR_NOOP("&Open recording…"),
               QT_TR_NOOP("Open a saved recording and replay it (no nodes needed)"), [this] {
                   const QString file = QFileDialog::getOpenFileName(
                       this, tr("Open recording"), {},
                       tr("ChordLab recordings (*.chordlab.json);;All files (*)"));
                   if (!file.isEmpty())
                       openRecording(file);
               });
    a.exportRange = define(
        u"exportRange"_s, {}, QKeySequence(u"Ctrl+Alt+E"_s), QT_TR_NOOP("Export a time &range…"),
        QT_TR_NOOP("Write a part of the recording as numbered PNG frames and an animated PNG"),
        [this] { exportRangeAsked(); });
    connect(m_replay, &Replay::cursorMoved, this, &MainWindow::showMoment);
    connect(m_replay, &Replay::eventReplayed, this, &MainWindow::replayEvent);
    connect(m_replay, &Replay::playingChanged, this, &MainWindow::updateReplayActions);
    connect(m_replay, &Replay::historyChanged, this, [this] {
        m_shownEvents = -1;
        updateReplayActions();
    });
}

QWidget *MainWindow::createTimelinePanel() {
    auto *panel = new QWidget(this);
    panel->setObjectName(u"timelinePanel"_s);
    auto *bar = new QToolBar(panel);
    bar->setObjectName(u"replayToolbar"_s);
    bar->setIconSize(QSize(18, 18));
    bar->addActions({m_act.replayBack, m_act.replayPlay, m_act.replayForward});
    m_replaySpeed = new QComboBox(bar);
    m_replaySpeed->setObjectName(u"replaySpeed"_s);
    for (double s : ReplaySpeeds)
        m_replaySpeed->addItem(QLocale().toString(s) + u"×"_s, s);
    m_replaySpeed->setCurrentIndex(3); // 1x
    connect(m_replaySpeed, &QComboBox::currentIndexChanged, this,
            [this](int i) { m_replay->setSpeed(m_replaySpeed->itemData(i).toDouble()); });
    bar->addWidget(m_replaySpeed);
    bar->addAction(m_act.replayLive);
    m_replayStatus = new QLabel(bar);
    m_replayStatus->setObjectName(u"replayStatus"_s);
    m_replayStatus->setContentsMargins(8, 0, 0, 0);
    bar->addWidget(m_replayStatus);
    m_timeline = new TimelineWidget(m_replay, panel);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 0, 4, 2);
    layout->setSpacing(0);
    layout->addWidget(bar);
    layout->addWidget(m_timeline);

    auto *central = new QWidget(this);
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_ringView, 1);
    column->addWidget(panel);
    return central;
}

void MainWindow::retranslateReplay() {
    m_act.replayBack->setIconText(tr("Back"));
    m_act.replayForward->setIconText(tr("Forward"));
    m_act.replayLive->setIconText(tr("Live"));
    m_replaySpeed->setToolTip(tr("Replay speed"));
    m_timeline->setToolTip(QString());
    updateReplayActions();
}

void MainWindow::updateReplayActions() {
    const bool any = !m_replay->history().isEmpty();
    m_act.replayPlay->setChecked(m_replay->isPlaying());
    m_act.replayPlay->setEnabled(any);
    m_act.replayBack->setEnabled(any);
    m_act.replayForward->setEnabled(any && !m_replay->isLive());
    m_act.replayLive->setEnabled(!m_replay->isLive());
    m_act.saveRecording->setEnabled(any);
    m_act.exportRange->setEnabled(any);
    const History &h = m_replay->history();
    QString status;
    if (m_replay->isLive()) {
        status = tr("Live · recorded %1 events, %2 s")
                     .arg(h.eventCount())
                     .arg((h.endMs() - h.startMs()) / 1000);
    } else {
        status =
            tr("%1 · %2 s before the end")
                .arg(clockText(m_replay->cursorMs()))
                .arg(QLocale().toString(double(h.endMs() - m_replay->cursorMs()) / 1000.0, 'f', 1));
        if (m_replay->hasOpenedFile())
            status += tr(" · %1").arg(m_replay->openedFile().section(u'/', -1));
    }
    m_replayStatus->setText(status);
}

void MainWindow::showMoment() {
    const bool live = m_replay->isLive();
    // Leaving live: what the live ring animates would be drawn over another moment.
    if (!live && m_controller->feedAnimated())
        m_controller->animation().stop();
    m_controller->setFeedAnimated(live);
    const History &h = m_replay->history();
    const qint64 at = m_replay->cursorMs();
    m_health->setMoment(live ? QString() : clockText(at));
    if (live) {
        onSnapshot();
    } else if (const HistoryFrame *f = h.frameAt(at)) {
        showRing(f->ring, f->keyIds);
    }
    // The ring events tab and the hop histogram as they were at that moment.
    const int upTo = h.countUpTo(at);
    if (upTo != m_shownEvents) {
        m_shownEvents = upTo;
        QStringList lines;
        for (const HistoryEvent *e : h.eventsUpTo(at, EventLinesShown))
            lines << clockText(e->atMs) + u' ' + LogPanel::eventLine(e->source, e->event);
        m_logPanel->setEvents(lines);
        QList<int> hops;
        for (const HistoryEvent *e : h.eventsUpTo(at, History::MaxEvents)) {
            if (e->event.type == u"lookup"_s && e->event.lookup)
                hops.append(int(e->event.lookup->hops.size()));
        }
        m_health->histogram()->setLookups(hops);
    }
    updateReplayActions();
}

void MainWindow::replayEvent(const HistoryEvent &e) {
    const Chord::Event &ev = e.event;
    if (ev.type == u"lookup"_s && ev.lookup) {
        m_controller->animation().play(e.source, *ev.lookup);
    } else if (ev.type == u"handoff-out"_s && ev.node && ev.count > 0) {
        m_ringView->animateTransfer(e.source, *ev.node, ev.count);
    } else if (ev.type == u"message"_s && ev.node) {
        m_ringView->animateMessage(e.source, *ev.node, RingMonitor::messageKind(ev.detail));
    }
}

void MainWindow::saveRecordingAs() {
    QString file =
        QFileDialog::getSaveFileName(this, tr("Save recording"), u"ring.chordlab.json"_s,
                                     tr("ChordLab recordings (*.chordlab.json);;All files (*)"));
    if (file.isEmpty())
        return;
    QString error;
    const bool ok = m_replay->save(file, &error);
    const QString message = ok ? tr("Recording saved to %1").arg(file)
                               : tr("Could not save the recording to %1: %2").arg(file, error);
    showResult({ok, message});
}

bool MainWindow::openRecording(const QString &file) {
    QString error;
    const bool ok = m_replay->open(file, &error);
    showResult({ok, ok ? tr("Replaying %1").arg(file)
                       : tr("Could not open the recording %1: %2").arg(file, error)});
    return ok;
}

void MainWindow::exportRangeAsked() {
    const History &h = m_replay->history();
    ExportRangeDialog dialog(h.startMs(), h.endMs(), m_replay->cursorMs(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    const bool ok = exportRange(dialog.range(), dialog.folder(), &error);
    showResult({ok, ok ? tr("Frames and an animated PNG written to %1").arg(dialog.folder())
                       : tr("Could not export the range to %1: %2").arg(dialog.folder(), error)});
}

bool MainWindow::exportRange(const FrameExport::Range &range, const QString &dir, QString *error) {
    const bool wasLive = m_replay->isLive();
    const qint64 cursor = m_replay->cursorMs();
    m_replay->stop();
    const qsizetype total = FrameExport::frameTimes(range).size();
    QProgressDialog progress(tr("Exporting %1 frames…").arg(total), tr("Cancel"), 0, int(total),
                             this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    int done = 0;
    const bool ok = FrameExport::write(
        range, dir,
        [&](qint64 atMs) {
            if (progress.wasCanceled())
                return QImage();
            progress.setValue(done++);
            return drawFrame(atMs);
        },
        error);
    progress.setValue(int(total));
    wasLive ? m_replay->goLive() : m_replay->seek(cursor);
    return ok;
}

QImage MainWindow::drawFrame(qint64 atMs) {
    // The ring as the timeline shows it at atMs, and under it the moment and the last event.
    m_replay->seek(atMs);
    const QSize ring(960, 720);
    const int caption = 56;
    QImage image(ring.width(), ring.height() + caption, QImage::Format_RGB32);
    image.fill(palette().color(QPalette::Base));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    m_ringView->render(&p, QRectF(QPointF(0, 0), QSizeF(ring)));
    p.fillRect(QRect(0, ring.height(), ring.width(), caption), palette().color(QPalette::Window));
    p.setPen(palette().color(QPalette::WindowText));
    QFont font = p.font();
    font.setBold(true);
    p.setFont(font);
    const QRect text(12, ring.height() + 6, ring.width() - 24, caption - 12);
    p.drawText(text, Qt::AlignLeft | Qt::AlignTop, clockText(atMs));
    font.setBold(false);
    p.setFont(font);
    const QList<const HistoryEvent *> last = m_replay->history().eventsUpTo(atMs, 1);
    if (!last.isEmpty()) {
        const HistoryEvent *e = last.first();
        p.drawText(text, Qt::AlignLeft | Qt::AlignBottom | Qt::TextSingleLine,
                   p.fontMetrics().elidedText(clockText(e->atMs) + u"  "_s +
                                                  LogPanel::eventLine(e->source, e->event),
                                              Qt::ElideRight, text.width()));
    }
    return image;
}

} // namespace ChordLab
