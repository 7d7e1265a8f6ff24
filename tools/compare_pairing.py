#!/usr/bin/env python3
"""Pairing time of this vault against blst, mcl and arkworks, side by side:
alternates short runs of `vault bench primitives --only pairing` with each
reference library (PyPI wheels blspy, pymcl, py-arkworks-bls12381) and prints
the median of the per-round ratios, so that machine load affects both sides.

Usage: python3 tools/compare_pairing.py [--rounds 7] [--vault .build/release/vault]
       python3 tools/compare_pairing.py --ops   # the issue-14 set against blst only

With --ops each round runs one `vault bench primitives` process for pairing,
multi_pairing_6, g1/g2_mul_secret and hash_to_g1/g2, then the same operations
in blst. blspy exposes no bare G2 multiplication or multi-pairing, so those
two are derived: sign(sk, m) minus hash_to_g2(m), and aggregate_verify over 5
distinct messages (a 6-pair multi-pairing) minus 5 hash_to_g2.
"""
import argparse, json, statistics, subprocess, sys, os

sys.path.insert(0, os.path.dirname(__file__))
from bench_reference import median_ns  # noqa: E402


def references():
    out = {}
    try:
        import blspy, os as _os
        sk = blspy.AugSchemeMPL.key_gen(_os.urandom(32))
        p, q = sk.get_g1(), blspy.AugSchemeMPL.sign(sk, b"m")
        out["blst"] = lambda b, p=p, q=q: median_ns(lambda: p.pair(q), b)["median_ns"]
    except ImportError:
        pass
    try:
        import pymcl
        p, q = pymcl.g1 * pymcl.Fr.random(), pymcl.g2 * pymcl.Fr.random()
        out["mcl"] = lambda b, p=p, q=q: median_ns(lambda: pymcl.pairing(p, q), b)["median_ns"]
    except ImportError:
        pass
    try:
        from py_arkworks_bls12381 import G1Point, G2Point, GT, Scalar
        p, q = G1Point() * Scalar(987654321), G2Point() * Scalar(192837465)
        out["arkworks"] = lambda b, p=p, q=q: median_ns(lambda: GT.pairing(p, q), b)["median_ns"]
    except ImportError:
        pass
    return out


OPS = ["pairing", "multi_pairing_6", "g1_mul_secret", "g2_mul_secret", "hash_to_g1", "hash_to_g2"]


def blst_ops():
    import blspy
    sk = blspy.AugSchemeMPL.key_gen(os.urandom(32))
    p, q = sk.get_g1(), blspy.BasicSchemeMPL.sign(sk, b"m")
    skb = bytes(sk)  # a fresh key object each time: get_g1() caches its result
    dst1 = b"VAULT-BENCH-V01-with-BLS12381G1_XMD:SHA-256_SSWU_RO_"
    dst2 = b"VAULT-BENCH-V01-with-BLS12381G2_XMD:SHA-256_SSWU_RO_"
    keys = [blspy.AugSchemeMPL.key_gen(os.urandom(32)) for _ in range(5)]
    msgs = [bytes([i]) * 8 for i in range(5)]
    pks = [k.get_g1() for k in keys]
    agg = blspy.BasicSchemeMPL.aggregate([blspy.BasicSchemeMPL.sign(k, m) for k, m in zip(keys, msgs)])
    assert blspy.BasicSchemeMPL.aggregate_verify(pks, msgs, agg)

    def run(budget):
        m = lambda fn: median_ns(fn, budget)["median_ns"]
        h2 = m(lambda: blspy.G2Element.from_message(b"m", dst2))
        return {"pairing": m(lambda: p.pair(q)),
                "multi_pairing_6": m(lambda: blspy.BasicSchemeMPL.aggregate_verify(pks, msgs, agg)) - 5 * h2,
                "g1_mul_secret": m(lambda: blspy.PrivateKey.from_bytes(skb).get_g1()),
                "g2_mul_secret": m(lambda: blspy.BasicSchemeMPL.sign(sk, b"m")) - h2,
                "hash_to_g1": m(lambda: blspy.G1Element.from_message(b"m", dst1)),
                "hash_to_g2": h2}
    return run


def ours_ops(vault, budget_ms):
    text = subprocess.run([vault, "bench", "primitives", "--json", "--budget-ms", str(budget_ms), "--only"] + OPS,
                          check=True, capture_output=True, text=True).stdout
    data = json.loads(text)
    return {k: data[k]["median_ns"] for k in OPS}


def ours(vault, budget_ms):
    text = subprocess.run([vault, "bench", "primitives", "--json", "--only", "pairing", "--budget-ms", str(budget_ms)],
                          check=True, capture_output=True, text=True).stdout
    return json.loads(text)["pairing"]["median_ns"]


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--budget-ms", type=int, default=300)
    ap.add_argument("--vault", default=".build/release/vault")
    ap.add_argument("--ops", action="store_true", help="the issue-14 operation set against blst")
    args = ap.parse_args()
    if args.ops:
        run = blst_ops()
        ratios = {k: [] for k in OPS}
        for _ in range(args.rounds):
            a = ours_ops(args.vault, args.budget_ms)
            b = run(args.budget_ms / 1000)
            for k in OPS:
                ratios[k].append(a[k] / b[k])
        print(json.dumps({"ratio_to_blst": {k: round(statistics.median(r), 2) for k, r in ratios.items()},
                          "vault_last_ns": a, "blst_last_ns": b, "rounds": args.rounds}, indent=1))
        sys.exit(0)
    refs = references()
    if not refs:
        sys.exit("no reference library installed: pip install blspy pymcl py-arkworks-bls12381")
    ratios = {name: [] for name in refs}
    mine = []
    for _ in range(args.rounds):
        for name, run in refs.items():
            a = ours(args.vault, args.budget_ms)
            b = run(args.budget_ms / 1000)
            mine.append(a)
            ratios[name].append(a / b)
    result = {"vault_pairing_median_ns": int(statistics.median(mine)),
              "ratio_to": {name: round(statistics.median(r), 2) for name, r in ratios.items()},
              "rounds": args.rounds}
    print(json.dumps(result, indent=1))
