#include "ExperimentsWindow.h"

#include "ExperimentsCli.h"
#include "WindowAction.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCloseEvent>
#include <QComboBox>
#include <QDebug>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QSvgGenerator>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QValueAxis>

#include <qcorotimer.h>

#include <chrono>
#include <limits>

namespace ChordLab {

using namespace Qt::StringLiterals;
namespace Ex = Chord::Experiments;

namespace {

// One colour per placement (or per lookup rule), the statistic in the line: the paper's
// reference dashed black, means solid, percentiles dotted.
QPen penFor(const QString &column) {
    QColor colour(120, 120, 120);
    if (column == u"half_log2_n" || column == u"paper_p")
        return QPen(Qt::black, 2, Qt::DashLine);
    if (column.startsWith(u"hashed_") || column.startsWith(u"skip_failed_r1"))
        colour = QColor(31, 119, 180);
    else if (column.startsWith(u"widest_") || column == u"chordlab_failed")
        colour = QColor(214, 39, 40);
    else if (column == u"p1" || column == u"p99" || column.startsWith(u"skip_failed"))
        colour = QColor(44, 160, 44);
    const bool percentile =
        column.endsWith(u"_p1") || column.endsWith(u"_p99") || column == u"p1" || column == u"p99";
    return QPen(colour, percentile ? 1.6 : 2.6, percentile ? Qt::DotLine : Qt::SolidLine);
}

QString joinList(const auto &list) {
    QStringList parts;
    for (const auto &v : list)
        parts << QString::number(v);
    return parts.join(u',');
}

// A combo box named `name` with one item per value; retranslate sets the items' texts.
QComboBox *comboBox(QWidget *parent, const QString &name, const QVariantList &values) {
    auto *c = new QComboBox(parent);
    c->setObjectName(name);
    for (const QVariant &v : values)
        c->addItem(QString(), v);
    return c;
}

// A line edit named `name`.
QLineEdit *lineEdit(QWidget *parent, const QString &name) {
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    return e;
}

// A spin box named `name` that takes lo to hi.
QSpinBox *spinBox(QWidget *parent, const QString &name, int lo, int hi) {
    auto *s = new QSpinBox(parent);
    s->setObjectName(name);
    s->setRange(lo, hi);
    return s;
}

// A push button named `name`; retranslate sets its text.
QPushButton *pushButton(QWidget *parent, const QString &name) {
    auto *b = new QPushButton(parent);
    b->setObjectName(name);
    return b;
}

// A label named `name` for longer text the user may want to copy: wrapped and selectable.
QLabel *reportLabel(QWidget *parent, const QString &name) {
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

// The chart's x axis for a table: logarithmic (base 2 for figure 10, 10 otherwise) or linear,
// with labels and ticks as the paper's figure has them.
QAbstractAxis *xAxisFor(const Ex::Table &t) {
    if (t.logX) {
        auto *log = new QLogValueAxis;
        log->setBase(t.figure == u"10" ? 2 : 10);
        log->setLabelFormat(u"%g"_s);
        if (t.figure == u"9")
            log->setMinorTickCount(8);
        return log;
    }
    auto *lin = new QValueAxis;
    lin->setLabelFormat(t.figure == u"13" ? u"%.1f"_s : u"%.0f"_s);
    if (t.figure == u"8")
        lin->setTickCount(10); // 100,000 keys apart, as the paper's x axis
    return lin;
}

// Adds a series for each plotted column of the table to the chart, on the two axes; returns
// the largest y value drawn (0 when none).
double addColumnSeries(QChart *chart, const Ex::Table &t, bool messages, QAbstractAxis *xAxis,
                       QAbstractAxis *yAxis) {
    double yMax = 0;
    for (int column : t.plotColumns) {
        // Figure 10 with messages: the same statistics three columns on.
        const int c = messages && column >= 2 ? column + 3 : column;
        if (c >= t.columns.size())
            continue;
        auto *s = new QLineSeries(chart);
        s->setName(ExperimentsWindow::seriesName(t.columns[c]));
        s->setPointsVisible(true);
        for (const QList<double> &row : t.rows) {
            if (c < row.size() && (!t.logX || row[0] > 0)) {
                s->append(row[0], row[c]);
                yMax = std::max(yMax, row[c]);
            }
        }
        chart->addSeries(s);
        s->attachAxis(xAxis);
        s->attachAxis(yAxis);
        s->setPen(penFor(t.columns[c]));
    }
    return yMax;
}

// Ranges the axes to the values drawn, yMax the largest of them.
void fitAxes(const Ex::Table &t, QAbstractAxis *xAxis, QValueAxis *yAxis, double yMax) {
    yAxis->setRange(0, yMax > 0 ? yMax * 1.08 : 1);
    yAxis->applyNiceNumbers();
    if (t.figure == u"13") {
        // Tenths on both axes, as in the paper's figure.
        static_cast<QValueAxis *>(xAxis)->setTickCount(6);
        xAxis->setRange(0, 0.5);
        yAxis->setTickCount(yMax > 0.5 ? 11 : 6);
        yAxis->setLabelFormat(u"%.1f"_s);
        yAxis->setRange(0, yMax > 0.5 ? 1.0 : 0.5);
    }
}

} // namespace

ExperimentsWindow::ExperimentsWindow(QWidget *parent)
    : QWidget(parent, Qt::Window) {
    setObjectName(u"experimentsWindow"_s);
    buildForm();
    setFigure(10);
    retranslate();
    resize(1280, 780);
}

ExperimentsWindow::~ExperimentsWindow() {
    if (m_thread) {
        m_thread->disconnect(this);
        disconnect(this, &ExperimentsWindow::progressed, nullptr, nullptr);
        *m_cancel = true;
        m_thread->wait();
        delete m_thread;
    }
}

QAction *ExperimentsWindow::createAction(QWidget *window) {
    return new WindowAction(
        window, u"experiments"_s, "ChordLab::ExperimentsWindow",
        QT_TRANSLATE_NOOP("ChordLab::ExperimentsWindow", "The paper's &experiments…"),
        QT_TRANSLATE_NOOP("ChordLab::ExperimentsWindow",
                          "Path length, keys per node and failed lookups as in the Chord paper, "
                          "computed with ChordLab's routing"),
        [window] { ExperimentsWindow::open(window); });
}

ExperimentsWindow *ExperimentsWindow::open(QWidget *window) {
    return showToolWindow<ExperimentsWindow>(window);
}

void ExperimentsWindow::buildForm() {
    QWidget *left = buildControls();
    QWidget *right = buildResults();
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(split);
    connectControls();
}

void ExperimentsWindow::addFormRow(QWidget *field) {
    auto *label = new QLabel(this);
    label->setBuddy(field);
    m_labels << label;
    m_form->addRow(label, field);
}

QWidget *ExperimentsWindow::buildFields() {
    auto *formBox = new QWidget(this);
    m_form = new QFormLayout(formBox);
    m_figure = comboBox(this, u"figure"_s, {10, 8, 9, 13});
    addFormRow(m_figure);
    m_nodes = lineEdit(this, u"nodes"_s);
    addFormRow(m_nodes);
    m_keys = lineEdit(this, u"keys"_s);
    addFormRow(m_keys);
    m_virtual = lineEdit(this, u"virtual"_s);
    addFormRow(m_virtual);
    m_fail = lineEdit(this, u"fail"_s);
    addFormRow(m_fail);
    m_lookups = spinBox(this, u"lookups"_s, 1, 1000000);
    m_lookups->setSingleStep(1000);
    addFormRow(m_lookups);
    m_successors = spinBox(this, u"successors"_s, 1, 64);
    addFormRow(m_successors);
    m_replicas = spinBox(this, u"replicas"_s, 1, 64);
    addFormRow(m_replicas);
    m_placement = comboBox(this, u"placement"_s, {u"hashed"_s, u"widest-arc"_s});
    addFormRow(m_placement);
    m_runs = spinBox(this, u"runs"_s, 1, 100);
    addFormRow(m_runs);
    m_seed = spinBox(this, u"seed"_s, 0, std::numeric_limits<int>::max());
    addFormRow(m_seed);
    m_metric = comboBox(this, u"metric"_s, {false, true});
    addFormRow(m_metric);
    return formBox;
}

QWidget *ExperimentsWindow::buildControls() {
    QWidget *formBox = buildFields();
    m_run = pushButton(this, u"run"_s);
    m_run->setDefault(true);
    m_stop = pushButton(this, u"stop"_s);
    m_stop->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"progress"_s);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_png = pushButton(this, u"exportPng"_s);
    m_svg = pushButton(this, u"exportSvg"_s);
    m_csv = pushButton(this, u"exportCsv"_s);
    auto *exports = new QHBoxLayout;
    exports->addWidget(m_png);
    exports->addWidget(m_svg);
    exports->addWidget(m_csv);
    m_status = reportLabel(this, u"status"_s);
    m_notes = reportLabel(this, u"notes"_s);
    m_notes->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(formBox);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_progress);
    leftLayout->addLayout(exports);
    leftLayout->addWidget(m_status);
    leftLayout->addWidget(m_notes, 1);
    left->setMinimumWidth(340);
    left->setMaximumWidth(460);
    return left;
}

