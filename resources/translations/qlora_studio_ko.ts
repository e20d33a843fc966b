<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>CheckLabels</name>
    <message>
        <source>not NFC</source>
        <translation>NFC 아님</translation>
    </message>
    <message>
        <source>lost characters (U+FFFD)</source>
        <translation>깨진 문자(U+FFFD)</translation>
    </message>
    <message>
        <source>mojibake</source>
        <translation>인코딩 깨짐</translation>
    </message>
    <message>
        <source>control characters</source>
        <translation>제어 문자</translation>
    </message>
    <message>
        <source>stray whitespace</source>
        <translation>불필요한 공백</translation>
    </message>
    <message>
        <source>empty field</source>
        <translation>빈 필드</translation>
    </message>
    <message>
        <source>short answer</source>
        <translation>짧은 답변</translation>
    </message>
    <message>
        <source>answer repeats question</source>
        <translation>답변이 질문과 같음</translation>
    </message>
    <message>
        <source>answer inside question</source>
        <translation>답변이 질문에 포함됨</translation>
    </message>
    <message>
        <source>too long</source>
        <translation>너무 김</translation>
    </message>
    <message>
        <source>Normalise to NFC</source>
        <translation>NFC로 정규화</translation>
    </message>
    <message>
        <source>Remove U+FFFD</source>
        <translation>U+FFFD 제거</translation>
    </message>
    <message>
        <source>Repair mojibake</source>
        <translation>인코딩 깨짐 복구</translation>
    </message>
    <message>
        <source>Remove control characters</source>
        <translation>제어 문자 제거</translation>
    </message>
    <message>
        <source>Tidy whitespace</source>
        <translation>공백 정리</translation>
    </message>
</context>
<context>
    <name>qs::ui::ChatPage</name>
    <message>
        <source>Run whose adapter to use</source>
        <translation>어댑터를 쓸 실행 폴더</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message numerus="yes">
        <source>%n question(s)</source>
        <translation>
            <numerusform>질문 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>base</source>
        <translation>기본</translation>
    </message>
    <message>
        <source>tuned</source>
        <translation>튜닝</translation>
    </message>
    <message>
        <source>%1: exact match %2 %, char F1 %3, char ROUGE-L %4</source>
        <translation>%1: 정확히 일치 %2 %, 문자 F1 %3, 문자 ROUGE-L %4</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>채팅</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>어댑터</translation>
    </message>
    <message>
        <source>none: the base model only</source>
        <translation>비우면 기본 모델만</translation>
    </message>
    <message>
        <source>From run…</source>
        <translation>실행에서…</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>불러오기</translation>
    </message>
    <message>
        <source>Choose a model (and an adapter), then Load. Both answers come from one loaded copy.</source>
        <translation>모델(과 어댑터)을 고르고 불러오기를 누르세요. 두 답변 모두 한 번 불러온 모델에서 나옵니다.</translation>
    </message>
    <message>
        <source>Template, max new tokens:</source>
        <translation>템플릿, 최대 새 토큰:</translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation>그리디</translation>
    </message>
    <message>
        <source>temperature </source>
        <translation>온도 </translation>
    </message>
    <message>
        <source>top-p </source>
        <translation>top-p </translation>
    </message>
    <message>
        <source>top-k </source>
        <translation>top-k </translation>
    </message>
    <message>
        <source>Compare base and tuned</source>
        <translation>기본과 튜닝 비교</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>기본 모델</translation>
    </message>
    <message>
        <source>Tuned (adapter on)</source>
        <translation>튜닝 (어댑터 켬)</translation>
    </message>
    <message>
        <source>Ask a question…</source>
        <translation>질문을 입력하세요…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>JSONL with the questions and expected answers (e.g. the held-out split)</source>
        <translation>질문과 기대 답변이 있는 JSONL (예: 따로 떼어 둔 검증 데이터)</translation>
    </message>
    <message>
        <source>Run evaluation</source>
        <translation>평가 실행</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>질문</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>기대 답변</translation>
    </message>
    <message>
        <source>Base answer</source>
        <translation>기본 답변</translation>
    </message>
    <message>
        <source>Tuned answer</source>
        <translation>튜닝 답변</translation>
    </message>
    <message>
        <source>Base F1</source>
        <translation>기본 F1</translation>
    </message>
    <message>
        <source>Tuned F1</source>
        <translation>튜닝 F1</translation>
    </message>
    <message>
        <source>Base ROUGE-L</source>
        <translation>기본 ROUGE-L</translation>
    </message>
    <message>
        <source>Tuned ROUGE-L</source>
        <translation>튜닝 ROUGE-L</translation>
    </message>
    <message>
        <source>Merge the adapter into the weights (16-bit only: faster, tuned answers only)</source>
        <translation>어댑터를 가중치에 병합 (16비트만: 더 빠르고, 튜닝 답변만)</translation>
    </message>
