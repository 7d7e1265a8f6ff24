#!/usr/bin/env python3
"""Generates the synthetic families of the tuner's policy corpus.

    tools/gen_policy_corpus.py [--seed 2026] [--out Policies/corpus]

Writes <family>/policies.txt for each synthetic family (one policy per line,
`#` starts a comment). The hand-written family (abac-case-studies) and every
README.md are not touched. The seed is fixed, so running this again gives
byte-identical files; `vault policy check` accepts every policy (a test in
Tests/TunerTests checks the whole corpus against Policies/catalog.json).

Every attribute comes from Policies/catalog.json (the two-hospital network):
wards A-* belong to hospital A and B-* to hospital B.
"""

import argparse
import os
import random

HOSPITALS = ["A", "B"]
WARDS = {
    "A": ["A-1N", "A-1S", "A-2N", "A-2S", "A-3N", "A-ICU", "A-ED", "A-OR"],
    "B": ["B-2E", "B-2W", "B-3E", "B-3W", "B-CCU", "B-NICU", "B-ED", "B-MATERNITY"],
}
# Clinical teams: the roles and the department that work together.
TEAMS = [
    ("cardiology", ["cardiologist", "nurse", "resident", "nurse_practitioner"]),
    ("oncology", ["oncologist", "nurse", "pharmacist", "radiologist"]),
    ("emergency", ["emergency_physician", "nurse", "paramedic", "resident"]),
    ("icu", ["anesthesiologist", "nurse", "physician", "resident"]),
    ("pediatrics", ["pediatrician", "nurse", "dietitian", "social_worker"]),
    ("psychiatry", ["psychiatrist", "nurse", "social_worker", "resident"]),
    ("neurology", ["neurologist", "nurse", "physiotherapist", "radiographer"]),
    ("obstetrics", ["obstetrician", "midwife", "nurse", "anesthesiologist"]),
    ("surgery", ["surgeon", "anesthesiologist", "nurse", "resident"]),
    ("radiology", ["radiologist", "radiographer", "physician"]),
    ("laboratory", ["lab_technician", "physician", "pharmacist"]),
]
# Roles that are specific enough to stand without a department.
SPECIALISTS = ["cardiologist", "oncologist", "radiologist", "surgeon", "pediatrician", "psychiatrist",
               "neurologist", "obstetrician", "emergency_physician", "general_practitioner", "anesthesiologist"]
OVERSIGHT = ["data_protection_officer", "role:auditor", "role:records_officer", "emergency_access"]
STUDIES = ["HF-2026-014", "ONC-2025-007", "NEO-2027-002"]


def conj(parts):
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def disj(parts):
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def top(parts, op):
    """A top-level AND/OR without outer parentheses."""
    return parts[0] if len(parts) == 1 else f" {op} ".join(parts)


def date(rng, first_year, last_year):
    return f"{rng.randint(first_year, last_year)}-{rng.randint(1, 12):02d}-01"


# --- consent-accumulation ---------------------------------------------------

def who_clause(rng):
    """Who a grant names: a specialist, or a team member (role and department),
    sometimes narrowed to staff or to a shift."""
    dept, roles = rng.choice(TEAMS)
    role = rng.choice(roles)
    if role in SPECIALISTS and rng.random() < 0.5:
        parts = [f"role:{role}"]
    else:
        parts = [f"role:{role}", f"dept:{dept}"]
    if rng.random() < 0.15:
        parts.append(rng.choice(["employment:staff", "shift:night", "employment:locum"]))
    return parts


def where_clause(rng, hospital):
    if rng.random() < 0.3:
        return [f"hospital:{hospital}", f"ward:{rng.choice(WARDS[hospital])}"]
    return [f"hospital:{hospital}"]


