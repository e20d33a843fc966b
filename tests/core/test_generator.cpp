// The KV-cache generator on the tiny fixtures: greedy tokens as transformers
// generates them, seeded sampling, stop tokens and stop strings, streaming and
// cancelling, the adapter switched per request, repetition penalty, bad
// settings; and the answer scores and evaluation built on it.
#include "core/base/error.h"
#include "core/data/dataset.h"
#include "core/eval/answer_scores.h"
#include "core/infer/evaluation.h"
#include "core/infer/generate_benchmark.h"
#include "core/infer/generator.h"
#include "core/model/language_model_impl.h"
#include "core/text/tokenizer.h"
#include "tests/support/model_reference.h"

#include <QTest>
#include <set>

using namespace qs::infer;
using qs::model::LanguageModel;
using qs::model::Precision;

namespace {

const qs::text::Tokenizer& tokenizer()
{
    static const auto t = qs::text::Tokenizer::fromFolder(qs::test::modelFixtures() / "llama3");
    return t;
}

LanguageModel load(const std::string& name)
{
    return LanguageModel::load(qs::test::modelFixtures() / name, {Precision::Fp32});
}

std::vector<int64_t> caseIds(const nlohmann::json& testCase)
{
    return testCase["ids"].get<std::vector<int64_t>>();
}

const nlohmann::json& firstCase()
{
    return qs::test::modelReference()["models"]["llama3"]["cases"][0];
}

} // namespace

