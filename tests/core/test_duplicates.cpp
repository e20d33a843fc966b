// Exact and near-duplicate groups, and the suggested keeper.
#include "core/base/error.h"
#include "core/data/duplicates.h"
#include "core/text/unicode.h"

#include "tests/support/qa_pair.h"

#include <QTest>

#include <random>

using namespace qs::data;

namespace {

std::vector<std::vector<size_t>> memberLists(const std::vector<DuplicateGroup>& groups)
{
    std::vector<std::vector<size_t>> lists;
    for (const DuplicateGroup& group : groups)
        lists.push_back(group.members);
    return lists;
}

} // namespace

class TestDuplicates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameQuestionAfterNormalisation()
    {
        const std::vector<QaExample> examples = {
            qs::test::qaPair("교육센터의 주소는 어디인가요?", "서울입니다."),
            qs::test::qaPair("다른 질문", "다른 답"),
            qs::test::qaPair("  교육센터의  주소는 어디인가요 ", "서울특별시 영등포구 의사당대로 143입니다."),
            qs::test::qaPair("교육센터의 주소는, 어디인가요?!", "서울"),
        };
        const auto groups = findExactDuplicates(examples, DuplicateKind::SameQuestion);
        QCOMPARE(groups.size(), size_t(1));
        QCOMPARE(groups[0].members, (std::vector<size_t>{0, 2, 3}));
        QCOMPARE(groups[0].keeper, size_t(2)); // the longest answer
        QCOMPARE(groups[0].similarity, 1.0);
        QVERIFY(findExactDuplicates(examples, DuplicateKind::SamePair).empty());
    }

    void samePair()
    {
        const std::vector<QaExample> examples = {qs::test::qaPair("Q 1", "A"), qs::test::qaPair("q 1", "a."), qs::test::qaPair("q 1", "b")};
        QCOMPARE(memberLists(findExactDuplicates(examples, DuplicateKind::SamePair)),
                 (std::vector<std::vector<size_t>>{{0, 1}}));
    }

    void nearDuplicatesInKorean()
    {
        const std::vector<QaExample> examples = {
            qs::test::qaPair("금융보안교육센터의 정보보호 기초 과정은 며칠 동안 진행되나요?",
                 "정보보호 기초 과정은 3일 동안 하루 7시간씩 진행되며 수료 시험이 있습니다."),
            qs::test::qaPair("모의해킹 실무 과정의 수강료는 얼마인가요?", "모의해킹 실무 과정의 수강료는 45만 원이며 재직자는 환급을 받을 수 있습니다."),
            qs::test::qaPair("금융보안교육센터 정보보호 기초과정은 며칠 동안 진행되나요",
                 "정보보호 기초 과정은 3일 동안 하루 7시간씩 진행되며 수료 시험이 있습니다"),
            qs::test::qaPair("개인정보 보호 실무 과정의 정원은 몇 명인가요?", "개인정보 보호 실무 과정의 정원은 30명입니다."),
        };
        NearDuplicateOptions options;
        options.threshold = 0.8;
        const auto groups = findNearDuplicates(examples, options);
        QCOMPARE(memberLists(groups), (std::vector<std::vector<size_t>>{{0, 2}}));
        QVERIFY(groups[0].similarity >= 0.8);
        QCOMPARE(groups[0].kind, DuplicateKind::Near);
    }

    void thresholdControlsWhatIsNear()
    {
        // Exact Jaccard of these two pairs' character 3-grams: 0.63 (computed
        // independently in Python). MinHash with 128 bins estimates it within
        // ~0.04 (one standard deviation), so 0.95 and 0.4 are both > 5 sigma away.
        const std::vector<QaExample> examples = {
            qs::test::qaPair("도서 대출 기간은 며칠인가요?", "도서 대출 기간은 14일이며 예약자가 없으면 한 번 7일 연장할 수 있습니다."),
            qs::test::qaPair("도서 대출 기간은 며칠인가요?", "도서 대출 기간은 14일이며 예약한 사람이 없으면 한 차례 7일 연장할 수 있습니다."),
        };
        NearDuplicateOptions strict;
        strict.threshold = 0.95;
        QVERIFY(findNearDuplicates(examples, strict).empty());
        NearDuplicateOptions loose;
        loose.threshold = 0.4;
        QCOMPARE(findNearDuplicates(examples, loose).size(), size_t(1));
        NearDuplicateOptions bad;
        bad.threshold = 1.5;
        QVERIFY_THROWS_EXCEPTION(qs::Error, findNearDuplicates(examples, bad));
    }

    void deterministic()
    {
        // 50 unrelated texts of random syllables, each four times.
        std::mt19937 random(7);
        std::vector<std::string> texts;
        for (int t = 0; t < 50; ++t) {
            std::u32string syllables;
            for (int c = 0; c < 40; ++c)
                syllables.push_back(char32_t(0xAC00 + random() % 11172));
            texts.push_back(qs::text::encodeUtf8(syllables));
        }
        std::vector<QaExample> examples;
        for (int i = 0; i < 200; ++i)
            examples.push_back(qs::test::qaPair(texts[size_t(i % 50)].substr(0, 30), texts[size_t(i % 50)]));
        const auto first = findNearDuplicates(examples);
        QCOMPARE(memberLists(first), memberLists(findNearDuplicates(examples)));
        QCOMPARE(first.size(), size_t(50));
        for (const DuplicateGroup& group : first) {
            QCOMPARE(group.members.size(), size_t(4));
            QCOMPARE(group.members[1] - group.members[0], size_t(50));
        }
    }
};

QTEST_APPLESS_MAIN(TestDuplicates)
#include "test_duplicates.moc"