</context>
<context>
    <name>qs::ui::DatasetDocument</name>
    <message>
        <source>Edit %1 of line %2</source>
        <translation>%2행의 %1 수정</translation>
    </message>
    <message>
        <source>Fix %1 in line %2</source>
        <translation>%2행의 %1 고치기</translation>
    </message>
    <message numerus="yes">
        <source>Fix %1 in %n example(s)</source>
        <translation>
            <numerusform>예제 %n개의 %1 고치기</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n example(s)</source>
        <translation>
            <numerusform>예제 %n개 삭제</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restore %n example(s)</source>
        <translation>
            <numerusform>예제 %n개 복원</numerusform>
        </translation>
    </message>
    <message>
        <source>Resolve duplicates of line %1</source>
        <translation>%1행의 중복 정리</translation>
    </message>
    <message>
        <source>Accept every duplicate suggestion</source>
        <translation>중복 제안을 모두 받아들이기</translation>
    </message>
</context>
<context>
    <name>qs::ui::DatasetPage</name>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation>저장하지 않은 작업을 복원할까요?</translation>
    </message>
    <message>
        <source>The dataset studio has unsaved work from %1 that was not saved before the program stopped. Restore it?</source>
        <translation>프로그램이 멈추기 전에 저장하지 못한 %1의 데이터셋 작업이 있습니다. 복원할까요?</translation>
    </message>
    <message>
        <source>unsaved work</source>
        <translation>저장하지 않은 작업</translation>
    </message>
    <message>
        <source>Not a valid regular expression</source>
        <translation>올바른 정규식이 아닙니다</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Save cleaned dataset</source>
        <translation>정리한 데이터셋 저장</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Overwrite the original?</source>
        <translation>원본을 덮어쓸까요?</translation>
    </message>
    <message>
        <source>This replaces the original file %1 with the cleaned data.</source>
        <translation>원본 파일 %1을(를) 정리한 데이터로 바꿉니다.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경</translation>
    </message>
    <message>
        <source>The dataset has changes that are not saved. Save them?</source>
        <translation>데이터셋에 저장하지 않은 변경이 있습니다. 저장할까요?</translation>
    </message>
    <message>
        <source>autosave failed: %1</source>
        <translation>자동 저장 실패: %1</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 불러오는 중…</translation>
    </message>
    <message>
        <source>Could not open the dataset: %1</source>
        <translation>데이터셋을 열 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Open a question–answer file (JSONL, JSON or CSV) or drop it on the window.</source>
        <translation>질문–답변 파일(JSONL, JSON, CSV)을 열거나 창에 끌어다 놓으세요.</translation>
    </message>
    <message>
        <source>%1 — %2 examples, %3 deleted%4</source>
        <translation>%1 — 예제 %2개, 삭제 %3개%4</translation>
    </message>
    <message>
        <source>, unsaved changes</source>
        <translation>, 저장하지 않은 변경 있음</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <source>Save cleaned…</source>
        <translation>정리본 저장…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>복원</translation>
    </message>
    <message>
        <source>Duplicates (%1)…</source>
        <translation>중복 (%1)…</translation>
    </message>
    <message>
        <source>Search questions and answers</source>
        <translation>질문과 답변 검색</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>정규식</translation>
    </message>
    <message>
        <source>Show deleted</source>
        <translation>삭제한 것 보기</translation>
    </message>
    <message>
        <source>All examples</source>
        <translation>모든 예제</translation>
    </message>
    <message>
        <source>Any flag</source>
        <translation>표시 있는 예제</translation>
    </message>
    <message>
        <source>Import report</source>
        <translation>가져오기 보고서</translation>
    </message>
    <message>
        <source>Length histogram</source>
        <translation>길이 분포</translation>
    </message>
    <message>
        <source>Model folder (with tokenizer.json)</source>
        <translation>모델 폴더 (tokenizer.json 포함)</translation>
    </message>
    <message>
        <source>token counts</source>
        <translation>토큰 수</translation>
    </message>
    <message>
        <source>Tokens: %1</source>
        <translation>토큰: %1</translation>
    </message>
    <message>
        <source>Count tokens with a model…</source>
        <translation>모델로 토큰 세기…</translation>
    </message>
    <message>
        <source>max_seq_len </source>
        <translation>max_seq_len </translation>
    </message>
    <message>
        <source>Examples longer than this are flagged: training would cut them</source>
        <translation>이보다 긴 예제를 표시합니다: 학습 때 잘립니다</translation>
    </message>
