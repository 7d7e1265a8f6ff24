import Foundation

/// A refusal by the node, sent as an RFC 9457 problem document:
/// `{"type": "urn:record-vault:problem:<slug>", "title", "status", "detail"}`.
/// The slug is stable for scripts; the detail names the reason for people.
public struct NodeProblem: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public let type: String
    public let title: String
    public let status: Int
    public let detail: String

    public init(status: Int, slug: String, title: String, detail: String) {
        self.type = "urn:record-vault:problem:" + slug
        self.title = title
        self.status = status
        self.detail = detail
    }

    public var slug: String { String(type.dropFirst("urn:record-vault:problem:".count)) }
    public var description: String { detail }

    public static func badRequest(_ slug: String, _ detail: String) -> NodeProblem {
        NodeProblem(status: 400, slug: slug, title: "Bad request", detail: detail)
    }
    public static func unauthenticated(_ detail: String) -> NodeProblem {
        NodeProblem(status: 401, slug: "unauthenticated", title: "Not authenticated", detail: detail)
    }
    public static func forbidden(_ slug: String, _ detail: String) -> NodeProblem {
        NodeProblem(status: 403, slug: slug, title: "Forbidden", detail: detail)
    }
    public static func notFound(_ detail: String) -> NodeProblem {
        NodeProblem(status: 404, slug: "not-found", title: "Not found", detail: detail)
    }
    public static func conflict(_ slug: String, _ detail: String) -> NodeProblem {
        NodeProblem(status: 409, slug: slug, title: "Conflict", detail: detail)
    }
    public static func gone(_ detail: String) -> NodeProblem {
        NodeProblem(status: 410, slug: "erased", title: "Gone", detail: detail)
    }
    public static func tooLarge(_ detail: String) -> NodeProblem {
        NodeProblem(status: 413, slug: "too-large", title: "Content too large", detail: detail)
    }
    public static func integrity(_ detail: String) -> NodeProblem {
        NodeProblem(status: 500, slug: "integrity", title: "Integrity failure", detail: detail)
    }
    public static func unavailable(_ detail: String) -> NodeProblem {
        NodeProblem(status: 503, slug: "unavailable", title: "Unavailable", detail: detail)
    }
    public static func `internal`(_ detail: String) -> NodeProblem {
        NodeProblem(status: 500, slug: "internal", title: "Internal error", detail: detail)
    }
}
