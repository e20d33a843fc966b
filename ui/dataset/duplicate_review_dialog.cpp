#include "ui/dataset/duplicate_review_dialog.h"

#include "core/text/char_diff.h"
#include "ui/dataset/dataset_document.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace qs::ui {
namespace {

// `text` as HTML, with what differs from `reference` marked: added text on a
// green background, text of the reference that is missing here struck out.
QString diffHtml(const std::string& reference, const std::string& text)
{
    QString html;
    for (const text::DiffSegment& segment : text::diffCharacters(reference, text)) {
        const QString escaped = QString::fromStdString(segment.text).toHtmlEscaped().replace('\n', "<br>");
        switch (segment.kind) {
        case text::DiffSegment::Same: html += escaped; break;
        case text::DiffSegment::OnlyInSecond: html += "<span style='background:#b2f2bb'>" + escaped + "</span>"; break;
        case text::DiffSegment::OnlyInFirst:
            html += "<span style='color:#c92a2a;text-decoration:line-through'>" + escaped + "</span>";
            break;
        }
    }
    return html;
}

} // namespace

DuplicateReviewDialog::DuplicateReviewDialog(DatasetDocument& document, QWidget* parent)
    : QDialog(parent)
    , m_document(document)
    , m_groups(new QListWidget(this))
    , m_cards(new QWidget(this))
    , m_cardsLayout(new QHBoxLayout(m_cards))
    , m_hint(new QLabel(this))
    , m_keepChoice(new QButtonGroup(this))
    , m_questionChoice(new QButtonGroup(this))
    , m_answerChoice(new QButtonGroup(this))
    , m_threshold(new QDoubleSpinBox(this))
    , m_keep(new QPushButton(tr("Keep suggested"), this))
    , m_merge(new QPushButton(tr("Merge as selected"), this))
    , m_skip(new QPushButton(tr("Skip"), this))
{
    setObjectName(QStringLiteral("duplicateReview"));
    setWindowTitle(tr("Review duplicates"));
    resize(1100, 600);
    m_groups->setObjectName(QStringLiteral("groupList"));
    m_keep->setObjectName(QStringLiteral("keepSuggestedButton"));
    m_merge->setObjectName(QStringLiteral("mergeButton"));
    m_skip->setObjectName(QStringLiteral("skipButton"));
    m_hint->setWordWrap(true);
    m_hint->setText(tr("Differences from the suggested keeper: <span style='background:#b2f2bb'>added</span>, "
                       "<span style='color:#c92a2a;text-decoration:line-through'>missing</span>. "
                       "Choose which example stays and whose question and answer it takes, then Merge; "
                       "or keep the suggestion."));

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_cards);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_hint);
    rightLayout->addWidget(scroll, 1);
    auto* groupButtons = new QHBoxLayout;
    groupButtons->addWidget(m_keep);
    groupButtons->addWidget(m_merge);
    groupButtons->addWidget(m_skip);
    groupButtons->addStretch();
    rightLayout->addLayout(groupButtons);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_groups);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);

    m_threshold->setRange(0.5, 1.0);
    m_threshold->setSingleStep(0.05);
    m_threshold->setDecimals(2);
    m_threshold->setValue(0.8);
    auto* acceptAll = new QPushButton(tr("Accept every suggestion"), this);
    acceptAll->setObjectName(QStringLiteral("acceptAllButton"));
    auto* rescan = new QPushButton(tr("Find again"), this);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(new QLabel(tr("Near-duplicate threshold (Jaccard):"), this));
    bottom->addWidget(m_threshold);
    bottom->addWidget(rescan);
    bottom->addStretch();
    bottom->addWidget(acceptAll);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    bottom->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(bottom);

    connect(m_groups, &QListWidget::currentRowChanged, this, &DuplicateReviewDialog::showGroup);
    connect(m_keep, &QPushButton::clicked, this, &DuplicateReviewDialog::keepSuggested);
    connect(m_merge, &QPushButton::clicked, this, &DuplicateReviewDialog::mergeSelected);
    connect(m_skip, &QPushButton::clicked, this, &DuplicateReviewDialog::skip);
    connect(acceptAll, &QPushButton::clicked, this, [this] {
        m_document.acceptAllSuggestions();
        for (size_t group = 0; group < m_status.size(); ++group)
            if (m_status[group].isEmpty())
                m_status[group] = tr("kept suggestion");
        for (int group = 0; group < m_groups->count(); ++group)
            m_groups->item(group)->setText(groupTitle(group));
        showGroup(currentGroup());
    });
    connect(rescan, &QPushButton::clicked, this, [this] { Q_EMIT rescanRequested(m_threshold->value()); });
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(&m_document, &DatasetDocument::reset, this, &DuplicateReviewDialog::reloadGroups);
    reloadGroups();
}

int DuplicateReviewDialog::currentGroup() const
{
    return m_groups->currentRow();
}

void DuplicateReviewDialog::selectGroup(int group)
{
    m_groups->setCurrentRow(group);
}

