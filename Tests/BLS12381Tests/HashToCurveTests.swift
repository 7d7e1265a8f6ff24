import Foundation
import Testing
@testable import BLS12381
import VaultSupport

struct RFC9380Vectors: Decodable {
    struct Expand: Decodable { let dst: String; let vectors: [ExpandVector] }
    struct ExpandVector: Decodable { let msg: String; let len: Int; let uniform_bytes: String }
    struct Suite: Decodable { let dst: String; let msg: String; let x: String; let y: String; let u: [String] }
    let expand_message_xmd: Expand
    let hash_to_g1: [Suite]
    let hash_to_g2: [Suite]

    static let shared: RFC9380Vectors = {
        let url = Bundle.module.url(forResource: "rfc9380_vectors", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(RFC9380Vectors.self, from: Data(contentsOf: url))
    }()
}

/// An Fp2 written "c0,c1" in hex.
private func fp2(_ s: String) -> Fp2 {
    let parts = s.split(separator: ",").map { Fp(bigEndian: hex(String($0)))! }
    return Fp2(parts[0], parts[1])
}

@Suite struct HashToCurveTests {
    @Test func expandMessageXMDMatchesRFC9380AppendixK1() throws {
        let v = RFC9380Vectors.shared.expand_message_xmd
        for t in v.vectors {
            let out = try expandMessageXMD(Array(t.msg.utf8), dst: Array(v.dst.utf8), length: t.len)
            #expect(Hex.encode(out) == t.uniform_bytes, "msg \(t.msg.prefix(8)) len \(t.len)")
        }
    }

    @Test func expandMessageRefusesOutOfRangeParameters() {
        #expect(throws: HashToCurveError.dstTooLong) { try expandMessageXMD([], dst: [UInt8](repeating: 1, count: 256), length: 32) }
        #expect(throws: HashToCurveError.outputTooLong) { try expandMessageXMD([], dst: [1], length: 255 * 32 + 1) }
    }

    @Test func hashToG1MatchesRFC9380() throws {
        for t in RFC9380Vectors.shared.hash_to_g1 {
            let msg = Array(t.msg.utf8), dst = Array(t.dst.utf8)
            let u = try hashToFieldFp(msg, dst: dst, count: 2)
            #expect(u.map { Hex.encode($0.bigEndianBytes()) } == t.u, "u for \(t.dst) / \(t.msg.prefix(8))")
            let p = try hashToG1(msg, dst: dst)
            let (x, y) = p.point.affine()
            #expect(Hex.encode(x.bigEndianBytes()) == t.x, "P.x for \(t.dst) / \(t.msg.prefix(8))")
            #expect(Hex.encode(y.bigEndianBytes()) == t.y)
        }
    }

    @Test func hashToG2MatchesRFC9380() throws {
        for t in RFC9380Vectors.shared.hash_to_g2 {
            let msg = Array(t.msg.utf8), dst = Array(t.dst.utf8)
            if !t.u.isEmpty {
                let u = try hashToFieldFp2(msg, dst: dst, count: 2)
                #expect(u[0] == fp2(t.u[0]) && u[1] == fp2(t.u[1]), "u for \(t.dst) / \(t.msg.prefix(8))")
            }
            let q = try hashToG2(msg, dst: dst)
            let (x, y) = q.point.affine()
            #expect(x == fp2(t.x), "P.x for \(t.dst) / \(t.msg.prefix(8))")
            #expect(y == fp2(t.y))
        }
    }

    @Test func hashesMatchPyEccForProjectTags() throws {
        for v in PyEccVectors.shared.hash_to_g1 {
            #expect(try hashToG1(hex(v.msg), dst: hex(v.dst)).compressed() == hex(v.compressed))
        }
        for v in PyEccVectors.shared.hash_to_g2 {
            #expect(try hashToG2(hex(v.msg), dst: hex(v.dst)).compressed() == hex(v.compressed))
        }
    }

    @Test func hashedPointsAreInTheSubgroup() throws {
        let p = try hashToG1(Array("x".utf8), dst: Array("VAULT-TEST".utf8))
        let q = try hashToG2(Array("x".utf8), dst: Array("VAULT-TEST".utf8))
        #expect(p.point.isInSubgroup && q.point.isInSubgroup)
        #expect(try G1Point(compressed: p.compressed()) == p)
        #expect(try G2Point(compressed: q.compressed()) == q)
    }
}
