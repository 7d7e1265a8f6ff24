#ifndef CONSTANT_TIME_H
#define CONSTANT_TIME_H
#include <stdint.h>
/* Returns its argument unchanged. Compiled separately, so the Swift
   optimizer cannot see through it: a mask that passes through it cannot be
   proven to be 0 or all ones, and a masked select on it cannot be turned
   back into a branch on secret data. */
uint64_t ct_value_barrier(uint64_t value);
/* Marks memory as public for valgrind's memcheck (a no-op elsewhere): for
   results that are public by design although computed from secrets, such
   as whether an encoding decoded, so that the ctgrind harness
   (Sources/ConstantTimeCheck) does not report the branch on them. */
void ct_declassify(const void *address, unsigned long length);
#endif