QString DuplicateReviewDialog::groupTitle(int group) const
{
    const data::DuplicateGroup& g = m_document.duplicates()[size_t(group)];
    const QString kind = g.kind == data::DuplicateKind::SameQuestion ? tr("same question")
                         : g.kind == data::DuplicateKind::SamePair   ? tr("same pair")
                                                                     : tr("near (%1)").arg(g.similarity, 0, 'f', 2);
    QString title = tr("%1 · %n example(s)", nullptr, int(g.members.size())).arg(kind);
    if (!m_status[size_t(group)].isEmpty())
        title += QStringLiteral(" — ") + m_status[size_t(group)];
    return title;
}

void DuplicateReviewDialog::reloadGroups()
{
    m_status.assign(m_document.duplicates().size(), QString());
    m_groups->clear();
    for (int group = 0; group < int(m_document.duplicates().size()); ++group)
        m_groups->addItem(groupTitle(group));
    if (m_groups->count() > 0)
        m_groups->setCurrentRow(0);
    else
        showGroup(-1);
}

void DuplicateReviewDialog::showGroup(int group)
{
    while (QLayoutItem* item = m_cardsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (QButtonGroup* choice : {m_keepChoice, m_questionChoice, m_answerChoice})
        for (QAbstractButton* button : choice->buttons())
            choice->removeButton(button);
    const bool valid = group >= 0 && group < int(m_document.duplicates().size());
    for (QPushButton* button : {m_keep, m_merge, m_skip})
        button->setEnabled(valid);
    if (!valid)
        return;

    const data::DuplicateGroup& g = m_document.duplicates()[size_t(group)];
    const data::QaExample& keeper = m_document.example(int(g.keeper));
    for (const size_t member : g.members) {
        const int row = int(member);
        const data::QaExample& e = m_document.example(row);
        const bool isKeeper = member == g.keeper;
        auto* card = new QGroupBox(isKeeper ? tr("Line %1 — suggested keeper").arg(e.line) : tr("Line %1").arg(e.line),
                                   m_cards);
        auto* browser = new QTextBrowser(card);
        const QString question = isKeeper ? QString::fromStdString(e.instruction).toHtmlEscaped()
                                          : diffHtml(keeper.instruction, e.instruction);
        const QString answer = isKeeper ? QString::fromStdString(e.output).toHtmlEscaped()
                                        : diffHtml(keeper.output, e.output);
        browser->setHtml(QStringLiteral("<p><b>%1</b><br>%2</p><p><b>%3</b><br>%4</p>")
                             .arg(tr("Question"), question, tr("Answer"), answer)
                         + (m_document.isDeleted(row) ? QStringLiteral("<p><i>%1</i></p>").arg(tr("deleted")) : QString()));
        auto* keep = new QRadioButton(tr("Keep this example"), card);
        auto* useQuestion = new QRadioButton(tr("Use its question"), card);
        auto* useAnswer = new QRadioButton(tr("Use its answer"), card);
        m_keepChoice->addButton(keep, row);
        m_questionChoice->addButton(useQuestion, row);
        m_answerChoice->addButton(useAnswer, row);
        keep->setChecked(isKeeper);
        useQuestion->setChecked(isKeeper);
        useAnswer->setChecked(isKeeper);
        auto* cardLayout = new QVBoxLayout(card);
        cardLayout->addWidget(browser, 1);
        cardLayout->addWidget(keep);
        cardLayout->addWidget(useQuestion);
        cardLayout->addWidget(useAnswer);
        card->setMinimumWidth(280);
        m_cardsLayout->addWidget(card);
    }
}

void DuplicateReviewDialog::keepSuggested()
{
    const int group = currentGroup();
    if (group < 0)
        return;
    const data::DuplicateGroup& g = m_document.duplicates()[size_t(group)];
    m_document.resolveGroup(g, int(g.keeper), int(g.keeper), int(g.keeper));
    markAndAdvance(group, tr("kept suggestion"));
}

void DuplicateReviewDialog::mergeSelected()
{
    const int group = currentGroup();
    if (group < 0)
        return;
    const int keep = m_keepChoice->checkedId();
    const int question = m_questionChoice->checkedId();
    const int answer = m_answerChoice->checkedId();
    if (keep < 0 || question < 0 || answer < 0)
        return;
    m_document.resolveGroup(m_document.duplicates()[size_t(group)], keep, question, answer);
    markAndAdvance(group, tr("merged"));
}

void DuplicateReviewDialog::skip()
{
    const int group = currentGroup();
    if (group >= 0)
        markAndAdvance(group, tr("skipped"));
}

void DuplicateReviewDialog::markAndAdvance(int group, const QString& status)
{
    m_status[size_t(group)] = status;
    m_groups->item(group)->setText(groupTitle(group));
    if (group + 1 < m_groups->count())
        m_groups->setCurrentRow(group + 1);
    else
        showGroup(group);
}

} // namespace qs::ui
