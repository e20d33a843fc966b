<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>qs::ui::DatasetPage</name>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Open a question–answer file (JSONL, JSON or CSV) or drop it on the window. Review, cleaning and duplicate detection come with the dataset studio.</source>
        <translation>질문–답변 파일(JSONL, JSON, CSV)을 열거나 창에 끌어다 놓으세요. 검토, 정리, 중복 탐지는 데이터셋 스튜디오와 함께 제공됩니다.</translation>
    </message>
    <message>
        <source>Open dataset…</source>
        <translation>데이터셋 열기…</translation>
    </message>
    <message>
        <source>No dataset open.</source>
        <translation>열린 데이터셋이 없습니다.</translation>
    </message>
    <message>
        <source>Open: %1</source>
        <translation>열린 파일: %1</translation>
    </message>
</context>
<context>
    <name>qs::ui::MainWindow</name>
    <message>
        <source>About QLoRA Studio</source>
        <translation>QLoRA 스튜디오 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;QLoRA Studio %1&lt;/h3&gt;&lt;p&gt;Fine-tune language models on your own question–answer data with (Q)LoRA, on your own GPU.&lt;/p&gt;&lt;p&gt;libtorch %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;QLoRA 스튜디오 %1&lt;/h3&gt;&lt;p&gt;내 GPU에서 내 질문–답변 데이터로 언어 모델을 (Q)LoRA 파인튜닝합니다.&lt;/p&gt;&lt;p&gt;libtorch %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>목록 지우기</translation>
    </message>
    <message>
        <source>QLoRA Studio</source>
        <translation>QLoRA 스튜디오</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>채팅</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행 기록</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation>데이터셋 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About QLoRA Studio</source>
        <translation>QLoRA 스튜디오 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt 정보(&amp;Q)</translation>
    </message>
    <message numerus="yes">
        <source>Device: CUDA, %n GPU(s)</source>
        <translation><numerusform>장치: CUDA, GPU %n개</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Device: CPU, %n thread(s)</source>
        <translation><numerusform>장치: CPU, 스레드 %n개</numerusform></translation>
    </message>
    <message>
        <source>Cannot open %1: the file does not exist.</source>
        <translation>%1을(를) 열 수 없습니다: 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1을(를) 열었습니다</translation>
    </message>
    <message>
        <source>Open Dataset</source>
        <translation>데이터셋 열기</translation>
    </message>
    <message>
        <source>Question–answer data (*.jsonl *.json *.csv);;All files (*)</source>
        <translation>질문–답변 데이터 (*.jsonl *.json *.csv);;모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>qs::ui::PlannedPage</name>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Choose a model and precision, attach a LoRA adapter and fine-tune it on the dataset while the loss curve is drawn live. Training arrives with the training engine.</source>
        <translation>모델과 정밀도를 고르고 LoRA 어댑터를 붙여, 손실 곡선을 실시간으로 보며 데이터셋으로 파인튜닝합니다. 학습 기능은 학습 엔진과 함께 제공됩니다.</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>채팅</translation>
    </message>
    <message>
        <source>Ask the tuned model questions, compare its answers with the base model and score them on the evaluation split. Chat arrives with the generator.</source>
        <translation>튜닝한 모델에게 질문하고, 기본 모델의 답변과 비교하며, 평가 세트로 점수를 매깁니다. 채팅 기능은 생성기와 함께 제공됩니다.</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행 기록</translation>
    </message>
    <message>
        <source>Every training run with its settings, loss curve, checkpoints and adapter, ready to resume or to open in Chat. Runs arrive with the training engine.</source>
        <translation>모든 학습 실행의 설정, 손실 곡선, 체크포인트, 어댑터를 모아 두고 이어서 학습하거나 채팅에서 열 수 있습니다. 실행 기록은 학습 엔진과 함께 제공됩니다.</translation>
    </message>
</context>
</TS>