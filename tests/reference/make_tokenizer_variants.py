"""Writes variants of the Llama-2 tokenizer.json that use the Metaspace
pre-tokenizer instead of Prepend/Replace normalizers (as Mistral and newer
SentencePiece conversions do), to check them against Hugging Face tokenizers.
    python3 make_tokenizer_variants.py LLAMA2_DIR OUT_DIR"""
import copy
import json
import os
import sys

source, out = sys.argv[1:3]
with open(os.path.join(source, "tokenizer.json"), encoding="utf-8") as f:
    base = json.load(f)

variants = {
    "metaspace-first": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first", "split": False},
    "metaspace-always-split": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
}
for name, pre_tokenizer in variants.items():
    variant = copy.deepcopy(base)
    variant["normalizer"] = None
    variant["pre_tokenizer"] = pre_tokenizer
    os.makedirs(os.path.join(out, name), exist_ok=True)
    with open(os.path.join(out, name, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(variant, f, ensure_ascii=False)
    print(os.path.join(out, name))
