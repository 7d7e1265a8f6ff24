"""What the x86-64 kernel generators (gen_fp_asm.py, gen_fp2_asm.py,
gen_fp6_asm.py) share: BLS12-381's p and Montgomery constant, the mulx row
with its two carry chains (Ozturk, Guilford, Gopal, Feghali 2012), the 6x6
schoolbook product kept at 768 bits and the final cmov-selected subtraction
of p. Each emitter appends lines through `w`."""

P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
INV = (-pow(P, -1, 1 << 64)) % (1 << 64)  # -1/p mod 2^64
N = 6
assert INV == 0x89f3fffcfffcfffd


def mulx_row(w, operand, t):
    """t[0..N] += rdx * operand(j) over j < N: products through mulx, low
    halves into the adox (OF) chain, high halves into the adcx (CF) chain;
    expects rbp = 0 and both flags clear (xorl %ebp, %ebp)."""
    for j in range(N):
        w(f"    mulxq {operand(j)}, %rax, %rbx")
        w(f"    adoxq %rax, %{t[j]}")
        w(f"    adcxq %rbx, %{t[j + 1]}")
    w(f"    adoxq %rbp, %{t[N]}")


def subtract_p_if_not_below(w, t, scratch, plimb):
    """t[0..N) = t - p unless that borrows (t < p), chosen by cmov."""
    w("    # s = t - p; keep t where that borrows (t < p), else take s")
    for j in range(N):
        w(f"    movq %{t[j]}, %{scratch[j]}")
        w(f"    {'subq' if j == 0 else 'sbbq'} {plimb(j)}, %{scratch[j]}")
    for j in range(N):
        w(f"    cmovaeq %{scratch[j]}, %{t[j]}")


def helper(w, name):
    """A file-local function with a symbol of its own (not global), so that
    profilers (callgrind, perf) name it instead of showing an address."""
    w(f"    .type {name}, @function")
    w("    .p2align 5")
    w(name + ":")


def emit_mul384(w, name):
    """name: out[12] = a[6] * b[6]; rdi = out, rsi = a, rcx = b. Clobbers rax,
    rbx, rdx, rbp, r8-r14 and the flags; keeps rsi, rcx, rdi, r15."""
    helper(w, name)
    t = ["r8", "r9", "r10", "r11", "r12", "r13", "r14"]
    for reg in t[:N]:
        w(f"    xorl %{reg}d, %{reg}d")
    for i in range(N):
        w(f"    # row {i}: t += a*b[{i}], then t0 leaves as out[{i}]")
        w(f"    movq {8 * i}(%rcx), %rdx")
        w(f"    xorl %{t[N]}d, %{t[N]}d")
        w("    xorl %ebp, %ebp             # clears CF and OF; rbp = 0")
        mulx_row(w, lambda j: f"{8 * j}(%rsi)", t)
        w(f"    movq %{t[0]}, {8 * i}(%rdi)")
        t = t[1:] + t[:1]
    for j in range(N):
        w(f"    movq %{t[j]}, {8 * (N + j)}(%rdi)")
    w("    ret")
    w(f"    .size {name}, .-{name}")
