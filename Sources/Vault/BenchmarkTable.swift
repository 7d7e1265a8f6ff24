@_exported import BLS12381

/// Formatting of benchmark figures for people (aligned rows) and scripts (JSON).
public enum BenchmarkTable {
    public static func row(_ r: BenchmarkResult) -> String {
        let name = r.name + String(repeating: " ", count: max(0, 20 - r.name.count))
        return "\(name) \(humanTime(r.medianNanoseconds).leftPadded(12))   (\(r.runs) runs)"
    }

    /// {"op": {"median_ns": …, "runs": …}, …} in the order measured.
    public static func json(_ results: [BenchmarkResult]) -> String {
        let body = results.map { "  \"\($0.name)\": {\"median_ns\": \(Int($0.medianNanoseconds.rounded())), \"runs\": \($0.runs)}" }
        return "{\n" + body.joined(separator: ",\n") + "\n}"
    }

    public static func humanTime(_ ns: Double) -> String {
        switch ns {
        case ..<1_000: return "\(fixed(ns, 1)) ns"
        case ..<1_000_000: return "\(fixed(ns / 1_000, 2)) µs"
        default: return "\(fixed(ns / 1_000_000, 3)) ms"
        }
    }

    public static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        }
        return text
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
