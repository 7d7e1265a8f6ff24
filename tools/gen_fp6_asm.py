#!/usr/bin/env python3
"""Writes Sources/CFieldKernels/fp6_adx.S: Fp6 = Fp2[v]/(v^3 - xi), xi = 1 + u,
multiplication of BLS12-381 with lazy reduction one level above Fp2, for
x86-64 CPUs with BMI2 and ADX (docs/BLS12381.md, "Field kernels").

Karatsuba over the three Fp2 coefficients (six Fp2 products), each Fp2
product Karatsuba over u (three Fp products): eighteen 6x6 products kept at
768 bits and never reduced on their own. Every output coordinate of the Fp6
product is an integer linear combination of those eighteen products (with
u^2 = -1 and v^3 = 1 + u applied to unreduced values); the kernel sums it
in 768-bit two's complement, adds a constant multiple C of p that makes the
true integer non-negative, and reduces only these six sums: 6 Montgomery
reductions instead of the 12 of six reduced Fp2 products, and no reduced
additions in between. This is the lazy reduction of Aranha, Karabina,
Longa, Gebotys, Lopez, "Faster explicit formulas for computing pairings
over ordinary curves" (EUROCRYPT 2011, Alg. 3-4), taken to the end: one
reduction per output coordinate.

Bounds (checked exactly below, `component_range`, for inputs below p):
each output coordinate is a bilinear form in the input coordinates (an
affine one where an operand carries + k p), so its extremes over
[0, p-1]^n lie on vertices; the generator evaluates them all and picks
C = p * ceil(-min / p). Then 0 <= W = value + C < k * p * 2^384 with k the
smallest of 1..4 that holds (asserted per coordinate, with (k + 1) p <
2^384; for the Fp6 and line products every coordinate has k = 1, ranges
within (-5p^2, 6p^2) and widths at most 8p^2 < p * 2^384 = 9.84p^2).
Since 0 <= W < 2^768 the wrapped 768-bit sum is W exactly. REDC of W gives
(L + m p)/2^384 + H <= p + H < (k + 1) p (L, H the halves of W), and k
cmov-selected subtractions of p leave it below p. Operand sums (at most four
input coordinates, eight in the line product) stay below 8p < 2^384.

The same construction gives three more kernels: the sparse product by
b0 + b1 v (five Fp2 products, fifteen 6x6 products, six reductions instead
of ten); the Miller loop's Fp12 product by a line l0 + l1 v + l4 v w
(thirteen Fp2 products, 39 6x6 products, twelve reductions instead of 26);
and Karabina's compressed cyclotomic squaring (six Fp2 squares as twelve
6x6 products, (x0 + x1)(x0 - x1 + k p) and x0 x1 each, eight reductions
instead of twelve), whose outputs 3x +- 2h take the reduced x and finish
with modular additions in registers (`POST`).
A kernel's operands may be the same array (the squaring is called with
b = a); the range analysis then treats the two factors of every product
as independent, which over-approximates and stays sound.

Products are the row-wise schoolbook of fp_asm.emit_mul384 (mulx, adcx,
adox: Ozturk, Guilford, Gopal, Feghali 2012); REDC is Montgomery's word by
word reduction (Montgomery 1985). Nothing branches on data and no memory
index depends on it: constants are fixed per coordinate, subtractions cmov.

Run: python3 tools/gen_fp6_asm.py [output path]
"""
import itertools
import os
import sys
from collections import Counter

import fp_asm
from fp_asm import INV, N, P, mulx_row, subtract_p_if_not_below

OUT = os.path.join(os.path.dirname(__file__), "..", "Sources", "CFieldKernels", "fp6_adx.S")
R384 = 1 << 384

o = []
w = o.append


def plimb(j):
    return f".Lfp6_p+{8 * j}(%rip)"


# ---------------------------------------------------------------- symbolic
# An input coordinate is (operand, i, k): operand "a" or "b", Fp2 coefficient
# i (of v^i), Fp coordinate k (of u^k); in memory at byte 96 i + 48 k.
# An Fp "sum" is a frozenset of coordinates of one operand (their sum).
# A raw product is a pair of sums; an Fp2 value over raws is (re, im), each a
# Counter from raw product to integer coefficient.

