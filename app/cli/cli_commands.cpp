#include "app/cli/cli_command.h"

#include "core/base/build_info.h"
#include "core/hw/compute_device.h"

#include <cstdio>

namespace qs::cli {

const std::vector<CliCommand>& cliCommands()
{
    static const std::vector<CliCommand> commands = {
        {"version", "", "show program and libtorch versions and the compute device",
         [](std::span<const std::string>) { printVersion(); return 0; }},
        {"data inspect", "FILE [--json] [--fields MAP] [--threshold 0.8]",
         "import report, text and quality findings, duplicate groups, length statistics", runDataInspect},
        {"data clean", "FILE -o OUT [--dedup none|exact|near] [--threshold 0.8] [--drop-flagged] [--fix-text] "
                       "[--split 0.1 --seed 42]",
         "apply NFC (and text fixes), drop flagged and duplicate examples, write JSONL", runDataClean},
        {"tokenize", "--tokenizer DIR (--text S | --file F) [--no-special] [--json]",
         "token ids and tokens of a text, as Hugging Face tokenizers gives them", runTokenize},
        {"template", "--model DIR --data FILE [--show N] [--template korean|llama3|chatml|TEXT] [--tokens OUT.jsonl]",
         "examples rendered in a prompt template, the trained answer part marked; --tokens writes them all as "
         "token ids",
         runTemplate},
        {"inspect-model", "DIR", "architecture, parameters, weight size per precision; checks the checkpoint",
         runInspectModel},
        {"score", "--model DIR [--adapter DIR] [--precision P] [--device cpu|cuda] (--text S | --ids 1,2,3) [--json]",
         "loss and per-token log-probabilities of a text, as transformers computes them", runScore},
        {"make-demo-model", "--out DIR [--data FILE] [--vocab N]",
         "a small random Llama model with a tokenizer trained on the demo data (no GPU or download needed)",
         runMakeDemoModel},
        {"train",
         "--model DIR --data FILE --out RUNS_DIR [--precision P] [--template NAME] [--lora-r N] [--lora-alpha N] "
         "[--lr X] [--epochs N | --max-steps N] [--batch-size N] [--grad-accum N] [--max-seq-len N] [--eval-split F] "
         "[--save-every N] [--grad-checkpointing off|on|lean|offload] [--seed N] [--json] | --resume RUN_DIR",
         "LoRA / QLoRA fine-tuning into a run folder (metrics, checkpoints, PEFT adapter)", runTrain},
        {"generate",
         "--model DIR [--adapter DIR] (--prompt S | --ids 1,2,3) [--template NAME|none] [--max-new-tokens N] "
         "[--greedy | --temperature X --top-p X --top-k N] [--json]",
         "one answer, streamed (JSON: new_ids and text)", runGenerate},
        {"chat", "--model DIR [--adapter DIR] [--template NAME]",
         "interactive chat in the terminal; /base, /tuned, /compare", runChat},
        {"eval", "--model DIR [--adapter DIR] --data FILE [--limit N] [--json]",
         "base and tuned answers scored: exact match, character F1, character ROUGE-L", runEval},
        {"recommend", "--model DIR [--data FILE] [--vram-gib N] [--verify] [--json]",
         "precision, batch, accumulation, max_seq_len and checkpointing that fit a GPU (config.json is enough)",
         runRecommend},
        {"bench load", "--model DIR [--precision P] [--device cpu|cuda] [--header]",
         "load time and memory of a model in one precision (a table row)", runBenchLoad},
        {"bench train", "--model DIR [--precision P] [--batch-size N] [--seq-len N] [--steps N] "
                        "[--grad-checkpointing MODE] [--lora-r N] [--device D] [--no-cuda-graph] [--header]",
         "training speed and peak GPU memory on synthetic batches (a table row)", runBenchTrain},
        {"bench generate", "--model DIR [--precision P] [--device D] [--prompt-tokens N] [--new-tokens N] [--header]",
         "decode tokens/s at batch 1 beside the memory-bandwidth limit (a table row)", runBenchGenerate},
        {"help", "", "show this help", [](std::span<const std::string>) { printHelp(); return 0; }},
    };
    return commands;
}

void printVersion()
{
    const BuildInfo info = buildInfo();
    const hw::ComputeDevice device = hw::probeComputeDevice();
    std::printf("qlora %s (QLoRA Studio)\n", info.programVersion.c_str());
    std::printf("libtorch %s\n", info.torchVersion.c_str());
    if (device.kind == hw::DeviceKind::Cuda)
        std::printf("CUDA: available, %d GPU(s)\n", device.cudaDeviceCount);
    else
        std::printf("CUDA: not available (computing on the CPU, %d thread(s))\n", device.cpuThreads);
}

void printHelp()
{
    std::printf("Usage: qlora COMMAND [ARGUMENTS]\n"
                "       qlora --version | --help\n\n"
                "Fine-tune language models with (Q)LoRA on your own GPU.\n\n"
                "Commands:\n");
    for (const CliCommand& command : cliCommands()) {
        const std::string head = command.name + (command.usage.empty() ? "" : " " + command.usage);
        std::printf("  %-36s %s\n", head.c_str(), command.summary.c_str());
    }
}

} // namespace qs::cli
