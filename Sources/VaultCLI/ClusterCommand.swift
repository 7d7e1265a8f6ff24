import ArgumentParser

/// `vault cluster create|join`: a chain shared by several organisations,
/// its blocks ordered by an etcd cluster.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "Create a chain shared by several organisations on an etcd cluster, or join a node to one.",
        discussion: """
            A three-member etcd cluster on loopback for trying it out: tools/etcd-cluster.sh start (docs/CLUSTER.md).
            """,
        subcommands: [ClusterCreateCommand.self, ClusterJoinCommand.self])
}
