import Testing
@testable import ABE

/// What a key authority refuses to issue (issue 12).
@Suite struct KeyIssuanceTests {
    /// The exact trial from the issue: hand-written bits of clearance beside
    /// clearance=1 gave a key that opened a `clearance >= 6` record while
    /// `vault policy check` said it was not satisfied.
    @Test func handWrittenBitsCannotForgeANumericValue() throws {
        let text = "role:nurse, clearance=1, clearance#b2=1, clearance#b1=1"
        #expect(throws: PolicyError.self) { _ = try AttributeSet(parsing: text) }
        do { _ = try AttributeSet(parsing: text) } catch {
            guard case .handWrittenBitAttribute("clearance#b2=1") = error.kind else { Issue.record("wrong refusal: \(error)"); return }
        }
        // Even a set read without the catalog's rules cannot become a key.
        #expect(throws: PolicyError.self) { _ = try AttributeSet(parsing: text, options: .freeForm) }  // clearance given twice
        let (pp, ms) = Authorities.fabeo
        let loose = try AttributeSet(parsing: "role:nurse, clearance#b2=1, clearance#b1=1", options: .freeForm)
        #expect(throws: ABEError.self) {
            _ = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: loose, attributesText: text, validUntil: nil)
        }
        // And a policy cannot name bits either.
        #expect(throws: PolicyError.self) { _ = try Policy(parsing: "clearance#b2=1 AND clearance#b1=1") }
    }

    @Test func theCompilersBitsStillWork() throws {
        let policy = try Policy(parsing: "role:nurse AND clearance >= 6")
        #expect(policy.compiledText.contains("#b"))
        let reread = try Policy(parsing: policy.compiledText, options: .freeForm)
        #expect(reread.compiled == policy.compiled)
        let (pp, _) = Authorities.fabeo
        let key = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse, clearance=7"))
        let sealed = try RecordContainer.seal([1], publicParameters: pp, policy: policy)
        #expect(try RecordContainer.open(sealed, key: key) == [1])
        let low = Authorities.key(.fabeo, try AttributeSet(parsing: "role:nurse, clearance=1"))
        #expect(throws: ContainerError.self) { _ = try RecordContainer.open(sealed, key: low) }
    }

    @Test func aNumericKeyGivenTwiceIsRefused() {
        #expect(throws: PolicyError.self) { _ = try AttributeSet(parsing: "clearance=1, clearance=5") }
        #expect(throws: PolicyError.self) { _ = try AttributeSet(parsing: "clearance=1, clearance:5", options: .freeForm) }
        #expect(throws: PolicyError.self) { _ = try AttributeSet(parsing: "clearance, clearance=5", options: .freeForm) }
    }

    @Test(arguments: SchemeID.allCases)
    func aKeyWithNoAttributesIsRefused(scheme: SchemeID) throws {
        let (pp, ms) = Authorities.of(scheme)
        let empty = try AttributeSet(parsing: "")
        #expect(throws: ABEError.invalidAttributeSet("a key needs at least one attribute")) {
            _ = try KeyAuthority.issue(publicParameters: pp, masterSecret: ms, attributes: empty, attributesText: "", validUntil: nil)
        }
    }
}
