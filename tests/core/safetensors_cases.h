// Malformed safetensors headers and the error each must give (test_safetensors).
// Kept out of the test's .cpp: moc cannot read raw strings like these.
#pragma once

struct MalformedHeaderCase {
    const char* name;
    const char* header;     // JSON header; the data section is 8 zero bytes
    const char* message;    // part of qs::Error::problem()
    const char* tensor;     // part of qs::Error::location() ("" when the file is named alone)
};

inline constexpr MalformedHeaderCase kMalformedHeaders[] = {
    {"not json", "{\"a\": ", "not valid JSON", ""},
    {"not an object", "[1, 2]", "not a JSON object", ""},
    {"unknown dtype", R"({"w": {"dtype": "F8", "shape": [2], "data_offsets": [0, 8]}})", "Unknown dtype", "w"},
    {"negative dimension", R"({"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}})", "not a size", "w"},
    {"offsets past the end", R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})", "fall outside", "w"},
    {"offsets reversed", R"({"w": {"dtype": "F32", "shape": [0], "data_offsets": [8, 0]}})", "fall outside", "w"},
    {"shape disagrees with offsets", R"({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}})", "need 12", "w"},
    {"overlap", R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})", "Overlapping", "b"},
    {"gap", R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})", "Gap before", "a"},
    {"unused bytes", R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}})", "belong to no tensor", ""},
    {"missing fields", R"({"a": {"dtype": "F32", "shape": [1]}})", "needs dtype, shape and data_offsets", "a"},
    {"bad metadata", R"({"__metadata__": {"k": 1}, "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})", "not text", ""},
    {"huge shape", R"({"a": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]}})", "too large", "a"},
};
