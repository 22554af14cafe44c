#include "ExportRangeDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace ChordLab {

using namespace Qt::StringLiterals;

ExportRangeDialog::ExportRangeDialog(qint64 startMs, qint64 endMs, qint64 cursorMs, QWidget *parent)
    : QDialog(parent)
    , m_startMs(startMs) {
    setObjectName(u"exportRangeDialog"_s);
    setWindowTitle(tr("Export a time range"));
    const double length = double(endMs - startMs) / 1000.0;
    auto seconds = [this, length](const QString &name, double value) {
        auto *box = new QDoubleSpinBox(this);
        box->setObjectName(name);
        box->setRange(0, length);
        box->setDecimals(1);
        box->setSuffix(tr(" s"));
        box->setValue(value);
        connect(box, &QDoubleSpinBox::valueChanged, this, &ExportRangeDialog::updateCount);
        return box;
    };
    // By default the 20 s up to the cursor (the whole recording if shorter).
    const double cursor = double(cursorMs - startMs) / 1000.0;
    m_from = seconds(u"exportFrom"_s, qMax(0.0, cursor - 20.0));
    m_to = seconds(u"exportTo"_s, cursor > 0 ? cursor : length);
    m_fps = new QSpinBox(this);
    m_fps->setObjectName(u"exportFps"_s);
    m_fps->setRange(1, 25);
    m_fps->setValue(5);
    m_fps->setSuffix(tr(" frames/s"));
    connect(m_fps, &QSpinBox::valueChanged, this, &ExportRangeDialog::updateCount);
    m_folder = new QLineEdit(QDir::home().filePath(u"chordlab-frames"_s), this);
    m_folder->setObjectName(u"exportFolder"_s);
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Folder for the frames"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    m_count = new QLabel(this);
    m_count->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("From"), m_from);
    form->addRow(tr("To"), m_to);
    form->addRow(tr("Speed"), m_fps);
    form->addRow(tr("Folder"), folderRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_count);
    layout->addWidget(buttons);
    updateCount();
}

FrameExport::Range ExportRangeDialog::range() const {
    return {m_startMs + qint64(m_from->value() * 1000), m_startMs + qint64(m_to->value() * 1000),
            double(m_fps->value())};
}

QString ExportRangeDialog::folder() const {
    return m_folder->text().trimmed();
}

void ExportRangeDialog::updateCount() {
    const qsizetype frames = FrameExport::frameTimes(range()).size();
    m_ok->setEnabled(frames > 0);
    m_count->setText(
        frames == 0 ? tr("The range is empty: \"To\" must not come before \"From\".")
        : frames == FrameExport::MaxFrames
            ? tr("%1 frames (the most one export writes): frame-0001.png … and "
                 "ring.apng.png, an animated PNG")
                  .arg(frames)
            : tr("%1 frames: frame-0001.png … and ring.apng.png, an animated PNG").arg(frames));
}

} // namespace ChordLab
