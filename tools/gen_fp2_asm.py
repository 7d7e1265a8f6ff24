#!/usr/bin/env python3
"""Writes Sources/CFieldKernels/fp2_adx.S: whole Fp2 = Fp[u]/(u^2 + 1)
multiplication and squaring of BLS12-381 for x86-64 CPUs with BMI2 and ADX,
so that the tower makes one call per Fp2 product instead of three Fp
products and five additions or subtractions (docs/BLS12381.md, issue 14).

Multiplication: Karatsuba with u^2 = -1 and lazy (separated) reduction, as
in Aranha, Karabina, Longa, Gebotys, Lopez, "Faster explicit formulas for
computing pairings over ordinary curves" (EUROCRYPT 2011, Alg. 2), and
blst's mul_mont_384x:
    T0 = a0*b0, T1 = a1*b1, T2 = (a0 + a1)(b0 + b1)   (768-bit products)
    c0 = REDC(T0 - T1 [+ p*2^384 when it borrows]),  c1 = REDC(T2 - T0 - T1)
Three 6x6 products and two Montgomery reductions: 180 mulx instead of the
216 of three CIOS products. For inputs below 2p every value handed to REDC
is below p*2^384 (T2 - T0 - T1 = a0*b1 + a1*b0 < 8p^2 and 8p < 2^384), so
REDC's result is below 2p and one cmov-selected subtraction of p reduces it.

Squaring (reduced inputs): c0 = (a0 + a1)(a0 - a1 + p), c1 = (2 a0) a1,
two products and two reductions, the sums unreduced (below 2p, products
below 4p^2 < p*2^384).

Products are row-wise schoolbook, each row two carry chains (mulx, low
halves through adox, high halves through adcx: Ozturk, Guilford, Gopal,
Feghali, "New Instructions Supporting Large Integer Arithmetic on Intel
Architecture Processors", 2012). REDC is Montgomery's reduction word by word
(Montgomery 1985; the reduction rows of CIOS, Koc-Acar-Kaliski 1996) of the
low half, then the high half added. No branch and no memory index depends
on the data: borrows become masks (sbb) and the final subtraction is cmov.

Run: python3 tools/gen_fp2_asm.py
"""
import os

import fp_asm
from fp_asm import INV, N, P, mulx_row, subtract_p_if_not_below
OUT = os.path.join(os.path.dirname(__file__), "..", "Sources", "CFieldKernels", "fp2_adx.S")

o = []
w = o.append


def plimb(j):
    return f".Lfp2_p+{8 * j}(%rip)"


def helper(name):
    fp_asm.helper(w, name)


def emit_mul384():
    """out[12] = a[6] * b[6]; rdi = out, rsi = a, rcx = b."""
    fp_asm.emit_mul384(w, "vault_fp2_mul384")


def emit_redc():
    """out[6] = T[12] * 2^-384 mod p for T < p*2^384, fully reduced;
    rdi = out, rsi = T. Clobbers rax, rbx, rcx, rdx, rbp, r8-r15, flags."""
    helper("vault_fp2_redc")
    t = ["r8", "r9", "r10", "r11", "r12", "r13", "r14"]
    for j in range(N):
        w(f"    movq {8 * j}(%rsi), %{t[j]}")
    w(f"    xorl %{t[N]}d, %{t[N]}d")
    for i in range(N):
        w(f"    # reduction row {i}: t += m*p, m = t0*(-1/p) mod 2^64, which clears t0")
        w(f"    movq %{t[0]}, %rdx")
        w("    imulq .Lfp2_inv(%rip), %rdx")
        w("    xorl %ebp, %ebp")
        mulx_row(w, plimb, t)
        t = t[1:] + t[:1]  # the cleared limb (zero) becomes the new top
    w("    # + high half: below 2p for T < p*2^384")
    for j in range(N):
        w(f"    {'addq' if j == 0 else 'adcq'} {8 * (N + j)}(%rsi), %{t[j]}")
    subtract_p_if_not_below(w, t, ["rax", "rbx", "rbp", "rdx", "rcx", "r15"], plimb)
    for j in range(N):
        w(f"    movq %{t[j]}, {8 * j}(%rdi)")
    w("    ret")
    w("    .size vault_fp2_redc, .-vault_fp2_redc")