class Signed(tuple):
    """An operand sum(pos) - sum(neg) + kp * p (kp >= len(neg) keeps it
    non-negative for reduced coordinates): congruent to sum(pos) - sum(neg),
    which is all the product needs, since only the final sums are reduced."""
    def __new__(cls, pos, neg, kp):
        assert kp >= len(neg)
        return super().__new__(cls, (frozenset(pos), frozenset(neg), kp))


def terms(s):
    """The coordinates of an operand with their signs, and its constant."""
    if isinstance(s, Signed):
        pos, neg, kp = s
        return [(c, 1) for c in sorted(pos)] + [(c, -1) for c in sorted(neg)], kp * P
    return [(c, 1) for c in sorted(s)], 0


def value(s, vals):
    ts, const = terms(s)
    return sum(sign * vals[c] for c, sign in ts) + const


def max_value(s):
    ts, const = terms(s)
    return sum(P - 1 for _, sign in ts if sign > 0) + const


class Algebra:
    def __init__(self):
        self.raws = []

    def raw(self, x, y):
        key = (x if isinstance(x, Signed) else frozenset(x), y if isinstance(y, Signed) else frozenset(y))
        if key not in self.raws:
            self.raws.append(key)
        return self.raws.index(key)

    def fp2_mul(self, x, y):
        """Karatsuba over u, u^2 = -1: x, y are pairs of sums."""
        r0 = self.raw(x[0], y[0])
        r1 = self.raw(x[1], y[1])
        r2 = self.raw(x[0] | x[1], y[0] | y[1])
        return (Counter({r0: 1, r1: -1}), Counter({r2: 1, r0: -1, r1: -1}))

    def fp2_sqr(self, x, y):
        """x^2 with y the same element read through the other operand:
        (x0 + x1)(y0 - y1 + k p) = x0^2 - x1^2 mod p and 2 x0 y1; two products."""
        ra = self.raw(x[0] | x[1], Signed(y[0], y[1], len(y[1])))
        rb = self.raw(x[0], y[1])
        return (Counter({ra: 1}), Counter({rb: 2}))


def lin(*terms):
    out = Counter()
    for sign, c in terms:
        for key, v in c.items():
            out[key] += sign * v
    return Counter({key: v for key, v in out.items() if v})


def f2(sign_terms):
    """Sum of signed Fp2 values."""
    return (lin(*[(s, x[0]) for s, x in sign_terms]), lin(*[(s, x[1]) for s, x in sign_terms]))


def xi(x):
    """(x0 + x1 u)(1 + u) = (x0 - x1) + (x0 + x1) u."""
    return (lin((1, x[0]), (-1, x[1])), lin((1, x[0]), (1, x[1])))


def coeff(op, i):
    return (frozenset([(op, i, 0)]), frozenset([(op, i, 1)]))


def fp2_sum(x, y):
    return (x[0] | y[0], x[1] | y[1])


def fp6_mul(alg, a, b):
    """Karatsuba over v (six Fp2 products), a and b three Fp2 operands each:
    c0 = t0 + xi (s12 - t1 - t2), c1 = s01 - t0 - t1 + xi t2, c2 = s02 - t0 - t2 + t1."""
    t0 = alg.fp2_mul(a[0], b[0])
    t1 = alg.fp2_mul(a[1], b[1])
    t2 = alg.fp2_mul(a[2], b[2])
    s01 = alg.fp2_mul(fp2_sum(a[0], a[1]), fp2_sum(b[0], b[1]))
    s02 = alg.fp2_mul(fp2_sum(a[0], a[2]), fp2_sum(b[0], b[2]))
    s12 = alg.fp2_mul(fp2_sum(a[1], a[2]), fp2_sum(b[1], b[2]))
    c0 = f2([(1, t0), (1, xi(f2([(1, s12), (-1, t1), (-1, t2)])))])
    c1 = f2([(1, s01), (-1, t0), (-1, t1), (1, xi(t2))])
    c2 = f2([(1, s02), (-1, t0), (-1, t2), (1, t1)])
    return [c0, c1, c2]


