// The byte-level BPE trainer: its tokenizer.json loads, round-trips every text
// of the parity corpus, compresses Korean, and is deterministic. (That Hugging
// Face tokenizers agrees with it is checked on the GPU machine: tests/gpu/run.sh.)
#include "core/base/error.h"
#include "core/base/read_file.h"
#include "core/data/dataset.h"
#include "core/text/bpe_trainer.h"
#include "core/text/tokenizer.h"

#include <QTest>

#include <nlohmann/json.hpp>
#include <sstream>

using namespace qs::text;

namespace {

std::vector<std::string> demoTexts()
{
    std::vector<std::string> texts;
    for (const qs::data::QaExample& e : qs::data::importDataset(QS_DEMO_DATASET).examples) {
        texts.push_back(e.instruction);
        texts.push_back(e.output);
    }
    return texts;
}

} // namespace

class TestBpeTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        BpeTrainerOptions options;
        options.vocabSize = 1500;
        m_json = trainByteLevelBpe(demoTexts(), options);
        m_tokenizer = std::make_unique<Tokenizer>(Tokenizer::fromJson(m_json, "trained"));
    }

    void vocabularyHasTheRequestedSize()
    {
        QCOMPARE(m_tokenizer->vocabSize(), size_t(1500));
        QCOMPARE(m_tokenizer->tokenToId("<|begin_of_text|>").value_or(-1), 1497);
        QVERIFY(m_tokenizer->isSpecial(1498));
    }

    void roundTripsTheParityCorpus()
    {
        std::istringstream corpus(qs::readWholeFile(QS_TOKENIZER_DATA "/corpus.jsonl", "the corpus"));
        int lines = 0;
        for (std::string line; std::getline(corpus, line); ++lines) {
            const std::string text = nlohmann::json::parse(line).get<std::string>();
            QCOMPARE(m_tokenizer->decode(m_tokenizer->encode(text, false).ids), text);
        }
        QVERIFY(lines >= 2000);
    }

    void addsBosAndCompressesKorean()
    {
        const std::string text = "한빛금융보안교육센터의 정보보호 기초 과정은 며칠 동안 진행되나요?";
        const auto ids = m_tokenizer->encode(text).ids;
        QCOMPARE(ids.front(), 1497);
        // Trained on this kind of text, one token covers well over two bytes on average.
        QVERIFY2(double(text.size()) / double(ids.size() - 1) > 3.0, qPrintable(QString::number(ids.size())));
    }

    void deterministic()
    {
        BpeTrainerOptions options;
        options.vocabSize = 1500;
        QCOMPARE(trainByteLevelBpe(demoTexts(), options), m_json);
    }

    void rejectsImpossibleSizes()
    {
        BpeTrainerOptions options;
        options.vocabSize = 100;
        QVERIFY_THROWS_EXCEPTION(qs::Error, trainByteLevelBpe({"a"}, options));
    }

private:
    std::string m_json;
    std::unique_ptr<Tokenizer> m_tokenizer;
};

QTEST_APPLESS_MAIN(TestBpeTrainer)
#include "test_bpe_trainer.moc"