class TestGenerator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void greedyMatchesTransformers_data()
    {
        QTest::addColumn<QString>("model");
        for (const std::string& name : qs::test::fixtureModels())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void greedyMatchesTransformers()
    {
        QFETCH(QString, model);
        LanguageModel lm = load(model.toStdString());
        const std::set<int32_t>& stops = tokenizer().specialIds().stop;
        for (const auto& testCase : qs::test::modelReference()["models"][model.toStdString()]["cases"]) {
            const auto reference = testCase["greedy"].get<std::vector<int64_t>>();
            // transformers' continuation up to the first stop token, which ends ours.
            std::vector<int32_t> expected;
            for (const int64_t id : reference) {
                if (stops.count(int32_t(id)))
                    break;
                expected.push_back(int32_t(id));
            }
            GenerationOptions options;
            options.maxNewTokens = int64_t(reference.size());
            const GenerationResult result = generate(lm, tokenizer(), caseIds(testCase), options);
            QCOMPARE(result.newIds, expected);
            QCOMPARE(result.promptTokens, int64_t(caseIds(testCase).size()));
        }
    }

    void staticCacheStepsEqualTheGrowingCache_data() { greedyMatchesTransformers_data(); }

    // The decode step a CUDA graph records (fixed-capacity cache, position on the
    // device, grouped heads as query rows) against the prefill path, in fp32 on
    // the CPU: 1e-5 allows only a different order of sums over the masked slots.
    void staticCacheStepsEqualTheGrowingCache()
    {
        QFETCH(QString, model);
        LanguageModel lm = load(model.toStdString());
        const qs::model::Decoder& decoder = lm.state().decoder;
        const nlohmann::json& testCase = qs::test::modelReference()["models"][model.toStdString()]["cases"][0];
        const torch::Tensor prompt = torch::tensor(caseIds(testCase), torch::kLong).unsqueeze(0);
        torch::NoGradGuard noGrad;
        qs::model::KvCache growing;
        decoder.hiddenCached(prompt, growing);
        qs::model::StaticKvCache fixed(growing, prompt.size(1) + 16);
        for (const int64_t token : testCase["greedy"].get<std::vector<int64_t>>()) {
            const torch::Tensor input = torch::full({1, 1}, token, torch::kLong);
            const torch::Tensor expected = decoder.logits(decoder.hiddenCached(input, growing));
            const torch::Tensor actual = decoder.logits(decoder.decodeStep(input, fixed));
            QVERIFY2(torch::allclose(actual, expected, 0, 1e-5),
                     qPrintable(QString::number((actual - expected).abs().max().item<double>())));
        }
        QCOMPARE(fixed.position.item<int64_t>(), growing.length());
    }

    void samplingIsSeeded()
    {
        LanguageModel lm = load("llama3");
        GenerationOptions sampling;
        sampling.greedy = false;
        sampling.temperature = 1.5;
        sampling.topP = 0.95;
        sampling.maxNewTokens = 12;
        sampling.seed = 5;
        const auto first = generate(lm, tokenizer(), caseIds(firstCase()), sampling).newIds;
        QCOMPARE(generate(lm, tokenizer(), caseIds(firstCase()), sampling).newIds, first);
        bool anotherSeedDiffers = false;
        for (uint64_t seed = 6; seed < 12 && !anotherSeedDiffers; ++seed) {
            sampling.seed = seed;
            anotherSeedDiffers = generate(lm, tokenizer(), caseIds(firstCase()), sampling).newIds != first;
        }
        QVERIFY(anotherSeedDiffers);

        // top-k = 1 leaves one token: sampling equals greedy.
        sampling.topK = 1;
        GenerationOptions greedy;
        greedy.maxNewTokens = 12;
        QCOMPARE(generate(lm, tokenizer(), caseIds(firstCase()), sampling).newIds,
                 generate(lm, tokenizer(), caseIds(firstCase()), greedy).newIds);
    }

    void stopStringsEndTheTextAndStreamingAddsUp()
    {
        LanguageModel lm = load("llama3");
        GenerationOptions options;
        options.maxNewTokens = 40;
        std::vector<std::string> pieces;
        const GenerationResult full = generate(lm, tokenizer(), caseIds(firstCase()), options, [&](std::string_view p) {
            pieces.emplace_back(p);
            return true;
        });
        std::string streamed;
        for (const std::string& p : pieces)
            streamed += p;
        QCOMPARE(streamed, full.text);
        QVERIFY(pieces.size() >= 4);

        const std::string stop = pieces[3];
        options.stopStrings = {stop};
        std::string streamedBeforeStop;
        const GenerationResult cut = generate(lm, tokenizer(), caseIds(firstCase()), options, [&](std::string_view p) {
            streamedBeforeStop += p;
            return true;
        });
        QCOMPARE(cut.stopReason, StopReason::StopString);
        QCOMPARE(cut.text, full.text.substr(0, full.text.find(stop)));
        QCOMPARE(streamedBeforeStop, cut.text); // nothing of the stop string leaked into the stream
    }

    void cancelAndMaxTokens()
    {
        LanguageModel lm = load("llama3");
        GenerationOptions options;
        options.maxNewTokens = 40;
        int calls = 0;
        const GenerationResult cancelled =
            generate(lm, tokenizer(), caseIds(firstCase()), options, [&](std::string_view) { return ++calls < 2; });
        QCOMPARE(cancelled.stopReason, StopReason::Cancelled);
        QCOMPARE(calls, 2);
        QVERIFY(cancelled.newIds.size() < 40);

        options.maxNewTokens = 3;
        const GenerationResult three = generate(lm, tokenizer(), caseIds(firstCase()), options);
        QVERIFY(three.newIds.size() <= 3);
        QVERIFY(three.stopReason == StopReason::MaxTokens || three.stopReason == StopReason::EndToken);
    }

    void adapterIsChosenPerRequest()
    {
        LanguageModel base = load("llama3");
        LanguageModel tuned = load("llama3");
        tuned.loadAdapter(qs::test::modelFixtures() / "llama3-adapter");
        GenerationOptions options;
        options.maxNewTokens = 8;
        options.useAdapter = false;
        const auto prompt = caseIds(firstCase());
        QCOMPARE(generate(tuned, tokenizer(), prompt, options).newIds, generate(base, tokenizer(), prompt, options).newIds);
        QVERIFY(tuned.adapterEnabled()); // the model's own switch is left as it was

        options.useAdapter = true;
        const auto withAdapter = generate(tuned, tokenizer(), prompt, options).newIds;
        const auto expected = tuned.greedyContinuation(prompt, 8, std::vector<int64_t>(tokenizer().specialIds().stop.begin(),
                                                                                       tokenizer().specialIds().stop.end()));
        QCOMPARE(std::vector<int64_t>(withAdapter.begin(), withAdapter.end()), expected);
    }

    void mergedAdapterAnswersAsTheAdapter()
    {
        LanguageModel lm = load("llama3");
        lm.loadAdapter(qs::test::modelFixtures() / "llama3-adapter");
        GenerationOptions options;
        options.maxNewTokens = 8;
        const auto prompt = caseIds(firstCase());
        const auto withAdapter = generate(lm, tokenizer(), prompt, options).newIds;
        lm.mergeAdapter();
        QVERIFY(!lm.hasAdapter());
        QCOMPARE(generate(lm, tokenizer(), prompt, options).newIds, withAdapter);
    }

    void repetitionPenaltyAvoidsSeenTokens()
    {
        LanguageModel lm = load("llama3");
        GenerationOptions options;
        options.maxNewTokens = 16;
        options.repetitionPenalty = 1e6; // every seen token's logit pushed far below the unseen ones
        const auto prompt = caseIds(firstCase());
        const GenerationResult result = generate(lm, tokenizer(), prompt, options);
        std::set<int64_t> seen(prompt.begin(), prompt.end());
        for (const int32_t id : result.newIds) {
            QVERIFY2(!seen.count(id), qPrintable(QString("token %1 repeated").arg(id)));
            seen.insert(id);
        }
    }

    void generationBenchmarkReportsARow()
    {
        GenerateBenchmarkOptions options;
        options.model = qs::test::modelFixtures() / "llama3";
        options.device = "cpu";
        options.precision = Precision::Fp32;
        options.promptTokens = 16;
        options.newTokens = 16;
        const GenerateBenchmarkResult r = benchmarkGeneration(options);
        QCOMPARE(QString::fromStdString(r.precision), QStringLiteral("fp32"));
        QVERIFY(r.decodeTokensPerSecond > 0 && r.prefillSeconds > 0);
        QVERIFY(r.copyGibPerSecond > 0 && r.bandwidthLimitTokensPerSecond > 0);
        QCOMPARE(r.loraRank, int64_t(0));
        QVERIFY(!r.cudaGraphs); // the CPU has no graphs

        options.loraRank = 4; // decoding through an adapter, as a tuned model answers
        const GenerateBenchmarkResult tuned = benchmarkGeneration(options);
        QCOMPARE(tuned.loraRank, int64_t(4));
        QVERIFY(tuned.decodeTokensPerSecond > 0);
    }

    void badSettingsAreRefused()
    {
        LanguageModel lm = load("llama3");
        GenerationOptions options;
        QVERIFY_THROWS_EXCEPTION(qs::Error, generate(lm, tokenizer(), std::vector<int64_t>{}, options));
        QVERIFY_THROWS_EXCEPTION(qs::Error, generate(lm, tokenizer(), std::vector<int64_t>{1, 100000}, options));
        options.greedy = false;
        options.temperature = 0;
        QVERIFY_THROWS_EXCEPTION(qs::Error, generate(lm, tokenizer(), std::vector<int64_t>{1, 2}, options));
        options.temperature = 0.7;
        options.topP = 0;
        QVERIFY_THROWS_EXCEPTION(qs::Error, generate(lm, tokenizer(), std::vector<int64_t>{1, 2}, options));
    }

    void answerScores()
    {
        const auto close = qs::eval::scoreAnswer("서울 영등포구", "서울시 영등포구입니다");
        // 6 shared characters, in order; 6 generated, 10 expected: F1 = 2·1·0.6 / 1.6 = 0.75.
        QVERIFY(std::abs(close.charF1 - 0.75) < 1e-12);
        QVERIFY(std::abs(close.charRougeL - 0.75) < 1e-12);
        QVERIFY(!close.exactMatch);
        // Spaces, punctuation, NFC and ASCII case do not count.
        const std::string decomposed = "\xE1\x84\x82\xE1\x85\xA6"; // 네 as conjoining jamo
        QVERIFY(qs::eval::scoreAnswer(decomposed + ".", "네").exactMatch);
        QVERIFY(qs::eval::scoreAnswer("PDF 파일", "pdf파일!").exactMatch);
        // Order matters for ROUGE-L, not for F1.
        const auto reversed = qs::eval::scoreAnswer("다나가", "가나다");
        QCOMPARE(reversed.charF1, 1.0);
        QVERIFY(reversed.charRougeL < 0.34);
        QCOMPARE(qs::eval::scoreAnswer("", "").charF1, 1.0);
        QCOMPARE(qs::eval::scoreAnswer("", "답").charF1, 0.0);
    }

    void evaluationComparesBaseAndTuned()
    {
        LanguageModel lm = load("llama3");
        lm.loadAdapter(qs::test::modelFixtures() / "llama3-adapter");
        std::vector<qs::data::QaExample> examples = qs::data::importDataset(QS_DEMO_DATASET).examples;
        examples.resize(3);
        EvaluationOptions options;
        options.generation.maxNewTokens = 6;
        size_t reported = 0;
        const auto answers = evaluateAnswers(lm, tokenizer(), examples, options, [&](size_t done, size_t total) {
            reported = done;
            return total == 3;
        });
        QCOMPARE(answers.size(), size_t(3));
        QCOMPARE(reported, size_t(3));
        for (const EvaluatedAnswer& a : answers) {
            QVERIFY(a.base && a.tuned && a.baseScores && a.tunedScores);
            QCOMPARE(a.expected, examples[a.index].output);
        }
        const EvaluationSummary summary = summarize(answers);
        QCOMPARE(summary.examples, size_t(3));
        QVERIFY(summary.base && summary.tuned);
        QVERIFY(summary.tuned->charF1 >= 0 && summary.tuned->charF1 <= 1);

        options.includeBase = false;
        const auto tunedOnly = evaluateAnswers(lm, tokenizer(), examples, options,
                                               [](size_t done, size_t) { return done < 2; });
        QCOMPARE(tunedOnly.size(), size_t(2)); // stopped by the progress callback
        QVERIFY(!tunedOnly[0].base && tunedOnly[0].tuned);
    }
};

QTEST_APPLESS_MAIN(TestGenerator)
#include "test_generator.moc"
