// A small SentencePiece-style tokenizer: encoding with byte fallback and
// fuse_unk, special ids from the model folder's config files; a malformed
// tokenizer.json gives a clear error naming the field; bad text never crashes
// the tokenizer (invalid UTF-8 becomes U+FFFD).
#include "core/base/error.h"
#include "core/base/atomic_file.h"
#include "core/base/read_file.h"
#include "core/text/tokenizer.h"
#include "tests/core/tokenizer_error_cases.h"

#include <QTemporaryDir>
#include <QTest>

using qs::text::Tokenizer;

namespace {

// A minimal SentencePiece-style tokenizer: a, b, ab, the metaspace, and byte
// tokens for U+FFFD's three bytes (tests/data/tokenizer/small_tokenizer.json).
Tokenizer smallTokenizer()
{
    return Tokenizer::fromJson(qs::readWholeFile(QS_TOKENIZER_DATA "/small_tokenizer.json", "the test tokenizer"));
}

} // namespace

class TestTokenizerSmall : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smallTokenizerWorks()
    {
        const Tokenizer tokenizer = smallTokenizer();
        QCOMPARE(tokenizer.encode("ab ab").ids, (std::vector<int32_t>{1, 6, 6}));
        QCOMPARE(tokenizer.encode("ab", false).ids, (std::vector<int32_t>{6}));
        QCOMPARE(tokenizer.decode({1, 6, 6}, true), std::string("ab ab"));
        QCOMPARE(tokenizer.encode("x", false).ids, (std::vector<int32_t>{5, 0})); // unknown, no byte tokens for 'x'
        QCOMPARE(tokenizer.encode("xyz", false).ids, (std::vector<int32_t>{5, 0})); // fuse_unk
    }

    void invalidUtf8IsReplacedNotFatal()
    {
        const Tokenizer tokenizer = smallTokenizer();
        // 0xFF is not UTF-8: it becomes U+FFFD, whose bytes have tokens here.
        QCOMPARE(tokenizer.encode(std::string("ab\xFF", 3), false).ids, (std::vector<int32_t>{6, 7, 8, 9}));
        QCOMPARE(tokenizer.decode({6, 7, 8, 9}), std::string("ab\xEF\xBF\xBD"));
        QCOMPARE(tokenizer.decode({7, 8}), std::string("\xEF\xBF\xBD\xEF\xBF\xBD")); // a partial character
    }

    void malformedFilesNameTheField_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("where");
        for (const MalformedTokenizerCase& c : kMalformedTokenizerCases)
            QTest::addRow("%s", c.name) << QString::fromUtf8(c.json) << QString::fromUtf8(c.message)
                                        << QString::fromUtf8(c.where);
    }
    void malformedFilesNameTheField()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        QFETCH(QString, where);
        try {
            Tokenizer::fromJson(json.toStdString());
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QVERIFY2(QString::fromStdString(error.problem()).contains(message), error.what());
            QVERIFY2(QString::fromStdString(error.location()).contains(where), error.what());
        }
    }

    void specialIdsFromTheConfigFiles()
    {
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString();
        qs::writeFileAtomically(folder / "tokenizer.json", qs::readWholeFile(QS_TOKENIZER_DATA "/small_tokenizer.json", "x"));
        qs::writeFileAtomically(folder / "tokenizer_config.json",
                                "{\"bos_token\": {\"content\": \"<s>\"}, \"eos_token\": \"<unk>\", \"chat_template\": \"T\"}");
        // Llama-3-Instruct style: generation stops on several ids.
        qs::writeFileAtomically(folder / "generation_config.json", "{\"bos_token_id\": 1, \"eos_token_id\": [0, 3]}");
        const Tokenizer tokenizer = Tokenizer::fromFolder(folder);
        QCOMPARE(tokenizer.specialIds().bos.value_or(-1), 1);
        QCOMPARE(tokenizer.specialIds().eos.value_or(-1), 0);
        QCOMPARE(tokenizer.specialIds().stop, (std::set<int32_t>{0, 3}));
        QCOMPARE(tokenizer.chatTemplate(), std::string("T"));
    }

    void missingFolderIsClear()
    {
        try {
            Tokenizer::fromFolder("/no/such/model");
            QFAIL("expected qs::Error");
        } catch (const qs::Error& error) {
            QVERIFY2(QString::fromStdString(error.location()).contains("/no/such/model/tokenizer.json"), error.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestTokenizerSmall)
#include "test_tokenizer_small.moc"
