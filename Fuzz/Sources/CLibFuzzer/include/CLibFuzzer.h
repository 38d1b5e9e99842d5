// libFuzzer's driver entry point (compiler-rt, -fsanitize=fuzzer), declared for Swift.
//
// SwiftPM links every executable with its own `main` (it renames the module's entry point and
// points `main` at it), so libFuzzer's `main` is never used: each fuzz target's main.swift
// calls this instead, with the process's arguments and its test-one-input function.
#ifndef CLIBFUZZER_H
#define CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