QWidget *ExperimentsWindow::buildResults() {
    m_chartView = new QChartView(new QChart, this);
    m_chartView->setObjectName(u"chartView"_s);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(560, 380);
    m_tableWidget = new QTableWidget(this);
    m_tableWidget->setObjectName(u"table"_s);
    m_tableWidget->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableWidget->verticalHeader()->setVisible(false);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_chartView);
    right->addWidget(m_tableWidget);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    return right;
}

void ExperimentsWindow::connectControls() {
    connect(m_figure, &QComboBox::activated, this,
            [this] { setFigure(m_figure->currentData().toInt()); });
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] { plot(); });
    connect(m_run, &QPushButton::clicked, this, &ExperimentsWindow::start);
    connect(m_stop, &QPushButton::clicked, this, &ExperimentsWindow::stop);
    connect(m_png, &QPushButton::clicked, this, [this] { exportWithDialog(0); });
    connect(m_svg, &QPushButton::clicked, this, [this] { exportWithDialog(1); });
    connect(m_csv, &QPushButton::clicked, this, [this] { exportWithDialog(2); });
    connect(this, &ExperimentsWindow::progressed, m_progress,
            [this](double f) { m_progress->setValue(int(f * 1000)); });
}

void ExperimentsWindow::setFigure(int figure) {
    const Ex::Params p = Ex::defaults(figure);
    m_figure->setCurrentIndex(std::max(0, m_figure->findData(figure)));
    m_nodes->setText(joinList(p.nodes));
    m_keys->setText(joinList(p.keys));
    m_virtual->setText(joinList(p.virtualNodes));
    m_fail->setText(joinList(p.failFractions));
    m_lookups->setValue(p.lookups);
    m_successors->setValue(p.successors);
    m_replicas->setValue(p.replicas);
    m_placement->setCurrentIndex(p.placement == Ex::Placement::Hashed ? 0 : 1);
    m_runs->setValue(p.runs);
    m_seed->setValue(int(p.seed));
    updateFieldVisibility();
}

