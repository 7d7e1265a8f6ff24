import ArgumentParser

/// `vault record …`.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Put records in through the node, get them back, list, show and erase them.",
        subcommands: [RecordPutCommand.self, RecordGetCommand.self, RecordListCommand.self,
                      RecordShowCommand.self, RecordEraseCommand.self])
}
