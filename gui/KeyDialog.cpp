#include "KeyDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>

namespace ChordLab {

using namespace Qt::StringLiterals;

namespace {
const QString LastKey = u"keys/last"_s;
} // namespace

KeyDialog::KeyDialog(const QString &title, bool withValue, const QString &throughNode,
                     QWidget *parent)
    : QDialog(parent)
    , m_key(new QLineEdit(this)) {
    setWindowTitle(title);
    auto *form = new QFormLayout(this);
    m_key->setObjectName(u"keyEdit"_s);
    m_key->setText(QSettings().value(LastKey).toString());
    m_key->selectAll();
    form->addRow(tr("Key:"), m_key);
    if (withValue) {
        m_value = new QLineEdit(this);
        m_value->setObjectName(u"valueEdit"_s);
        form->addRow(tr("Value:"), m_value);
    }
    form->addRow(new QLabel(
        tr("through %1").arg(throughNode.isEmpty() ? tr("any live node") : throughNode), this));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    connect(this, &QDialog::accepted, this, [this] {
        if (key().isEmpty())
            return;
        QSettings().setValue(LastKey, key());
        emit chosen(key(), value());
    });
}

QString KeyDialog::key() const {
    return m_key->text();
}

QString KeyDialog::value() const {
    return m_value ? m_value->text() : QString();
}

} // namespace ChordLab
