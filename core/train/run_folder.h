// The run folder (DESIGN.md §3): run.json with the settings and status,
// metrics.jsonl with one line per step, checkpoints/step-NNNNNN/ and the final
// adapter/. Shared by the trainer that writes it and the CLI and Runs page that read it.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace qs::train {

struct StepMetrics {
    int64_t step = 0; // optimizer steps done
    int64_t totalSteps = 0;
    double epoch = 0; // fractional
    double loss = 0;  // mean over the step's trained tokens
    double learningRate = 0;
    double gradNorm = 0; // before clipping
    double tokensPerSecond = 0;
    double memoryGib = 0; // peak GPU memory allocated in the step (0 on the CPU)
    double elapsedSeconds = 0;
    double etaSeconds = 0;
    std::optional<double> evalLoss;
};

nlohmann::json toJson(const StepMetrics& metrics);
StepMetrics stepMetricsFromJson(const nlohmann::json& json);

// "<runs>/<yyyymmdd-hhmmss>-<name>", created; a suffix keeps it unique.
std::filesystem::path createRunFolder(const std::filesystem::path& runsFolder, const std::string& runName);

void writeRunJson(const std::filesystem::path& runFolder, const nlohmann::json& run); // atomic
// Throws qs::Error naming the file when it is missing or not JSON.
nlohmann::json readRunJson(const std::filesystem::path& runFolder);

void appendMetrics(const std::filesystem::path& runFolder, const StepMetrics& metrics);
// Lines that do not parse (a run killed mid-write) are skipped.
std::vector<StepMetrics> readMetrics(const std::filesystem::path& runFolder);
// Drops lines of steps after `step` (a resumed run repeats them), atomically.
void truncateMetrics(const std::filesystem::path& runFolder, int64_t step);

// checkpoints/step-NNNNNN folders, by step.
std::filesystem::path checkpointFolder(const std::filesystem::path& runFolder, int64_t step);
std::vector<std::filesystem::path> listCheckpoints(const std::filesystem::path& runFolder);

struct RunSummary {
    std::filesystem::path folder;
    std::string name;
    std::string model;
    std::string status; // running, finished, stopped, out_of_memory, failed
    int64_t steps = 0;
    int64_t totalSteps = 0;
    std::optional<double> lastLoss;
    std::optional<double> lastEvalLoss;
    bool hasAdapter = false;
};

// The runs in a folder, newest first; folders without a readable run.json are left out.
std::vector<RunSummary> listRuns(const std::filesystem::path& runsFolder);

} // namespace qs::train
