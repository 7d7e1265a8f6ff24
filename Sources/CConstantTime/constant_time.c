#include "constant_time.h"
uint64_t ct_value_barrier(uint64_t value) { return value; }
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
void ct_declassify(const void *address, unsigned long length) { VALGRIND_MAKE_MEM_DEFINED(address, length); }
#else
void ct_declassify(const void *address, unsigned long length) { (void)address; (void)length; }
#endif