int ExperimentsWindow::figure() const {
    return m_figure->currentData().toInt();
}

void ExperimentsWindow::setShowMessages(bool messages) {
    m_metric->setCurrentIndex(messages ? 1 : 0);
}

void ExperimentsWindow::updateFieldVisibility() {
    const int f = figure();
    m_form->setRowVisible(m_keys, f == 8 || f == 9);
    m_form->setRowVisible(m_virtual, f == 9);
    m_form->setRowVisible(m_fail, f == 13);
    m_form->setRowVisible(m_lookups, f == 10 || f == 13);
    m_form->setRowVisible(m_successors, f == 10 || f == 13);
    m_form->setRowVisible(m_replicas, f == 13);
    m_form->setRowVisible(m_placement, f == 13);
    m_form->setRowVisible(m_runs, f == 8 || f == 9);
    m_form->setRowVisible(m_metric, f == 10);
}

Ex::Params ExperimentsWindow::params(QString *error) const {
    // Through chord-experiments' own parser: the window accepts what the tool accepts.
    QStringList args{u"--figure"_s, QString::number(figure()), u"--nodes"_s, m_nodes->text()};
    const int f = figure();
    if (f == 8 || f == 9)
        args << u"--keys"_s << m_keys->text() << u"--runs"_s << QString::number(m_runs->value());
    if (f == 9)
        args << u"--virtual"_s << m_virtual->text();
    if (f == 13)
        args << u"--fail"_s << m_fail->text() << u"--replicas"_s
             << QString::number(m_replicas->value()) << u"--placement"_s
             << m_placement->currentData().toString();
    if (f == 10 || f == 13)
        args << u"--lookups"_s << QString::number(m_lookups->value()) << u"--successors"_s
             << QString::number(m_successors->value());
    args << u"--seed"_s << QString::number(m_seed->value());
    const Ex::CliOptions o = Ex::parseArguments(args);
    if (error)
        *error = o.error;
    return o.params;
}

