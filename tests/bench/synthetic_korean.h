// Synthetic Korean Q&A data for benchmarks: sentences of common syllables in
// words of one to four, with particles, digits and punctuation, so that
// n-gram statistics and lengths resemble extracted Q&A text. Deterministic.
#pragma once

#include "core/text/unicode.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace qs::bench {

// Korean-looking text: common syllables in words of 1–4 syllables, with
// particles, digits and punctuation, so n-gram statistics resemble real text.
class SyntheticKorean {
public:
    explicit SyntheticKorean(uint32_t seed) : m_random(seed) {}

    std::string sentence(size_t syllables)
    {
        static const char32_t kCommon[] = U"가나다라마바사아자차카타파하교육과정센터보안금융정보수강료기간신청환급수료"
                                          U"시험강의실습운영관리규정담당직원회사개인데이터서비스시스템점검사고대응분석";
        static const char* kParticles[] = {"은", "는", "이", "가", "을", "를", "에", "에서", "으로", "와"};
        std::u32string text;
        size_t written = 0;
        while (written < syllables) {
            const size_t word = 1 + m_random() % 4;
            for (size_t i = 0; i < word; ++i)
                text.push_back(kCommon[m_random() % (std::size(kCommon) - 1)]);
            written += word;
            std::string tail = m_random() % 3 == 0 ? kParticles[m_random() % std::size(kParticles)] : "";
            if (m_random() % 9 == 0)
                tail += " " + std::to_string(m_random() % 1000);
            for (const char32_t c : qs::text::decodeUtf8(tail))
                text.push_back(c);
            text.push_back(m_random() % 11 == 0 ? U',' : U' ');
        }
        text.back() = U'.';
        return qs::text::encodeUtf8(text);
    }

    std::mt19937& random() { return m_random; }

private:
    std::mt19937 m_random;
};

inline std::string jsonEscape(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

inline void writeCorpus(const std::filesystem::path& path, size_t pairs)
{
    SyntheticKorean korean(2026);
    std::ofstream out(path, std::ios::binary);
    std::string previous;
    for (size_t i = 0; i < pairs; ++i) {
        std::string question = korean.sentence(12 + korean.random()() % 20) + "?";
        std::string answer = korean.sentence(60 + korean.random()() % 90);
        if (i % 50 == 49)
            question = previous; // 2 % exact duplicate questions
        previous = question;
        out << "{\"instruction\": \"" << jsonEscape(question) << "\", \"output\": \"" << jsonEscape(answer)
            << "\", \"source\": \"synthetic.pdf\", \"page\": " << (i / 20 + 1) << "}\n";
    }
}

} // namespace qs::bench
