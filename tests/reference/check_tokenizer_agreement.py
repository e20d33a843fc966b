"""Checks that Hugging Face tokenizers loads a tokenizer.json (one our BPE trainer
wrote, or a variant of a real one) and gives the same ids as our tokenizer
(bench_tokenizer --dump-ids) for every corpus text.
    python3 check_tokenizer_agreement.py TOKENIZER_DIR CORPUS.jsonl OUR_IDS.jsonl"""
import json
import os
import sys

import tokenizers

folder, corpus_file, ours_file = sys.argv[1:4]
tokenizer = tokenizers.Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
with open(corpus_file, encoding="utf-8") as f:
    corpus = [json.loads(line) for line in f]
with open(ours_file, encoding="utf-8") as f:
    ours = [json.loads(line) for line in f]
differ = [i for i, (text, mine) in enumerate(zip(corpus, ours))
          if tokenizer.encode(text).ids != mine["ids"]
          or tokenizer.encode(text, add_special_tokens=False).ids != mine["ids_no_special"]]
print(f"{os.path.basename(folder)} (vocab {tokenizer.get_vocab_size()}): Hugging Face tokenizers {tokenizers.__version__} "
      f"loads it; {len(corpus)} corpus texts, {len(differ)} differ" + (f" (first: line {differ[0] + 1})" if differ else ""))
sys.exit(1 if differ or len(ours) != len(corpus) else 0)
