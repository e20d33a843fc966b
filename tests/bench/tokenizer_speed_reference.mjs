// Reference row for bench_tokenizer.sh: @lenml/tokenizers (JavaScript port of
// Hugging Face tokenizers) encoding the same file line by line, one thread.
//   node tokenizer_speed_reference.mjs NODE_MODULES_DIR NAME TEXT_FILE
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [modules, name, file] = process.argv.slice(2);
const require = createRequire(path.resolve(modules, "package.json"));
const tokenizer = require(`@lenml/tokenizer-${name}`).fromPreTrained();
const text = fs.readFileSync(file, "utf8");
const lines = text.split("\n").filter((line) => line.length > 0);
const start = process.hrtime.bigint();
let tokens = 0;
for (const line of lines) tokens += tokenizer.encode(line, { add_special_tokens: false }).length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const megabytes = Buffer.byteLength(text) / 1e6;
console.log(`| @lenml/tokenizers (JavaScript, Node ${process.version}) | ${seconds.toFixed(2)} | ${(megabytes / seconds).toFixed(2)} | ${(tokens / seconds).toFixed(0)} | ${tokens} |`);
