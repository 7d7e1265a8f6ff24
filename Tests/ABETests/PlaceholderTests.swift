import Testing
@testable import ABE
