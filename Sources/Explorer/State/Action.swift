import ORMCore

/// Everything that can happen to the explorer: what a user asks, and what the runtime answers.
public enum Action: Sendable, Equatable {
    // Moving around
    case showModels
    case openModel(String)
    case moveCursor(Int)
    case pageFirst, pageNext, pagePrevious, pageLast
    case sort(field: String, descending: Bool)
    case filter(String)
    case openRow
    /// Follow a relationship of the row under the cursor (rows screen) or of the open row.
    case follow(String)
    case back
    case refresh
    case countExactly
    // Loading
    case setStrategy(relationship: String, LoadStrategy)
    case cycleStrategy(relationship: String)
    /// Compare lazy, selectin and joined for a relationship of the open model, on the page's size.
    case compareStrategies(relationship: String)
    // Writing
    case write(WriteRequest)
    case confirm, cancel
    case setManualTransaction(Bool)
    case commit, rollback
    // Results from the runtime
    case pageLoaded(id: Int, PageData, ActionReport)
    case rowLoaded(id: Int, values: [String: Value], ActionReport)
    case counted(id: Int, Int, ActionReport)
    case wrote(id: Int, ActionReport)
    case compared(id: Int, Comparison, ActionReport)
    case failed(id: Int, ActionReport)
}