</context>
<context>
    <name>qs::ui::DuplicateReviewDialog</name>
    <message>
        <source>Keep suggested</source>
        <translation>제안대로 남기기</translation>
    </message>
    <message>
        <source>Merge as selected</source>
        <translation>선택대로 합치기</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>건너뛰기</translation>
    </message>
    <message>
        <source>Review duplicates</source>
        <translation>중복 검토</translation>
    </message>
    <message>
        <source>Differences from the suggested keeper: &lt;span style=&apos;background:#b2f2bb&apos;&gt;added&lt;/span&gt;, &lt;span style=&apos;color:#c92a2a;text-decoration:line-through&apos;&gt;missing&lt;/span&gt;. Choose which example stays and whose question and answer it takes, then Merge; or keep the suggestion.</source>
        <translation>남길 것으로 제안된 예제와의 차이: &lt;span style=&apos;background:#b2f2bb&apos;&gt;추가됨&lt;/span&gt;, &lt;span style=&apos;color:#c92a2a;text-decoration:line-through&apos;&gt;빠짐&lt;/span&gt;. 남길 예제와 가져올 질문·답변을 고른 뒤 합치거나, 제안대로 남기세요.</translation>
    </message>
    <message>
        <source>Accept every suggestion</source>
        <translation>제안 모두 받아들이기</translation>
    </message>
    <message>
        <source>Find again</source>
        <translation>다시 찾기</translation>
    </message>
    <message>
        <source>Near-duplicate threshold (Jaccard):</source>
        <translation>유사 중복 기준(자카드):</translation>
    </message>
    <message>
        <source>kept suggestion</source>
        <translation>제안대로 남김</translation>
    </message>
    <message>
        <source>same question</source>
        <translation>같은 질문</translation>
    </message>
    <message>
        <source>same pair</source>
        <translation>같은 질문·답변</translation>
    </message>
    <message>
        <source>near (%1)</source>
        <translation>유사 (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n example(s)</source>
        <translation>
            <numerusform>%1 · 예제 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Line %1 — suggested keeper</source>
        <translation>%1행 — 남길 것으로 제안</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>%1행</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>질문</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>답변</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>삭제됨</translation>
    </message>
    <message>
        <source>Keep this example</source>
        <translation>이 예제 남기기</translation>
    </message>
    <message>
        <source>Use its question</source>
        <translation>이 질문 쓰기</translation>
    </message>
    <message>
        <source>Use its answer</source>
        <translation>이 답변 쓰기</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>합침</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>건너뜀</translation>
    </message>
</context>
<context>
    <name>qs::ui::ExampleEditor</name>
    <message>
        <source>Edit line %1</source>
        <translation>%1행 수정</translation>
    </message>
    <message>
        <source>Example at line %1%2</source>
        <translation>%1행 예제%2</translation>
    </message>
    <message>
        <source> (deleted)</source>
        <translation> (삭제됨)</translation>
    </message>
    <message>
        <source>Select an example to edit it.</source>
        <translation>수정할 예제를 고르세요.</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>질문</translation>
    </message>
    <message>
        <source>Context (input)</source>
        <translation>맥락 (input)</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>답변</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>발견된 문제</translation>
    </message>
    <message>
        <source>Apply changes</source>
        <translation>변경 적용</translation>
    </message>
    <message>
        <source>Fix selected finding</source>
        <translation>선택한 문제 고치기</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>복원</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
</context>
<context>
    <name>qs::ui::ExampleTableModel</name>
    <message>
        <source>Line</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>질문</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>답변</translation>
    </message>
    <message>
        <source>Q chars</source>
        <translation>질문 글자</translation>
    </message>
    <message>
        <source>A chars</source>
        <translation>답변 글자</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>표시</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
</context>
<context>
    <name>qs::ui::ImportReportView</name>
    <message>
        <source>No dataset open.</source>
        <translation>열린 데이터셋이 없습니다.</translation>
    </message>
    <message>
        <source>, UTF-8 BOM</source>
        <translation>, UTF-8 BOM</translation>
    </message>
    <message>
        <source>, CRLF line ends</source>
        <translation>, CRLF 줄바꿈</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2, fields %3.&lt;br&gt;Loaded %4 examples; %5 rejected; %6 deleted.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2, 필드 %3.&lt;br&gt;예제 %4개를 불러왔고 %5개 줄은 거부, %6개는 삭제했습니다.</translation>
    </message>
    <message>
        <source>Rejected lines (kept out of the dataset):</source>
        <translation>거부한 줄 (데이터셋에서 뺌):</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>%1행: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n example(s))</source>
        <translation>
            <numerusform>%1 (예제 %n개)</numerusform>
        </translation>
    </message>
    <message>
        <source>Fixes on offer (each can be undone):</source>
        <translation>제안하는 수정 (모두 되돌릴 수 있음):</translation>
    </message>
    <message>
        <source>No automatic fixes needed.</source>
        <translation>자동으로 고칠 것이 없습니다.</translation>
    </message>
