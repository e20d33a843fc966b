#!/usr/bin/env python3
"""A random Llama-3-shaped checkpoint (bf16 safetensors, shards of 5 GB) for load,
memory and speed measurements on the GPU machine:

    python3 make_random_llama.py OUT_DIR [llama3.1-8b | llama3.2-1b]

The weights are random (initializer_range 0.02); only shapes and sizes matter.
The 1B shape (tied embeddings, head_dim 64) checks the memory estimate on a
model it was not calibrated on."""
import sys
import time

import torch
import transformers

COMMON = dict(vocab_size=128256, num_attention_heads=32, num_key_value_heads=8, max_position_embeddings=131072,
              rms_norm_eps=1e-5, rope_theta=500000.0, bos_token_id=128000, eos_token_id=128001)
SHAPES = {
    "llama3.1-8b": dict(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32, tie_word_embeddings=False,
                        rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                          original_max_position_embeddings=8192)),
    "llama3.2-1b": dict(hidden_size=2048, intermediate_size=8192, num_hidden_layers=16, head_dim=64,
                        tie_word_embeddings=True,
                        rope_scaling=dict(rope_type="llama3", factor=32.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                          original_max_position_embeddings=8192)),
}


def main(out, shape="llama3.1-8b"):
    start = time.time()
    torch.manual_seed(0)
    config = transformers.LlamaConfig(**COMMON, **SHAPES[shape])
    with torch.device("cuda"):
        model = transformers.AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    model.save_pretrained(out, max_shard_size="5GB")
    count = sum(p.numel() for p in model.parameters())
    print(f"{out}: {shape}, {count / 1e9:.2f} B parameters, written in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main(*sys.argv[1:])
