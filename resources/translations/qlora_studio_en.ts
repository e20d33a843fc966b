<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>qs::ui::DatasetPage</name>
    <message>
        <source>Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a question–answer file (JSONL, JSON or CSV) or drop it on the window. Review, cleaning and duplicate detection come with the dataset studio.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open dataset…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No dataset open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>qs::ui::MainWindow</name>
    <message>
        <source>About QLoRA Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;h3&gt;QLoRA Studio %1&lt;/h3&gt;&lt;p&gt;Fine-tune language models on your own question–answer data with (Q)LoRA, on your own GPU.&lt;/p&gt;&lt;p&gt;libtorch %2&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear list</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>QLoRA Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About QLoRA Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Device: CUDA, %n GPU(s)</source>
        <translation><numerusform>Device: CUDA, %n GPU</numerusform><numerusform>Device: CUDA, %n GPUs</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Device: CPU, %n thread(s)</source>
        <translation><numerusform>Device: CPU, %n thread</numerusform><numerusform>Device: CPU, %n threads</numerusform></translation>
    </message>
    <message>
        <source>Cannot open %1: the file does not exist.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Dataset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Question–answer data (*.jsonl *.json *.csv);;All files (*)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>qs::ui::PlannedPage</name>
    <message>
        <source>Train</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a model and precision, attach a LoRA adapter and fine-tune it on the dataset while the loss curve is drawn live. Training arrives with the training engine.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ask the tuned model questions, compare its answers with the base model and score them on the evaluation split. Chat arrives with the generator.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every training run with its settings, loss curve, checkpoints and adapter, ready to resume or to open in Chat. Runs arrive with the training engine.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>