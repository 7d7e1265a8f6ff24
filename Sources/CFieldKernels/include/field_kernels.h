#ifndef VAULT_FIELD_KERNELS_H
#define VAULT_FIELD_KERNELS_H
#include <stdint.h>

/// Montgomery product in Fp of BLS12-381: r = a·b·2^-384 mod p for a, b < 2p,
/// with r fully reduced. x86-64 with BMI2 and ADX only (mulx, adcx, adox);
/// written by tools/gen_fp_asm.py into fp_mul_adx.S. Constant time.
void vault_fp_mul_adx(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]);

#endif
