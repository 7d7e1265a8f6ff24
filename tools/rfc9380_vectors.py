#!/usr/bin/env python3
"""Writes Tests/BLS12381Tests/Fixtures/rfc9380_vectors.json: published hash-to-curve
known answers, transcribed from
  - RFC 9380 Appendix K.1 (expand_message_xmd, SHA-256, DST QUUX-V01-CS02-with-expander-SHA256-128),
  - RFC 9380 Appendix J.9.1 / J.10.1 (suite vectors, DST QUUX-V01-CS02-with-…), for the
    messages quoted in ../shared/docs/BLS12-381.md §6, and
  - py-ecc's RFC 9380 implementation for the remaining J.9.1 / J.10.1 messages, after
    asserting that it reproduces each quoted RFC value.
"""
import json, os

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "BLS12381Tests", "Fixtures", "rfc9380_vectors.json")
Q128 = "q128_" + "q" * 128
A512 = "a512_" + "a" * 512
assert len(Q128) == 133 and len(A512) == 517

expand = {"dst": "QUUX-V01-CS02-with-expander-SHA256-128", "vectors": [
    ("", 0x20, "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"),
    ("abc", 0x20, "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615"),
    ("abcdef0123456789", 0x20, "eff31487c770a893cfb36f912fbfcbff40d5661771ca4b2cb4eafe524333f5c1"),
    (Q128, 0x20, "b23a1d2b4d97b2ef7785562a7e8bac7eed54ed6e97e29aa51bfe3f12ddad1ff9"),
    (A512, 0x20, "4623227bcc01293b8c130bf771da8c298dede7383243dc0993d2d94823958c4c"),
    ("", 0x80, "af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbee0d121587713a3e0dd4d5e69e93eb7cd4f5df4cd103e188cf60cb02edc3edf18eda8576c412b18ffb658e3dd6ec849469b979d444cf7b26911a08e63cf31f9dcc541708d3491184472c2c29bb749d4286b004ceb5ee6b9a7fa5b646c993f0ced"),
    ("abc", 0x80, "abba86a6129e366fc877aab32fc4ffc70120d8996c88aee2fe4b32d6c7b6437a647e6c3163d40b76a73cf6a5674ef1d890f95b664ee0afa5359a5c4e07985635bbecbac65d747d3d2da7ec2b8221b17b0ca9dc8a1ac1c07ea6a1e60583e2cb00058e77b7b72a298425cd1b941ad4ec65e8afc50303a22c0f99b0509b4c895f40"),
    ("abcdef0123456789", 0x80, "ef904a29bffc4cf9ee82832451c946ac3c8f8058ae97d8d629831a74c6572bd9ebd0df635cd1f208e2038e760c4994984ce73f0d55ea9f22af83ba4734569d4bc95e18350f740c07eef653cbb9f87910d833751825f0ebefa1abe5420bb52be14cf489b37fe1a72f7de2d10be453b2c9d9eb20c7e3f6edc5a60629178d9478df"),
    (Q128, 0x80, "80be107d0884f0d881bb460322f0443d38bd222db8bd0b0a5312a6fedb49c1bbd88fd75d8b9a09486c60123dfa1d73c1cc3169761b17476d3c6b7cbbd727acd0e2c942f4dd96ae3da5de368d26b32286e32de7e5a8cb2949f866a0b80c58116b29fa7fabb3ea7d520ee603e0c25bcaf0b9a5e92ec6a1fe4e0391d1cdbce8c68a"),
    (A512, 0x80, "546aff5444b5b79aa6148bd81728704c32decb73a3ba76e9e75885cad9def1d06d6792f8a7d12794e90efed817d96920d728896a4510864370c207f99bd4a608ea121700ef01ed879745ee3e4ceef777eda6d9e5e38b90c86ea6fb0b36504ba4a45d22e86f6db5dd43d98a294bebb9125d5b794e9d2a81181066eb954966a487"),
]}

G1_QUUX = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_"
G2_QUUX = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_"

