#pragma once

#include "LinkFaults.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace ChordLab {

// Asks for a delay (fixed + jitter) and a loss on the link between two nodes (issue 12).
// Opened with open(); `chosen` carries the fault once the fields make one the node accepts:
// whole milliseconds 0..600000, a loss of 0..100 %, something set. OK stays off, and the
// dialog says why, for anything else.
class LinkFaultDialog : public QDialog {
    Q_OBJECT

public:
    LinkFaultDialog(const QString &from, const QString &to, QWidget *parent = nullptr);

    // The fault of the texts, or nullopt and *error saying why not.
    static std::optional<Chord::LinkFault> parse(const QString &delayMs, const QString &jitterMs,
                                                 const QString &lossPercent, QString *error);
    std::optional<Chord::LinkFault> fault(QString *error = nullptr) const;
    bool bothWays() const;
    void accept() override;

signals:
    void chosen(const Chord::LinkFault &fault, bool bothWays);

private:
    void validate();

    QLineEdit *m_delay;
    QLineEdit *m_jitter;
    QLineEdit *m_loss;
    QCheckBox *m_bothWays;
    QLabel *m_error;
    QPushButton *m_ok;
};

} // namespace ChordLab
