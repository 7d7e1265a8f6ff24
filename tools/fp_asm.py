"""What the two x86-64 kernel generators (gen_fp_asm.py, gen_fp2_asm.py)
share: BLS12-381's p and Montgomery constant, the mulx row with its two
carry chains (Ozturk, Guilford, Gopal, Feghali 2012) and the final
cmov-selected subtraction of p. Each emitter appends lines through `w`."""

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
