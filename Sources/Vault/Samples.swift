import Foundation

/// The sample FHIR R4 bundles the demo stores (`Samples/`).
public enum Samples {
    public static func named(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Samples"),
              let data = FileManager.default.contents(atPath: url.path) else {
            throw VaultError.io("sample \(name).json is missing from the vault's resources")
        }
        return [UInt8](data)
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
