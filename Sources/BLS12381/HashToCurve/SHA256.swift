import COpenSSL

/// SHA-256 from libcrypto's EVP interface, for expand_message_xmd. The curve
/// engine takes it straight from the C shim so that it depends on no module
/// of the application above it.
enum SHA256 {
    /// Fetched once: in OpenSSL 3 an implicit fetch per call costs more than
    /// hashing a short message.
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    /// SHA-256 of the concatenation of `parts`.
    static func hash(_ parts: [UInt8]...) -> [UInt8] {
        guard let md = algorithm, let ctx = EVP_MD_CTX_new() else {
            fatalError("OpenSSL cannot provide SHA-256; the installation is broken")
        }
        defer { EVP_MD_CTX_free(ctx) }
        var ok = EVP_DigestInit_ex2(ctx, md, nil) == 1
        for part in parts where ok {
            ok = part.withUnsafeBytes { EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) } == 1
        }
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        if ok { ok = EVP_DigestFinal_ex(ctx, &out, &length) == 1 }
        guard ok, length == 32 else { fatalError("OpenSSL SHA-256 failed on in-memory input") }
        return out
    }
}
