#include "ui/dataset/import_report_view.h"

#include "ui/dataset/check_labels.h"
#include "ui/dataset/dataset_document.h"

#include <QEvent>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace qs::ui {

ImportReportView::ImportReportView(DatasetDocument& document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_summary(new QLabel(this))
    , m_rejectedLabel(new QLabel(this))
    , m_rejected(new QListWidget(this))
    , m_fixesLabel(new QLabel(this))
    , m_fixes(new QWidget(this))
    , m_fixesLayout(new QVBoxLayout(m_fixes))
{
    setObjectName(QStringLiteral("importReport"));
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_rejected->setObjectName(QStringLiteral("rejectedList"));
    m_summary->setWordWrap(true);
    m_rejected->setMaximumHeight(80);
    m_fixesLayout->setContentsMargins(0, 0, 0, 0);
    m_fixesLayout->setAlignment(Qt::AlignLeft);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_rejectedLabel);
    layout->addWidget(m_rejected);
    layout->addWidget(m_fixesLabel);
    layout->addWidget(m_fixes);
    layout->addStretch();
    // Many examples change at once (fix everywhere): refresh once, after them all.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ImportReportView::refresh);
    connect(&document, &DatasetDocument::reset, this, &ImportReportView::refresh);
    connect(&document, &DatasetDocument::exampleChanged, &m_refreshTimer, qOverload<>(&QTimer::start));
    refresh();
}

void ImportReportView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QWidget::changeEvent(event);
}

void ImportReportView::refresh()
{
    const data::ImportReport& report = m_document.importReport();
    if (m_document.count() == 0 && report.rejected.empty()) {
        m_summary->setText(tr("No dataset open."));
    } else {
        QString format = QString::fromUtf8(data::sourceFormatName(report.format).data()).toUpper();
        if (report.byteOrderMark)
            format += tr(", UTF-8 BOM");
        if (report.crlf)
            format += tr(", CRLF line ends");
        m_summary->setText(tr("<b>%1</b> — %2, fields %3.<br>Loaded %4 examples; %5 rejected; %6 deleted.")
                               .arg(QFileInfo(m_document.sourcePath()).fileName().toHtmlEscaped(), format,
                                    QString::fromStdString(report.mapping.describe()).toHtmlEscaped())
                               .arg(m_document.count())
                               .arg(report.rejected.size())
                               .arg(m_document.deletedCount()));
    }

    m_rejectedLabel->setText(tr("Rejected lines (kept out of the dataset):"));
    m_rejected->clear();
    for (const data::RejectedRecord& rejected : report.rejected)
        m_rejected->addItem(tr("line %1: %2").arg(rejected.line).arg(QString::fromStdString(rejected.reason)));
    m_rejectedLabel->setVisible(!report.rejected.empty());
    m_rejected->setVisible(!report.rejected.empty());

    // One button per automatic fix that has work to do.
    while (QLayoutItem* item = m_fixesLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    int offered = 0;
    for (int check = 0; check < data::kCheckCount; ++check) {
        if (!data::hasAutomaticFix(data::Check(check)))
            continue;
        const int count = m_document.countWithFinding(data::Check(check));
        if (count == 0)
            continue;
        auto* button = new QPushButton(tr("%1 (%n example(s))", nullptr, count).arg(CheckLabels::fixAction(data::Check(check))),
                                       m_fixes);
        button->setObjectName(QStringLiteral("fixAll_%1").arg(QString::fromUtf8(data::checkName(data::Check(check)).data())));
        connect(button, &QPushButton::clicked, this, [this, check] { m_document.applyFixEverywhere(data::Check(check)); });
        m_fixesLayout->addWidget(button);
        ++offered;
    }
    m_fixesLabel->setText(offered ? tr("Fixes on offer (each can be undone):") : tr("No automatic fixes needed."));
}

} // namespace qs::ui
