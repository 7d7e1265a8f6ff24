/// "Did you mean …?" suggestions for misspelt attributes.
enum EditDistance {
    /// Optimal string alignment distance (Levenshtein plus adjacent
    /// transpositions, Damerau 1964), case-insensitive: a typo like
    /// `cardiolgoist` is one edit, not two.
    static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased().unicodeScalars)
        let t = Array(b.lowercased().unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    best = min(best, previous2[j - 2] + 1)
                }
                current[j] = best
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[t.count]
    }

    /// The closest candidate, if it is close enough to be a plausible typo:
    /// at most a third of the longer word's length (and at least 2) edits.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        var best: (distance: Int, candidate: String)?
        for candidate in candidates {
            let d = distance(word, candidate)
            let allowed = max(2, max(word.count, candidate.count) / 3)
            guard d <= allowed else { continue }
            if let current = best, (d, candidate) >= (current.distance, current.candidate) { continue }
            best = (d, candidate)
        }
        return best?.candidate
    }
}
