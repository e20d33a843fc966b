#include "ui/dataset/check_labels.h"

#include <QStringList>

namespace qs::ui {

QString CheckLabels::name(data::Check check)
{
    switch (check) {
    case data::Check::NotNfc: return tr("not NFC");
    case data::Check::ReplacementCharacter: return tr("lost characters (U+FFFD)");
    case data::Check::Mojibake: return tr("mojibake");
    case data::Check::ControlCharacters: return tr("control characters");
    case data::Check::StrayWhitespace: return tr("stray whitespace");
    case data::Check::EmptyField: return tr("empty field");
    case data::Check::ShortAnswer: return tr("short answer");
    case data::Check::AnswerEqualsQuestion: return tr("answer repeats question");
    case data::Check::AnswerInQuestion: return tr("answer inside question");
    case data::Check::TooLong: return tr("too long");
    }
    return {};
}

QString CheckLabels::fixAction(data::Check check)
{
    switch (check) {
    case data::Check::NotNfc: return tr("Normalise to NFC");
    case data::Check::ReplacementCharacter: return tr("Remove U+FFFD");
    case data::Check::Mojibake: return tr("Repair mojibake");
    case data::Check::ControlCharacters: return tr("Remove control characters");
    case data::Check::StrayWhitespace: return tr("Tidy whitespace");
    default: return {};
    }
}

QString CheckLabels::list(uint32_t flags)
{
    QStringList names;
    for (int check = 0; check < data::kCheckCount; ++check)
        if (flags & (1u << check))
            names << name(data::Check(check));
    return names.join(QStringLiteral(", "));
}

} // namespace qs::ui
