#pragma once

#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <deque>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace Chord {
class NodeProcess;
struct NodeRef;
struct Event;
} // namespace Chord

namespace ChordLab {

// One node's output: bounded, filterable, kept after the process is gone (then greyed).
class LogPane : public QWidget {
    Q_OBJECT

public:
    static constexpr int MaxLines = 5000;

    explicit LogPane(const QString &logFile, QWidget *parent = nullptr);

    void appendLine(const QString &line, bool isStderr);
    void setFilter(const QString &text);
    QString filter() const;
    void setFinished(const QString &why);
    bool isFinished() const { return m_finished; }
    void retranslate();

private:
    void flush();
    void refilter();
    bool matches(const QString &line) const;

    QString m_logFile;
    std::deque<QString> m_lines;
    QStringList m_pending;
    QTimer m_flushTimer;
    QLineEdit *m_filter;
    QPushButton *m_openFile;
    QLabel *m_status;
    QPlainTextEdit *m_view;
    bool m_finished = false;
    QString m_finishedWhy;
};

// Tabs: the ring's event feed first, then one pane per node this app started.
class LogPanel : public QWidget {
    Q_OBJECT

public:
    explicit LogPanel(QWidget *parent = nullptr);

    void addProcess(Chord::NodeProcess *process);
    void addEvent(const QString &text);
    // How an event of a node's feed reads in the ring events tab.
    static QString eventLine(const Chord::NodeRef &source, const Chord::Event &event);
    // The ring events to show instead (a moment of a recording), each with its time.
    void setEvents(const QStringList &lines);
    LogPane *paneFor(const QString &nodeName) const;
    void showPane(const QString &nodeName);
    void clearFinished();
    void retranslate();

private:
    QTabWidget *m_tabs;
    QPlainTextEdit *m_events;
};

} // namespace ChordLab