def fp6_mul_by01(alg, a, b0, b1):
    """a (b0 + b1 v): t0 = a0 b0, t1 = a1 b1,
    c0 = t0 + xi a2 b1, c1 = (a0 + a1)(b0 + b1) - t0 - t1, c2 = a2 b0 + t1."""
    t0 = alg.fp2_mul(a[0], b0)
    t1 = alg.fp2_mul(a[1], b1)
    t21 = alg.fp2_mul(a[2], b1)
    s01 = alg.fp2_mul(fp2_sum(a[0], a[1]), fp2_sum(b0, b1))
    t20 = alg.fp2_mul(a[2], b0)
    return [f2([(1, t0), (1, xi(t21))]), f2([(1, s01), (-1, t0), (-1, t1)]), f2([(1, t20), (1, t1)])]


def fp6_mul_by1(alg, a, b1):
    """a (b1 v) = xi a2 b1 + a0 b1 v + a1 b1 v^2."""
    return [xi(alg.fp2_mul(a[2], b1)), alg.fp2_mul(a[0], b1), alg.fp2_mul(a[1], b1)]


def fp6_mul_by_v(x):
    return [xi(x[2]), x[0], x[1]]


def flatten(coeffs):
    return [part for c in coeffs for part in c]


def fp6_mul_algebra():
    alg = Algebra()
    a = [coeff("a", i) for i in range(3)]
    b = [coeff("b", i) for i in range(3)]
    return alg, flatten(fp6_mul(alg, a, b))


def fp6_mul_by01_algebra():
    alg = Algebra()
    a = [coeff("a", i) for i in range(3)]
    return alg, flatten(fp6_mul_by01(alg, a, coeff("b", 0), coeff("b", 1)))


def fp12_mul_by_line_algebra():
    """f (l0 + l1 v + l4 v w) in Fp12 = Fp6[w]/(w^2 - v), f = f0 + f1 w, b =
    (l0, l1, l4): Karatsuba over w with the sparse Fp6 products,
    a = f0 (l0 + l1 v), b = f1 (l4 v), s = (f0 + f1)(l0 + (l1 + l4) v),
    c0 = a + v b, c1 = s - a - b: thirteen Fp2 products."""
    alg = Algebra()
    f0 = [coeff("a", i) for i in range(3)]
    f1 = [coeff("a", i) for i in range(3, 6)]
    l0, l1, l4 = coeff("b", 0), coeff("b", 1), coeff("b", 2)
    a = fp6_mul_by01(alg, f0, l0, l1)
    b = fp6_mul_by1(alg, f1, l4)
    s = fp6_mul_by01(alg, [fp2_sum(x, y) for x, y in zip(f0, f1)], l0, fp2_sum(l1, l4))
    vb = fp6_mul_by_v(b)
    c0 = [f2([(1, x), (1, y)]) for x, y in zip(a, vb)]
    c1 = [f2([(1, x), (-1, y), (-1, z)]) for x, y, z in zip(s, a, b)]
    return alg, flatten(c0 + c1)


def compressed_sqr_algebra():
    """Karabina's compressed cyclotomic squaring (CompressedCyclotomic.squared):
    input (h1, h2, h4, h5), both operands the same element (the kernel is
    called with b = a). The wide parts are the Fp4 squares
    b0 = h1^2 + xi h4^2, b1 = (h1 + h4)^2 - h1^2 - h4^2 and likewise d0, d1 of
    (h2, h5) (Fp2 squares as Karatsuba products, three 6x6 products each);
    the outputs h1' = 3 (xi d1) + 2 h1, h2' = 3 b0 - 2 h2, h4' = 3 d0 - 2 h4,
    h5' = 3 b1 + 2 h5 take the reduced parts times 3 and the linear terms
    with modular additions after the reductions (`POST`)."""
    alg = Algebra()
    h1, h2, h4, h5 = coeff("a", 0), coeff("a", 1), coeff("a", 2), coeff("a", 3)
    k1, k2, k4, k5 = coeff("b", 0), coeff("b", 1), coeff("b", 2), coeff("b", 3)

    def fp4_square(x, y, x_, y_):
        xx = alg.fp2_sqr(x, x_)
        yy = alg.fp2_sqr(y, y_)
        ss = alg.fp2_sqr(fp2_sum(x, y), fp2_sum(x_, y_))
        return f2([(1, xx), (1, xi(yy))]), f2([(1, ss), (-1, xx), (-1, yy)])

    b0, b1 = fp4_square(h1, h4, k1, k4)
    d0, d1 = fp4_square(h2, h5, k2, k5)
    return alg, flatten([xi(d1), b0, d0, b1])


