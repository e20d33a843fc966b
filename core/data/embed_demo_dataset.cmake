# cmake -DINPUT=file.jsonl -DOUTPUT=demo_dataset.cpp -P embed_demo_dataset.cmake
# Writes the file's bytes as a C++ array behind qs::data::demoDatasetJsonl().
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hexLength)
math(EXPR size "${hexLength} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUTPUT}"
"// Generated from ${INPUT} by embed_demo_dataset.cmake; do not edit.\n"
"#include \"core/data/demo_dataset.h\"\n\n"
"namespace qs::data {\nnamespace {\nconst unsigned char kBytes[] = {${bytes}};\n}\n\n"
"std::string_view demoDatasetJsonl()\n{\n"
"    return {reinterpret_cast<const char*>(kBytes), ${size}};\n}\n\n} // namespace qs::data\n")
