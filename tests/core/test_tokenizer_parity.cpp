// Token ids identical to Hugging Face tokenizers for the real Llama-3 and
// Llama-2 tokenizer.json, on 2,408 texts mixing Korean, English, digits, emoji,
// other CJK, whitespace runs, code and special-token strings. Reference ids:
// tests/reference/tokenizer_reference.mjs; tokenizers: fetched by the test
// set-up (tests/reference/fetch_tokenizers.sh), not committed.
#include "core/text/tokenizer.h"
#include "core/text/unicode.h"

#include <QTest>

#include <fstream>
#include <nlohmann/json.hpp>

using qs::text::Tokenizer;

namespace {

const std::filesystem::path kData = QS_TOKENIZER_DATA;    // corpus and reference ids
const std::filesystem::path kCache = QS_TOKENIZER_CACHE;  // fetched tokenizer folders

std::vector<nlohmann::json> readJsonLines(const std::filesystem::path& path)
{
    std::vector<nlohmann::json> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        lines.push_back(nlohmann::json::parse(line));
    return lines;
}

QString describe(const std::vector<int32_t>& ids)
{
    QStringList parts;
    for (const int32_t id : ids)
        parts << QString::number(id);
    return parts.join(',');
}

} // namespace

class TestTokenizerParity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_corpus = readJsonLines(kData / "corpus.jsonl");
        QVERIFY(m_corpus.size() >= 2000);
    }

    void sameIdsAsHuggingFace_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("llama3") << "llama3";
        QTest::addRow("llama2") << "llama2";
    }
    void sameIdsAsHuggingFace()
    {
        QFETCH(QString, name);
        const Tokenizer tokenizer = Tokenizer::fromFolder(kCache / name.toStdString());
        const std::vector<nlohmann::json> expected = readJsonLines(kData / (name.toStdString() + ".ids.jsonl"));
        QCOMPARE(expected.size(), m_corpus.size());
        int mismatches = 0;
        QStringList examples;
        for (size_t line = 0; line < m_corpus.size(); ++line) {
            const std::string text = m_corpus[line].get<std::string>();
            for (const bool special : {true, false}) {
                const auto want = expected[line][special ? "ids" : "ids_no_special"].get<std::vector<int32_t>>();
                const auto got = tokenizer.encode(text, special).ids;
                if (got == want)
                    continue;
                if (++mismatches <= 5)
                    examples << QStringLiteral("line %1 (special %2) %3\n  want %4\n  got  %5")
                                    .arg(line + 1)
                                    .arg(special)
                                    .arg(QString::fromStdString(text).left(80), describe(want), describe(got));
            }
        }
        QVERIFY2(mismatches == 0, qPrintable(QStringLiteral("%1 mismatches; first:\n%2").arg(mismatches).arg(examples.join('\n'))));
    }

    void byteLevelDecodeIsLossless()
    {
        const Tokenizer tokenizer = Tokenizer::fromFolder(kCache / "llama3");
        for (const nlohmann::json& line : m_corpus) {
            const std::string text = line.get<std::string>();
            QCOMPARE(tokenizer.decode(tokenizer.encode(text, false).ids), text);
        }
    }

    void streamingNeverBreaksASyllable()
    {
        for (const char* name : {"llama3", "llama2"}) {
            const Tokenizer tokenizer = Tokenizer::fromFolder(kCache / name);
            const std::string text = "금융보안교육센터 😀 한글 과정은 3일 동안 진행됩니다.";
            const auto ids = tokenizer.encode(text, false).ids;
            qs::text::StreamingDecoder stream(tokenizer);
            std::string streamed;
            for (const int32_t id : ids) {
                const std::string piece = stream.push(id);
                QVERIFY2(qs::text::isValidUtf8(piece), name);
                QVERIFY2(piece.find("\xEF\xBF\xBD") == std::string::npos, name);
                streamed += piece;
            }
            QCOMPARE(streamed, tokenizer.decode(ids, true));
        }
    }

    void specialIdsFromTheModelFolder()
    {
        const Tokenizer llama3 = Tokenizer::fromFolder(kCache / "llama3");
        QCOMPARE(llama3.specialIds().bos.value_or(-1), 128000);
        QCOMPARE(llama3.specialIds().eos.value_or(-1), 128001);
        QVERIFY(llama3.isSpecial(128009));
        QCOMPARE(llama3.tokenToId("<|eot_id|>").value_or(-1), 128009);
        const Tokenizer llama2 = Tokenizer::fromFolder(kCache / "llama2");
        QCOMPARE(llama2.specialIds().bos.value_or(-1), 1);
        QCOMPARE(llama2.specialIds().eos.value_or(-1), 2);
        QVERIFY(llama2.specialIds().stop.count(2));
    }

private:
    std::vector<nlohmann::json> m_corpus;
};

QTEST_APPLESS_MAIN(TestTokenizerParity)
#include "test_tokenizer_parity.moc"
