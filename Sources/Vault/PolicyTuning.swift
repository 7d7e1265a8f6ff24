import ABE
import Tuner

/// How the vault and the CLI tune a policy before encrypting (`--tune`):
/// the tuner's proven-equivalent smallest container, and the text as written
/// for the chain anchor's policy metadata when the policy changed (the
/// container keeps only the policy it is encrypted under).
public enum PolicyTuning {
    public struct Outcome: Sendable {
        public let policy: Policy
        /// The policy as its author wrote it, when the stored one differs.
        public let writtenPolicy: String?
        public let bytesBefore: Int
        public let bytesAfter: Int
        public let rowsBefore: Int
        public let rowsAfter: Int
    }

    public static func tune(_ policy: Policy, writtenText: String, scheme: SchemeID, options: PolicyOptions,
                            reuseBound: Int? = nil) -> Outcome {
        let result = Tuner.tune(policy: policy, configuration: TuningConfiguration(
            scheme: scheme, policyOptions: options, maxOccurrenceLimit: reuseBound))
        return Outcome(policy: result.tuned, writtenPolicy: result.changed ? writtenText : nil,
                       bytesBefore: result.before.bytes, bytesAfter: result.after.bytes,
                       rowsBefore: result.before.rows, rowsAfter: result.after.rows)
    }
}