# RFC 9380 J.9.1 and J.10.1 values as quoted in ../shared/docs/BLS12-381.md §6:
# (msg, P.x, P.y, [u0, u1]); a G2 coordinate is "c0,c1".
RFC_G1 = {
    "": ("052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4e8cf62d9c09db0fac349612b759e79a1",
         "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265",
         ["0ba14bd907ad64a016293ee7c2d276b8eae71f25a4b941eece7b0d89f17f75cb3ae5438a614fb61d6835ad59f29c564f",
          "019b9bd7979f12657976de2884c7cce192b82c177c80e0ec604436a7f538d231552f0d96d9f7babe5fa3b19b3ff25ac9"]),
    "abc": ("03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903",
            "0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d",
            ["0d921c33f2bad966478a03ca35d05719bdf92d347557ea166e5bba579eea9b83e9afa5c088573c2281410369fbd32951",
             "003574a00b109ada2f26a37a91f9d1e740dffd8d69ec0c35e1e9f4652c7dba61123e9dd2e76c655d956e2b3462611139"]),
}
RFC_G2 = {
    "abc": ("02c2d18e033b960562aae3cab37a27ce00d80ccd5ba4b7fe0e7a210245129dbec7780ccc7954725f4168aff2787776e6,139cddbccdc5e91b9623efd38c49f81a6f83f175e80b06fc374de9eb4b41dfe4ca3a230ed250fbe3a2acf73a41177fd8",
            "1787327b68159716a37440985269cf584bcb1e621d3a7202be6ea05c4cfe244aeb197642555a0645fb87bf7466b2ba48,00aa65dae3c8d732d10ecd2c50f8a1baf3001578f71c694e03866e9f3d49ac1e1ce70dd94a733534f106d4cec0eddd16", []),
}

# The other RFC messages are computed with py-ecc's RFC 9380 implementation, after
# checking that it reproduces every quoted RFC value above.
import hashlib
from py_ecc.bls.hash_to_curve import hash_to_G1, hash_to_G2, hash_to_field_FQ, hash_to_field_FQ2
from py_ecc.optimized_bls12_381 import normalize


def h(x):
    return "%096x" % int(x)


def g1_row(msg):
    x, y = normalize(hash_to_G1(msg.encode(), G1_QUUX.encode(), hashlib.sha256))
    u = hash_to_field_FQ(msg.encode(), 2, G1_QUUX.encode(), hashlib.sha256)
    return (G1_QUUX, msg, h(x), h(y), [h(e) for e in u])


def g2_row(msg):
    x, y = normalize(hash_to_G2(msg.encode(), G2_QUUX.encode(), hashlib.sha256))
    u = hash_to_field_FQ2(msg.encode(), 2, G2_QUUX.encode(), hashlib.sha256)
    f2 = lambda e: h(e.coeffs[0]) + "," + h(e.coeffs[1])
    return (G2_QUUX, msg, f2(x), f2(y), [f2(e) for e in u])


MESSAGES = ["", "abc", "abcdef0123456789", Q128, A512]
g1 = [g1_row(m) for m in MESSAGES]
g2 = [g2_row(m) for m in MESSAGES]
for row in g1:
    if row[1] in RFC_G1:
        assert row[2:] == (RFC_G1[row[1]][0], RFC_G1[row[1]][1], RFC_G1[row[1]][2]), row[1]
for row in g2:
    if row[1] in RFC_G2:
        assert row[2:4] == RFC_G2[row[1]][:2], row[1]


def row(t):
    return {"dst": t[0], "msg": t[1], "x": t[2], "y": t[3], "u": t[4]}


doc = {"expand_message_xmd": {"dst": expand["dst"], "vectors": [
           {"msg": m, "len": n, "uniform_bytes": u} for (m, n, u) in expand["vectors"]]},
       "hash_to_g1": [row(t) for t in g1], "hash_to_g2": [row(t) for t in g2]}
with open(OUT, "w") as f:
    json.dump(doc, f, indent=1)
print("wrote", OUT)
