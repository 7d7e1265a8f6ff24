import ABE
import ArgumentParser
import Foundation
import Ledger
import Vault
import VaultSupport

/// A refusal a command raises itself, with the exit status it means.
struct CommandFailure: Error, CustomStringConvertible {
    let status: ExitStatus
    let message: String

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    static func usage(_ message: String) -> CommandFailure { CommandFailure(.usage, message) }
    static func refused(_ message: String) -> CommandFailure { CommandFailure(.inputRefused, message) }
    static func denied(_ message: String) -> CommandFailure { CommandFailure(.accessDenied, message) }
    static func integrity(_ message: String) -> CommandFailure { CommandFailure(.integrityFailure, message) }
    static func failed(_ message: String) -> CommandFailure { CommandFailure(.failure, message) }

    var description: String { message }
}

/// The one place where an error becomes a message and an exit status
/// (swift-format's single diagnostics engine): every command throws, and
/// `VaultCommand.main` reports here, as one `error:` line on standard
/// error, or with `--json` as one JSON object
/// `{"error": {"status", "exit_code", "message"}}` on standard error.
enum Diagnostics {
    /// The exit status and message for an error from any layer, or nil for
    /// the argument parser's own errors (usage, help, `ExitCode`).
    static func classify(_ error: Error) -> (ExitStatus, String)? {
        switch error {
        case let failure as CommandFailure:
            return (failure.status, failure.message)
        case let error as VaultError:
            return (status(of: error), error.description + (error.hint.map { "; " + $0 } ?? ""))
        case let rejected as RejectedTransaction:
            return (status(of: rejected.reason), rejected.reason.description)
        case let error as LedgerError:
            return (status(of: error), error.description)
        case let error as NodeProblem:
            return (status(of: error), error.detail)
        case let error as ABEError:
            return (status(of: error), error.description)
        case let error as ContainerError:
            return (status(of: error), error.description)
        case let error as PolicyError:
            return (.inputRefused, error.description)
        case let failure as PolicyCheckReport.Failure:
            return (.inputRefused, failure.description)
        case let error as AtomicFile.Error:
            if case .io = error { return (.failure, error.description) }
            return (.inputRefused, error.description)
        case is ExitCode, is CleanExit, is ValidationError:
            return nil
        default:
            // The argument parser's own parse errors are internal types; it
            // reports those itself (a validation failure means usage).
            let code = VaultCommand.exitCode(for: error)
            if code == .validationFailure || code == .success { return nil }
            return (.failure, String(describing: error))
        }
    }

    static func status(of error: VaultError) -> ExitStatus {
        switch error {
        case .noDataDirectory, .alreadyInitialized, .malformed, .policy: .inputRefused
        case .policyNotSatisfied, .keyExpired, .keyRefused: .accessDenied
        case .hashMismatch, .repairRefused: .integrityFailure
        case .io: .failure
        case .node(let problem): status(of: problem)
        case .unreachable: .unavailable
        }
    }

    static func status(of error: LedgerError) -> ExitStatus {
        switch error {
        case .unknownMember, .memberRemoved, .wrongRole, .badSignature, .governance: .accessDenied
        case .replayedNonce, .malformedEncoding, .invalidTransaction, .invalidInput, .notFound, .conflict: .inputRefused
        case .brokenChain, .cryptoFailure: .integrityFailure
        case .storage: .failure
        case .unavailable: .unavailable
        }
    }

    /// A node's refusal, by its problem type first and its HTTP status second.
    static func status(of problem: NodeProblem) -> ExitStatus {
        if problem.slug == "integrity" { return .integrityFailure }
        switch problem.status {
        case 401, 403: return .accessDenied
        case 400..<500: return .inputRefused
        case 502, 503, 504: return .unavailable
        default: return .failure
        }
    }

    static func status(of error: ABEError) -> ExitStatus {
        switch error {
        case .policyNotSatisfied, .keyFromAnotherAuthority, .keyExpired: .accessDenied
        case .integrityCheckFailed: .integrityFailure
        case .policyTooRepetitive, .repetitionOverLimit, .malformed, .wrongScheme, .degenerateKey, .invalidAttributeSet: .inputRefused
        }
    }

    static func status(of error: ContainerError) -> ExitStatus {
        switch error {
        case .tamperedChunk: .integrityFailure
        case .abe(let abe): status(of: abe)
        case .io: .failure
        default: .inputRefused
        }
    }

    /// Prints the error the way the command line was asked to, and returns the exit code.
    static func report(_ error: Error, json: Bool) -> Int32 {
        if let (status, message) = classify(error) {
            emit(status, message, json: json)
            return status.rawValue
        }
        let code = VaultCommand.exitCode(for: error)
        if code == .success {
            // --help, --version and the like: the parser's text on standard output.
            let text = VaultCommand.fullMessage(for: error)
            if !text.isEmpty { print(text) }
            return 0
        }
        if error is ExitCode {
            // The command printed its own findings (a failed `chain verify`, a damaged `doctor` report).
            return code.rawValue
        }
        if code == .validationFailure {
            if json {
                emit(.usage, VaultCommand.message(for: error), json: true)
            } else {
                FileHandle.standardError.write(Data((VaultCommand.fullMessage(for: error) + "\n").utf8))
            }
            return ExitStatus.usage.rawValue
        }
        emit(.failure, VaultCommand.message(for: error), json: json)
        return ExitStatus.failure.rawValue
    }

    private struct ErrorObject: Encodable {
        struct Body: Encodable {
            let status: String
            let exitCode: Int32
            let message: String
            enum CodingKeys: String, CodingKey { case status, exitCode = "exit_code", message }
        }
        let error: Body
    }

    private static func emit(_ status: ExitStatus, _ message: String, json: Bool) {
        let line: String
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let object = ErrorObject(error: .init(status: status.name, exitCode: status.rawValue, message: message))
            line = (try? String(decoding: encoder.encode(object), as: UTF8.self)) ?? "{}"
        } else {
            line = message.hasPrefix("error: ") ? message : "error: " + message
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
