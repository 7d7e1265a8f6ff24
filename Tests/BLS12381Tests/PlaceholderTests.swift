import Testing
@testable import BLS12381
