// Prompt templates: the rendered text, the ids, and the mask that puts the loss
// on the answer and its end token only; chat_template recognition.
#include "core/base/error.h"
#include "core/text/prompt_template.h"
#include "core/text/tokenizer.h"

#include <QTest>

using namespace qs::text;

namespace {

const std::filesystem::path kCache = QS_TOKENIZER_CACHE; // fetched by the test set-up

const PromptFields kFields{"", "교육센터 주소는 어디인가요?", "", "서울 영등포구 여의대로 88입니다."};

// The text of the ids where `trained` is set.
std::string trainedText(const Tokenizer& tokenizer, const RenderedExample& example)
{
    std::vector<int32_t> ids;
    for (size_t i = 0; i < example.ids.size(); ++i)
        if (example.trained[i])
            ids.push_back(example.ids[i]);
    return tokenizer.decode(ids);
}

} // namespace

class TestPromptTemplate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void koreanTemplateText()
    {
        PromptFields fields = kFields;
        fields.input = "3층 안내문";
        const PromptText text = renderText(PromptTemplate::fromName("korean"), fields);
        QCOMPARE(text.prompt, std::string("### 질문:\n교육센터 주소는 어디인가요?\n\n### 참고:\n3층 안내문\n\n### 답변:\n"));
        QCOMPARE(text.answer, kFields.output);
    }

    void koreanTemplateMasksTheAnswerAndEos_data()
    {
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<QString>("eos");
        QTest::addRow("llama3") << "llama3" << "<|end_of_text|>";
        QTest::addRow("llama2") << "llama2" << "</s>";
    }
    void koreanTemplateMasksTheAnswerAndEos()
    {
        QFETCH(QString, tokenizer);
        QFETCH(QString, eos);
        const Tokenizer tok = Tokenizer::fromFolder(kCache / tokenizer.toStdString());
        const RenderedExample example = renderForTraining(PromptTemplate::fromName("korean"), tok, kFields);
        QCOMPARE(example.ids.size(), example.trained.size());
        QCOMPARE(example.ids.front(), *tok.specialIds().bos);
        QCOMPARE(example.ids.back(), *tok.specialIds().eos);
        QCOMPARE(example.trained.back(), uint8_t(1));
        QCOMPARE(example.trained.front(), uint8_t(0));
        QCOMPARE(QString::fromStdString(trainedText(tok, example)), QString::fromStdString(kFields.output) + eos);
        // The prompt part decodes to the prompt text.
        const std::vector<int32_t> prompt(example.ids.begin() + 1, example.ids.begin() + long(example.promptTokens));
        QCOMPARE(tok.decode(prompt), renderText(PromptTemplate::fromName("korean"), kFields).prompt);
        // Generation gets exactly the prompt part.
        QCOMPARE(renderForGeneration(PromptTemplate::fromName("korean"), tok, kFields),
                 std::vector<int32_t>(example.ids.begin(), example.ids.begin() + long(example.promptTokens)));
    }

    void trainOnPromptSetsEveryToken()
    {
        const Tokenizer tok = Tokenizer::fromFolder(kCache / "llama3");
        const RenderedExample example =
            renderForTraining(PromptTemplate::fromName("korean"), tok, kFields, /*trainOnPrompt=*/true);
        QVERIFY(std::all_of(example.trained.begin(), example.trained.end(), [](uint8_t t) { return t == 1; }));
    }

    void llama3ChatUsesSpecialTokens()
    {
        const Tokenizer tok = Tokenizer::fromFolder(kCache / "llama3");
        PromptFields fields = kFields;
        fields.system = "친절하게 답하세요.";
        const RenderedExample example = renderForTraining(PromptTemplate::fromName("llama3"), tok, fields);
        QCOMPARE(example.ids.front(), 128000);      // <|begin_of_text|>, once
        QCOMPARE(example.ids[1], 128006);           // <|start_header_id|>
        QCOMPARE(example.ids.back(), 128009);       // <|eot_id|> ends the answer and is trained
        QCOMPARE(std::count(example.ids.begin(), example.ids.end(), 128000), 1L);
        QCOMPARE(QString::fromStdString(trainedText(tok, example)),
                 QString::fromStdString(fields.output) + "<|eot_id|>");
    }

    void chatMlText()
    {
        const PromptText text = renderText(PromptTemplate::fromName("chatml"), {"S", "Q", "", "A"});
        QCOMPARE(text.prompt, std::string("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n"));
        // The Llama tokenizers have no <|im_end|>: a clear error, not a wrong example.
        const Tokenizer tok = Tokenizer::fromFolder(kCache / "llama2");
        QVERIFY_THROWS_EXCEPTION(qs::Error, renderForTraining(PromptTemplate::fromName("chatml"), tok, kFields));
    }

    void customTemplate()
    {
        const PromptTemplate custom = PromptTemplate::fromName("[{system}] Q: {instruction} {input}\nA: {output}\n");
        QCOMPARE(custom.kind, TemplateKind::Custom);
        const PromptText text = renderText(custom, {"sys", "질문", "맥락", "답"});
        QCOMPARE(text.prompt, std::string("[sys] Q: 질문 맥락\nA: "));
        QCOMPARE(text.answer, std::string("답\n"));
        QVERIFY_THROWS_EXCEPTION(qs::Error, PromptTemplate::fromName("no output slot"));
        QVERIFY_THROWS_EXCEPTION(qs::Error, PromptTemplate::fromName("{output}{output}"));
    }

    void recognisesChatTemplates()
    {
        const Tokenizer llama3 = Tokenizer::fromFolder(kCache / "llama3");
        QCOMPARE(recognizeChatTemplate(llama3.chatTemplate()), std::optional<TemplateKind>(TemplateKind::Llama3Chat));
        QCOMPARE(recognizeChatTemplate("{% for message in messages %}<|im_start|>{{ message.role }}"),
                 std::optional<TemplateKind>(TemplateKind::ChatMl));
        QCOMPARE(recognizeChatTemplate("{{ bos_token }}[INST] {{ message }} [/INST]"), std::optional<TemplateKind>());
    }
};

QTEST_APPLESS_MAIN(TestPromptTemplate)
#include "test_prompt_template.moc"
