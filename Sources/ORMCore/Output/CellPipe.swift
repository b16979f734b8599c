import Foundation

/// Rows of cells copied into one block of memory (`CellPipe`): each cell's tag and payload, the
/// bytes of its text, and the `Value` of a cell that is one (binary, a boolean, a UUID). A row of a
/// block (`CellBlock.Row`) is a `CellSource`, so a writer takes it as it takes the driver's row.
///
/// A struct over memory of its own (freed by `deallocate`), owned by one thread at a time: its
/// hot paths touch no class property, so they cost no run-time exclusivity check.
public struct CellBlock {
    @usableFromInline
    struct Entry {
        /// 0 NULL, 1 integer, 2 real, 3 text (`kind`), 4 value (`values[payload]`).
        @usableFromInline var tag: UInt8
        @usableFromInline var kind: Cell.TextKind
        @usableFromInline var length: Int32
        /// The integer, the real's bits, the text's offset in `bytes`, or the value's index.
        @usableFromInline var payload: Int64

        @inlinable
        init(tag: UInt8, kind: Cell.TextKind, length: Int32, payload: Int64) {
            self.tag = tag
            self.kind = kind
            self.length = length
            self.payload = payload
        }
    }

    @usableFromInline let width: Int
    @usableFromInline let capacity: Int
    /// The rows the block holds.
    public var rows: Int { filled }
    @usableFromInline var filled = 0
    @usableFromInline let entries: UnsafeMutablePointer<Entry>
    @usableFromInline var values: [Value] = []
    @usableFromInline var bytes: UnsafeMutablePointer<UInt8>
    @usableFromInline var byteCount = 0
    @usableFromInline var byteCapacity: Int

    init(width: Int, rows: Int) {
        self.width = width
        capacity = max(1, rows)
        entries = .allocate(capacity: max(1, width * capacity))
        byteCapacity = max(4096, width * capacity * 16)
        bytes = .allocate(capacity: byteCapacity)
    }

    func deallocate() {
        entries.deallocate()
        bytes.deallocate()
    }

    /// Whether the block holds as many rows as it has room for.
    var isFull: Bool { rows == capacity }

    /// Empties the block for its next rows (its memory is kept).
    mutating func reset() {
        filled = 0
        values.removeAll(keepingCapacity: true)
        byteCount = 0
    }

    /// Copies one row's cells (the first `count`, the block's width).
    @inlinable @inline(__always)
    public mutating func append<Cells: CellSource>(_ cells: Cells, count: Int) {
        precondition(count == width, "a row of the block's width")
        let row = entries + filled * width
        for i in 0..<width {
            switch cells.cell(i) {
            case .null: row[i] = Entry(tag: 0, kind: .text, length: 0, payload: 0)
            case .int(let n): row[i] = Entry(tag: 1, kind: .text, length: 0, payload: n)
            case .double(let d): row[i] = Entry(tag: 2, kind: .text, length: 0, payload: Int64(bitPattern: d.bitPattern))
            case .text(let b, let kind):
                let n = b.count
                if byteCount + n > byteCapacity { grow(n) }
                if n > 0 { (bytes + byteCount).update(from: b.baseAddress!, count: n) }
                row[i] = Entry(tag: 3, kind: kind, length: Int32(n), payload: Int64(byteCount))
                byteCount += n
            case .value(let v):
                row[i] = Entry(tag: 4, kind: .text, length: 0, payload: Int64(values.count))
                values.append(v)
            }
        }
        filled += 1
    }

