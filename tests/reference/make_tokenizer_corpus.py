#!/usr/bin/env python3
"""Writes tests/data/tokenizer/corpus.jsonl: one JSON string per line, 2,400 texts
mixing Korean, English, digits, emoji, other CJK, whitespace runs, code and
special-token strings, for tokenizer parity with Hugging Face. Deterministic."""
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
rng = random.Random(20261128)

korean = []
for line in (ROOT / "resources/demo/financial_security_qa.jsonl").read_text(encoding="utf-8").splitlines():
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        continue
    korean += [record["instruction"], record["output"]]

english_words = ("the quick brown fox jumps over lazy dog security training course fee refund schedule "
                 "attendance certificate instructor cloud network malware forensic compliance audit "
                 "it's we're they've I'm you'll he'd don't CAN'T Won't O'Reilly GPU LoRA QLoRA bf16").split()
emoji = ["😀", "👍🏽", "🇰🇷", "👩‍💻", "🚀", "❤️", "🤖", "✅", "🔥", "🎉"]
cjk = ["中文测试", "日本語のテキスト", "漢字とひらがな", "繁體中文", "カタカナ", "한자(漢字) 혼용", "ㄱㄴㄷ ㅏㅑㅓ", "ｆｕｌｌｗｉｄｔｈ　空白"]
code = [
    "def encode(text: str) -> list[int]:\n    return tokenizer(text)[\"input_ids\"]",
    "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }",
    "const x = await fetch('/api/v1/items?id=42&sort=desc');",
    "SELECT name, COUNT(*) FROM courses WHERE fee > 300000 GROUP BY name;",
    "    if (x == nullptr) {\n\t\treturn -1;\n    }",
    "git commit -m \"Fix: tokenizer\" && ./build.sh --release",
    "{\"instruction\": \"질문\", \"output\": \"답변\"}",
    "#include <torch/torch.h>\nauto y = torch::matmul(a, b);",
]
specials = ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<|start_header_id|>user<|end_header_id|>",
            "<s>", "</s>", "<unk>", "<|reserved_special_token_5|>", "<s >", "< s>", "<|eot_id"]
spaces = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "    ", " \n ", "\u00a0", "\u3000", "\u2003"]


def number():
    return rng.choice([str(rng.randint(0, 9)), str(rng.randint(10, 999)), str(rng.randint(1000, 10**9)),
                       f"{rng.uniform(0, 1000):.2f}", f"{rng.randint(1, 12)}월 {rng.randint(1, 28)}일",
                       f"02-{rng.randint(100, 9999)}-{rng.randint(1000, 9999)}", "1,234,567원", "3.14e-10"])


def piece():
    kind = rng.random()
    if kind < 0.35:
        return rng.choice(korean)
    if kind < 0.55:
        return " ".join(rng.choice(english_words) for _ in range(rng.randint(1, 12)))
    if kind < 0.63:
        return number()
    if kind < 0.69:
        return "".join(rng.choice(emoji) for _ in range(rng.randint(1, 3)))
    if kind < 0.75:
        return rng.choice(cjk)
    if kind < 0.83:
        return rng.choice(code)
    if kind < 0.9:
        return rng.choice(specials)
    return rng.choice(spaces) * rng.randint(1, 4)


texts = []
texts += korean[:400]                      # plain Korean sentences
texts += [rng.choice(code) for _ in range(60)]
texts += ["".join(rng.choice(spaces) for _ in range(rng.randint(1, 8))) for _ in range(80)]  # whitespace only
texts += [rng.choice(specials) + rng.choice(korean) for _ in range(60)]
while len(texts) < 2400:                   # mixtures
    joiner = rng.choice(["", " ", "\n", "  "])
    texts.append(joiner.join(piece() for _ in range(rng.randint(1, 6))))
texts += ["", " ", "a", "ㅋㅋㅋㅋㅋㅋㅋㅋ", "가" * 300, "1234567890" * 5, "!!!???...", "Hello, world!"]

out = ROOT / "tests/data/tokenizer/corpus.jsonl"
out.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
print(f"{out}: {len(texts)} texts")