def consent_accumulation(rng):
    """A record's consent grants, one product per grant, in the order they
    were given: the patient consents team by team and site by site, so most
    (who, where) pairs of a few teams and sites end up granted, some twice."""
    whos = []
    while len(whos) < rng.randint(2, 4):
        clause = who_clause(rng)
        if clause not in whos:
            whos.append(clause)
    sites = [[f"hospital:{h}"] for h in HOSPITALS]
    if rng.random() < 0.35:
        sites.append(where_clause(rng, rng.choice(HOSPITALS)))
    grants = [w + s for w in whos for s in sites if rng.random() < 0.85]
    if len(grants) < 3:
        grants = [w + s for w in whos for s in sites]
    for _ in range(rng.randint(0, 2)):
        extra = rng.choice([
            ["data_protection_officer"],
            [f"role:general_practitioner", f"hospital:{rng.choice(HOSPITALS)}"],
            ["emergency_access", "on_call"],
            [f"role:{rng.choice(SPECIALISTS)}", f"hospital:{rng.choice(HOSPITALS)}"],
        ])
        grants.append(extra)
    if rng.random() < 0.25:
        grants.append(rng.choice(grants))  # granted again after a revision
    rng.shuffle(grants)
    return top([conj(g) for g in grants], "OR")


def consent_with_conditions(rng):
    """Grants that each carry the consent's conditions: an expiry date on the
    key, recent data-protection training, or a clearance for sensitive
    records. Grants given together share their conditions."""
    whos = []
    while len(whos) < rng.randint(2, 3):
        clause = who_clause(rng)
        if clause not in whos:
            whos.append(clause)
    conditions = []
    expiry = f"valid_until >= {date(rng, 2026, 2030)}"
    training = f"training_completed >= {date(rng, 2024, 2026)}"
    clearance = f"clearance >= {rng.choice([3, 5])}"
    for candidate, chance in [(expiry, 0.8), (training, 0.4), (clearance, 0.4)]:
        if rng.random() < chance:
            conditions.append(candidate)
    if not conditions:
        conditions = [expiry]
    grants = []
    for w in whos:
        for h in HOSPITALS:
            if rng.random() < 0.9:
                grants.append(w + [f"hospital:{h}"] + conditions)
    if len(grants) < 2:
        grants = [w + ["hospital:A"] + conditions for w in whos]
    if rng.random() < 0.4:
        grants.append(["data_protection_officer"] + [c for c in conditions if not c.startswith("clearance")][:1])
    rng.shuffle(grants)
    return top([conj(g) for g in grants], "OR")


# --- multi-hospital-sharing -------------------------------------------------

def multi_hospital_sharing(rng):
    """A data-sharing agreement between the two hospitals, written clause by
    clause as lawyers do: each clause names roles at one hospital and the
    conditions that hospital's staff must meet (a study, a department, a
    shift), so the role lists and conditions repeat per hospital."""
    dept, roles = rng.choice(TEAMS)
    chosen = rng.sample(roles, rng.randint(2, min(3, len(roles))))
    study = rng.choice(STUDIES)
    kind = rng.randrange(4)
    clauses = []
    if kind == 0:  # owner hospital plain, partner under a study
        owner = rng.choice(HOSPITALS)
        partner = "B" if owner == "A" else "A"
        for r in chosen:
            clauses.append([f"role:{r}", f"dept:{dept}", f"hospital:{owner}"])
            clauses.append([f"role:{r}", f"dept:{dept}", f"hospital:{partner}", f"study:{study}"])
    elif kind == 1:  # symmetric: same roles and department at both hospitals
        for h in HOSPITALS:
            for r in chosen:
                clauses.append([f"role:{r}", f"dept:{dept}", f"hospital:{h}"])
    elif kind == 2:  # emergency departments of both sites, or break-glass
        for h in HOSPITALS:
            clauses.append([f"dept:emergency", f"hospital:{h}"])
            clauses.append([f"role:{rng.choice(['paramedic', 'emergency_physician'])}", f"hospital:{h}", "on_call"])
        clauses.append(["emergency_access"])
    else:  # research sharing: researchers of the study at both sites, clinicians at the owner
        owner = rng.choice(HOSPITALS)
        for h in HOSPITALS:
            clauses.append(["role:researcher", f"study:{study}", f"hospital:{h}", "dept:research"])
            for r in chosen[:2]:
                if h == owner:
                    clauses.append([f"role:{r}", f"hospital:{h}"])
    if rng.random() < 0.3:
        clauses.append(["data_protection_officer"])
    rng.shuffle(clauses)
    return top([conj(c) for c in clauses], "OR")