# Per output coordinate of the compressed squaring: out = 3 REDC(W) + sign 2 h,
# h the input coordinate at the same position (so r may alias a).
POST = {"vault_fp12_cyclotomic_sqr_compressed_adx": [+1, +1, -1, -1, -1, -1, +1, +1]}


def component_range(alg, comp):
    """Exact min and max of a coordinate over inputs in [0, p-1], the two
    factors of each product taken as independent variables: the value is
    then affine in the right factors' coordinates for fixed left ones, and
    its max (min) over them is convex (concave) in the left ones, so both
    extremes lie on vertices; for each vertex of the left box the right side
    is optimised coordinate by coordinate."""
    acoords = sorted({c for r in comp for c, _ in terms(alg.raws[r][0])[0]})
    lo = hi = 0
    first = True
    for bits in itertools.product((0, P - 1), repeat=len(acoords)):
        av = dict(zip(acoords, bits))
        g = Counter()
        const = 0
        for r, coef in comp.items():
            x, y = alg.raws[r]
            xa = value(x, av)
            ts, yc = terms(y)
            for c, sign in ts:
                g[c] += coef * xa * sign
            const += coef * xa * yc
        mx = const + sum(max(0, v) for v in g.values()) * (P - 1)
        mn = const + sum(min(0, v) for v in g.values()) * (P - 1)
        if first:
            lo, hi, first = mn, mx, False
        else:
            lo, hi = min(lo, mn), max(hi, mx)
    return lo, hi


def evaluate(alg, comps, av, bv):
    """The integer value of each coordinate for input dicts (self-check)."""
    out = []
    for comp in comps:
        s = 0
        for r, coef in comp.items():
            x, y = alg.raws[r]
            s += coef * value(x, av) * value(y, bv)
        out.append(s)
    return out


def self_check(alg, comps, reference, na, nb):
    """The combinations are the product over the integers: mod p they equal
    the schoolbook reference on random inputs."""
    import random
    rng = random.Random(1)
    for _ in range(50):
        av = {("a", i, k): rng.randrange(P) for i in range(na) for k in range(2)}
        bv = {("b", i, k): rng.randrange(P) for i in range(nb) for k in range(2)}
        if reference is compressed_sqr_reference:
            bv = {("b", i, k): av[("a", i, k)] for i in range(nb) for k in range(2)}
        got = evaluate(alg, comps, av, bv)
        A = [(av[("a", i, 0)], av[("a", i, 1)]) for i in range(na)]
        B = [(bv[("b", i, 0)], bv[("b", i, 1)]) for i in range(nb)]
        assert [g % P for g in got] == [x for c in reference(A, B) for x in c]


def compressed_sqr_reference(A, B):
    """CompressedCyclotomic.squared over the integers mod p (B unused: a square),
    before the factor 3 and the linear terms (applied by `POST`)."""
    h1, h2, h4, h5 = A
    add = lambda p, q: ((p[0] + q[0]) % P, (p[1] + q[1]) % P)
    sub = lambda p, q: ((p[0] - q[0]) % P, (p[1] - q[1]) % P)
    xi_ = lambda p: fp2m(p, (1, 1))
    b0 = add(fp2m(h1, h1), xi_(fp2m(h4, h4)))
    b1 = sub(sub(fp2m(add(h1, h4), add(h1, h4)), fp2m(h1, h1)), fp2m(h4, h4))
    d0 = add(fp2m(h2, h2), xi_(fp2m(h5, h5)))
    d1 = sub(sub(fp2m(add(h2, h5), add(h2, h5)), fp2m(h2, h2)), fp2m(h5, h5))
    return [xi_(d1), b0, d0, b1]


def fp6_by01_reference(A, B):
    return fp6_reference(A, B + [(0, 0)])


