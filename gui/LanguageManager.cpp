#include "LanguageManager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace ChordLab {

using namespace Qt::StringLiterals;

LanguageManager::LanguageManager(QObject *parent)
    : QObject(parent) {}

LanguageManager::~LanguageManager() {
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
}

void LanguageManager::setLanguage(const QString &code) {
    m_requested = code;
    QString lang = code;
    if (lang.isEmpty()) {
        const QString system = QLocale::system().name().left(2);
        lang = available().contains(system) ? system : u"en"_s;
    }
    if (!available().contains(lang))
        lang = u"en"_s;
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
    m_app = std::make_unique<QTranslator>();
    m_qt = std::make_unique<QTranslator>();
    // English also has a .qm: it carries the plural forms of "%n node(s)".
    if (m_app->load(u":/i18n/chordlab_"_s + lang))
        QCoreApplication::installTranslator(m_app.get());
    if (m_qt->load(u"qtbase_"_s + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(m_qt.get());
    QLocale::setDefault(QLocale(lang));
    m_effective = lang;
}

} // namespace ChordLab
