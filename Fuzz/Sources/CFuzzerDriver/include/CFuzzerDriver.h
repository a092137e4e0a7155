#ifndef CFUZZERDRIVER_H
#define CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point for programs that have their own main (compiler-rt's FuzzerInterface.h). Each fuzz target
   is a Swift executable whose main hands its test function to this driver. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif
