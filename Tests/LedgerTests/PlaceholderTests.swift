import Testing
import Foundation
import COpenSSL
@testable import Ledger

@Test func timingScratch() throws {
    let seed = [UInt8](repeating: 3, count: 32)
    let k = try SigningKey(seed: seed)
    let msg = [UInt8](repeating: 7, count: 300)
    let sig = try k.sign(msg)
    var bad = sig; bad[5] ^= 1
    let n = 10000
    var t = Date()
    for _ in 0..<n { precondition(k.publicKey.isValidSignature(sig, for: msg)) }
    print("verify us", Date().timeIntervalSince(t) / Double(n) * 1e6)
    let pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, k.publicKey.rawBytes, 32)!
    let ctx = EVP_MD_CTX_new()!
    precondition(EVP_DigestVerifyInit(ctx, nil, nil, nil, pk) == 1)
    t = Date()
    var okc = 0
    for i in 0..<n { if EVP_DigestVerify(ctx, i % 2 == 0 ? sig : bad, 64, msg, msg.count) == 1 { okc += 1 } }
    print("reuse ctx verify us", Date().timeIntervalSince(t) / Double(n) * 1e6, "ok", okc)
    let tmpl = EVP_MD_CTX_new()!
    precondition(EVP_DigestVerifyInit(tmpl, nil, nil, nil, pk) == 1)
    t = Date()
    okc = 0
    let c2 = EVP_MD_CTX_new()!
    for i in 0..<n { precondition(EVP_MD_CTX_copy_ex(c2, tmpl) == 1); if EVP_DigestVerify(c2, i % 2 == 0 ? sig : bad, 64, msg, msg.count) == 1 { okc += 1 } }
    print("copy ctx verify us", Date().timeIntervalSince(t) / Double(n) * 1e6, "ok", okc)
    t = Date()
    for _ in 0..<n { let c = EVP_MD_CTX_new()!; precondition(EVP_DigestVerifyInit(c, nil, nil, nil, pk) == 1); EVP_MD_CTX_free(c) }
    print("init only us", Date().timeIntervalSince(t) / Double(n) * 1e6)
}
