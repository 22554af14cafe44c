#include "LogPanel.h"

#include "EventLog.h"
#include "NodeProcess.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTime>
#include <QUrl>
#include <QVBoxLayout>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {
QPlainTextEdit *makeLogView(QWidget *parent) {
    auto *v = new QPlainTextEdit(parent);
    v->setReadOnly(true);
    v->setMaximumBlockCount(LogPane::MaxLines);
    v->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(u"Monospace"_s);
    mono.setStyleHint(QFont::TypeWriter);
    mono.setPointSizeF(8.5);
    v->setFont(mono);
    return v;
}
} // namespace

LogPane::LogPane(const QString &logFile, QWidget *parent)
    : QWidget(parent)
    , m_logFile(logFile) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(u"logFilter"_s);
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &LogPane::refilter);
    m_status = new QLabel(this);
    m_openFile = new QPushButton(this);
    m_openFile->setEnabled(!logFile.isEmpty());
    connect(m_openFile, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_logFile)); });
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_status);
    bar->addWidget(m_openFile);
    layout->addLayout(bar);
    m_view = makeLogView(this);
    layout->addWidget(m_view, 1);
    // Heavy output is appended in batches (one document update per tick.
    m_flushTimer.setInterval(100);
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &LogPane::flush);
    retranslate();
}

void LogPane::retranslate() {
    m_filter->setPlaceholderText(tr("Filter this log (text or category, e.g. chord.ring)…"));
    m_openFile->setText(tr("Open log file"));
    m_openFile->setToolTip(m_logFile);
    m_status->setText(m_finished ? m_finishedWhy : QString());
}

bool LogPane::matches(const QString &line) const {
    const QString f = m_filter->text();
    return f.isEmpty() || line.contains(f, Qt::CaseInsensitive);
}

void LogPane::appendLine(const QString &line, bool isStderr) {
    Q_UNUSED(isStderr);
    m_lines.push_back(line);
    while (int(m_lines.size()) > MaxLines)
        m_lines.pop_front();
    if (matches(line))
        m_pending.append(line);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void LogPane::flush() {
    if (m_pending.isEmpty())
        return;
    m_view->appendPlainText(m_pending.join(QLatin1Char('\n')));
    m_pending.clear();
}

void LogPane::setFilter(const QString &text) {
    m_filter->setText(text);
}

QString LogPane::filter() const {
    return m_filter->text();
}

void LogPane::refilter() {
    m_pending.clear();
    m_view->clear();
    QStringList shown;
    for (const QString &l : m_lines) {
        if (matches(l))
            shown.append(l);
    }
    if (!shown.isEmpty())
        m_view->appendPlainText(shown.join(QLatin1Char('\n')));
}

void LogPane::setFinished(const QString &why) {
    flush();
    m_finished = true;
    m_finishedWhy = why;
    m_status->setText(why);
    QPalette pal = m_view->palette();
    pal.setColor(QPalette::Base, QColor(0xf3, 0xf4, 0xf6));
    pal.setColor(QPalette::Text, QColor(0x9c, 0xa3, 0xaf));
    m_view->setPalette(pal);
}

LogPanel::LogPanel(QWidget *parent)
    : QWidget(parent) {
    setObjectName(u"logPanel"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"logTabs"_s);
    m_tabs->setDocumentMode(true);
    m_events = makeLogView(this);
    m_events->setObjectName(u"ringEvents"_s);
    m_tabs->addTab(m_events, QString());
    layout->addWidget(m_tabs);
    retranslate();
}

void LogPanel::retranslate() {
    m_tabs->setTabText(0, tr("Ring events"));
    for (int i = 1; i < m_tabs->count(); ++i) {
        if (auto *pane = qobject_cast<LogPane *>(m_tabs->widget(i)))
            pane->retranslate();
    }
}

void LogPanel::addEvent(const QString &text) {
    m_events->appendPlainText(QTime::currentTime().toString(u"HH:mm:ss.zzz "_s) + text);
}

QString LogPanel::eventLine(const Chord::NodeRef &source, const Chord::Event &e) {
    QString text = source.name + u": "_s + e.type;
    if (e.node)
        text += u" → "_s + e.node->name;
    if (!e.key.isEmpty())
        text += u" “"_s + e.key + u"”"_s;
    if (e.count)
        text += u" ×"_s + QString::number(e.count);
    if (!e.detail.isEmpty())
        text += u" ("_s + e.detail + u")"_s;
    return text;
}

void LogPanel::setEvents(const QStringList &lines) {
    m_events->setPlainText(lines.join(u'\n'));
    m_events->moveCursor(QTextCursor::End);
}

LogPane *LogPanel::paneFor(const QString &nodeName) const {
    for (int i = 1; i < m_tabs->count(); ++i) {
        if (m_tabs->tabBar()->tabData(i).toString() == nodeName)
            return qobject_cast<LogPane *>(m_tabs->widget(i));
    }
    return nullptr;
}

void LogPanel::showPane(const QString &nodeName) {
    if (LogPane *p = paneFor(nodeName))
        m_tabs->setCurrentWidget(p);
}

void LogPanel::clearFinished() {
    for (int i = m_tabs->count() - 1; i >= 1; --i) {
        auto *pane = qobject_cast<LogPane *>(m_tabs->widget(i));
        if (pane && pane->isFinished()) {
            m_tabs->removeTab(i);
            pane->deleteLater();
        }
    }
}

void LogPanel::addProcess(Chord::NodeProcess *process) {
    const QString name = process->spec().name;
    // A node started again under the same name gets a fresh pane; the old one stays.
    if (LogPane *old = paneFor(name); old && !old->isFinished())
        return;
    auto *pane = new LogPane(process->spec().logFile, m_tabs);
    pane->setObjectName(u"log-"_s + name);
    const int index = m_tabs->addTab(pane, name);
    m_tabs->tabBar()->setTabData(index, name);
    connect(process, &Chord::NodeProcess::outputLine, pane, &LogPane::appendLine);
    connect(process, &Chord::NodeProcess::exited, pane, [this, pane](int code, bool crashed) {
        pane->setFinished(crashed ? tr("killed") : tr("exited (code %1)").arg(code));
        const int i = m_tabs->indexOf(pane);
        if (i >= 0)
            m_tabs->tabBar()->setTabTextColor(i, QColor(0x9c, 0xa3, 0xaf));
    });
    connect(process, &Chord::NodeProcess::stateChanged, pane,
            [this, pane](Chord::NodeProcess::State s) {
                const int i = m_tabs->indexOf(pane);
                if (i < 0)
                    return;
                if (s == Chord::NodeProcess::State::Paused)
                    m_tabs->tabBar()->setTabTextColor(i, QColor(0xb4, 0x53, 0x09));
                else if (s == Chord::NodeProcess::State::Running)
                    m_tabs->tabBar()->setTabTextColor(i, QColor());
            });
    connect(process, &Chord::NodeProcess::failedToStart, pane,
            [pane](const QString &why) { pane->setFinished(why); });
}

} // namespace ChordLab
