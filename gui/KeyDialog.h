#pragma once

#include <QDialog>

class QLineEdit;

namespace ChordLab {

// Asks for a key (and a value, for a store), offering the last key used. Opened with open():
// the event loop runs on, and `chosen` carries the answer. An empty key is no answer.
class KeyDialog : public QDialog {
    Q_OBJECT

public:
    KeyDialog(const QString &title, bool withValue, const QString &throughNode,
              QWidget *parent = nullptr);

    QString key() const;
    QString value() const; // empty without a value field

signals:
    void chosen(const QString &key, const QString &value);

private:
    QLineEdit *m_key;
    QLineEdit *m_value = nullptr;
};

} // namespace ChordLab
