#include "CompareWindow.h"

#include "HealthPanel.h"
#include "RingMonitor.h"
#include "RingView.h"
#include "TimeControl.h"
#include "WindowAction.h"

#include <QCoroTimer>
#include <QElapsedTimer>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QTimer>

#include <algorithm>
#include <chrono>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {
// The scenario's id space: small enough to read the ids, as in docs/CONSISTENCY.md's table.
constexpr int ScenarioBits = 16;
constexpr int NormalPeriodMs = 500;
} // namespace

CompareWindow::CompareWindow(QWidget *parent)
    : QWidget(parent, Qt::Window) {
    setObjectName(u"compareWindow"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    auto *grid = new QGridLayout(this);
    for (int i = 0; i < 2; ++i) {
        buildPane(i, i == 0 ? u"zave"_s : u"original"_s);
        grid->addWidget(m_panes[std::size_t(i)].title, 0, i);
        grid->addWidget(m_panes[std::size_t(i)].view, 1, i);
        grid->addWidget(m_panes[std::size_t(i)].health, 2, i);
    }
    grid->setRowStretch(1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    auto *bar = new QHBoxLayout;
    m_nodes = new QSpinBox(this);
    m_nodes->setObjectName(u"compareNodes"_s);
    m_nodes->setRange(2, 16);
    m_nodes->setValue(6);
    m_boot = new QPushButton(this);
    m_boot->setObjectName(u"compareBoot"_s);
    connect(m_boot, &QPushButton::clicked, this, [this] { bootBoth(m_nodes->value()); });
    m_which = new QSpinBox(this);
    m_which->setObjectName(u"compareWhich"_s);
    m_which->setRange(1, 16);
    m_which->setPrefix(u"n"_s);
    const auto which = [this] {
        return u"n%1"_s.arg(m_which->value());
    };
    m_crash = new QPushButton(this);
    m_crash->setObjectName(u"compareCrash"_s);
    connect(m_crash, &QPushButton::clicked, this, [this, which] { report(crashInBoth(which())); });
    m_pause = new QPushButton(this);
    m_pause->setObjectName(u"comparePause"_s);
    connect(m_pause, &QPushButton::clicked, this, [this, which] { report(pauseInBoth(which())); });
    m_resume = new QPushButton(this);
    m_resume->setObjectName(u"compareResume"_s);
    connect(m_resume, &QPushButton::clicked, this,
            [this, which] { reportWhenDone(resumeInBoth(which())); });
    m_partition = new QPushButton(this);
    m_partition->setObjectName(u"comparePartition"_s);
    connect(m_partition, &QPushButton::clicked, this, [this] {
        m_panes[0].view->startPartitionDrawing();
        report({true, tr("draw a line across the left ring: the nodes on each side become a "
                         "group, in both rings")});
    });
    m_heal = new QPushButton(this);
    m_heal->setObjectName(u"compareHeal"_s);
    connect(m_heal, &QPushButton::clicked, this, [this] { reportWhenDone(healBoth()); });
    m_play = new QPushButton(this);
    m_play->setObjectName(u"comparePlay"_s);
    connect(m_play, &QPushButton::clicked, this, [this] { reportWhenDone(playJoinFailure()); });
    bar->addWidget(m_nodes);
    bar->addWidget(m_boot);
    bar->addSpacing(16);
    for (QWidget *w : std::initializer_list<QWidget *>{m_which, m_crash, m_pause, m_resume})
        bar->addWidget(w);
    bar->addSpacing(16);
    bar->addWidget(m_partition);
    bar->addWidget(m_heal);
    bar->addSpacing(16);
    bar->addWidget(m_play);
    bar->addStretch(1);
    grid->addLayout(bar, 3, 0, 1, 2);
    m_explain = new QLabel(this);
    m_explain->setWordWrap(true);
    grid->addWidget(m_explain, 4, 0, 1, 2);
    m_status = new QLabel(this);
    m_status->setObjectName(u"compareStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    grid->addWidget(m_status, 5, 0, 1, 2);
    retranslate();
    resize(1400, 900);
}

CompareWindow::~CompareWindow() {
    for (Pane &p : m_panes)
        p.controller->killAll(1000);
}

void CompareWindow::buildPane(int i, const QString &protocol) {
    Pane &p = m_panes[std::size_t(i)];
    p.protocol = protocol;
    p.controller = new RingController(this);
    p.view = new RingView(this);
    p.view->setObjectName(u"compareView-"_s + protocol);
    p.view->setAnimation(&p.controller->animation());
    p.health = new HealthPanel(this);
    p.health->setObjectName(u"compareHealth-"_s + protocol);
    p.health->setHistogramShown(false);
    p.title = new QLabel(this);
    QFont bold = p.title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    p.title->setFont(bold);
    RingMonitor &monitor = p.controller->monitor();
    connect(&monitor, &RingMonitor::snapshotChanged, this, [this, i] {
        const Pane &pane = m_panes[std::size_t(i)];
        const RingMonitor &m = pane.controller->monitor();
        pane.view->setSnapshot(m.snapshot(), m.keyIds());
        pane.health->setSnapshot(m.snapshot());
    });
    connect(&monitor, &RingMonitor::successorChanged, p.view, &RingView::animateRewire);
    connect(&monitor, &RingMonitor::nodeAppeared, p.view, &RingView::animateAppear);
    connect(p.view, &RingView::partitionDrawn, this,
            [this, i](const QList<QStringList> &groups) { onPartitionDrawn(i, groups); });
}

void CompareWindow::retranslate() {
    setWindowTitle(tr("The two protocols side by side"));
    m_panes[0].title->setText(tr("Zave's corrected Chord (--protocol zave)"));
    m_panes[1].title->setText(tr("Chord as published in 2001 (--protocol original)"));
    for (Pane &p : m_panes)
        p.health->retranslate();
    m_nodes->setSuffix(tr(" nodes"));
    m_boot->setText(tr("&Boot both"));
    m_boot->setToolTip(tr("Start both rings anew, alike: the same number of nodes, ids placed "
                          "by their joins"));
    m_crash->setText(tr("&Crash in both"));
    m_crash->setToolTip(tr("SIGKILL the node of this name in both rings at the same moment"));
    m_pause->setText(tr("P&ause in both"));
    m_pause->setToolTip(tr("SIGSTOP the node of this name in both rings: the others cannot tell "
                           "it from a crashed one until it is resumed"));
    m_resume->setText(tr("&Resume in both"));
    m_resume->setToolTip(tr("SIGCONT the node of this name in both rings"));
    m_partition->setText(tr("Pa&rtition both…"));
    m_partition->setToolTip(tr("Draw a line across the left ring: the nodes on each side are "
                               "cut off from the other side, in both rings"));
    m_heal->setText(tr("&Heal both"));
    m_heal->setToolTip(tr("Remove every link fault and partition in both rings"));
    m_play->setText(tr("&Play the paper's join failure"));
    m_play->setToolTip(tr("A ring a, b, c with maintenance paused; j joins between b and c and "
                          "runs no round; c is killed; the rounds resume"));
    m_explain->setText(
        tr("The same schedule runs on both rings. In the paper's join a joiner takes only its "
           "successor: when that successor fails before the joiner's first stabilize, the "
           "joiner keeps a dead successor for good and nobody points at it, so the ring has "
           "lost a member. Zave's join copies the successor's list, and the joiner stabilizes "
           "past the dead node. Watch the checks under each ring. Crash, pause, resume, partition "
           "and heal act on the node of that name in both rings at the same moment: play a "
           "schedule of your own."));
}

void CompareWindow::changeEvent(QEvent *event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void CompareWindow::report(const ActionResult &result) {
    m_status->setText(result.message);
}

bool CompareWindow::healthy(int i) const {
    const Pane &p = pane(i);
    const QList<HealthCheck> &checks = p.health->checks();
    return !checks.isEmpty() &&
           std::all_of(checks.begin(), checks.end(), [](const HealthCheck &c) { return c.ok; });
}

void CompareWindow::bootBoth(int nodes) {
    // The same ids in both rings: where joiners that each take the middle of the widest arc
    // end up, from a random first id (a joiner's own choice starts from a random place).
    const int bits = BootOptions().bits;
    const quint64 circle = quint64(1) << bits;
    const quint64 first = QRandomGenerator::global()->bounded(circle);
    QList<quint64> ids{first};
    for (quint64 gaps = 1; ids.size() < nodes; gaps *= 2) {
        for (quint64 k = 0; k < gaps && ids.size() < nodes; ++k)
            ids << (first + (2 * k + 1) * circle / (2 * gaps)) % circle;
    }
    for (Pane &p : m_panes) {
        BootOptions options;
        options.nodes = nodes;
        options.ids = ids;
        options.protocol = p.protocol;
        p.controller->bootRing(options);
    }
    report({true, tr("booting two rings of %n node(s)", nullptr, nodes)});
}

QCoro::Task<bool> CompareWindow::startInBoth(QString name, quint64 id, QString via,
                                             QStringList extra) {
    QPointer<CompareWindow> self(this);
    std::array<QPointer<Chord::NodeProcess>, 2> started;
    for (std::size_t i = 0; i < 2; ++i) {
        LocalCluster &cluster = m_panes[i].controller->cluster();
        QString viaAddress;
        for (Chord::NodeProcess *p : cluster.processes()) {
            if (p->spec().name == via)
                viaAddress = p->address();
        }
        started[i] = cluster.addNode(viaAddress, name, id, extra);
    }
    for (std::size_t i = 0; i < 2; ++i) {
        if (!self || !co_await m_panes[i].controller->cluster().waitReady(started[i], 15000))
            co_return false;
    }
    co_return bool(self);
}

QCoro::Task<bool> CompareWindow::waitUntil(std::function<bool()> done, int timeoutMs) {
    QPointer<CompareWindow> self(this);
    for (int waited = 0; waited < timeoutMs; waited += 200) {
        if (!self)
            co_return false;
        if (done())
            co_return true;
        co_await QCoro::sleepFor(std::chrono::milliseconds(200));
    }
    co_return false;
}

bool CompareWindow::bothLive(int nodes) const {
    return pane(0).controller->monitor().snapshot().liveCount() == nodes &&
           pane(1).controller->monitor().snapshot().liveCount() == nodes;
}

QCoro::Task<bool> CompareWindow::waitHealthy(int nodes, int timeoutMs) {
    co_return co_await waitUntil(
        [this, nodes] { return healthy(0) && healthy(1) && bothLive(nodes); }, timeoutMs);
}

QCoro::Task<ActionResult> CompareWindow::playJoinFailure(int settleMs) {
    if (m_playing)
        co_return ActionResult{false, tr("the schedule is already playing")};
    QPointer<CompareWindow> self(this);
    m_playing = true;
    m_play->setEnabled(false);
    const ActionResult r = co_await playSteps(settleMs);
    if (self) {
        m_playing = false;
        m_play->setEnabled(true);
    }
    co_return r;
}

QCoro::Task<ActionResult> CompareWindow::playSteps(int settleMs) {
    QPointer<CompareWindow> self(this);
    if (!co_await startThree())
        co_return ActionResult{false, tr("the rings of three did not settle")};
    // Maintenance paused everywhere; j joins (its successor c) with a period of ten minutes, so
    // that it runs no round before c is killed.
    report({true, tr("maintenance paused; j@30000 joins between b and c…")});
    if (!co_await setRoundsPaused(true) ||
        !co_await startInBoth(u"j"_s, 30000, u"a"_s, {u"--stabilize-ms"_s, u"600000"_s}))
        co_return ActionResult{false, tr("j did not join")};
    // Both monitors see j before c goes: a node they never saw is not drawn, nor checked.
    if (!co_await waitUntil([this] { return bothLive(4); }, 15000))
        co_return ActionResult{false, self ? tr("j did not join") : QString()};
    const ActionResult crashed = crashInBoth(u"c"_s);
    if (!crashed.ok)
        co_return crashed;
    report({true, tr("c killed; the rounds resume…")});
    if (!co_await setRoundsPaused(false) || !co_await settle(settleMs))
        co_return ActionResult{false, {}};
    co_return ActionResult{
        true, tr("After the same schedule — Zave: %1. Original: %2.").arg(verdict(0), verdict(1))};
}

QCoro::Task<bool> CompareWindow::startThree() {
    for (Pane &p : m_panes) {
        BootOptions options;
        options.bits = ScenarioBits;
        options.protocol = p.protocol;
        options.stabilizeMs = NormalPeriodMs;
        p.controller->cluster().reset(options);
    }
    report({true, tr("starting a@1000, b@20000 and c@40000 in both rings…")});
    co_return co_await startInBoth(u"a"_s, 1000, {}, {}) &&
        co_await startInBoth(u"b"_s, 20000, u"a"_s, {}) &&
        co_await startInBoth(u"c"_s, 40000, u"a"_s, {}) && co_await waitHealthy(3, 30000);
}

QCoro::Task<bool> CompareWindow::setRoundsPaused(bool paused) {
    QPointer<CompareWindow> self(this);
    for (std::size_t i = 0; i < m_panes.size(); ++i) {
        TimeControl &time = m_panes[i].controller->time();
        co_await time.pauseRing(paused);
        if (!self)
            co_return false;
        if (!paused) // j's ten minutes too
            co_await time.setPeriod(NormalPeriodMs);
        if (!self)
            co_return false;
    }
    co_return true;
}

QCoro::Task<bool> CompareWindow::settle(int settleMs) {
    // Until Zave's ring has repaired (every check), for settleMs at least: the same time for
    // both rings.
    QPointer<CompareWindow> self(this);
    QElapsedTimer settling;
    settling.start();
    while (settling.elapsed() < settleMs || (!healthy(0) && settling.elapsed() < 4 * settleMs)) {
        co_await QCoro::sleepFor(std::chrono::milliseconds(200));
        if (!self)
            co_return false;
    }
    co_return true;
}

QString CompareWindow::verdict(int i) const {
    if (healthy(i))
        return tr("one ordered ring");
    for (const HealthCheck &c : pane(i).health->checks()) {
        if (!c.ok)
            return c.name + u": "_s + c.detail;
    }
    return tr("not settled");
}

QAction *CompareWindow::createAction(QWidget *window) {
    return new WindowAction(
        window, u"compareProtocols"_s, "ChordLab::CompareWindow",
        QT_TRANSLATE_NOOP("ChordLab::CompareWindow", "&Compare the two protocols…"),
        QT_TRANSLATE_NOOP("ChordLab::CompareWindow",
                          "Zave's Chord and the 2001 paper's side by side, under the same "
                          "faults"),
        [window] { CompareWindow::open(window); });
}

CompareWindow *CompareWindow::open(QWidget *window) {
    return showToolWindow<CompareWindow>(window);
}

QCoro::Task<> CompareWindow::showRun(QWidget *window, QString screenshot) {
    QPointer<CompareWindow> w = open(window);
    const ActionResult r = co_await w->playJoinFailure();
    qInfo().noquote() << r.message;
    if (w)
        w->report(r);
    if (!w || screenshot.isEmpty())
        co_return;
    if (!w->grab().save(screenshot))
        qWarning().noquote() << "could not save the screenshot" << screenshot;
}

} // namespace ChordLab
