// config.json texts for test_model_config (kept out of the .cpp: moc cannot read raw strings).
#pragma once

// Published parameter counts: Llama-3.1-8B 8,030,261,248; Mistral-7B-v0.1 7,241,732,096;
// Qwen2-0.5B 494,032,768 (tied embeddings, q/k/v bias).
inline constexpr const char* kLlama31_8B = R"({"model_type": "llama", "vocab_size": 128256, "hidden_size": 4096,
  "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
  "max_position_embeddings": 131072, "rope_theta": 500000.0, "rms_norm_eps": 1e-05,
  "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                   "original_max_position_embeddings": 8192, "rope_type": "llama3"},
  "tie_word_embeddings": false, "torch_dtype": "bfloat16"})";
inline constexpr const char* kMistral7B = R"({"model_type": "mistral", "vocab_size": 32000, "hidden_size": 4096,
  "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
  "rope_theta": 10000.0, "tie_word_embeddings": false})";
inline constexpr const char* kQwen2_05B = R"({"model_type": "qwen2", "vocab_size": 151936, "hidden_size": 896,
  "intermediate_size": 4864, "num_hidden_layers": 24, "num_attention_heads": 14, "num_key_value_heads": 2,
  "rope_theta": 1000000.0, "tie_word_embeddings": true})";
inline constexpr const char* kTiny = R"({"model_type": "llama", "vocab_size": 16, "hidden_size": 8,
  "intermediate_size": 12, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1,
  "tie_word_embeddings": true})";
inline constexpr const char* kGpt2 = R"({"model_type": "gpt2", "vocab_size": 50257})";
inline constexpr const char* kNoHidden = R"({"model_type": "llama", "vocab_size": 16})";
