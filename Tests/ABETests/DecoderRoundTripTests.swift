import Testing
@testable import ABE

/// The entry points the fuzzers call accept every well-formed input and
/// round-trip it (the seed corpora under Fuzz/corpus are these inputs).
@Suite struct DecoderRoundTripTests {
    @Test func everySampleInputIsAcceptedAndRoundTrips() throws {
        let (pp, ms) = Authorities.fabeo
        let reader = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse", options: .freeForm))
        for sample in try ABEDecoderRoundTrips.sampleInputs(publicParameters: pp, masterSecret: ms) {
            let input = Array(sample.bytes.dropFirst())
            let text = String(decoding: input, as: UTF8.self)
            let options = [PolicyOptions.standard, .freeForm, ContainerLimits.storedPolicyOptions][Int(sample.bytes[0] >> 2) % 3]
            let ok: Bool
            switch (sample.target, sample.name) {
            case ("policy", let name) where name.hasPrefix("json"): ok = try ABEDecoderRoundTrips.policyJSON(text, options: options)
            case ("policy", "attributes"): ok = try ABEDecoderRoundTrips.attributeSet(text, options: options)
            case ("policy", let name) where name.hasPrefix("binary"): ok = try ABEDecoderRoundTrips.policyEncoding(input)
            case ("policy", _): ok = try ABEDecoderRoundTrips.policyText(text, options: options)
            case ("container", "header"): ok = try ABEDecoderRoundTrips.containerHeader(input)
            case ("container", "container"): ok = try ABEDecoderRoundTrips.container(input, key: reader)
            case ("container", _): ok = try ABEDecoderRoundTrips.armour(text)
            case ("keys", let name) where name.hasSuffix("public"): ok = try ABEDecoderRoundTrips.publicKeyFile(input)
            case ("keys", "master"): ok = try ABEDecoderRoundTrips.masterKeyFile(input, publicParameters: pp)
            default: ok = try ABEDecoderRoundTrips.userKeyFile(input)
            }
            #expect(ok, "\(sample.target)/\(sample.name)")
        }
    }
}
