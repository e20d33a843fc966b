"""Reference row for bench_tokenizer.sh: Hugging Face `tokenizers` (Rust) encoding
the same file line by line on one thread, and its ids checked against the
committed parity fixtures (tests/data/tokenizer/*.ids.jsonl).
    python3 tokenizer_speed_reference.py TOKENIZER_DIR NAME TEXT_FILE FIXTURE_DIR"""
import json
import os
import sys
import time

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
import tokenizers  # noqa: E402

folder, name, text_file, fixtures = sys.argv[1:5]
tokenizer = tokenizers.Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))

with open(text_file, encoding="utf-8") as f:
    lines = [line.rstrip("\n") for line in f if line.strip()]
size = os.path.getsize(text_file) / 1e6
start = time.perf_counter()
tokens = sum(len(tokenizer.encode(line, add_special_tokens=False).ids) for line in lines)
seconds = time.perf_counter() - start
print(f"| Hugging Face tokenizers {tokenizers.__version__} (Rust, one thread) | {seconds:.2f} | {size / seconds:.2f} | {tokens / seconds:.0f} | {tokens} |")

with open(os.path.join(fixtures, "corpus.jsonl"), encoding="utf-8") as f:
    corpus = [json.loads(line) for line in f]
with open(os.path.join(fixtures, f"{name}.ids.jsonl"), encoding="utf-8") as f:
    expected = [json.loads(line) for line in f]
mismatches = sum(
    tokenizer.encode(text, add_special_tokens=True).ids != want["ids"]
    or tokenizer.encode(text, add_special_tokens=False).ids != want["ids_no_special"]
    for text, want in zip(corpus, expected))
print(f"parity fixtures ({name}): {len(corpus)} texts, {mismatches} differ from Hugging Face tokenizers {tokenizers.__version__}")
