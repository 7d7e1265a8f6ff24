import ABE

/// Fresh consent-accumulation policies for `vault bench sizes --fresh-consent`:
/// a seeded generator, independent of the corpus, so that the tuner is
/// measured on policies it was not developed against.
///
/// A record's consents accumulate grant by grant: the patient admits a few
/// teams (a role, usually within a department) at one or both sites, one
/// clause per grant, sometimes adding a single role at a site. Each policy
/// has 3 to 7 distinct clauses; roles, departments and sites come from the
/// catalog's `role`, `dept` and `hospital` values.
public struct FreshConsentPolicies: Sendable {
    public let roles: [String]
    public let departments: [String]
    public let sites: [String]

    /// Reads the three value lists from `catalog`; nil if it lacks one.
    public init?(catalog: AttributeCatalog) {
        func values(_ key: String) -> [String]? {
            guard case .values(let values)? = catalog.entry(forKey: key)?.kind, !values.isEmpty else { return nil }
            return values
        }
        guard let roles = values("role"), let departments = values("dept"), let sites = values("hospital") else { return nil }
        self.roles = roles
        self.departments = departments
        self.sites = sites
    }

    /// `count` policies as text, the same for the same seed on every machine.
    public func generate(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in policy(&random) }
    }

    private func policy(_ random: inout SplitMix64) -> String {
        let teamCount = 1 + random.below(3)
        var teams: [[String]] = []
        while teams.count < teamCount {
            var team = ["role:" + roles[random.below(roles.count)]]
            if random.unit() < 0.7 { team.append("dept:" + departments[random.below(departments.count)]) }
            if !teams.contains(team) { teams.append(team) }
        }
        let clauseCount = 3 + random.below(5)
        var clauses: [[String]] = []
        var attempts = 0
        while clauses.count < clauseCount, attempts < 200 {
            attempts += 1
            let site = "hospital:" + sites[random.below(sites.count)]
            let who = random.unit() < 0.2 ? ["role:" + roles[random.below(roles.count)]] : teams[random.below(teams.count)]
            let clause = who + [site]
            if !clauses.contains(clause) { clauses.append(clause) }
        }
        return clauses.map { "(" + $0.joined(separator: " AND ") + ")" }.joined(separator: " OR ")
    }
}
