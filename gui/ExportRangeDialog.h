#pragma once

#include "FrameExport.h"

#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace ChordLab {

// Asks which part of the recording to export as an animation, at how many frames per
// second, and into which folder (FrameExport). Times are seconds after the recording's start.
class ExportRangeDialog : public QDialog {
    Q_OBJECT

public:
    ExportRangeDialog(qint64 startMs, qint64 endMs, qint64 cursorMs, QWidget *parent = nullptr);

    FrameExport::Range range() const;
    QString folder() const;

private:
    void updateCount();

    qint64 m_startMs;
    QDoubleSpinBox *m_from;
    QDoubleSpinBox *m_to;
    QSpinBox *m_fps;
    QLineEdit *m_folder;
    QLabel *m_count;
    QPushButton *m_ok;
};

} // namespace ChordLab
