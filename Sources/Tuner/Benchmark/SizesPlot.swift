import Foundation

/// The chart of `vault bench sizes --plot`: ciphertext bytes against the
/// number of attributes, one colour per series (as written, each strategy,
/// the lower bound), every policy as a faint point and the mean per
/// attribute count as a line. Plain SVG written here, no dependencies.
public enum SizesPlot {
    struct Series {
        let name: String
        let colour: String
        /// Stroke pattern: strategies often agree, and different dashes keep
        /// each colour visible where their lines lie on top of each other.
        let dashes: String?
        let points: [(x: Int, y: Int)]
    }

    static let width = 960.0, height = 600.0
    static let left = 80.0, right = 200.0, top = 56.0, bottom = 64.0

    public static func svg(_ report: SizesReport) -> String {
        let palette = ["exhaustive": "#1f77b4", "greedy": "#d62728", "annealing": "#2ca02c", "genetic": "#9467bd"]
        let patterns = ["exhaustive": nil, "greedy": "9 5", "annealing": "2 4", "genetic": "12 4 2 4"]
        var series = [Series(name: "as written", colour: "#8c8c8c", dashes: nil,
                             points: report.rows.map { ($0.attributes, $0.written.bytes) })]
        for strategy in report.strategies {
            series.append(Series(name: strategy.rawValue, colour: palette[strategy.rawValue] ?? "#ff7f0e",
                                 dashes: patterns[strategy.rawValue] ?? nil,
                                 points: report.rows.compactMap { row in row.outcomes[strategy].map { (row.attributes, $0.bytes) } }))
        }
        series.append(Series(name: "lower bound", colour: "#000000", dashes: "5 3",
                             points: report.rows.map { ($0.attributes, $0.lowerBoundBytes) }))

        let xs = report.rows.map(\.attributes)
        let (xMin, xMax) = (Double((xs.min() ?? 0)) - 0.5, Double((xs.max() ?? 1)) + 0.5)
        let yTop = niceCeiling(Double(series.flatMap { $0.points.map(\.y) }.max() ?? 1))
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - y / yTop * plotHeight }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="13">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="28" font-size="16" font-weight="bold">\(escape("Ciphertext bytes by attributes (\(report.scheme), \(report.rows.count) policies)"))</text>

            """
        // Grid and axes.
        for tick in ticks(upTo: yTop) {
            let y = py(tick)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" stroke=\"#e6e6e6\"/>\n"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Int(tick))</text>\n"
        }
        let xStep = max(1, Int(((xMax - xMin) / 12).rounded(.up)))
        for x in stride(from: Int(xMin + 0.5), through: Int(xMax - 0.5), by: xStep) {
            let position = px(Double(x))
            svg += "<line x1=\"\(f(position))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(position))\" y2=\"\(f(top + plotHeight + 5))\" stroke=\"#333\"/>\n"
            svg += "<text x=\"\(f(position))\" y=\"\(f(top + plotHeight + 20))\" text-anchor=\"middle\">\(x)</text>\n"
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>\n"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>\n"
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 18))\" text-anchor=\"middle\">attributes in the policy as written (plain attributes and compared keys)</text>\n"
        svg += "<text transform=\"translate(22 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">container bytes (empty record)</text>\n"

        // Series: points spread a little sideways so that they do not hide each other.
        for (index, item) in series.enumerated() {
            let offset = (Double(index) - Double(series.count - 1) / 2) * 0.07
            for point in item.points {
                svg += "<circle cx=\"\(f(px(Double(point.x) + offset)))\" cy=\"\(f(py(Double(point.y))))\" r=\"2.2\" fill=\"\(item.colour)\" fill-opacity=\"0.28\"/>\n"
            }
            let means = Dictionary(grouping: item.points, by: \.x).map { x, points in
                (x, Double(points.map(\.y).reduce(0, +)) / Double(points.count))
            }.sorted { $0.0 < $1.0 }
            let path = means.map { "\(f(px(Double($0.0) + offset))),\(f(py($0.1)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(item.colour)\" stroke-width=\"2.2\" stroke-linejoin=\"round\"\(dash(item))/>\n"
        }

        // Legend.
        let legendX = left + plotWidth + 24
        svg += "<text x=\"\(f(legendX))\" y=\"\(f(top + 4))\" font-weight=\"bold\">lines: mean bytes</text>\n"
        for (index, item) in series.enumerated() {
            let y = top + 26 + Double(index) * 22
            svg += "<line x1=\"\(f(legendX))\" y1=\"\(f(y - 4))\" x2=\"\(f(legendX + 26))\" y2=\"\(f(y - 4))\" stroke=\"\(item.colour)\" stroke-width=\"2.2\"\(dash(item))/>\n"
            svg += "<text x=\"\(f(legendX + 34))\" y=\"\(f(y))\">\(escape(item.name))</text>\n"
        }
        svg += "<text x=\"\(f(legendX))\" y=\"\(f(top + 40 + Double(series.count) * 22))\" fill=\"#666\">points: one per policy</text>\n"
        svg += "<text x=\"\(f(legendX))\" y=\"\(f(top + 58 + Double(series.count) * 22))\" fill=\"#666\">strategies that agree</text>\n"
        svg += "<text x=\"\(f(legendX))\" y=\"\(f(top + 76 + Double(series.count) * 22))\" fill=\"#666\">share one line</text>\n"
        svg += "</svg>\n"
        return svg
    }

    /// The next 1, 2 or 5 × 10^k at or above `value`, with room for ticks.
    static func niceCeiling(_ value: Double) -> Double {
        let step = tickStep(value)
        return max(step, (value / step).rounded(.up) * step)
    }

    static func tickStep(_ value: Double) -> Double {
        let rough = max(value, 1) / 6
        let magnitude = pow(10, floor(log10(rough)))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= rough { return factor * magnitude }
        return 10 * magnitude
    }

    static func ticks(upTo top: Double) -> [Double] {
        let step = tickStep(top)
        return stride(from: 0.0, through: top + step / 2, by: step).map { $0 }
    }

    static func dash(_ series: Series) -> String {
        series.dashes.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
