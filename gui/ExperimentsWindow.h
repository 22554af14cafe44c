#pragma once

// The Experiments window (issue 12, docs/EXPERIMENTS.md): the Chord paper's figures 10, 8, 9
// and 13 computed by nodecore/experiments (the same code as chord-experiments), run on a
// worker thread so that the app stays responsive, drawn with Qt Charts, and exported as PNG,
// SVG and CSV. It needs no ring: the figures are computed, not measured on the live nodes.

#include "Experiments.h"

#include <QAction>
#include <QWidget>

#include <qcorotask.h>

#include <atomic>
#include <memory>

class QChart;
class QChartView;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;

namespace ChordLab {

class ExperimentsWindow : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentsWindow(QWidget *parent = nullptr);
    ~ExperimentsWindow() override;

    // The window's one entry in the main window's menus: it opens (or raises) the window, a
    // child of `window`, and follows the window's language changes by itself.
    static QAction *createAction(QWidget *window);
    // Opens the window over `window`; the same one each time.
    static ExperimentsWindow *open(QWidget *window);
    // chordlab --experiments FIGURE: opens the window, runs the figure's defaults and, with a
    // screenshot path, saves the window there once it is drawn.
    static QCoro::Task<> showRun(QWidget *window, int figure, QString screenshot);

    // The form: a figure's defaults, then the parameters as the fields hold them.
    void setFigure(int figure);
    int figure() const;
    // A field chord-experiments would refuse: the parameters so far, and `error` says which.
    Chord::Experiments::Params params(QString *error = nullptr) const;
    // For figure 10: plot the nodes contacted (false) or the messages (true).
    void setShowMessages(bool messages);

    bool isRunning() const { return m_thread != nullptr; }
    const Chord::Experiments::Table &table() const { return m_table; }
    QChart *chart() const;
    QTableWidget *tableWidget() const { return m_tableWidget; }

    bool exportPng(const QString &path, QString *error = nullptr) const;
    bool exportSvg(const QString &path, QString *error = nullptr) const;
    bool exportCsv(const QString &path, QString *error = nullptr) const;

    void retranslate();

    // A readable name for a column of a table, in the window's language.
    static QString seriesName(const QString &column);
    // What a column of the table holds, in the user's language (the header's tooltip; the
    // header keeps the CSV column's name).
    static QString columnDescription(const QString &column);

public slots:
    void start();
    void stop();

signals:
    void finished();
    void progressed(double fraction);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    // A chart's title and the titles of its two axes.
    struct ChartTitles {
        QString title;
        QString x;
        QString y;
    };
    // The titles for a figure ("10", "8", "9", "13"; none for another), in the window's language.
    static ChartTitles chartTitles(const QString &figure, bool messages);

    // The whole window: the controls on the left, the results on the right.
    void buildForm();
    // A row of the form: `field` with a label that retranslate names.
    void addFormRow(QWidget *field);
    // The form of the parameters, in a widget of its own.
    QWidget *buildFields();
    // The left side: the form, Run and Stop, the progress bar, the exports and the notes.
    QWidget *buildControls();
    // The right side: the chart over the table.
    QWidget *buildResults();
    // What the buttons, the figure and metric choices and the progress signal do.
    void connectControls();
    void updateFieldVisibility();
    void showTable();
    void plot();
    void exportWithDialog(int kind);
    void onFinished(Chord::Experiments::Table table);

    QFormLayout *m_form = nullptr;
    QComboBox *m_figure = nullptr;
    QLineEdit *m_nodes = nullptr;
    QLineEdit *m_keys = nullptr;
    QLineEdit *m_virtual = nullptr;
    QLineEdit *m_fail = nullptr;
    QSpinBox *m_lookups = nullptr;
    QSpinBox *m_successors = nullptr;
    QSpinBox *m_replicas = nullptr;
    QComboBox *m_placement = nullptr;
    QSpinBox *m_runs = nullptr;
    QSpinBox *m_seed = nullptr;
    QComboBox *m_metric = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_png = nullptr;
    QPushButton *m_svg = nullptr;
    QPushButton *m_csv = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_notes = nullptr;
    QChartView *m_chartView = nullptr;
    QTableWidget *m_tableWidget = nullptr;
    QList<QLabel *> m_labels; // the form's labels, retranslated

    Chord::Experiments::Table m_table;
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace ChordLab
