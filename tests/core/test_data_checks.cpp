// Text health and quality checks, and the automatic fixes.
#include "core/data/checks.h"

#include "tests/support/qa_pair.h"

#include <QTest>

using namespace qs::data;

Q_DECLARE_METATYPE(Check)

namespace {

bool hasFinding(const std::vector<Finding>& findings, Check check, Field field)
{
    for (const Finding& finding : findings)
        if (finding.check == check && finding.field == field)
            return true;
    return false;
}

const std::string kDecomposedHangul = "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"; // 한 as jamo

} // namespace

class TestDataChecks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixes_data()
    {
        QTest::addColumn<Check>("check");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("fixed"); // empty: no fix (text is fine)
        QTest::addRow("nfc") << Check::NotNfc << QByteArray(kDecomposedHangul.c_str()) << QByteArray("한");
        QTest::addRow("nfc already") << Check::NotNfc << QByteArray("한") << QByteArray();
        QTest::addRow("mojibake korean") << Check::Mojibake << QByteArray("ì•ˆë…•í•˜ì„¸ìš”") << QByteArray("안녕하세요");
        QTest::addRow("mojibake inside") << Check::Mojibake << QByteArray("주소: ì„œìš¸ 143") << QByteArray("주소: 서울 143");
        QTest::addRow("latin is not mojibake") << Check::Mojibake << QByteArray("café crème") << QByteArray();
        QTest::addRow("controls") << Check::ControlCharacters << QByteArray("a\x01" "b\x7F" "c\td\n") << QByteArray("abc\td\n");
        QTest::addRow("zero-width space") << Check::ControlCharacters << QByteArray("a\xE2\x80\x8B" "b") << QByteArray("ab");
        QTest::addRow("replacement") << Check::ReplacementCharacter << QByteArray("깨\xEF\xBF\xBD진") << QByteArray("깨진");
        QTest::addRow("whitespace") << Check::StrayWhitespace << QByteArray("  여러   공백\xC2\xA0끝 \n\n\n\n다음 ")
                                    << QByteArray("여러 공백 끝\n\n다음");
        QTest::addRow("whitespace fine") << Check::StrayWhitespace << QByteArray("한 줄\n두 줄") << QByteArray();
        QTest::addRow("quality has no fix") << Check::ShortAnswer << QByteArray("예") << QByteArray();
    }
    void fixes()
    {
        QFETCH(Check, check);
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, fixed);
        const auto result = fixText(check, text.toStdString());
        if (fixed.isEmpty()) {
            QVERIFY2(!result, result ? result->c_str() : "");
        } else {
            QVERIFY(result.has_value());
            QCOMPARE(QByteArray::fromStdString(*result), fixed);
        }
    }

    void findings_data()
    {
        QTest::addColumn<QString>("question");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<Check>("check");
        QTest::addColumn<int>("field");
        QTest::addColumn<bool>("expected");
        const int out = int(Field::Output);
        const int in = int(Field::Instruction);
        QTest::addRow("empty answer") << "질문?" << "  " << Check::EmptyField << out << true;
        QTest::addRow("empty question") << "" << "답" << Check::EmptyField << in << true;
        QTest::addRow("short answer") << "되나요?" << "예" << Check::ShortAnswer << out << true;
        QTest::addRow("long enough") << "되나요?" << "네, 됩니다." << Check::ShortAnswer << out << false;
        QTest::addRow("answer equals question") << "대출 기간은 14일?" << "대출 기간은 14일" << Check::AnswerEqualsQuestion << out << true;
        QTest::addRow("answer in question") << "대출 기간은 14일인가요?" << "14일" << Check::AnswerInQuestion << out << true;
        QTest::addRow("good pair") << "대출 기간은?" << "14일입니다." << Check::AnswerInQuestion << out << false;
        QTest::addRow("nfc flagged") << QString::fromStdString(kDecomposedHangul + "글?") << "한글입니다" << Check::NotNfc << in << true;
    }
    void findings()
    {
        QFETCH(QString, question);
        QFETCH(QString, answer);
        QFETCH(Check, check);
        QFETCH(int, field);
        QFETCH(bool, expected);
        const auto findings = checkExample(qs::test::qaPair(question.toStdString(), answer.toStdString()), 0);
        QCOMPARE(hasFinding(findings, check, Field(field)), expected);
    }

    void tooLongNeedsATokenCounter()
    {
        const QaExample example = qs::test::qaPair("질문", "아주 긴 답변입니다");
        QVERIFY(!hasFinding(checkExample(example, 0), Check::TooLong, Field::Output));
        CheckOptions options;
        options.tokenCount = [](const QaExample& e) { return e.output.size(); }; // bytes stand in for tokens
        options.maxSeqLen = 8;
        const auto findings = checkExample(example, 0, options);
        QVERIFY(hasFinding(findings, Check::TooLong, Field::Output));
        for (const Finding& finding : findings)
            if (finding.check == Check::TooLong)
                QVERIFY(finding.reason.find("truncated at max_seq_len 8") != std::string::npos);
    }

    void findingsNameTheExample()
    {
        const std::vector<QaExample> examples = {qs::test::qaPair("좋은 질문", "좋은 답변"), qs::test::qaPair("질문", "")};
        const auto findings = checkExamples(examples);
        QCOMPARE(findings.size(), size_t(1));
        QCOMPARE(findings[0].example, size_t(1));
        QCOMPARE(checkName(findings[0].check), std::string_view("empty-field"));
    }
};

QTEST_APPLESS_MAIN(TestDataChecks)
#include "test_data_checks.moc"
