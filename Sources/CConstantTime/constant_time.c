#include "constant_time.h"
uint64_t ct_value_barrier(uint64_t value) { return value; }
