#!/usr/bin/env python3
"""Times the reference C and Rust BLS12-381 libraries through their PyPI wheels
(blspy runs blst, pymcl runs mcl, py-arkworks-bls12381 runs arkworks), so that
`vault bench primitives` can be read as ratios on the same machine at the same
time. Prints one JSON object: {"blst": {"pairing": {"median_ns": …}}, …}.

Usage: pip install blspy pymcl py-arkworks-bls12381 && python3 tools/bench_reference.py [--budget-ms 400]
"""
import argparse, json, statistics, time, os


def median_ns(fn, budget_s, min_runs=5):
    fn()
    samples = []
    start = time.perf_counter()
    while len(samples) < min_runs or time.perf_counter() - start < budget_s:
        t0 = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - t0)
    return {"median_ns": int(statistics.median(samples)), "runs": len(samples)}


def blst(budget):
    import blspy
    g1 = blspy.G1Element.generator()
    g2 = blspy.G2Element.generator()
    sk = blspy.AugSchemeMPL.key_gen(os.urandom(32))
    p = sk.get_g1()
    q = blspy.AugSchemeMPL.sign(sk, b"message")
    return {"pairing": median_ns(lambda: p.pair(q), budget),
            "g1_mul_secret": median_ns(lambda: sk.get_g1(), budget),  # [sk]G1 in blst
            "hash_to_g2": median_ns(lambda: blspy.AugSchemeMPL.sign(sk, b"m"), budget)}  # hash_to_g2 + G2 mul


def mcl(budget):
    import pymcl
    p = pymcl.g1 * pymcl.Fr.random()
    q = pymcl.g2 * pymcl.Fr.random()
    k = pymcl.Fr.random()
    return {"pairing": median_ns(lambda: pymcl.pairing(p, q), budget),
            "g1_mul_secret": median_ns(lambda: p * k, budget),
            "g2_mul_secret": median_ns(lambda: q * k, budget)}


def arkworks(budget):
    from py_arkworks_bls12381 import G1Point, G2Point, GT, Scalar
    k = Scalar(123456789123456789)
    p = G1Point() * Scalar(987654321)
    q = G2Point() * Scalar(192837465)
    return {"pairing": median_ns(lambda: GT.pairing(p, q), budget),
            "g1_mul_secret": median_ns(lambda: p * k, budget),
            "g2_mul_secret": median_ns(lambda: q * k, budget),
            "multi_pairing_6": median_ns(lambda: GT.multi_pairing([p] * 6, [q] * 6), budget)}


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget-ms", type=int, default=400)
    args = ap.parse_args()
    budget = args.budget_ms / 1000
    out = {}
    for name, fn in (("blst", blst), ("mcl", mcl), ("arkworks", arkworks)):
        try:
            out[name] = fn(budget)
        except ImportError as e:
            out[name] = {"error": f"not installed: {e}"}
    print(json.dumps(out, indent=1))
