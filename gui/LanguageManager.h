#pragma once

#include <QObject>
#include <QTranslator>

#include <memory>

namespace ChordLab {

// Installs the translation of the chosen language at runtime. Widgets react to the
// QEvent::LanguageChange that QCoreApplication sends when translators change.
class LanguageManager : public QObject {
    Q_OBJECT

public:
    explicit LanguageManager(QObject *parent = nullptr);
    ~LanguageManager() override;

    // "en", "it", or empty for the system locale.
    void setLanguage(const QString &code);
    QString requested() const { return m_requested; }
    // The language in effect ("en" or "it").
    QString effective() const { return m_effective; }
    static QStringList available() { return {QStringLiteral("en"), QStringLiteral("it")}; }

private:
    QString m_requested;
    QString m_effective;
    std::unique_ptr<QTranslator> m_app;
    std::unique_ptr<QTranslator> m_qt;
};

} // namespace ChordLab