def add6(dst, x, y, regs):
    """dst = x + y over six limbs, no reduction (memory operands)."""
    for j in range(N):
        w(f"    movq {x(j)}, %{regs[j]}")
    for j in range(N):
        w(f"    {'addq' if j == 0 else 'adcq'} {y(j)}, %{regs[j]}")
    for j in range(N):
        w(f"    movq %{regs[j]}, {dst(j)}")


def sub12(dst, y):
    """dst -= y over twelve limbs in the frame; leaves the borrow in CF."""
    for j in range(2 * N):
        w(f"    movq {dst + 8 * j}(%rsp), %rax")
        w(f"    {'subq' if j == 0 else 'sbbq'} {y + 8 * j}(%rsp), %rax")
        w(f"    movq %rax, {dst + 8 * j}(%rsp)")


def prologue(name):
    w("    .globl " + name)
    w("    .hidden " + name)
    w(f"    .type {name}, @function")
    w("    .p2align 5")
    w(name + ":")
    for reg in ("rbx", "rbp", "r12", "r13", "r14", "r15"):
        w(f"    pushq %{reg}")


def epilogue(name, frame):
    w(f"    addq ${frame}, %rsp")
    for reg in ("r15", "r14", "r13", "r12", "rbp", "rbx"):
        w(f"    popq %{reg}")
    w("    ret")
    w(f"    .size {name}, .-{name}")


def emit_fp2_mul():
    # frame: SA 0, SB 48, T0 96, T1 192, T2 288, saved r 384, a 392, b 400
    SA, SB, T0, T1, T2, R, A, B, FRAME = 0, 48, 96, 192, 288, 384, 392, 400, 408
    name = "vault_fp2_mul_adx"
    prologue(name)
    w(f"    subq ${FRAME}, %rsp")
    w(f"    movq %rdi, {R}(%rsp)")
    w(f"    movq %rsi, {A}(%rsp)")
    w(f"    movq %rdx, {B}(%rsp)")
    w("    movq %rdx, %rcx")
    regs = ["r8", "r9", "r10", "r11", "r12", "r13"]
    w("    # SA = a0 + a1, SB = b0 + b1 (below 4p < 2^384 for inputs below 2p)")
    add6(lambda j: f"{SA + 8 * j}(%rsp)", lambda j: f"{8 * j}(%rsi)", lambda j: f"{48 + 8 * j}(%rsi)", regs)
    add6(lambda j: f"{SB + 8 * j}(%rsp)", lambda j: f"{8 * j}(%rcx)", lambda j: f"{48 + 8 * j}(%rcx)", regs)
    w("    # T0 = a0*b0")
    w(f"    leaq {T0}(%rsp), %rdi")
    w("    call vault_fp2_mul384")
    w("    # T1 = a1*b1")
    w(f"    leaq {T1}(%rsp), %rdi")
    w(f"    movq {A}(%rsp), %rsi")
    w(f"    movq {B}(%rsp), %rcx")
    w("    addq $48, %rsi")
    w("    addq $48, %rcx")
    w("    call vault_fp2_mul384")
    w("    # T2 = SA*SB")
    w(f"    leaq {T2}(%rsp), %rdi")
    w(f"    leaq {SA}(%rsp), %rsi")
    w(f"    leaq {SB}(%rsp), %rcx")
    w("    call vault_fp2_mul384")
    w("    # T2 = T2 - T0 - T1 = a0*b1 + a1*b0 (never negative)")
    sub12(T2, T0)
    sub12(T2, T1)
    w("    # T0 = T0 - T1, plus p*2^384 when it borrows (mask from the borrow)")
    sub12(T0, T1)
    w("    sbbq %rdx, %rdx")
    for j in range(N):
        w(f"    movq {plimb(j)}, %{regs[j]}")
    for j in range(N):
        w(f"    andq %rdx, %{regs[j]}")
    for j in range(N):
        w(f"    {'addq' if j == 0 else 'adcq'} %{regs[j]}, {T0 + 8 * (N + j)}(%rsp)")
    w("    # c0 = REDC(T0), c1 = REDC(T2)")
    w(f"    movq {R}(%rsp), %rdi")
    w(f"    leaq {T0}(%rsp), %rsi")
    w("    call vault_fp2_redc")
    w(f"    movq {R}(%rsp), %rdi")
    w("    addq $48, %rdi")
    w(f"    leaq {T2}(%rsp), %rsi")
    w("    call vault_fp2_redc")
    epilogue(name, FRAME)