# --- threshold-committees ---------------------------------------------------

def credentials(rng):
    """Credentials an ethics committee weighs: one key must hold k of them."""
    dept, roles = rng.choice(TEAMS)
    return [
        f"role:{roles[0]}", f"dept:{dept}", "employment:staff", "on_call", "data_protection_officer",
        f"clearance >= {rng.choice([4, 5, 6])}", f"years_of_service >= {rng.choice([3, 5, 10])}",
        f"training_completed >= {date(rng, 2024, 2026)}", f"study:{rng.choice(STUDIES)}",
    ]


def subsets(items, k):
    if k == 0:
        return [[]]
    if len(items) < k:
        return []
    first, rest = items[0], items[1:]
    return [[first] + s for s in subsets(rest, k - 1)] + subsets(rest, k)


def threshold_committees(rng):
    """Release rules of the joint ethics committee: a reader must meet at
    least k of n credentials (a role in the treating team, staff employment,
    on-call duty, clearance, years of service, recent training, enrolment in
    a study). Written as people write them without a threshold operator:
    every allowed k-subset spelled out, sometimes inside a hospital context,
    sometimes with a break-glass clause. A quarter already use `k of (...)`."""
    n = rng.randint(3, 5)
    k = 2 if n <= 4 or rng.random() < 0.6 else 3
    members = rng.sample(credentials(rng), n)
    context = []
    if rng.random() < 0.5:
        context.append(f"hospital:{rng.choice(HOSPITALS)}")
    style = rng.random()
    if style < 0.25:
        body = f"{k} of ({', '.join(members)})"
        policy = top(context + [body], "AND") if context else body
    elif style < 0.6 or not context:
        combos = [conj(s) for s in subsets(members, k)]
        policy = top(context + [disj(combos)], "AND") if context else top(combos, "OR")
    else:
        policy = top([conj(context + s) for s in subsets(members, k)], "OR")
    if rng.random() < 0.25:
        policy = f"({policy}) OR emergency_access"
    return policy


# --- numeric-clearance-dates ------------------------------------------------

def numeric_clearance_dates(rng):
    """Clearance levels, key expiry, training dates, ages and years of
    service, in the shapes people write: one threshold repeated in every
    clause, two comparisons where one range would do, ranges that reach the
    end of the catalog's range, and adjacent ranges joined by OR."""
    kind = rng.randrange(6)
    dept, roles = rng.choice(TEAMS)
    chosen = rng.sample(roles, min(len(roles), rng.randint(2, 3)))
    if kind == 0:
        level = rng.choice([3, 4, 5, 6])
        clauses = [conj([f"role:{r}", f"clearance >= {level}"]) for r in chosen]
        if rng.random() < 0.5:
            clauses = [conj([f"role:{r}", f"dept:{dept}", f"clearance >= {level}"]) for r in chosen]
        return top(clauses, "OR")
    if kind == 1:
        expiry = date(rng, 2026, 2032)
        clauses = [conj([f"role:{r}", f"hospital:{h}", f"valid_until >= {expiry}"]) for r in chosen for h in HOSPITALS]
        return top(clauses, "OR")
    if kind == 2:
        low = rng.randint(1, 4)
        high = rng.randint(low + 1, 6)
        return top([f"role:{chosen[0]}", f"clearance >= {low}", f"clearance <= {high}",
                    f"hospital:{rng.choice(HOSPITALS)}"], "AND")
    if kind == 3:
        low = rng.choice([16, 18, 21])
        high = rng.choice([64, 65, 67, 75])
        parts = ["role:patient", f"age >= {low}", f"age <= {high}"]
        if rng.random() < 0.5:
            parts.append(f"valid_until >= {date(rng, 2026, 2030)}")
        return top(parts, "AND")
    if kind == 4:
        start = date(rng, 2028, 2035)
        clauses = [conj([f"role:{r}", f"valid_until in [{start}, 2059-12-31]"]) for r in chosen]
        if rng.random() < 0.5:
            clauses.append(conj(["data_protection_officer", f"training_completed in [{date(rng, 2024, 2026)}, 2039-12-31]"]))
        return top(clauses, "OR")
    a = rng.randint(1, 3)
    b = rng.randint(a + 1, 4)
    c = rng.randint(b + 1, 6)
    years = rng.choice([2, 5, 10])
    return top([
        conj([f"role:{chosen[0]}", disj([f"clearance in [{a}, {b}]", f"clearance in [{b + 1}, {c}]"])]),
        conj([f"role:{chosen[1]}", f"years_of_service >= {years}", f"clearance >= {b + 1}"]),
    ], "OR")