</context>
<context>
    <name>qs::ui::LengthHistogram</name>
    <message>
        <source>Answers</source>
        <translation>답변</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>질문</translation>
    </message>
    <message>
        <source>Length (characters)</source>
        <translation>길이 (글자 수)</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>예제 수</translation>
    </message>
    <message>
        <source>Examples (prompt + answer)</source>
        <translation>예제 (프롬프트 + 답변)</translation>
    </message>
    <message>
        <source>Length (tokens); the line is max_seq_len</source>
        <translation>길이 (토큰), 세로선은 max_seq_len</translation>
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
        <translation>
            <numerusform>장치: CUDA, GPU %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Device: CPU, %n thread(s)</source>
        <translation>
            <numerusform>장치: CPU, 스레드 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open %1: the file does not exist.</source>
        <translation>%1을(를) 열 수 없습니다: 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Open Dataset</source>
        <translation>데이터셋 열기</translation>
    </message>
    <message>
        <source>Question–answer data (*.jsonl *.json *.csv);;All files (*)</source>
        <translation>질문–답변 데이터 (*.jsonl *.json *.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source> · %1 cores, %2 GiB RAM · no NVIDIA GPU</source>
        <translation> · 코어 %1개, RAM %2 GiB · NVIDIA GPU 없음</translation>
    </message>
    <message>
        <source> · %1, %2 GiB, compute %3.%4</source>
        <translation> · %1, %2 GiB, 연산 능력 %3.%4</translation>
    </message>
</context>
<context>
    <name>qs::ui::RunsPage</name>
    <message>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>no</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행 기록</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation>검증 손실</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>어댑터</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>training loss (smoothed)</source>
        <translation>학습 손실 (평활)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>이어서 학습</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>폴더 열기</translation>
    </message>
</context>
<context>
    <name>qs::ui::TrainPage</name>
    <message>
        <source>Precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <source>4-bit for 8–12 GB, 8-bit for 16–24 GB, 16-bit from 32 GB</source>
        <translation>8–12 GB는 4비트, 16–24 GB는 8비트, 32 GB 이상은 16비트</translation>
    </message>
    <message>
        <source>LoRA rank r</source>
        <translation>LoRA 랭크 r</translation>
    </message>
    <message>
        <source>8–64</source>
        <translation>8–64</translation>
    </message>
    <message>
        <source>LoRA alpha</source>
        <translation>LoRA 알파</translation>
    </message>
    <message>
        <source>usually 2 × r</source>
        <translation>보통 2 × r</translation>
    </message>
    <message>
        <source>LoRA dropout</source>
        <translation>LoRA 드롭아웃</translation>
    </message>
    <message>
        <source>0–0.1</source>
        <translation>0–0.1</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>2e-4 … 1e-5</source>
        <translation>2e-4 … 1e-5</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>1–5 for real data</source>
        <translation>실제 데이터는 1–5</translation>
    </message>
    <message>
        <source>Max steps</source>
        <translation>최대 스텝</translation>
    </message>
    <message>
        <source>0: by epochs</source>
        <translation>0: 에폭 기준</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>1–8</source>
        <translation>1–8</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>그래디언트 누적</translation>
    </message>
    <message>
        <source>batch × accumulation 8–16</source>
        <translation>배치 × 누적 8–16</translation>
    </message>
    <message>
        <source>Max sequence length</source>
        <translation>최대 시퀀스 길이</translation>
    </message>
    <message>
        <source>512–4096</source>
        <translation>512–4096</translation>
    </message>
    <message>
        <source>Eval split</source>
        <translation>검증 비율</translation>
    </message>
    <message>
        <source>held out: 0.05–0.2</source>
        <translation>따로 떼어 둠: 0.05–0.2</translation>
    </message>
    <message>
        <source>Gradient checkpointing</source>
        <translation>그래디언트 체크포인팅</translation>
    </message>
    <message>
        <source>on: less memory; lean: less, slower; offload: least</source>
        <translation>on: 메모리 절약, lean: 더 절약(조금 느림), offload: 최소 메모리</translation>
    </message>
    <message>
        <source>CUDA graphs</source>
        <translation>CUDA 그래프</translation>
    </message>
    <message>
        <source>GPU: each batch shape recorded once, then replayed (faster)</source>
        <translation>GPU: 배치 모양마다 한 번 기록한 뒤 재생(더 빠름)</translation>
    </message>
    <message>
        <source>Save every</source>
        <translation>저장 간격</translation>
    </message>
    <message>
        <source>steps; 0: at the end</source>
        <translation>스텝, 0: 끝에서만</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>same seed, same run</source>
        <translation>같은 시드, 같은 결과</translation>
    </message>
    <message>
        <source>Demo model written to %1</source>
        <translation>데모 모델을 %1에 만들었습니다</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>모델 폴더</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>학습 데이터</translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.json *.csv)</source>
        <translation>데이터셋 (*.jsonl *.json *.csv)</translation>
    </message>
    <message>
        <source>Run to resume</source>
        <translation>이어서 학습할 실행</translation>
    </message>
    <message>
        <source>No model chosen: pick a Hugging Face model folder, or make the demo model to try the whole flow without a GPU.</source>
        <translation>모델이 선택되지 않았습니다. Hugging Face 모델 폴더를 고르거나, GPU 없이 전체 과정을 시험하려면 데모 모델을 만드세요.</translation>
    </message>
    <message>
        <source>%1 · %2 layers · hidden %3 · %4 M parameters · weights nf4 %5, bf16 %6 · %7</source>
        <translation>%1 · 레이어 %2개 · hidden %3 · 파라미터 %4 M · 가중치 nf4 %5, bf16 %6 · %7</translation>
    </message>
    <message>
        <source>tokenizer found</source>
        <translation>토크나이저 있음</translation>
    </message>
    <message>
        <source>tokenizer.json missing</source>
        <translation>tokenizer.json 없음</translation>
    </message>
    <message>
        <source>Choose a dataset to see one example in the template.</source>
        <translation>데이터셋을 고르면 템플릿에 적용된 예시 하나가 보입니다.</translation>
    </message>
    <message>
        <source>Making the demo model…</source>
        <translation>데모 모델을 만드는 중…</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>학습 설정</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>%1 이어서 학습</translation>
    </message>
    <message>
        <source>Stopping after this step; a checkpoint is saved first…</source>
        <translation>이 스텝이 끝나면 멈춥니다. 먼저 체크포인트를 저장합니다…</translation>
    </message>
    <message>
        <source>Step %1 of %2 · loss %3 · %4 tokens/s · ETA %5</source>
        <translation>스텝 %1 / %2 · 손실 %3 · 초당 토큰 %4 · 남은 시간 %5</translation>
    </message>
    <message>
        <source> · eval loss %1</source>
        <translation> · 검증 손실 %1</translation>
    </message>
    <message>
        <source>Out of GPU memory</source>
        <translation>GPU 메모리 부족</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>학습 실패</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Make demo model</source>
        <translation>데모 모델 만들기</translation>
    </message>
    <message>
        <source>A small random Llama model with a tokenizer trained on the demo data: the whole flow runs on a CPU in minutes.</source>
        <translation>데모 데이터로 학습한 토크나이저가 있는 작은 무작위 Llama 모델: 전체 과정이 CPU에서 몇 분이면 끝납니다.</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>템플릿</translation>
    </message>
    <message>
        <source>Runs folder</source>
        <translation>실행 폴더</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Resume…</source>
        <translation>이어서 학습…</translation>
    </message>
    <message>
        <source>The training log appears here.</source>
        <translation>학습 로그가 여기에 표시됩니다.</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>준비됨.</translation>
    </message>
    <message>
        <source>Choose a model to see the GPU memory these settings need.</source>
        <translation>모델을 고르면 이 설정에 필요한 GPU 메모리가 보입니다.</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>LoRA, gradients, AdamW</source>
        <translation>LoRA, 그래디언트, AdamW</translation>
    </message>
    <message>
        <source>activations</source>
        <translation>활성값</translation>
    </message>
    <message>
        <source>logits and loss</source>
        <translation>로짓과 손실</translation>
    </message>
    <message>
        <source>CUDA context</source>
        <translation>CUDA 컨텍스트</translation>
    </message>
    <message>
        <source>allocator reserve</source>
        <translation>할당기 여유분</translation>
    </message>
    <message>
        <source>About %1 GiB of %2 GiB for %3, batch %4, max_seq_len %5%6</source>
        <translation>%3, 배치 %4, max_seq_len %5에 약 %1 GiB / %2 GiB%6</translation>
    </message>
    <message>
        <source> — does not fit: try Recommend</source>
        <translation> — 들어가지 않음: 추천을 눌러 보세요</translation>
    </message>
    <message>
        <source>Choose a model first: the plan needs its config.json.</source>
        <translation>먼저 모델을 고르세요. 계획에는 config.json이 필요합니다.</translation>
    </message>
    <message>
        <source>Lengths not counted: %1</source>
        <translation>길이를 세지 못함: %1</translation>
    </message>
    <message>
        <source>Recommended for %1 GiB:</source>
        <translation>%1 GiB에 맞춘 추천:</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found; type the memory of the card you plan to use:</source>
        <translation>NVIDIA GPU가 없습니다. 사용할 그래픽카드의 메모리를 입력하세요:</translation>
    </message>
    <message>
        <source>GPU memory the plan may use</source>
        <translation>계획에 쓸 수 있는 GPU 메모리</translation>
    </message>
    <message>
        <source>Recommend</source>
        <translation>추천</translation>
    </message>
    <message>
        <source>Precision, batch, accumulation, max_seq_len and checkpointing that fit this GPU</source>
        <translation>이 GPU에 맞는 정밀도, 배치, 누적, max_seq_len, 체크포인팅</translation>
    </message>
</context>
<context>
    <name>qs::ui::TrainingCharts</name>
    <message>
        <source>training loss</source>
        <translation>학습 손실</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>평활</translation>
    </message>
    <message>
        <source>eval loss</source>
        <translation>검증 손실</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>초당 토큰</translation>
    </message>
    <message>
        <source>GPU memory (GiB)</source>
        <translation>GPU 메모리 (GiB)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
</context>
</TS>
