#pragma once

#include "Quiz.h"

#include <QCoroTask>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace ChordLab {

class MainWindow;
class RingController;

// The quiz beside the ring: a question about the live ring, an answer picked by clicking a
// node (or typed, for a number), checked against what the ring itself reports, with the
// explanation shown on the ring (the lookup animated, the right node selected) and a score
// for the session.
class QuizPanel : public QWidget {
    Q_OBJECT

public:
    QuizPanel(MainWindow *window, RingController *controller, QWidget *parent = nullptr);

    // A new question about the ring as it is now; false when the ring has too few nodes.
    bool nextQuestion();
    void ask(const QuizQuestion &question);
    std::optional<QuizQuestion> question() const { return m_question; }
    // The node (address) clicked on the ring becomes the answer.
    void nodeClicked(const QString &address);
    void setAnswer(const QString &answer);
    // Checks the answer given; verdictReady follows.
    QCoro::Task<> answer();
    int asked() const { return m_asked; }
    int right() const { return m_right; }
    void retranslate();

signals:
    void verdictReady(const QuizVerdict &verdict);

private:
    void showVerdict(const QuizVerdict &verdict);
    void showScore();

    MainWindow *m_window;
    RingController *m_controller;
    QRandomGenerator m_random{QRandomGenerator::securelySeeded()};
    std::optional<QuizQuestion> m_question;
    bool m_answered = false;
    bool m_selecting = false; // the panel itself selects a node: not an answer
    int m_asked = 0;
    int m_right = 0;
    QLabel *m_text;
    QComboBox *m_nodes;
    QSpinBox *m_number;
    QPushButton *m_answer;
    QLabel *m_verdict;
    QPushButton *m_next;
    QLabel *m_score;
};

} // namespace ChordLab