void ExperimentsWindow::start() {
    if (m_thread)
        return;
    QString error;
    const Ex::Params p = params(&error);
    if (!error.isEmpty()) {
        m_status->setText(tr("Not started: %1").arg(error));
        return;
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto result = std::make_shared<Ex::Table>();
    auto elapsed = std::make_shared<qint64>(0);
    m_thread = QThread::create([this, p, cancel = m_cancel, result, elapsed] {
        QElapsedTimer timer;
        timer.start();
        *result = Ex::run(p, [this, cancel](double f) {
            emit progressed(f); // queued to the window's thread
            return !cancel->load();
        });
        *elapsed = timer.elapsed();
    });
    connect(m_thread, &QThread::finished, this, [this, result, elapsed] {
        m_thread->deleteLater();
        m_thread = nullptr;
        m_status->setText(tr("Computed in %1 s. The same table from the command line:\n%2")
                              .arg(double(*elapsed) / 1000.0, 0, 'f', 1)
                              .arg(result->command));
        onFinished(*result);
    });
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    m_progress->setValue(0);
    m_status->setText(tr("Computing…"));
    m_thread->start(QThread::LowPriority);
}

void ExperimentsWindow::stop() {
    if (m_cancel)
        *m_cancel = true;
}

void ExperimentsWindow::onFinished(Ex::Table table) {
    m_table = std::move(table);
    m_run->setEnabled(true);
    m_stop->setEnabled(false);
    m_progress->setValue(1000);
    m_notes->setText(m_table.notes.join(u'\n'));
    showTable();
    plot();
    emit finished();
}

void ExperimentsWindow::showTable() {
    m_tableWidget->clear();
    m_tableWidget->setColumnCount(int(m_table.columns.size()));
    m_tableWidget->setRowCount(int(m_table.rows.size()));
    m_tableWidget->setHorizontalHeaderLabels(m_table.columns);
    for (int c = 0; c < m_table.columns.size(); ++c)
        m_tableWidget->horizontalHeaderItem(c)->setToolTip(columnDescription(m_table.columns[c]));
    for (int r = 0; r < m_table.rows.size(); ++r) {
        for (int c = 0; c < m_table.rows[r].size(); ++c) {
            auto *item = new QTableWidgetItem(QString::number(m_table.rows[r][c], 'g', 6));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_tableWidget->setItem(r, c, item);
        }
    }
    m_tableWidget->resizeColumnsToContents();
}

QChart *ExperimentsWindow::chart() const {
    return m_chartView->chart();
}

QString ExperimentsWindow::seriesName(const QString &column) {
    if (column == u"half_log2_n")
        return tr("½ log₂ N (the paper's mean)");
    if (column == u"paper_p")
        return tr("the paper: failed lookups ≈ p");
    if (column == u"chordlab_failed")
        return tr("ChordLab's lookup, no repair yet");
    if (column == u"mean")
        return tr("mean");
    if (column.startsWith(u"skip_failed_r")) {
        const int r = column.mid(13).toInt();
        return r == 1 ? tr("skipping dead nodes, no replication")
                      : tr("skipping dead nodes, %1 copies of each key").arg(r);
    }
    QString who;
    QString rest = column;
    if (rest.startsWith(u"hashed_")) {
        who = tr("hashed ids");
        rest = rest.mid(7);
    } else if (rest.startsWith(u"widest_")) {
        who = tr("widest-arc ids");
        rest = rest.mid(7);
    } else {
        who = tr("virtual nodes");
    }
    rest.remove(u"contacted_"_s).remove(u"messages_"_s);
    QString stat = rest;
    if (rest == u"mean")
        stat = tr("mean");
    else if (rest == u"p1")
        stat = tr("1st percentile");
    else if (rest == u"p99")
        stat = tr("99th percentile");
    else if (rest == u"max")
        stat = tr("maximum");
    return tr("%1, %2").arg(who, stat);
}

QString ExperimentsWindow::columnDescription(const QString &column) {
    if (column == u"nodes")
        return tr("number of nodes N");
    if (column == u"keys")
        return tr("number of keys");
    if (column == u"virtual")
        return tr("virtual nodes per real node");
    if (column == u"failed_fraction")
        return tr("fraction of nodes failed at once");
    if (column == u"mean")
        return tr("mean over all nodes");
    if (column.startsWith(u"keys_lost_r")) {
        const int r = column.mid(11).toInt();
        return r == 1 ? tr("share of keys whose owner failed (lost without replication)")
                      : tr("share of keys whose %1 copies all failed").arg(r);
    }
    if (column == u"skip_routing_failed")
        return tr("skipping dead nodes: lookups that reached no live node for the key");
    if (column == u"skip_ok_contacted_mean")
        return tr("skipping dead nodes: nodes contacted by a lookup that succeeded, mean");
    if (column == u"skip_ok_timeouts_mean")
        return tr("skipping dead nodes: timeouts met by a lookup that succeeded, mean");
    if (column.endsWith(u"_x"))
        return tr("%1, as a multiple of the mean").arg(seriesName(column.chopped(2)));
    const QString name = seriesName(column);
    if (column.contains(u"_contacted_"))
        return tr("%1 (nodes contacted)").arg(name);
    if (column.contains(u"_messages_"))
        return tr("%1 (messages)").arg(name);
    return name;
}

ExperimentsWindow::ChartTitles ExperimentsWindow::chartTitles(const QString &figure,
                                                              bool messages) {
    ChartTitles c;
    if (figure == u"10") {
        c.title = tr("Figure 10: path length as a function of the number of nodes");
        c.x = tr("Number of nodes");
        c.y = messages ? tr("Messages per lookup (requests and answers)")
                       : tr("Path length (nodes contacted)");
    } else if (figure == u"8") {
        c.title = tr("Figure 8: keys per node as a function of the number of keys");
        c.x = tr("Number of keys");
        c.y = tr("Keys per node");
    } else if (figure == u"9") {
        c.title = tr("Figure 9: keys per real node with virtual nodes");
        c.x = tr("Virtual nodes per real node");
        c.y = tr("Keys per real node");
    } else if (figure == u"13") {
        c.title = tr("Figure 13: failed lookups after nodes fail at once, before any repair");
        c.x = tr("Fraction of nodes failed");
        c.y = tr("Fraction of lookups failed");
    }
    return c;
}

void ExperimentsWindow::plot() {
    auto *chart = new QChart;
    chart->setObjectName(u"chart"_s);
    const Ex::Table &t = m_table;
    const bool messages = t.figure == u"10" && m_metric->currentData().toBool();
    const ChartTitles titles = chartTitles(t.figure, messages);
    chart->setTitle(titles.title);
    QAbstractAxis *xAxis = xAxisFor(t);
    xAxis->setTitleText(titles.x);
    auto *yAxis = new QValueAxis;
    yAxis->setTitleText(titles.y);
    yAxis->setLabelFormat(t.figure == u"13" ? u"%.2f"_s : u"%g"_s);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    const double yMax = addColumnSeries(chart, t, messages, xAxis, yAxis);
    fitAxes(t, xAxis, yAxis, yMax);
    if (t.rows.isEmpty())
        chart->setTitle(titles.title.isEmpty() ? tr("Choose a figure and press Run")
                                               : titles.title);
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->setShowToolTips(true);
    QChart *old = m_chartView->chart();
    m_chartView->setChart(chart);
    delete old;
}

QCoro::Task<> ExperimentsWindow::showRun(QWidget *window, int figure, QString screenshot) {
    QPointer<ExperimentsWindow> w = open(window);
    w->setFigure(figure);
    w->start();
    while (w && w->isRunning())
        co_await QCoro::sleepFor(std::chrono::milliseconds(100));
    if (!w || screenshot.isEmpty())
        co_return;
    co_await QCoro::sleepFor(std::chrono::milliseconds(500)); // the chart's first paint
    if (w && !w->grab().save(screenshot))
        qWarning().noquote() << "could not save the screenshot" << screenshot;
}

bool ExperimentsWindow::exportPng(const QString &path, QString *error) const {
    const QPixmap pixmap = m_chartView->grab();
    if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
        if (error)
            *error = tr("Could not write %1").arg(path);
        return false;
    }
    return true;
}

