<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CheckLabels</name>
    <message>
        <source>not NFC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lost characters (U+FFFD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mojibake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stray whitespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>short answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer repeats question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer inside question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalise to NFC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove U+FFFD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repair mojibake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove control characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tidy whitespace</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::ChatPage</name>
    <message>
        <source>Run whose adapter to use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n question(s)</source>
        <translation>
            <numerusform>%n question</numerusform>
            <numerusform>%n questions</numerusform>
        </translation>
    </message>
    <message>
        <source>base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tuned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: exact match %2 %, char F1 %3, char ROUGE-L %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: the base model only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model (and an adapter), then Load. Both answers come from one loaded copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template, max new tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temperature </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-p </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-k </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare base and tuned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tuned (adapter on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask a question…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSONL with the questions and expected answers (e.g. the held-out split)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tuned answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tuned F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base ROUGE-L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tuned ROUGE-L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge the adapter into the weights (16-bit only: faster, tuned answers only)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::DatasetDocument</name>
    <message>
        <source>Edit %1 of line %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix %1 in line %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Fix %1 in %n example(s)</source>
        <translation>
            <numerusform>Fix %1 in %n example</numerusform>
            <numerusform>Fix %1 in %n examples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n example(s)</source>
        <translation>
            <numerusform>Delete %n example</numerusform>
            <numerusform>Delete %n examples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restore %n example(s)</source>
        <translation>
            <numerusform>Restore %n example</numerusform>
            <numerusform>Restore %n examples</numerusform>
        </translation>
    </message>
    <message>
        <source>Resolve duplicates of line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept every duplicate suggestion</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::DatasetPage</name>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset studio has unsaved work from %1 that was not saved before the program stopped. Restore it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsaved work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a valid regular expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save cleaned dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overwrite the original?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This replaces the original file %1 with the cleaned data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset has changes that are not saved. Save them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>autosave failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the dataset: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a question–answer file (JSONL, JSON or CSV) or drop it on the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 examples, %3 deleted%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save cleaned…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicates (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search questions and answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder (with tokenizer.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count tokens with a model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max_seq_len </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples longer than this are flagged: training would cut them</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::DuplicateReviewDialog</name>
    <message>
        <source>Keep suggested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge as selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Differences from the suggested keeper: &lt;span style=&apos;background:#b2f2bb&apos;&gt;added&lt;/span&gt;, &lt;span style=&apos;color:#c92a2a;text-decoration:line-through&apos;&gt;missing&lt;/span&gt;. Choose which example stays and whose question and answer it takes, then Merge; or keep the suggestion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept every suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Near-duplicate threshold (Jaccard):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>near (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n example(s)</source>
        <translation>
            <numerusform>%1 · %n example</numerusform>
            <numerusform>%1 · %n examples</numerusform>
        </translation>
    </message>
    <message>
        <source>Line %1 — suggested keeper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use its question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use its answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::ExampleEditor</name>
    <message>
        <source>Edit line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Example at line %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an example to edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context (input)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix selected finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::ExampleTableModel</name>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q chars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A chars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::ImportReportView</name>
    <message>
        <source>No dataset open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, UTF-8 BOM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, CRLF line ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2, fields %3.&lt;br&gt;Loaded %4 examples; %5 rejected; %6 deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected lines (kept out of the dataset):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n example(s))</source>
        <translation>
            <numerusform>%1 (%n example)</numerusform>
            <numerusform>%1 (%n examples)</numerusform>
        </translation>
    </message>
    <message>
        <source>Fixes on offer (each can be undone):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No automatic fixes needed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::LengthHistogram</name>
    <message>
        <source>Answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Questions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length (characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples (prompt + answer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length (tokens); the line is max_seq_len</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::MainWindow</name>
    <message>
        <source>About QLoRA Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;QLoRA Studio %1&lt;/h3&gt;&lt;p&gt;Fine-tune language models on your own question–answer data with (Q)LoRA, on your own GPU.&lt;/p&gt;&lt;p&gt;libtorch %2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QLoRA Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About QLoRA Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Device: CUDA, %n GPU(s)</source>
        <translation>
            <numerusform>Device: CUDA, %n GPU</numerusform>
            <numerusform>Device: CUDA, %n GPUs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Device: CPU, %n thread(s)</source>
        <translation>
            <numerusform>Device: CPU, %n thread</numerusform>
            <numerusform>Device: CPU, %n threads</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open %1: the file does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question–answer data (*.jsonl *.json *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 cores, %2 GiB RAM · no NVIDIA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1, %2 GiB, compute %3.%4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::RunsPage</name>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training loss (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::TrainPage</name>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4-bit for 8–12 GB, 8-bit for 16–24 GB, 16-bit from 32 GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA rank r</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8–64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA alpha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usually 2 × r</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0–0.1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2e-4 … 1e-5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1–5 for real data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0: by epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1–8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch × accumulation 8–16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>512–4096</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eval split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held out: 0.05–0.2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient checkpointing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on: less memory; lean: less, slower; offload: least</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA graphs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU: each batch shape recorded once, then replayed (faster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps; 0: at the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same seed, same run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo model written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.json *.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run to resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model chosen: pick a Hugging Face model folder, or make the demo model to try the whole flow without a GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 layers · hidden %3 · %4 M parameters · weights nf4 %5, bf16 %6 · %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenizer found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenizer.json missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a dataset to see one example in the template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the demo model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping after this step; a checkpoint is saved first…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2 · loss %3 · %4 tokens/s · ETA %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · eval loss %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of GPU memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A small random Llama model with a tokenizer trained on the demo data: the whole flow runs on a CPU in minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training log appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model to see the GPU memory these settings need.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA, gradients, AdamW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logits and loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>allocator reserve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About %1 GiB of %2 GiB for %3, batch %4, max_seq_len %5%6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — does not fit: try Recommend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model first: the plan needs its config.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lengths not counted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommended for %1 GiB:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No NVIDIA GPU found; type the memory of the card you plan to use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory the plan may use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision, batch, accumulation, max_seq_len and checkpointing that fit this GPU</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qs::ui::TrainingCharts</name>
    <message>
        <source>training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eval loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory (GiB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
