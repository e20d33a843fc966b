#include "ui/pages/dataset_page.h"

#include "ui/widgets/page_title.h"

#include <QEvent>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace qs::ui {

DatasetPage::DatasetPage(QWidget* parent)
    : QWidget(parent)
    , m_title(createPageTitle(this))
    , m_hint(new QLabel(this))
    , m_fileLabel(new QLabel(this))
    , m_openButton(new QPushButton(this))
{
    setObjectName(QStringLiteral("datasetPage"));
    m_fileLabel->setObjectName(QStringLiteral("datasetFileLabel"));
    m_openButton->setObjectName(QStringLiteral("openDatasetButton"));
    m_hint->setWordWrap(true);
    m_fileLabel->setWordWrap(true);
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);


    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_hint);
    layout->addWidget(m_openButton, 0, Qt::AlignLeft);
    layout->addWidget(m_fileLabel);
    layout->addStretch();

    connect(m_openButton, &QPushButton::clicked, this, &DatasetPage::openRequested);
    retranslateUi();
}

bool DatasetPage::isDatasetFile(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("jsonl") || suffix == QLatin1String("json") || suffix == QLatin1String("csv");
}

void DatasetPage::openDataset(const QString& path)
{
    m_path = QFileInfo(path).absoluteFilePath();
    retranslateUi();
    Q_EMIT datasetOpened(m_path);
}

void DatasetPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DatasetPage::retranslateUi()
{
    m_title->setText(tr("Dataset"));
    m_hint->setText(tr("Open a question–answer file (JSONL, JSON or CSV) or drop it on the window. "
                       "Review, cleaning and duplicate detection come with the dataset studio."));
    m_openButton->setText(tr("Open dataset…"));
    m_fileLabel->setText(m_path.isEmpty() ? tr("No dataset open.") : tr("Open: %1").arg(m_path));
}

} // namespace qs::ui
