#!/usr/bin/env python3
"""Tiny random checkpoints and what Hugging Face transformers + PEFT compute for them.

Run on the GPU machine (DESIGN.md §6): python3 make_model_fixtures.py OUT_DIR
It writes, for the C++ engine's parity tests (tests/core/test_model_parity.cpp,
tests/core/test_lora.cpp):

  OUT/llama3/   Llama-3-style: grouped-query attention, llama3 rope scaling, bf16, sharded
  OUT/mistral/  Mistral-style: fp16, sliding window longer than the texts
  OUT/qwen2/    Qwen2-style: q/k/v bias, tied embeddings, fp32
  OUT/llama3-adapter/  PEFT LoRA r=4 alpha=8 on all seven projections, B non-zero
  OUT/qwen2-adapter/   PEFT rsLoRA r=8 alpha=16 on q_proj and v_proj, B non-zero
  OUT/reference.json   per model and text: ids, fp32 loss and per-token log-probabilities,
                       greedy continuation, bf16 loss on CUDA, loss with the adapter

Each model folder gets tests/data/models/tokenizer.json (a byte-level BPE made by
the engine's trainer, which Hugging Face tokenizers encodes identically); the
texts are tokenized by Hugging Face tokenizers, BOS included.
"""
import json
import pathlib
import shutil
import sys

import torch
import transformers
import peft
from tokenizers import Tokenizer

HERE = pathlib.Path(__file__).resolve().parent
TOKENIZER = HERE.parent / "data" / "models" / "tokenizer.json"
SEED = 1234
GREEDY_TOKENS = 8
TEXTS = [
    "전자금융거래법에 따라 임직원은 연 1회 이상 정보보호 교육을 받아야 합니다.",
    "Q: How often must staff renew the security pledge? A: Every year, before March 31.",
    "비밀번호는 8자 이상, 영문·숫자·특수문자를 섞어 90일마다 바꿉니다 (예: Ab3#...).",
]
PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]

# Larger than the default 0.02 so that the logits are far from uniform and the
# greedy choices are not decided by rounding.
COMMON = dict(vocab_size=384, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
              num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
              rms_norm_eps=1e-5, initializer_range=0.2, bos_token_id=381, eos_token_id=382)

MODELS = {
    "llama3": (transformers.LlamaConfig, dict(
        COMMON, rope_theta=500000.0, tie_word_embeddings=False,
        rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                          original_max_position_embeddings=64)), torch.bfloat16, "40KB"),
    "mistral": (transformers.MistralConfig, dict(
        COMMON, rope_theta=10000.0, sliding_window=4096, tie_word_embeddings=False), torch.float16, None),
    "qwen2": (transformers.Qwen2Config, dict(
        COMMON, rope_theta=1000000.0, tie_word_embeddings=True, use_sliding_window=False), torch.float32, None),
}
ADAPTERS = {
    "llama3": dict(r=4, lora_alpha=8, target_modules=PROJECTIONS),
    "qwen2": dict(r=8, lora_alpha=16, use_rslora=True, target_modules=["q_proj", "v_proj"]),
}


def scores(model, ids):
    """transformers' loss for labels=ids, and log p(ids[t] | ids[<t]) for t >= 1."""
    with torch.no_grad():
        input_ids = torch.tensor([ids], device=model.device)
        out = model(input_ids, labels=input_ids)
        logprobs = torch.log_softmax(out.logits[0, :-1].float(), -1).gather(1, input_ids[0, 1:, None])[:, 0]
    return out.loss.item(), logprobs.tolist()


def greedy(model, ids):
    """Greedy decoding, argmax over the full sequence each step (what generate(do_sample=False) picks)."""
    sequence = list(ids)
    with torch.no_grad():
        for _ in range(GREEDY_TOKENS):
            logits = model(torch.tensor([sequence], device=model.device)).logits[0, -1]
            sequence.append(int(logits.float().argmax()))
    return sequence[len(ids):]


def main(out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer.from_file(str(TOKENIZER))
    texts = [{"text": t, "ids": tokenizer.encode(t).ids} for t in TEXTS]
    reference = {"transformers": transformers.__version__, "peft": peft.__version__, "torch": torch.__version__,
                 "greedy_tokens": GREEDY_TOKENS, "models": {}}
    for name, (config_class, fields, dtype, shard) in MODELS.items():
        torch.manual_seed(SEED)
        config = config_class(**fields)
        folder = out / name
        model = transformers.AutoModelForCausalLM.from_config(config, dtype=torch.float32)
        model.to(dtype).save_pretrained(folder, **({"max_shard_size": shard} if shard else {}))
        shutil.copy(TOKENIZER, folder / "tokenizer.json")

        # The reference: the stored weights, computed in fp32 on the CPU.
        model = transformers.AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
        cuda = transformers.AutoModelForCausalLM.from_pretrained(
            folder, dtype=torch.bfloat16, attn_implementation="sdpa").to("cuda").eval()
        entry = {"dtype": str(dtype).removeprefix("torch."), "cases": []}
        for text in texts:
            loss, logprobs = scores(model, text["ids"])
            bf16_loss, bf16_logprobs = scores(cuda, text["ids"])
            entry["cases"].append(dict(text, loss=loss, logprobs=logprobs, greedy=greedy(model, text["ids"]),
                                       bf16_cuda_loss=bf16_loss, bf16_cuda_logprobs=bf16_logprobs))

        if name in ADAPTERS:
            torch.manual_seed(SEED + 1)
            lora = peft.LoraConfig(task_type="CAUSAL_LM", lora_dropout=0.0, **ADAPTERS[name])
            tuned = peft.get_peft_model(model, lora)
            with torch.no_grad():
                for parameter_name, parameter in tuned.named_parameters():
                    if "lora_B" in parameter_name:
                        parameter.normal_(std=0.2)
            tuned.eval()
            tuned.save_pretrained(out / f"{name}-adapter")
            entry["adapter"] = {"folder": f"{name}-adapter", "cases": []}
            for text in texts:
                loss, logprobs = scores(tuned, text["ids"])
                entry["adapter"]["cases"].append({"ids": text["ids"], "loss": loss, "logprobs": logprobs})
        reference["models"][name] = entry
        print(name, [round(c["loss"], 4) for c in entry["cases"]], "greedy", entry["cases"][0]["greedy"])
    (out / "reference.json").write_text(json.dumps(reference, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