# --- small-shapes -----------------------------------------------------------

SMALL_POOL = ["role:cardiologist", "role:nurse", "dept:cardiology", "hospital:A", "hospital:B",
              "on_call", "data_protection_officer", "role:resident", "ward:A-2N"]


def small_shapes(rng):
    """Sums of products over three to five attributes, drawn at random: every
    kind of small monotone rule, small enough that the exact minimum can be
    computed and the strategies compared with it."""
    pool = rng.sample(SMALL_POOL, rng.randint(3, 5))
    while True:
        products = []
        for _ in range(rng.randint(2, 5)):
            size = rng.randint(1, min(3, len(pool)))
            product = sorted(rng.sample(pool, size), key=pool.index)
            if product not in products:
                products.append(product)
        used = {a for p in products for a in p}
        # Absorbed products are kept: people write them too.
        if len(used) >= 3 and len(products) >= 2:
            return top([conj(p) for p in products], "OR")


OVERLAP_POOL = ["role:cardiologist", "role:nurse", "role:resident", "role:nurse_practitioner", "dept:cardiology",
                "dept:icu", "hospital:A", "hospital:B", "ward:A-2N", "ward:B-CCU", "on_call", "employment:staff",
                "shift:night", "data_protection_officer"]


def random_overlap(rng):
    """Sums of five to ten products of two to four attributes, drawn from
    eight to twelve attributes of the cardiology service, with heavy
    overlap between products. Not a real-world source: a stress family in
    which the order of factoring matters, for comparing the strategies."""
    pool = rng.sample(OVERLAP_POOL, rng.randint(8, 12))
    products = []
    while len(products) < rng.randint(5, 10):
        product = sorted(rng.sample(pool, rng.randint(2, 4)), key=pool.index)
        if product not in products:
            products.append(product)
    return top([conj(p) for p in products], "OR")


FAMILIES = {
    "consent-accumulation": (consent_accumulation, 90),
    "consent-with-conditions": (consent_with_conditions, 40),
    "multi-hospital-sharing": (multi_hospital_sharing, 50),
    "threshold-committees": (threshold_committees, 50),
    "numeric-clearance-dates": (numeric_clearance_dates, 50),
    "small-shapes": (small_shapes, 40),
    "random-overlap": (random_overlap, 40),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Policies", "corpus"))
    args = parser.parse_args()
    for index, (family, (generate, count)) in enumerate(FAMILIES.items()):
        rng = random.Random(args.seed * 1000 + index)
        seen = set()
        policies = []
        while len(policies) < count:
            policy = generate(rng)
            if policy not in seen:
                seen.add(policy)
                policies.append(policy)
        directory = os.path.join(args.out, family)
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "policies.txt"), "w") as out:
            out.write(f"# {family}: generated by tools/gen_policy_corpus.py --seed {args.seed}; see README.md\n")
            for policy in policies:
                out.write(policy + "\n")
        print(f"{family}: {len(policies)} policies")


if __name__ == "__main__":
    main()
