#ifndef VAULT_FIELD_KERNELS_H
#define VAULT_FIELD_KERNELS_H
#include <stdint.h>

/// Montgomery product in Fp of BLS12-381: r = a·b·2^-384 mod p for a, b < 2p,
/// with r fully reduced. x86-64 with BMI2 and ADX only (mulx, adcx, adox);
/// written by tools/gen_fp_asm.py into fp_mul_adx.S. Constant time.
void vault_fp_mul_adx(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]);

/// Fp2 = Fp[u]/(u^2 + 1) product r = a*b, each element c0 then c1 (twelve
/// limbs, Montgomery form): Karatsuba with lazy reduction, three 6x6
/// products and two Montgomery reductions. Limbs of a, b below 2p; r fully
/// reduced; r may alias a or b. Written by tools/gen_fp2_asm.py into
/// fp2_adx.S; x86-64 with BMI2 and ADX only. Constant time.
void vault_fp2_mul_adx(uint64_t r[12], const uint64_t a[12], const uint64_t b[12]);

/// Fp2 square r = a^2 (two products, two reductions); a reduced (below p),
/// r fully reduced, r may alias a. Same file, same conditions.
void vault_fp2_sqr_adx(uint64_t r[12], const uint64_t a[12]);

#endif
