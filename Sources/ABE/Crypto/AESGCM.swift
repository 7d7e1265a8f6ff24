import COpenSSL

/// AES-256-GCM through OpenSSL's EVP interface, one message at a time.
public enum AESGCM {
    public static let keyBytes = 32, nonceBytes = 12, tagBytes = 16

    /// ciphertext ‖ tag.
    public static func seal(_ plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]) -> [UInt8] {
        precondition(key.count == keyBytes && nonce.count == nonceBytes)
        let ctx = EVP_CIPHER_CTX_new()!
        defer { EVP_CIPHER_CTX_free(ctx) }
        var ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce)
        var length: Int32 = 0
        if !associatedData.isEmpty { ok &= EVP_EncryptUpdate(ctx, nil, &length, associatedData, Int32(associatedData.count)) }
        var out = [UInt8](repeating: 0, count: plaintext.count + tagBytes)
        if !plaintext.isEmpty { ok &= EVP_EncryptUpdate(ctx, &out, &length, plaintext, Int32(plaintext.count)) }
        var finalLength: Int32 = 0
        ok &= out.withUnsafeMutableBufferPointer { EVP_EncryptFinal_ex(ctx, $0.baseAddress! + plaintext.count, &finalLength) }
        ok &= out.withUnsafeMutableBufferPointer {
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(tagBytes), $0.baseAddress! + plaintext.count)
        }
        precondition(ok == 1, "OpenSSL AES-256-GCM encryption failed")
        return out
    }

    /// The plaintext, or nil when the tag does not verify.
    public static func open(_ sealed: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]) -> [UInt8]? {
        precondition(key.count == keyBytes && nonce.count == nonceBytes)
        guard sealed.count >= tagBytes else { return nil }
        let ctx = EVP_CIPHER_CTX_new()!
        defer { EVP_CIPHER_CTX_free(ctx) }
        let bodyCount = sealed.count - tagBytes
        var ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, key, nonce)
        var length: Int32 = 0
        if !associatedData.isEmpty { ok &= EVP_DecryptUpdate(ctx, nil, &length, associatedData, Int32(associatedData.count)) }
        var out = [UInt8](repeating: 0, count: bodyCount)
        if bodyCount > 0 { ok &= EVP_DecryptUpdate(ctx, &out, &length, sealed, Int32(bodyCount)) }
        var tag = Array(sealed[bodyCount...])
        ok &= EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagBytes), &tag)
        var finalLength: Int32 = 0
        var scratch = [UInt8](repeating: 0, count: 16)
        let verified = EVP_DecryptFinal_ex(ctx, &scratch, &finalLength)
        guard ok == 1, verified == 1 else { return nil }
        return out
    }
}
