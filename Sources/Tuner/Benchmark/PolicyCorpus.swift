import ABE
import Foundation

/// A corpus of policies in families: one folder per family holding
/// `policies.txt` (one policy per line; blank lines and `#` comments are
/// skipped) and a README.md saying where the family comes from. A folder
/// that holds `policies.txt` itself is one family.
public struct PolicyCorpus: Sendable {
    public struct Entry: Sendable {
        public let family: String
        /// Line in the family's policies.txt.
        public let line: Int
        public let text: String
        public let policy: Policy
    }

    public struct Family: Sendable {
        public let name: String
        public let entries: [Entry]
    }

    public let families: [Family]

    public var entries: [Entry] { families.flatMap(\.entries) }

    public static let fileName = "policies.txt"

    /// Reads and checks every policy; the first that does not parse is
    /// reported with its file and line.
    public static func load(directory: String, options: PolicyOptions) throws(TuningError) -> PolicyCorpus {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .invalidCorpus("corpus directory \(directory) does not exist")
        }
        let root = URL(fileURLWithPath: directory)
        var folders: [(name: String, file: URL)] = []
        let direct = root.appendingPathComponent(fileName)
        if files.fileExists(atPath: direct.path) { folders.append((root.lastPathComponent, direct)) }
        let children = (try? files.contentsOfDirectory(atPath: directory)) ?? []
        for child in children.sorted() {
            let file = root.appendingPathComponent(child).appendingPathComponent(fileName)
            if files.fileExists(atPath: file.path) { folders.append((child, file)) }
        }
        guard !folders.isEmpty else {
            throw .invalidCorpus("no policies in \(directory): expected FAMILY/\(fileName) files")
        }
        var families: [Family] = []
        for (name, file) in folders {
            guard let data = files.contents(atPath: file.path) else {
                throw .invalidCorpus("cannot read \(file.path)")
            }
            var entries: [Entry] = []
            for (index, rawLine) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = rawLine.trimmingCharacters(in: .whitespaces)
                guard !line.isEmpty, !line.hasPrefix("#") else { continue }
                do {
                    entries.append(Entry(family: name, line: index + 1, text: line,
                                         policy: try Policy(parsing: line, options: options)))
                } catch {
                    let column = error.location.map { ", column \($0.column)" } ?? ""
                    throw .invalidCorpus("\(file.path):\(index + 1)\(column): \(error.message)")
                }
            }
            if !entries.isEmpty { families.append(Family(name: name, entries: entries)) }
        }
        guard families.contains(where: { !$0.entries.isEmpty }) else {
            throw .invalidCorpus("no policies in \(directory): every \(fileName) is empty")
        }
        return PolicyCorpus(families: families)
    }

    /// The corpus with one more family, read and checked from `texts`.
    public func adding(family name: String, texts: [String], options: PolicyOptions) throws(TuningError) -> PolicyCorpus {
        var entries: [Entry] = []
        for (index, text) in texts.enumerated() {
            do { entries.append(Entry(family: name, line: index + 1, text: text, policy: try Policy(parsing: text, options: options))) } catch {
                throw .invalidCorpus("\(name) policy \(index + 1): \(error.message)")
            }
        }
        return PolicyCorpus(families: families + [Family(name: name, entries: entries)])
    }
}
