// The bundled Korean demo dataset (resources/demo/financial_security_qa.jsonl),
// compiled into the engine so that the CLI and the demo model need no data files.
#pragma once

#include <string_view>

namespace qs::data {

std::string_view demoDatasetJsonl();

} // namespace qs::data