def fp12_line_reference(A, B):
    """(f0 + f1 w)(g0 + g1 w), w^2 = v, g0 = l0 + l1 v, g1 = l4 v."""
    f0, f1 = A[:3], A[3:]
    g0, g1 = [B[0], B[1], (0, 0)], [(0, 0), B[2], (0, 0)]
    t0, t1 = fp6_reference(f0, g0), fp6_reference(f1, g1)
    x, y = fp6_reference(f0, g1), fp6_reference(f1, g0)
    vt1 = [fp2m(t1[2], (1, 1)), t1[0], t1[1]]
    add = lambda p, q: ((p[0] + q[0]) % P, (p[1] + q[1]) % P)
    return [add(p, q) for p, q in zip(t0, vt1)] + [add(p, q) for p, q in zip(x, y)]


def fp2m(x, y):
    return ((x[0] * y[0] - x[1] * y[1]) % P, (x[0] * y[1] + x[1] * y[0]) % P)


def fp6_reference(A, B):
    """Schoolbook in Fp6 mod p, v^3 = 1 + u."""
    acc = [(0, 0)] * 5
    for i in range(3):
        for j in range(3):
            t = fp2m(A[i], B[j])
            acc[i + j] = ((acc[i + j][0] + t[0]) % P, (acc[i + j][1] + t[1]) % P)
    out = []
    for k in range(3):
        x = acc[k]
        if k + 3 < 5:
            t = fp2m(acc[k + 3], (1, 1))
            x = ((x[0] + t[0]) % P, (x[1] + t[1]) % P)
        out.append(x)
    return out


# ---------------------------------------------------------------- emitter

REDC_KS = (1, 2, 3, 4)


def emit_redc():
    """Two helpers: out[6] = REDC(W) for W = low half in r8-r13, high half at
    (%rsi); rdi = out. vault_fp6_redc1 for W < p*2^384 (one subtraction of p),
    vault_fp6_redc2 for W < 2p*2^384 (two). Clobbers rax, rbx, rcx, rdx, rbp,
    r8-r15, flags."""
    for k in REDC_KS:
        name = f"vault_fp6_redc{k}"
        fp_asm.helper(w, name)
        t = ["r8", "r9", "r10", "r11", "r12", "r13", "r14"]
        w(f"    xorl %{t[N]}d, %{t[N]}d")
        for i in range(N):
            w(f"    # reduction row {i}: t += m*p, m = t0*(-1/p) mod 2^64, which clears t0")
            w(f"    movq %{t[0]}, %rdx")
            w("    imulq .Lfp6_inv(%rip), %rdx")
            w("    xorl %ebp, %ebp")
            mulx_row(w, plimb, t)
            t = t[1:] + t[:1]
        w(f"    # + high half: (L + m p)/2^384 <= p, so the sum is below (1 + {k}) p")
        for j in range(N):
            w(f"    {'addq' if j == 0 else 'adcq'} {8 * j}(%rsi), %{t[j]}")
        for _ in range(k):
            subtract_p_if_not_below(w, t, ["rax", "rbx", "rbp", "rdx", "rcx", "r15"], plimb)
        for j in range(N):
            w(f"    movq %{t[j]}, {8 * j}(%rdi)")
        w("    ret")
        w(f"    .size {name}, .-{name}")


def coord_offset(c):
    _, i, k = c
    return 96 * i + 48 * k


ACC = ["r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rax", "rbx", "rcx", "rdx"]