bool ExperimentsWindow::exportSvg(const QString &path, QString *error) const {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(m_chartView->size());
    svg.setViewBox(QRect(QPoint(), m_chartView->size()));
    svg.setTitle(m_chartView->chart()->title());
    svg.setDescription(m_table.command);
    QPainter painter;
    if (!painter.begin(&svg)) {
        if (error)
            *error = tr("Could not write %1").arg(path);
        return false;
    }
    m_chartView->render(&painter);
    painter.end();
    return QFile::exists(path);
}

bool ExperimentsWindow::exportCsv(const QString &path, QString *error) const {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text) ||
        f.write(m_table.toCsv().toUtf8()) < 0) {
        if (error)
            *error = tr("Could not write %1").arg(path);
        return false;
    }
    return true;
}

void ExperimentsWindow::exportWithDialog(int kind) {
    static const char *const ext[] = {"png", "svg", "csv"};
    const QString base = u"chord-figure-%1.%2"_s.arg(figure()).arg(QLatin1String(ext[kind]));
    const QString filter = kind == 0   ? tr("PNG images (*.png)")
                           : kind == 1 ? tr("SVG drawings (*.svg)")
                                       : tr("CSV tables (*.csv)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), base, filter);
    if (path.isEmpty())
        return;
    QString error;
    const bool ok = kind == 0   ? exportPng(path, &error)
                    : kind == 1 ? exportSvg(path, &error)
                                : exportCsv(path, &error);
    m_status->setText(ok ? tr("Saved %1").arg(path) : error);
}

void ExperimentsWindow::retranslate() {
    setWindowTitle(tr("The Chord paper's experiments"));
    const QStringList figures{tr("Figure 10: path length vs number of nodes"),
                              tr("Figure 8: keys per node vs number of keys"),
                              tr("Figure 9: keys per node vs virtual nodes"),
                              tr("Figure 13: failed lookups vs failed nodes")};
    for (int i = 0; i < figures.size(); ++i)
        m_figure->setItemText(i, figures[i]);
    const QStringList labels{tr("&Figure"),
                             tr("&Nodes"),
                             tr("&Keys"),
                             tr("&Virtual nodes per node"),
                             tr("Fractions &failed"),
                             tr("&Lookups"),
                             tr("&Successors"),
                             tr("&Copies (replication on)"),
                             tr("Node &ids"),
                             tr("&Rings pooled"),
                             tr("S&eed"),
                             tr("&Hop metric")};
    for (int i = 0; i < labels.size() && i < m_labels.size(); ++i)
        m_labels[i]->setText(labels[i]);
    m_nodes->setToolTip(tr("Ring sizes, comma-separated (2^10 is allowed); figures 8, 9 and "
                           "13 use the first"));
    m_keys->setToolTip(tr("Numbers of keys, comma-separated (1e6 is allowed)"));
    m_fail->setToolTip(tr("Fractions of the nodes that fail at once, each below 1"));
    m_lookups->setToolTip(tr("Lookups per ring size, or per fraction failed"));
    m_successors->setToolTip(tr("Length of each node's successor list (chord-node --successors)"));
    m_replicas->setToolTip(tr("Copies of each key when replication is on (chord-node --replicas)"));
    m_runs->setToolTip(tr("Independent rings whose nodes are pooled"));
    m_seed->setToolTip(tr("One seed gives one table, here and in chord-experiments"));
    m_placement->setItemText(0, tr("hashed (SHA-1 of the address, as in the paper)"));
    m_placement->setItemText(1, tr("widest-arc (ChordLab's joiners without --id)"));
    m_metric->setItemText(0, tr("Nodes contacted"));
    m_metric->setItemText(1, tr("Messages"));
    m_run->setText(tr("&Run"));
    m_stop->setText(tr("S&top"));
    m_png->setText(tr("Export &PNG…"));
    m_svg->setText(tr("Export S&VG…"));
    m_csv->setText(tr("Export &CSV…"));
    if (m_status->text().isEmpty())
        m_status->setText(tr("Computed on ideal rings with ChordLab's routing step; see "
                             "docs/EXPERIMENTS.md"));
    plot();
}

void ExperimentsWindow::changeEvent(QEvent *event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ExperimentsWindow::closeEvent(QCloseEvent *event) {
    stop();
    QWidget::closeEvent(event);
}

} // namespace ChordLab
