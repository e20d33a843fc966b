#include "core/train/run_folder.h"

#include "core/base/atomic_file.h"
#include "core/base/error.h"
#include "core/base/read_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace qs::train {
namespace {

const char* const kCheckpointPrefix = "step-";

std::optional<double> optionalNumber(const nlohmann::json& json, const char* key)
{
    const auto it = json.find(key);
    if (it == json.end() || !it->is_number())
        return std::nullopt;
    return it->get<double>();
}

} // namespace

nlohmann::json toJson(const StepMetrics& m)
{
    nlohmann::json json = {
        {"step", m.step},
        {"total_steps", m.totalSteps},
        {"epoch", m.epoch},
        {"loss", m.loss},
        {"lr", m.learningRate},
        {"grad_norm", m.gradNorm},
        {"tokens_per_s", m.tokensPerSecond},
        {"mem_gib", m.memoryGib},
        {"elapsed_s", m.elapsedSeconds},
        {"eta_s", m.etaSeconds},
    };
    if (m.evalLoss)
        json["eval_loss"] = *m.evalLoss;
    return json;
}

StepMetrics stepMetricsFromJson(const nlohmann::json& json)
{
    StepMetrics m;
    m.step = json.value("step", int64_t(0));
    m.totalSteps = json.value("total_steps", int64_t(0));
    m.epoch = json.value("epoch", 0.0);
    m.loss = json.value("loss", 0.0);
    m.learningRate = json.value("lr", 0.0);
    m.gradNorm = json.value("grad_norm", 0.0);
    m.tokensPerSecond = json.value("tokens_per_s", 0.0);
    m.memoryGib = json.value("mem_gib", 0.0);
    m.elapsedSeconds = json.value("elapsed_s", 0.0);
    m.etaSeconds = json.value("eta_s", 0.0);
    m.evalLoss = optionalNumber(json, "eval_loss");
    return m;
}

std::filesystem::path createRunFolder(const std::filesystem::path& runsFolder, const std::string& runName)
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    std::string name = runName;
    std::replace_if(name.begin(), name.end(), [](char c) { return c == '/' || c == '\\' || c == ' '; }, '_');
    std::filesystem::create_directories(runsFolder);
    for (int suffix = 0;; ++suffix) {
        const std::string folderName = std::string(stamp) + "-" + name + (suffix ? "-" + std::to_string(suffix) : "");
        const std::filesystem::path folder = runsFolder / folderName;
        if (std::filesystem::create_directory(folder))
            return folder;
    }
}

void writeRunJson(const std::filesystem::path& runFolder, const nlohmann::json& run)
{
    writeFileAtomically(runFolder / "run.json", run.dump(2) + "\n");
}

nlohmann::json readRunJson(const std::filesystem::path& runFolder)
{
    const std::filesystem::path path = runFolder / "run.json";
    const std::string text = readWholeFile(path, "the run's settings");
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error("run.json is not valid JSON", path.string(), e.what());
    }
}

void appendMetrics(const std::filesystem::path& runFolder, const StepMetrics& metrics)
{
    std::ofstream out(runFolder / "metrics.jsonl", std::ios::app | std::ios::binary);
    out << toJson(metrics).dump() << '\n';
    out.flush();
    if (!out)
        throw Error("Cannot append to metrics.jsonl", runFolder.string(), "is the disk full?");
}

std::vector<StepMetrics> readMetrics(const std::filesystem::path& runFolder)
{
    std::vector<StepMetrics> metrics;
    std::ifstream in(runFolder / "metrics.jsonl", std::ios::binary);
    for (std::string line; std::getline(in, line);) {
        const nlohmann::json json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (json.is_object())
            metrics.push_back(stepMetricsFromJson(json));
    }
    return metrics;
}

void truncateMetrics(const std::filesystem::path& runFolder, int64_t step)
{
    std::ostringstream kept;
    for (const StepMetrics& m : readMetrics(runFolder))
        if (m.step <= step)
            kept << toJson(m).dump() << '\n';
    writeFileAtomically(runFolder / "metrics.jsonl", kept.str());
}

std::filesystem::path checkpointFolder(const std::filesystem::path& runFolder, int64_t step)
{
    char name[32];
    std::snprintf(name, sizeof name, "%s%06lld", kCheckpointPrefix, static_cast<long long>(step));
    return runFolder / "checkpoints" / name;
}

std::vector<std::filesystem::path> listCheckpoints(const std::filesystem::path& runFolder)
{
    std::vector<std::filesystem::path> folders;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(runFolder / "checkpoints", error)) {
        const std::string name = entry.path().filename().string();
        // A checkpoint is complete once its trainer_state.json (written last) exists.
        if (entry.is_directory() && name.rfind(kCheckpointPrefix, 0) == 0
            && std::filesystem::exists(entry.path() / "trainer_state.json"))
            folders.push_back(entry.path());
    }
    std::sort(folders.begin(), folders.end());
    return folders;
}

std::vector<RunSummary> listRuns(const std::filesystem::path& runsFolder)
{
    std::vector<RunSummary> runs;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(runsFolder, error)) {
        if (!entry.is_directory() || !std::filesystem::exists(entry.path() / "run.json"))
            continue;
        nlohmann::json run;
        try {
            run = readRunJson(entry.path());
        } catch (const Error&) {
            continue;
        }
        RunSummary summary;
        summary.folder = entry.path();
        summary.name = entry.path().filename().string();
        summary.model = run.value(nlohmann::json::json_pointer("/options/model"), std::string());
        summary.status = run.value("status", std::string("unknown"));
        const std::vector<StepMetrics> metrics = readMetrics(entry.path());
        if (!metrics.empty()) {
            summary.steps = metrics.back().step;
            summary.totalSteps = metrics.back().totalSteps;
            summary.lastLoss = metrics.back().loss;
        }
        for (auto it = metrics.rbegin(); it != metrics.rend() && !summary.lastEvalLoss; ++it)
            summary.lastEvalLoss = it->evalLoss;
        summary.hasAdapter = std::filesystem::exists(entry.path() / "adapter" / "adapter_model.safetensors");
        runs.push_back(std::move(summary));
    }
    std::sort(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) { return a.name > b.name; });
    return runs;
}

} // namespace qs::train