def emit_kernel(name, alg, comps, consts_label):
    """Frame: saved r, a, b; the operand sums; the raw products; H (a high
    half for REDC)."""
    R, A, B = 0, 8, 16
    off = 24
    # operand sums needed, smallest first, each from two available parts
    need = set()
    signed = []
    for x, y in alg.raws:
        for s in (x, y):
            if isinstance(s, Signed):
                if s not in signed:
                    signed.append(s)
            elif len(s) > 1:
                need.add(s)
    where = {}  # operand -> ("in", op, offset) | ("frame", offset)
    for x, y in alg.raws:
        for s in (x, y):
            for c, _ in terms(s)[0]:
                where[frozenset([c])] = ("in", c[0], coord_offset(c))
    plan = []
    for s in sorted(need, key=lambda s: (len(s), sorted(s))):
        split = None
        for s1 in sorted(where, key=lambda t: (-len(t), sorted(t))):
            if s1 < s and (s - s1) in where:
                split = (s1, s - s1)
                break
        assert split, s
        assert len(s) * (P - 1) < R384
        where[s] = ("frame", off)
        plan.append((s, split, off))
        off += 48
    signed_plan = []
    for s in signed:
        assert max_value(s) < R384
        where[s] = ("frame", off)
        signed_plan.append((s, off))
        off += 48
    raw_off = off
    off += 96 * len(alg.raws)
    H = off
    off += 48
    X, Y = off, off + 48
    off += 96
    FRAME = off  # only the file's own helpers are called: no alignment needed

    w("    .globl " + name)
    w("    .hidden " + name)
    w(f"    .type {name}, @function")
    w("    .p2align 5")
    w(name + ":")
    for reg in ("rbx", "rbp", "r12", "r13", "r14", "r15"):
        w(f"    pushq %{reg}")
    w(f"    subq ${FRAME}, %rsp")
    w(f"    movq %rdi, {R}(%rsp)")
    w(f"    movq %rsi, {A}(%rsp)")
    w(f"    movq %rdx, {B}(%rsp)")
    w("    movq %rdx, %rcx")

    def operand(s, j):
        kind = where[s]
        if kind[0] == "in":
            return f"{kind[2] + 8 * j}(%{'rsi' if kind[1] == 'a' else 'rcx'})"
        return f"{kind[1] + 8 * j}(%rsp)"

    w("    # operand sums (at most four coordinates below p each: below 4p < 2^384)")
    regs = ["r8", "r9", "r10", "r11", "r12", "r13"]
    for s, (s1, s2), so in plan:
        w(f"    # {'+'.join(f'{c[0]}{c[1]}{c[2]}' for c in sorted(s))}")
        for j in range(N):
            w(f"    movq {operand(s1, j)}, %{regs[j]}")
        for j in range(N):
            w(f"    {'addq' if j == 0 else 'adcq'} {operand(s2, j)}, %{regs[j]}")
        for j in range(N):
            w(f"    movq %{regs[j]}, {so + 8 * j}(%rsp)")

    for s, so in signed_plan:
        ts, const = terms(s)
        w(f"    # {' '.join(('+' if g > 0 else '-') + f'{c[0]}{c[1]}{c[2]}' for c, g in ts)} + {s[2]}p"
          f" (in [0, {max_value(s) / P:.0f}p])")
        for j in range(N):
            w(f"    movq .Lfp6_kp{s[2]}+{8 * j}(%rip), %{regs[j]}")
        for c, g in ts:
            for j in range(N):
                op = ("addq", "adcq") if g > 0 else ("subq", "sbbq")
                w(f"    {op[0] if j == 0 else op[1]} {operand(frozenset([c]), j)}, %{regs[j]}")
        for j in range(N):
            w(f"    movq %{regs[j]}, {so + 8 * j}(%rsp)")

    w("    # the raw 768-bit products")
    for n, (x, y) in enumerate(alg.raws):
        def show(s):
            ts, const = terms(s)
            return "".join(("+" if g > 0 else "-") + f"{c[0]}{c[1]}{c[2]}" for c, g in ts).lstrip("+") + (f"+{s[2]}p" if const else "")
        w(f"    # raw {n}: ({show(x)})*({show(y)})")
        w(f"    leaq {raw_off + 96 * n}(%rsp), %rdi")
        for s, reg, base in ((x, "rsi", A), (y, "rcx", B)):
            kind = where[s]
            if kind[0] == "in":
                w(f"    movq {base}(%rsp), %{reg}")
                if kind[2]:
                    w(f"    addq ${kind[2]}, %{reg}")
            else:
                w(f"    leaq {kind[1]}(%rsp), %{reg}")
        w("    call vault_fp6_mul384")

    for ci, (comp, (const, k)) in enumerate(zip(comps, consts_label)):
        w(f"    # output coordinate {ci}: W = C{ci} + sum of raws, below {k} p 2^384")
        for j in range(2 * N):
            w(f"    movq .Lfp6_{name}_c{ci}+{8 * j}(%rip), %{ACC[j]}")
        for r, coef in sorted(comp.items()):
            for _ in range(abs(coef)):
                first, rest = ("addq", "adcq") if coef > 0 else ("subq", "sbbq")
                for j in range(2 * N):
                    w(f"    {first if j == 0 else rest} {raw_off + 96 * r + 8 * j}(%rsp), %{ACC[j]}")
        for j in range(N):
            w(f"    movq %{ACC[N + j]}, {H + 8 * j}(%rsp)")
        post = POST.get(name)
        if post is None:
            w(f"    movq {R}(%rsp), %rdi")
            if ci:
                w(f"    addq ${48 * ci}, %rdi")
            w(f"    leaq {H}(%rsp), %rsi")
            w(f"    call vault_fp6_redc{k}")
            continue
        # x = REDC(W) into X; then, in registers, t = x + x, t = t + x,
        # t = t +- h twice (each modular: inputs below p), out = t; h is read
        # before out is written, so r may alias a.
        w(f"    leaq {X}(%rsp), %rdi")
        w(f"    leaq {H}(%rsp), %rsi")
        w(f"    call vault_fp6_redc{k}")
        t = ["r8", "r9", "r10", "r11", "r12", "r13"]
        scratch = ["rax", "rbx", "rbp", "rdx", "rcx", "r15"]
        w(f"    movq {A}(%rsp), %rsi")
        for j in range(N):
            w(f"    movq {X + 8 * j}(%rsp), %{t[j]}")
        for _ in range(2):
            for j in range(N):
                w(f"    {'addq' if j == 0 else 'adcq'} {X + 8 * j}(%rsp), %{t[j]}")
            subtract_p_if_not_below(w, t, scratch, plimb)
        for _ in range(2):
            if post[ci] > 0:
                for j in range(N):
                    w(f"    {'addq' if j == 0 else 'adcq'} {48 * ci + 8 * j}(%rsi), %{t[j]}")
                subtract_p_if_not_below(w, t, scratch, plimb)
            else:
                for j in range(N):
                    w(f"    {'subq' if j == 0 else 'sbbq'} {48 * ci + 8 * j}(%rsi), %{t[j]}")
                w("    sbbq %rdx, %rdx                # all ones when it borrowed: add p back")
                masked = ["rax", "rbx", "rbp", "rcx", "r14", "r15"]
                for j in range(N):
                    w(f"    movq {plimb(j)}, %{masked[j]}")
                for j in range(N):
                    w(f"    andq %rdx, %{masked[j]}")
                for j in range(N):
                    w(f"    {'addq' if j == 0 else 'adcq'} %{masked[j]}, %{t[j]}")
        w(f"    movq {R}(%rsp), %rdi")
        for j in range(N):
            w(f"    movq %{t[j]}, {48 * ci + 8 * j}(%rdi)")

    w(f"    addq ${FRAME}, %rsp")
    for reg in ("r15", "r14", "r13", "r12", "rbp", "rbx"):
        w(f"    popq %{reg}")
    w("    ret")
    w(f"    .size {name}, .-{name}")


