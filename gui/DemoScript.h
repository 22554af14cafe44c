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
    // The steps of run, in order. Each coroutine answers false when the script was destroyed
    // while it waited (then nothing more may touch it).
    QCoro::Task<bool> playLessonSteps();
    QCoro::Task<bool> waitForHealthyRing();
    QCoro::Task<bool> storeDemoKeys();
    void arrangeWindow();
    // --faults-demo: a cut n1–n2 and a slow, lossy n3→n4.
    void setDemoFaults();
    // --partition-demo: a line drawn across the ring, splitting it about in half.
    void drawDemoPartition();
    void showLogPane();
    void showSequence();
    QCoro::Task<bool> saveAndSeekRecording();
    void exportFrames();

    MainWindow *m_window;
    RingController *m_controller;
    AppOptions m_options;
};

} // namespace ChordLab
