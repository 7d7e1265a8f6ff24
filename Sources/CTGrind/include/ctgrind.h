#ifndef CTGRIND_H
#define CTGRIND_H
/* Marks memory as secret (undefined) or public (defined) for valgrind's
   memcheck, in the manner of Langley's ctgrind: any branch or memory index
   that depends on secret bytes is then reported as a use of undefined data.
   Outside valgrind these are no-ops. */
void ct_poison(const void *address, unsigned long length);
void ct_unpoison(const void *address, unsigned long length);
int ct_running_on_valgrind(void);
#endif
