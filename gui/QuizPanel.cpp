#include "QuizPanel.h"

#include "MainWindow.h"
#include "RingController.h"
#include "RingMonitor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ChordLab {

using namespace Qt::StringLiterals;

QuizPanel::QuizPanel(MainWindow *window, RingController *controller, QWidget *parent)
    : QWidget(parent)
    , m_window(window)
    , m_controller(controller) {
    setObjectName(u"quizPanel"_s);
    m_text = new QLabel(this);
    m_text->setObjectName(u"quizQuestion"_s);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_nodes = new QComboBox(this);
    m_nodes->setObjectName(u"quizNode"_s);
    m_number = new QSpinBox(this);
    m_number->setObjectName(u"quizNumber"_s);
    m_number->setRange(0, 64);
    m_answer = new QPushButton(this);
    m_answer->setObjectName(u"quizAnswer"_s);
    m_answer->setDefault(true);
    connect(m_answer, &QPushButton::clicked, this, [this] { answer(); });
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(u"quizVerdict"_s);
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    m_next = new QPushButton(this);
    m_next->setObjectName(u"quizNext"_s);
    connect(m_next, &QPushButton::clicked, this, [this] { nextQuestion(); });
    m_score = new QLabel(this);
    m_score->setObjectName(u"quizScore"_s);

    auto *answerRow = new QHBoxLayout;
    answerRow->addWidget(m_nodes, 1);
    answerRow->addWidget(m_number, 1);
    answerRow->addWidget(m_answer);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_score, 1);
    bottom->addWidget(m_next);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addLayout(answerRow);
    layout->addWidget(m_verdict, 1, Qt::AlignTop);
    layout->addLayout(bottom);
    retranslate();
}

bool QuizPanel::nextQuestion() {
    const std::optional<QuizQuestion> q = Quiz::next(m_controller->monitor().snapshot(), m_random);
    if (!q) {
        m_question.reset();
        m_text->setText(tr("The quiz asks about a live ring: boot one (Ring > Boot ring) with "
                           "two nodes or more."));
        m_answer->setEnabled(false);
        return false;
    }
    ask(*q);
    return true;
}

void QuizPanel::ask(const QuizQuestion &question) {
    m_question = question;
    m_answered = false;
    m_text->setText(Quiz::text(question));
    // The live nodes in ring order, to pick from (or to click on the ring).
    m_nodes->clear();
    for (const NodeSnapshot &n : m_controller->monitor().snapshot().nodes) {
        if (n.isLive())
            m_nodes->addItem(n.ref.name, n.address());
    }
    m_nodes->setCurrentIndex(-1);
    m_nodes->setVisible(question.answerIsNode());
    m_number->setVisible(!question.answerIsNode());
    m_answer->setEnabled(true);
    m_verdict->clear();
    // The node that looks a key up is shown with its fingers (what the learner reasons
    // from); a finger question does not select its node, whose table would give the answer.
    m_selecting = true;
    const bool lookup =
        question.kind == QuizQuestion::Kind::NextHop || question.kind == QuizQuestion::Kind::Hops;
    m_window->selectNode(lookup ? question.node : QString());
    m_selecting = false;
}

void QuizPanel::nodeClicked(const QString &address) {
    if (!m_question || m_answered || m_selecting || !m_question->answerIsNode())
        return;
    const int i = m_nodes->findData(address);
    if (i >= 0)
        m_nodes->setCurrentIndex(i);
}

void QuizPanel::setAnswer(const QString &answer) {
    if (m_question && m_question->answerIsNode())
        m_nodes->setCurrentIndex(m_nodes->findText(answer));
    else
        m_number->setValue(answer.toInt());
}

QCoro::Task<> QuizPanel::answer() {
    if (!m_question || m_answered)
        co_return;
    const QuizQuestion q = *m_question;
    const QString given =
        q.answerIsNode() ? m_nodes->currentText() : QString::number(m_number->value());
    if (given.isEmpty()) {
        m_verdict->setText(tr("Pick a node first: click it on the ring or choose it above."));
        co_return;
    }
    m_answered = true;
    m_answer->setEnabled(false);
    if (q.kind == QuizQuestion::Kind::Finger) {
        showVerdict(Quiz::checkFinger(q, m_controller->monitor().snapshot(), given));
        co_return;
    }
    if (q.kind == QuizQuestion::Kind::JoinKeys) {
        showVerdict(Quiz::checkJoin(q, m_controller->monitor().snapshot(), given));
        co_return;
    }
    // Asked of the ring itself: the real lookup, animated on the ring as it answers.
    m_verdict->setText(tr("Asking the ring…"));
    const QString via = q.node.isEmpty() ? m_controller->anyLiveNode() : q.node;
    QPointer<QuizPanel> self(this);
    const auto trace = co_await m_controller->traceLookup(via, q.key);
    if (!self)
        co_return;
    if (!trace.ok()) {
        m_answered = false;
        m_answer->setEnabled(true);
        m_verdict->setText(tr("The ring did not answer (%1): try again.").arg(trace.error));
        co_return;
    }
    showVerdict(Quiz::checkTrace(q, *trace, m_controller->monitor().snapshot(), given));
}

void QuizPanel::showVerdict(const QuizVerdict &verdict) {
    ++m_asked;
    if (verdict.right)
        ++m_right;
    m_verdict->setText((verdict.right ? tr("<b>✓ Right.</b> ")
                                      : tr("<b>✗ Not quite: %1.</b> ").arg(verdict.expected)) +
                       verdict.explanation);
    if (!verdict.expectedKey.isEmpty()) {
        m_selecting = true;
        m_window->selectNode(verdict.expectedKey);
        m_selecting = false;
    }
    showScore();
    emit verdictReady(verdict);
}

void QuizPanel::showScore() {
    m_score->setText(tr("Score: %1 of %2").arg(m_right).arg(m_asked));
}

void QuizPanel::retranslate() {
    m_answer->setText(tr("Answer"));
    m_next->setText(tr("Next question"));
    m_nodes->setPlaceholderText(tr("click a node"));
    showScore();
    if (m_question && !m_answered)
        m_text->setText(Quiz::text(*m_question));
}

} // namespace ChordLab
