// Precompiled header of qs_core: the libtorch API, parsed once per build.
// Only core's .cpp files and *_impl.h headers may rely on it.
#pragma once
#include <torch/torch.h>
