#pragma once

#include "AppOptions.h"

#include <QCoroTask>
#include <QObject>

namespace ChordLab {

class MainWindow;
class RingController;

// Plays the scripted part of AppOptions once the ring is up: sample keys, a selection, a
// lookup, a log pane, then a screenshot (QWidget::grab) and a clean close.
class DemoScript : public QObject {
    Q_OBJECT

public:
    DemoScript(MainWindow *window, RingController *controller, AppOptions options,
               QObject *parent = nullptr);
    void start();

private:
    QCoro::Task<> run();

    MainWindow *m_window;
    RingController *m_controller;
    AppOptions m_options;
};

} // namespace ChordLab
