import Foundation
@testable import BLS12381
import VaultSupport

/// Known answers written by tools/gen_bls_fixtures.py with py-ecc.
struct PyEccVectors: Decodable {
    struct ScalarMultiple: Decodable {
        let k: String
        let g1_compressed: String
        let g1_uncompressed: String
        let g2_compressed: String
        let g2_uncompressed: String
    }
    struct PairingVector: Decodable { let a: String; let b: String; let gt: String }
    struct HashVector: Decodable { let dst: String; let msg: String; let compressed: String }
    struct InvalidPoint: Decodable { let why: String; let compressed: String?; let uncompressed: String? }

    let scalars: [ScalarMultiple]
    let pairings: [PairingVector]
    let hash_to_g1: [HashVector]
    let hash_to_g2: [HashVector]
    let invalid_g1: [InvalidPoint]
    let invalid_g2: [InvalidPoint]

    static let shared: PyEccVectors = {
        let url = Bundle.module.url(forResource: "py_ecc_vectors", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(PyEccVectors.self, from: Data(contentsOf: url))
    }()
}

func hex(_ s: String) -> [UInt8] { Hex.decode(s)! }

func scalar(_ s: String) -> Scalar { try! Scalar(bytes: hex(s)) }
