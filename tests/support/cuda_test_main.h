// main() of a Qt Test that needs a CUDA GPU: without one it exits 77, which
// CTest reports as not run — never as passed.
#pragma once

#include <QTest>
#include <cstdio>
#include <torch/torch.h>

#define QS_CUDA_TEST_MAIN(TestClass)                                                                                   \
    int main(int argc, char** argv)                                                                                    \
    {                                                                                                                  \
        if (!torch::cuda::is_available()) {                                                                            \
            std::printf("CUDA is not available: " #TestClass " not run\n");                                            \
            return 77;                                                                                                 \
        }                                                                                                              \
        TestClass test;                                                                                                \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
