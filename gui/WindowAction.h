#pragma once

#include <QAction>
#include <QCoreApplication>
#include <QEvent>
#include <QWidget>

#include <functional>

namespace ChordLab {

// A menu action that opens one of the app's tool windows (the experiments, the two protocols
// side by side), its text and tip retranslated when the language changes. The texts are the
// source strings of `context`, marked with QT_TRANSLATE_NOOP where the action is made.
class WindowAction : public QAction {
public:
    WindowAction(QWidget *window, const QString &objectName, const char *context, const char *text,
                 const char *toolTip, std::function<void()> open)
        : QAction(window)
        , m_context(context)
        , m_text(text)
        , m_toolTip(toolTip) {
        setObjectName(objectName);
        retext();
        window->installEventFilter(this);
        connect(this, &QAction::triggered, window, std::move(open));
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override {
        if (event->type() == QEvent::LanguageChange)
            retext();
        return QAction::eventFilter(watched, event);
    }

private:
    void retext() {
        setText(QCoreApplication::translate(m_context, m_text));
        setToolTip(QCoreApplication::translate(m_context, m_toolTip));
    }

    const char *m_context;
    const char *m_text;
    const char *m_toolTip;
};

// Shows the tool window W of `owner` (one per owner, made on first use), raised and focused.
template <typename W> W *showToolWindow(QWidget *owner) {
    auto *w = owner->findChild<W *>(QString(), Qt::FindDirectChildrenOnly);
    if (!w)
        w = new W(owner);
    w->show();
    w->raise();
    w->activateWindow();
    return w;
}

} // namespace ChordLab
