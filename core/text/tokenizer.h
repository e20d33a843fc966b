// Hugging Face tokenizer.json, implemented here because no Debian package reads
// it: BPE models (byte-level as Llama-3/Qwen2/GPT-2, SentencePiece-style as
// Llama-2/Mistral with byte_fallback), the normalizers, pre-tokenizers,
// post-processors and decoders those families use, and added/special tokens.
// The ids are the ones `tokenizers` gives for the same file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace qs::text {

struct Encoding {
    std::vector<int32_t> ids;
    std::vector<std::string> tokens;
};

struct SpecialIds {
    std::optional<int32_t> bos;
    std::optional<int32_t> eos;
    std::optional<int32_t> pad;
    std::set<int32_t> stop; // generation stops on any of these (eos and generation_config's list)
};

class Tokenizer {
public:
    // A model folder: tokenizer.json plus tokenizer_config.json, special_tokens_map.json
    // and generation_config.json where present. Throws qs::Error naming the file and field.
    static Tokenizer fromFolder(const std::filesystem::path& folder);
    // tokenizer.json text alone; `name` is used in error messages.
    static Tokenizer fromJson(std::string_view json, const std::string& name = "tokenizer.json");

    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    ~Tokenizer();

    // Invalid UTF-8 in `text` is replaced by U+FFFD (see lossyUtf8) before encoding.
    Encoding encode(std::string_view text, bool addSpecialTokens = true) const;
    std::string decode(const std::vector<int32_t>& ids, bool skipSpecialTokens = false) const;

    std::optional<int32_t> tokenToId(std::string_view token) const;
    std::string idToToken(int32_t id) const;
    size_t vocabSize() const;
    bool isSpecial(int32_t id) const;
    const SpecialIds& specialIds() const;
    // tokenizer_config.json's chat_template, or empty.
    const std::string& chatTemplate() const;

private:
    struct Impl;
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Turns generated ids into text as they arrive, never emitting a broken UTF-8
// sequence: a Korean syllable split across byte tokens comes out whole.
class StreamingDecoder {
public:
    explicit StreamingDecoder(const Tokenizer& tokenizer, bool skipSpecialTokens = true);
    // The new text this id completes; empty while a character is still partial.
    std::string push(int32_t id);

private:
    const Tokenizer& m_tokenizer;
    bool m_skipSpecial;
    std::vector<int32_t> m_ids;
    std::string m_prefix;
    size_t m_prefixIndex = 0;
};

} // namespace qs::text
