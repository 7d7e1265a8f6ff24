import Foundation
import Testing
import VaultSupport

/// Hex is the text form of every hash, key and signature in files, JSON
/// answers and proofs: a wrong digit would make a proof or key unreadable.
@Suite struct HexTests {
    @Test func everyByteValueEncodesToItsTwoLowerCaseDigits() {
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.encode(all) == all.map { String(format: "%02x", $0) }.joined())
    }

    @Test func contiguousAndOtherSequencesEncodeAlike() {
        let bytes: [UInt8] = [0x00, 0x09, 0x0a, 0x0f, 0x10, 0x99, 0x9a, 0xa9, 0xf0, 0xff]
        let expected = "00090a0f10999aa9f0ff"
        #expect(Hex.encode(bytes) == expected)
        #expect(Hex.encode(bytes[2...]) == String(expected.dropFirst(4)))  // a slice that does not start at 0
        #expect(Hex.encode(Data(bytes)) == expected)
        #expect(Hex.encode(bytes.lazy.map { $0 }) == expected)  // no contiguous storage
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test func decodingRoundTripsAndRefusesWhatIsNotHex() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        #expect(Hex.decode("ABcd") == [0xab, 0xcd])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("") == [])
    }
}