def emit_fp2_sqr():
    # frame: S 0, D 48, E 96, T 144 (12 limbs), saved r 240, a 248
    S, D, E, T, R, A, FRAME = 0, 48, 96, 144, 240, 248, 264
    name = "vault_fp2_sqr_adx"
    prologue(name)
    w(f"    subq ${FRAME}, %rsp")
    w(f"    movq %rdi, {R}(%rsp)")
    w(f"    movq %rsi, {A}(%rsp)")
    regs = ["r8", "r9", "r10", "r11", "r12", "r13"]
    w("    # S = a0 + a1, E = 2 a0 (below 2p)")
    add6(lambda j: f"{S + 8 * j}(%rsp)", lambda j: f"{8 * j}(%rsi)", lambda j: f"{48 + 8 * j}(%rsi)", regs)
    add6(lambda j: f"{E + 8 * j}(%rsp)", lambda j: f"{8 * j}(%rsi)", lambda j: f"{8 * j}(%rsi)", regs)
    w("    # D = a0 + p - a1 (in (0, 2p))")
    for j in range(N):
        w(f"    movq {8 * j}(%rsi), %{regs[j]}")
    for j in range(N):
        w(f"    {'addq' if j == 0 else 'adcq'} {plimb(j)}, %{regs[j]}")
    for j in range(N):
        w(f"    {'subq' if j == 0 else 'sbbq'} {48 + 8 * j}(%rsi), %{regs[j]}")
    for j in range(N):
        w(f"    movq %{regs[j]}, {D + 8 * j}(%rsp)")
    w("    # c0 = REDC(S*D)")
    w(f"    leaq {T}(%rsp), %rdi")
    w(f"    leaq {S}(%rsp), %rsi")
    w(f"    leaq {D}(%rsp), %rcx")
    w("    call vault_fp2_mul384")
    w(f"    movq {R}(%rsp), %rdi")
    w(f"    leaq {T}(%rsp), %rsi")
    w("    call vault_fp2_redc")
    w("    # c1 = REDC(E*a1)")
    w(f"    leaq {T}(%rsp), %rdi")
    w(f"    leaq {E}(%rsp), %rsi")
    w(f"    movq {A}(%rsp), %rcx")
    w("    addq $48, %rcx")
    w("    call vault_fp2_mul384")
    w(f"    movq {R}(%rsp), %rdi")
    w("    addq $48, %rdi")
    w(f"    leaq {T}(%rsp), %rsi")
    w("    call vault_fp2_redc")
    epilogue(name, FRAME)


def main():
    assert 8 * P < 1 << 384  # T2 - T0 - T1 < 8p^2 < p*2^384 for inputs below 2p
    p = [(P >> (64 * i)) & ((1 << 64) - 1) for i in range(N)]
    w("// Generated by tools/gen_fp2_asm.py. Do not edit by hand.")
    w("// void vault_fp2_mul_adx(uint64_t r[12], const uint64_t a[12], const uint64_t b[12]);")
    w("//   r = a*b in Fp2 (Montgomery form, R = 2^384), a, b limbs below 2p, r reduced.")
    w("// void vault_fp2_sqr_adx(uint64_t r[12], const uint64_t a[12]);")
    w("//   r = a^2 in Fp2, a reduced (below p), r reduced.")
    w("// Layout: c0 then c1, six little-endian limbs each. System V AMD64 ABI;")
    w("// r may alias a or b (the inputs are read before r is written).")
    w("#if defined(__x86_64__) && defined(__ELF__)")
    w("    .section .rodata")
    w("    .p2align 6")
    w(".Lfp2_p:")
    for limb in p:
        w(f"    .quad 0x{limb:016x}")
    w(".Lfp2_inv:")
    w(f"    .quad 0x{INV:016x}")
    w("    .text")
    emit_mul384()
    emit_redc()
    emit_fp2_mul()
    emit_fp2_sqr()
    w("#endif")
    w('    .section .note.GNU-stack,"",@progbits')
    with open(OUT, "w") as f:
        f.write("\n".join(o) + "\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