    @usableFromInline @inline(never)
    mutating func grow(_ n: Int) {
        let capacity = max(byteCapacity * 2, byteCount + n)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: bytes, count: byteCount)
        bytes.deallocate()
        bytes = bigger
        byteCapacity = capacity
    }

    /// Calls `body` with each row, in order.
    @inline(__always)
    public func forEachRow(_ body: (Row) -> Void) {
        values.withUnsafeBufferPointer { v in
            for r in 0..<rows { body(Row(entries: entries + r * width, width: width, bytes: bytes, values: v)) }
        }
    }

    /// One row of a block, as cells (valid during `forEachRow`'s call).
    public struct Row: CellSource {
        let entries: UnsafeMutablePointer<Entry>
        let width: Int
        let bytes: UnsafeMutablePointer<UInt8>
        let values: UnsafeBufferPointer<Value>
        public var cellCount: Int { width }

        @inline(__always)
        public func cell(_ i: Int) -> Cell {
            let e = entries[i]
            switch e.tag {
            case 0: return .null
            case 1: return .int(e.payload)
            case 2: return .double(Double(bitPattern: UInt64(bitPattern: e.payload)))
            case 3: return .text(UnsafeBufferPointer(start: bytes + Int(e.payload), count: Int(e.length)), e.kind)
            default: return .value(values[Int(e.payload)])
            }
        }
    }
}

/// A reading thread and a writing thread, rows passed between them in blocks (`CellBlock`): the
/// thread that steps the statement copies each row's cells into a block (`fill`), a full block
/// goes to the writing thread, which hands each of its rows to `write` with its `State` (the
/// writer), in order. At most `depth` blocks exist, so memory stays flat; a reader that gets ahead
/// waits for a free block. For SQLite, whose rows cost as much to read (in this process) as to
/// write: the two halves run on two cores, and the output is the same bytes.
public final class CellPipe<State>: @unchecked Sendable {
    private let lock = NSCondition()
    private var free: [CellBlock]
    private var full: [CellBlock] = []
    private var closed = false
    private let done = DispatchSemaphore(value: 0)
    private var state: State

    /// Starts the writing thread with `state`; `write` runs there, once per row, rows in the order filled.
    public init(width: Int, rowsPerBlock: Int = 2048, depth: Int = 4, state: State, write: @escaping (inout State, CellBlock.Row) -> Void) {
        free = (0..<max(2, depth)).map { _ in CellBlock(width: width, rows: rowsPerBlock) }
        self.state = state
        let write = UncheckedSendable(write)
        let thread = Thread { [self] in
            var s = self.state
            while let block = take() {
                block.forEachRow { write.value(&s, $0) }
                give(block)
            }
            self.state = s
            done.signal()
        }
        thread.name = "ormscope writer"
        thread.start()
    }

    /// Runs `read`, whose `put` copies a row (its first `width` cells) to be written; then sends
    /// the last rows and waits until the writing thread has written every row (also when `read`
    /// throws: no row is written after this returns). Returns `read`'s result and the final state.
    public func fill<T>(_ read: (_ put: (FieldCells) -> Void) throws -> T) rethrows -> (T, State) {
        lock.lock()
        var block = free.removeLast()
        lock.unlock()
        let result: T
        do {
            result = try read { row in
                row.copy(row.cellCount, into: &block)
                if block.isFull { block = send(block) }
            }
        } catch {
            close(block)
            throw error
        }
        close(block)
        return (result, state)
    }

    /// Sends the last rows, ends the writing thread once it has written them, frees the blocks.
    private func close(_ block: CellBlock) {
        if block.rows > 0 { send(block) } else { give(block) }
        lock.lock()
        closed = true
        lock.broadcast()
        lock.unlock()
        done.wait()
        // Every block is back in `free` now (the writing thread gave back each it took). Not
        // `all`: a block whose text outgrew its memory holds a new pointer in its returned copy.
        for b in free { b.deallocate() }
        free.removeAll()
    }

    /// Hands a full block to the writing thread and returns an empty one (waiting for one if need be).
    @discardableResult
    private func send(_ block: CellBlock) -> CellBlock {
        lock.lock()
        full.append(block)
        lock.broadcast()
        while free.isEmpty { lock.wait() }
        var next = free.removeLast()
        lock.unlock()
        next.reset()
        return next
    }

    /// The next full block, or nil once the pipe is closed and empty (on the writing thread).
    private func take() -> CellBlock? {
        lock.lock()
        defer { lock.unlock() }
        while full.isEmpty && !closed { lock.wait() }
        return full.isEmpty ? nil : full.removeFirst()
    }

    private func give(_ block: CellBlock) {
        lock.lock()
        free.append(block)
        lock.broadcast()
        lock.unlock()
    }
}

/// A value handed to the writing thread, which alone uses it until `CellPipe.fill` returns.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