def constants(alg, comps):
    """Per coordinate: (C, k) with C = p * ceil(-min/p), W = value + C in
    [0, k p 2^384)."""
    out = []
    for comp in comps:
        lo, hi = component_range(alg, comp)
        assert lo <= 0 <= hi
        c = P * (-(lo // P))  # p * ceil(-lo / p)
        assert c + lo >= 0 and c % P == 0
        # REDC(W) <= p + H < (k + 1) p for W < k p 2^384; (k + 1) p < 2^384
        k = next(k for k in REDC_KS if c + hi < k * P * R384)
        assert (k + 1) * P < R384
        out.append((c, k, lo, hi))
    return out


KERNELS = [
    ("vault_fp6_mul_adx", fp6_mul_algebra, fp6_reference, 3, 3),
    ("vault_fp6_mul_by01_adx", fp6_mul_by01_algebra, fp6_by01_reference, 3, 2),
    ("vault_fp12_mul_by_line_adx", fp12_mul_by_line_algebra, fp12_line_reference, 6, 3),
    ("vault_fp12_cyclotomic_sqr_compressed_adx", compressed_sqr_algebra, compressed_sqr_reference, 4, 4),
]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else OUT
    assert 4 * P < R384 and 3 * P < R384
    kernels = []
    for name, build, reference, na, nb in KERNELS:
        alg, comps = build()
        self_check(alg, comps, reference, na, nb)
        kernels.append((name, alg, comps, constants(alg, comps)))
    p = [(P >> (64 * i)) & ((1 << 64) - 1) for i in range(N)]
    w("// Generated by tools/gen_fp6_asm.py. Do not edit by hand.")
    w("// void vault_fp6_mul_adx(uint64_t r[36], const uint64_t a[36], const uint64_t b[36]);")
    w("//   r = a*b in Fp6 = Fp2[v]/(v^3 - (1 + u)), Montgomery form; limbs of a, b")
    w("//   below p (reduced), r reduced. 18 products at 768 bits, 6 reductions.")
    w("// void vault_fp6_mul_by01_adx(uint64_t r[36], const uint64_t a[36], const uint64_t b[24]);")
    w("//   r = a*(b0 + b1 v), same conditions; 15 products, 6 reductions.")
    w("// void vault_fp12_mul_by_line_adx(uint64_t r[72], const uint64_t a[72], const uint64_t l[36]);")
    w("//   r = a*(l0 + l1 v + l4 v w) in Fp12 = Fp6[w]/(w^2 - v), l = (l0, l1, l4);")
    w("//   same conditions; 39 products, 12 reductions.")
    w("// void vault_fp12_cyclotomic_sqr_compressed_adx(uint64_t r[48], const uint64_t a[48], const uint64_t b[48]);")
    w("//   Karabina's compressed squaring of (h1, h2, h4, h5), called with b = a;")
    w("//   same conditions; 12 products, 8 reductions, then 3x +- 2h modular.")
    w("// Layout: c0, c1, c2, each Fp2 as its c0 then c1, six little-endian limbs")
    w("// each. System V AMD64 ABI; r may alias a or b (inputs are read first).")
    for name, alg, comps, cs in kernels:
        w(f"// {name} coordinate bounds (units of p^2, exact values asserted by the generator):")
        for ci, (c, k, lo, hi) in enumerate(cs):
            w(f"//   c{ci // 6}.{ci // 2 % 3}.{ci % 2}: {len(comps[ci])} raws, range ({lo / P**2:+.3f}, {hi / P**2:+.3f}),"
              f" C = {c // P**2 if c % P**2 == 0 else c / P**2:.3f} p^2, W < {k} p 2^384")
    w("#if defined(__x86_64__) && defined(__ELF__)")
    w("    .section .rodata")
    w("    .p2align 6")
    w(".Lfp6_p:")
    for limb in p:
        w(f"    .quad 0x{limb:016x}")
    w(".Lfp6_inv:")
    w(f"    .quad 0x{INV:016x}")
    kps = sorted({s[2] for _, alg, _, _ in kernels for x, y in alg.raws for s in (x, y) if isinstance(s, Signed)})
    for kp in kps:
        w(f".Lfp6_kp{kp}:")
        for j in range(N):
            w(f"    .quad 0x{((kp * P) >> (64 * j)) & ((1 << 64) - 1):016x}")
    for name, alg, comps, cs in kernels:
        for ci, (c, k, lo, hi) in enumerate(cs):
            w(f".Lfp6_{name}_c{ci}:")
            for j in range(2 * N):
                w(f"    .quad 0x{(c >> (64 * j)) & ((1 << 64) - 1):016x}")
    w("    .text")
    fp_asm.emit_mul384(w, "vault_fp6_mul384")
    emit_redc()
    for name, alg, comps, cs in kernels:
        emit_kernel(name, alg, comps, [(c, k) for c, k, _, _ in cs])
    w("#endif")
    w('    .section .note.GNU-stack,"",@progbits')
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")
    print("wrote", path)
    for name, alg, comps, cs in kernels:
        print(name, len(alg.raws), "raws;", [(round(lo / P**2, 3), round(hi / P**2, 3), k) for c, k, lo, hi in cs])


if __name__ == "__main__":
    main()
