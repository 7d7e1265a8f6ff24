import ABE
import BLS12381
import Foundation
import Ledger

/// The libFuzzer targets: one binary, the target chosen by
/// VAULT_FUZZ_TARGET (tools/fuzz.sh sets it). Each feeds the input to the
/// decoders of one kind of outside data and traps on a broken round trip,
/// so that libFuzzer records it as a crash; a refusal is the normal outcome.
enum FuzzTarget: String, CaseIterable {
    case policy, container, keys, transaction, block, files

    /// A fixed authority (α = 0x5eed: a fixture, not a secret) and reader for
    /// the container target, so that committed seed containers match it and
    /// the fuzzer gets past the authority check into the KEM.
    static let authority: (PublicParameters, MasterSecret) = {
        let alpha = Scalar(0x5eed)
        let magic = Array("RVKEY".utf8)
        let pp = try! KeyFile.decodePublicParameters(magic + [1, 1, SchemeID.fabeo.rawValue] + pairing(G1Point.generator * alpha, .generator).bytes())
        let secret = alpha.bytes()
        let master = magic + [1, 2, SchemeID.fabeo.rawValue] + pp.digest + [0, 0, 0, UInt8(secret.count)] + secret
        return (pp, try! KeyFile.decodeMasterSecret(master, publicParameters: pp))
    }()
    static let reader: UserSecretKey = {
        let set = try! AttributeSet(parsing: "role:nurse", options: .freeForm)
        return try! KeyAuthority.issue(publicParameters: authority.0, masterSecret: authority.1, attributes: set,
                                       attributesText: "role:nurse", validUntil: nil)
    }()

    func run(_ data: [UInt8]) {
        // The first byte picks a decoder within the target; the rest is its input.
        let selector = data.first ?? 0
        let input = Array(data.dropFirst())
        let text = String(decoding: input, as: UTF8.self)
        func check(_ name: String, _ roundTrip: () throws -> Bool) {
            if let ok = try? roundTrip(), !ok { fatalError("\(rawValue)/\(name): the round trip changed the value") }
        }
        switch self {
        case .policy:
            let options = [PolicyOptions.standard, .freeForm, ContainerLimits.storedPolicyOptions][Int(selector >> 2) % 3]
            switch selector & 3 {
            case 0: check("text") { try ABEDecoderRoundTrips.policyText(text, options: options) }
            case 1: check("json") { try ABEDecoderRoundTrips.policyJSON(text, options: options) }
            case 2: check("attributes") { try ABEDecoderRoundTrips.attributeSet(text, options: options) }
            default: check("binary") { try ABEDecoderRoundTrips.policyEncoding(input) }
            }
        case .container:
            switch selector % 3 {
            case 0: check("header") { try ABEDecoderRoundTrips.containerHeader(input) }
            case 1: check("container") { try ABEDecoderRoundTrips.container(input, key: Self.reader) }
            default: check("armour") { try ABEDecoderRoundTrips.armour(text) }
            }
        case .keys:
            switch selector % 3 {
            case 0: check("public") { try ABEDecoderRoundTrips.publicKeyFile(input) }
            case 1: check("master") { try ABEDecoderRoundTrips.masterKeyFile(input, publicParameters: Self.authority.0) }
            default: check("user") { try ABEDecoderRoundTrips.userKeyFile(input) }
            }
        case .transaction:
            check("transaction") { try LedgerDecoderRoundTrips.transaction(data) }
        case .block:
            switch selector % 3 {
            case 0: check("header") { try LedgerDecoderRoundTrips.blockHeader(input) }
            case 1: check("genesis") { try LedgerDecoderRoundTrips.genesis(input) }
            default: check("stored block") { try LedgerDecoderRoundTrips.storedBlock(input) }
            }
        case .files:
            if selector & 1 == 0 {
                check("members") { try LedgerDecoderRoundTrips.membersFile(Data(input)) }
            } else {
                check("proposal") { try LedgerDecoderRoundTrips.proposalFile(Data(input)) }
            }
        }
    }
}

#if VAULT_FUZZING
import CFuzzing

nonisolated(unsafe) var selectedTarget = FuzzTarget.policy

/// SwiftPM links an executable's entry point as VaultFuzz_main; the fuzz
/// build defines it and runs libFuzzer's driver on the selected target.
@_cdecl("VaultFuzz_main")
public func vaultFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    let name = ProcessInfo.processInfo.environment["VAULT_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("set VAULT_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        return 2
    }
    selectedTarget = target
    if target == .container { _ = FuzzTarget.reader }
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        selectedTarget.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
}
#else
/// Without libFuzzer: `vault-fuzz TARGET FILE…` replays inputs (a corpus, a
/// crash) through a target, for reproducing what the fuzzer found.
@main struct FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "--write-seeds", let directory = arguments.dropFirst().first {
            writeSeeds(to: directory)
            return
        }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: vault-fuzz {\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))} FILE…  |  vault-fuzz --write-seeds DIR")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("cannot read \(path)"); exit(1) }
            target.run([UInt8](data))
        }
        print("replayed \(arguments.count - 1) inputs through \(name)")
    }

    /// Writes DIR/TARGET/NAME for every sample input (the committed corpora under Fuzz/corpus).
    static func writeSeeds(to directory: String) {
        do {
            let samples = try ABEDecoderRoundTrips.sampleInputs(publicParameters: FuzzTarget.authority.0, masterSecret: FuzzTarget.authority.1)
                + LedgerDecoderRoundTrips.sampleInputs()
            for sample in samples {
                let folder = directory + "/" + sample.target
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(sample.bytes).write(to: URL(fileURLWithPath: folder + "/" + sample.name))
            }
            print("wrote \(samples.count) seeds under \(directory)")
        } catch {
            print("cannot write seeds: \(error)")
            exit(1)
        }
    }
}
#endif
