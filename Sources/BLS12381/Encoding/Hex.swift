/// Lower-case hexadecimal of bytes, for descriptions and fixtures.
public func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef")
    var out = ""
    for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
    return out
}

/// Bytes from hexadecimal (an optional 0x prefix is allowed); nil on any non-hex character or odd length.
public func bytes(fromHex hex: String) -> [UInt8]? {
    var text = Substring(hex)
    if text.hasPrefix("0x") { text = text.dropFirst(2) }
    guard text.count % 2 == 0 else { return nil }
    var out = [UInt8]()
    out.reserveCapacity(text.count / 2)
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        guard let b = UInt8(text[index..<next], radix: 16) else { return nil }
        out.append(b)
        index = next
    }
    return out
}
