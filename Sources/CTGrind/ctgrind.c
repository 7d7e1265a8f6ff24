#include "ctgrind.h"
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
void ct_poison(const void *address, unsigned long length) { VALGRIND_MAKE_MEM_UNDEFINED(address, length); }
void ct_unpoison(const void *address, unsigned long length) { VALGRIND_MAKE_MEM_DEFINED(address, length); }
int ct_running_on_valgrind(void) { return RUNNING_ON_VALGRIND; }
#else
void ct_poison(const void *address, unsigned long length) { (void)address; (void)length; }
void ct_unpoison(const void *address, unsigned long length) { (void)address; (void)length; }
int ct_running_on_valgrind(void) { return 0; }
#endif
