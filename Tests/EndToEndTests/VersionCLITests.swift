import Foundation
import Testing

/// `vault --version` names the release and the field kernel the build uses.
@Suite struct VersionCLITests {
    @Test func versionNamesReleaseAndFieldKernel() throws {
        let vault = try VaultProcess()
        defer { vault.cleanUp() }
        let printed = try vault.run("--version")
        #expect(printed.succeeded)
        #expect(printed.stdout.hasPrefix("vault 0.3.0, field kernel: "), "\(printed.stdout)")
        let onThisCPU = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)).map { $0.contains(" adx") && $0.contains(" bmi2") } ?? false
        let portable = ProcessInfo.processInfo.environment["VAULT_PORTABLE"] != nil
        #expect(printed.stdout.contains("BMI2 and ADX") == (onThisCPU && !portable), "\(printed.stdout)")
    }
}
