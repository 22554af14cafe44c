#include "LinkFaultDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

namespace ChordLab {

using namespace Qt::StringLiterals;

LinkFaultDialog::LinkFaultDialog(const QString &from, const QString &to, QWidget *parent)
    : QDialog(parent)
    , m_delay(new QLineEdit(u"200"_s, this))
    , m_jitter(new QLineEdit(u"50"_s, this))
    , m_loss(new QLineEdit(u"0"_s, this))
    , m_bothWays(new QCheckBox(tr("Both ways"), this))
    , m_error(new QLabel(this)) {
    setObjectName(u"linkFaultDialog"_s);
    setWindowTitle(tr("Link %1–%2: delay and loss").arg(from, to));
    m_delay->setObjectName(u"delayEdit"_s);
    m_jitter->setObjectName(u"jitterEdit"_s);
    m_loss->setObjectName(u"lossEdit"_s);
    m_bothWays->setObjectName(u"bothWays"_s);
    m_bothWays->setChecked(true);
    m_bothWays->setToolTip(tr("Off: only %1's messages to %2").arg(from, to));
    m_error->setObjectName(u"faultError"_s);
    m_error->setStyleSheet(u"color: #b91c1c"_s);
    m_error->setWordWrap(true);
    auto *form = new QFormLayout(this);
    form->addRow(tr("Delay (ms):"), m_delay);
    form->addRow(tr("Jitter (ms, up to):"), m_jitter);
    form->addRow(tr("Loss (%):"), m_loss);
    form->addRow(m_bothWays);
    form->addRow(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    for (QLineEdit *e : {m_delay, m_jitter, m_loss})
        connect(e, &QLineEdit::textChanged, this, &LinkFaultDialog::validate);
    validate();
}

std::optional<Chord::LinkFault> LinkFaultDialog::parse(const QString &delayMs,
                                                       const QString &jitterMs,
                                                       const QString &lossPercent, QString *error) {
    auto ms = [](const QString &text, int *out) {
        bool ok = false;
        const int v = text.trimmed().isEmpty() ? 0 : text.trimmed().toInt(&ok);
        if (!text.trimmed().isEmpty() && (!ok || v < 0 || v > Chord::LinkFaults::MaxDelayMs))
            return false;
        *out = v;
        return true;
    };
    Chord::LinkFault f;
    if (!ms(delayMs, &f.delayMs) || !ms(jitterMs, &f.jitterMs)) {
        *error = tr("Delay and jitter are whole milliseconds, 0 to %1.")
                     .arg(Chord::LinkFaults::MaxDelayMs);
        return std::nullopt;
    }
    bool ok = true;
    const QString loss = lossPercent.trimmed();
    const double percent = loss.isEmpty() ? 0 : QLocale::c().toDouble(loss, &ok);
    if (!ok || !(percent >= 0 && percent <= 100)) {
        *error = tr("Loss is a percentage, 0 to 100.");
        return std::nullopt;
    }
    f.loss = percent / 100;
    if (!f.any()) {
        *error = tr("Nothing to set: give a delay, a jitter or a loss.");
        return std::nullopt;
    }
    return f;
}

std::optional<Chord::LinkFault> LinkFaultDialog::fault(QString *error) const {
    QString why;
    auto f = parse(m_delay->text(), m_jitter->text(), m_loss->text(), &why);
    if (error)
        *error = why;
    return f;
}

bool LinkFaultDialog::bothWays() const {
    return m_bothWays->isChecked();
}

void LinkFaultDialog::validate() {
    QString why;
    const bool ok = fault(&why).has_value();
    m_error->setText(why);
    m_ok->setEnabled(ok);
}

void LinkFaultDialog::accept() {
    // Refused, not closed, while the fields make no fault (Enter in a field, a test).
    const std::optional<Chord::LinkFault> f = fault();
    if (!f)
        return;
    QDialog::accept();
    emit chosen(*f, bothWays());
}

} // namespace ChordLab
