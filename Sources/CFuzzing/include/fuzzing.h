#ifndef FUZZING_H
#define FUZZING_H
#include <stddef.h>
#include <stdint.h>
/* libFuzzer's driver (compiler-rt, FuzzerInterface.h). SwiftPM links an
   executable's entry point as <Module>_main, so the fuzz build defines that
   and hands over to the driver instead of relying on libFuzzer's main. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
