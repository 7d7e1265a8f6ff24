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

/// Fp6 = Fp2[v]/(v^3 - (1 + u)) product r = a*b, each element c0, c1, c2
/// (36 limbs, Montgomery form) with lazy reduction: eighteen 6x6 products
/// at 768 bits, one Montgomery reduction per output coordinate (six). Limbs
/// of a, b below p (reduced); r fully reduced; r may alias a or b. Written by
/// tools/gen_fp6_asm.py into fp6_adx.S; x86-64 with BMI2 and ADX only.
/// Constant time.
void vault_fp6_mul_adx(uint64_t r[36], const uint64_t a[36], const uint64_t b[36]);

/// Sparse Fp6 product r = a*(b0 + b1 v), b = b0 then b1 (24 limbs): fifteen
/// 6x6 products, six reductions. Same file, same conditions.
void vault_fp6_mul_by01_adx(uint64_t r[36], const uint64_t a[36], const uint64_t b[24]);

/// Fp12 = Fp6[w]/(w^2 - v) product by a Miller-loop line, r = a*(l0 + l1 v +
/// l4 v w), a and r 72 limbs (c0 then c1, each an Fp6 as above), l = (l0,
/// l1, l4) 36 limbs: 39 6x6 products, 12 reductions. Same file, same
/// conditions.
void vault_fp12_mul_by_line_adx(uint64_t r[72], const uint64_t a[72], const uint64_t l[36]);

/// Karabina's compressed cyclotomic squaring of (h1, h2, h4, h5), 48 limbs
/// (four Fp2): h1' = 3 xi d1 + 2 h1, h2' = 3 b0 - 2 h2, h4' = 3 d0 - 2 h4,
/// h5' = 3 b1 + 2 h5 with (b0, b1) = (h1 + h4 s)^2 and (d0, d1) = (h2 + h5 s)^2
/// in Fp4 = Fp2[s]/(s^2 - xi): twelve 6x6 products, eight reductions.
/// Call with b = a (the kernel multiplies a's coordinates by b's). Same
/// file, same conditions; r may alias a.
void vault_fp12_cyclotomic_sqr_compressed_adx(uint64_t r[48], const uint64_t a[48], const uint64_t b[48]);

#endif
