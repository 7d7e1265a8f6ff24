/* Declarations only (include/fuzzing.h); the driver comes from libFuzzer
   when the fuzzers are built with -sanitize=fuzzer (tools/fuzz.sh). */
#include "fuzzing.h"
