#!/usr/bin/env python3
"""Pairing time of this vault against blst, mcl and arkworks, side by side:
alternates short runs of `vault bench primitives --only pairing` with each
reference library (PyPI wheels blspy, pymcl, py-arkworks-bls12381) and prints
the median of the per-round ratios, so that machine load affects both sides.

Usage: python3 tools/compare_pairing.py [--rounds 7] [--vault .build/release/vault]
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


def ours(vault, budget_ms):
    text = subprocess.run([vault, "bench", "primitives", "--json", "--only", "pairing", "--budget-ms", str(budget_ms)],
                          check=True, capture_output=True, text=True).stdout
    return json.loads(text)["pairing"]["median_ns"]


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--budget-ms", type=int, default=300)
    ap.add_argument("--vault", default=".build/release/vault")
    args = ap.parse_args()
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
