// The kernels themselves are in fp_mul_adx.S (tools/gen_fp_asm.py),
// fp2_adx.S (tools/gen_fp2_asm.py) and fp6_adx.S (tools/gen_fp6_asm.py);
// this file gives the C target a translation unit on every architecture.
#include "field_kernels.h"
