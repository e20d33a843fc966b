// UTF-8 validation, NFC and the matching key used for duplicate detection.
#include "core/text/unicode.h"

#include <QTest>

using namespace qs::text;

class TestUnicode : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void invalidUtf8_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("firstInvalid"); // -1: valid
        QTest::addRow("ascii") << QByteArray("hello") << -1;
        QTest::addRow("korean") << QByteArray("안녕하세요") << -1;
        QTest::addRow("emoji") << QByteArray("ok \xF0\x9F\x98\x80") << -1;
        QTest::addRow("lone continuation") << QByteArray("ab\x80") << 2;
        QTest::addRow("overlong slash") << QByteArray("a\xC0\xAF") << 1;
        QTest::addRow("surrogate") << QByteArray("\xED\xA0\x80") << 0;
        QTest::addRow("truncated") << QByteArray("가\xEB\x82") << 3;
        QTest::addRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << 0;
        QTest::addRow("0xFF") << QByteArray("x\xFFy") << 1;
        QTest::addRow("cp949 bytes") << QByteArray("\xBE\xC8\xB3\xE7") << 0; // 안녕 in CP949
    }
    void invalidUtf8()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, firstInvalid);
        const size_t result = findInvalidUtf8(std::string_view(bytes.constData(), size_t(bytes.size())));
        QCOMPARE(result == kValidUtf8 ? -1 : int(result), firstInvalid);
    }

    void nfcComposesHangul()
    {
        const std::string decomposed = "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB\xE1\x84\x80\xE1\x85\xB3\xE1\x86\xAF"; // 한글 as jamo
        QVERIFY(!isNfc(decomposed));
        QCOMPARE(toNfc(decomposed), std::string("한글"));
        QVERIFY(isNfc("한글"));
        QVERIFY(isNfc("plain ascii"));
        QCOMPARE(codepointCount(decomposed), size_t(6));
        QCOMPARE(codepointCount(toNfc(decomposed)), size_t(2));
    }

    void matchingKey_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        QTest::addRow("spacing and punctuation") << "  서울,  Seoul! " << "서울 seoul" << true;
        QTest::addRow("case") << "QLoRA Studio" << "qlora studio" << true;
        QTest::addRow("fullwidth (NFKC)") << "ＡＢＣ１２３" << "abc123" << true;
        QTest::addRow("question mark") << "주소는 어디인가요?" << "주소는 어디인가요" << true;
        QTest::addRow("different words") << "주소는 어디인가요?" << "전화번호는 무엇인가요?" << false;
        QTest::addRow("newlines") << "a\n\nb" << "a b" << true;
    }
    void matchingKey()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        QCOMPARE(qs::text::matchingKey(a.toStdString()) == qs::text::matchingKey(b.toStdString()), same);
    }

    void roundTrip()
    {
        const std::string text = "가나다 abc 😀 中文";
        QCOMPARE(encodeUtf8(decodeUtf8(text)), text);
        QCOMPARE(decodeUtf8("a\xFF").back(), U'\uFFFD');
    }
};

QTEST_APPLESS_MAIN(TestUnicode)
#include "test_unicode.moc"
