// Malformed tokenizer.json texts and the error each must give (test_tokenizer_small).
// Kept out of the test's .cpp: moc cannot read these raw strings.
#pragma once

struct MalformedTokenizerCase {
    const char* name;
    const char* json;
    const char* message; // part of qs::Error::problem()
    const char* where;   // part of qs::Error::location()
};

inline constexpr MalformedTokenizerCase kMalformedTokenizerCases[] = {
    {"not json", "{\"model\": ", "Not valid JSON", "tokenizer.json"},
    {"no model", "{\"normalizer\": null}", "Missing field 'model'", "tokenizer.json"},
    {"unknown model type", R"({"model": {"type": "WordPiece", "vocab": {}}})", "Unsupported model type 'WordPiece'", "tokenizer.json: model"},
    {"no vocab", R"({"model": {"type": "BPE"}})", "model.vocab", "tokenizer.json"},
    {"merge outside vocab", R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a zz"]}})", "Merge 0 ('a' 'zz')", "tokenizer.json: model.merges"},
    {"merge not a pair", R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["abc"]}})", "is not two tokens", "tokenizer.json: model.merges"},
    {"merge wrong shape", R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [["a"]]}})", "Merge 0 is neither", "tokenizer.json: model.merges"},
    {"unknown pre-tokenizer", R"({"model": {"type": "BPE", "vocab": {}}, "pre_tokenizer": {"type": "Whitespace"}})", "Unsupported pre_tokenizer type 'Whitespace'", "tokenizer.json: pre_tokenizer"},
    {"unknown decoder", R"({"model": {"type": "BPE", "vocab": {}}, "decoder": {"type": "WordPiece"}})", "Unsupported decoder type 'WordPiece'", "tokenizer.json: decoder"},
    {"bad regex", R"({"model": {"type": "BPE", "vocab": {}}, "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "[unclosed"}, "behavior": "Isolated"}})", "Cannot compile the pre-tokenizer pattern", "[unclosed"},
    {"unk not in vocab", R"({"model": {"type": "BPE", "vocab": {"a": 0}, "unk_token": "<unk>"}})", "The unknown token '<unk>' is not in the vocabulary", "tokenizer.json: model.unk_token"},
};
