/// A parsed `--query` expression (the JMESPath subset ``Query`` implements).
indirect enum QueryNode: Sendable {
    /// `@`: the value at hand.
    case current
    case field(String)
    case subexpression(QueryNode, QueryNode)
    case index(QueryNode, Int)
    case slice(QueryNode, start: Int?, stop: Int?, step: Int?)
    case literal(JSONOutput)
    /// `left[*].right`, `left[].right` (after flattening), `left[0:2].right`: right on each element.
    case listProjection(QueryNode, QueryNode)
    /// `left.*.right`: right on each value of an object.
    case objectProjection(QueryNode, QueryNode)
    case flatten(QueryNode)
    case filterProjection(QueryNode, QueryNode, condition: QueryNode)
    case multiSelectList([QueryNode])
    case multiSelectHash([(String, QueryNode)])
    case comparison(QueryComparator, QueryNode, QueryNode)
    case or(QueryNode, QueryNode)
    case and(QueryNode, QueryNode)
    case not(QueryNode)
    case pipe(QueryNode, QueryNode)
    case function(String, [QueryNode])

    /// The value this expression selects from `value`.
    func evaluate(_ value: JSONOutput) throws(CLIUsageError) -> JSONOutput {
        switch self {
        case .current:
            return value
        case .field(let name):
            return value[member: name] ?? .null
        case .subexpression(let left, let right):
            return try right.evaluate(left.evaluate(value))
        case .index(let left, let position):
            guard case .array(let elements) = try left.evaluate(value) else { return .null }
            let resolved = position < 0 ? elements.count + position : position
            return elements.indices.contains(resolved) ? elements[resolved] : .null
        case .slice(let left, let start, let stop, let step):
            guard case .array(let elements) = try left.evaluate(value) else { return .null }
            return .array(try Self.slice(elements, start: start, stop: stop, step: step))
        case .literal(let literal):
            return literal
        case .listProjection(let left, let right):
            guard case .array(let elements) = try left.evaluate(value) else { return .null }
            return try Self.project(elements, right)
        case .objectProjection(let left, let right):
            guard case .object(let members) = try left.evaluate(value) else { return .null }
            return try Self.project(members.map(\.1), right)
        case .flatten(let left):
            guard case .array(let elements) = try left.evaluate(value) else { return .null }
            return .array(elements.flatMap { element -> [JSONOutput] in
                if case .array(let inner) = element { inner } else { [element] }
            })
        case .filterProjection(let left, let right, let condition):
            guard case .array(let elements) = try left.evaluate(value) else { return .null }
            var kept: [JSONOutput] = []
            for element in elements {
                if try condition.evaluate(element).isTruthy { kept.append(element) }
            }
            return try Self.project(kept, right)
        case .multiSelectList(let expressions):
            if value == .null { return .null }
            var results: [JSONOutput] = []
            for expression in expressions { results.append(try expression.evaluate(value)) }
            return .array(results)
        case .multiSelectHash(let members):
            if value == .null { return .null }
            var results: [(String, JSONOutput)] = []
            for (key, expression) in members { results.append((key, try expression.evaluate(value))) }
            return .object(results)
        case .comparison(let comparator, let left, let right):
            return Self.compare(comparator, try left.evaluate(value), try right.evaluate(value))
        case .or(let left, let right):
            let first = try left.evaluate(value)
            return first.isTruthy ? first : try right.evaluate(value)
        case .and(let left, let right):
            let first = try left.evaluate(value)
            return first.isTruthy ? try right.evaluate(value) : first
        case .not(let operand):
            return .bool(!(try operand.evaluate(value).isTruthy))
        case .pipe(let left, let right):
            return try right.evaluate(left.evaluate(value))
        case .function(let name, let arguments):
            var values: [JSONOutput] = []
            for argument in arguments { values.append(try argument.evaluate(value)) }
            return try QueryFunction.call(name, values)
        }
    }

    private static func project(_ elements: [JSONOutput], _ right: QueryNode) throws(CLIUsageError) -> JSONOutput {
        var results: [JSONOutput] = []
        for element in elements {
            let result = try right.evaluate(element)
            if result != .null { results.append(result) }
        }
        return .array(results)
    }

    /// Python's slice rules, as JMESPath defines them.
    private static func slice(_ elements: [JSONOutput], start: Int?, stop: Int?, step: Int?) throws(CLIUsageError) -> [JSONOutput] {
        let step = step ?? 1
        guard step != 0 else { throw Query.error("a slice step cannot be 0") }
        let count = elements.count
        func clamp(_ value: Int?, default fallback: Int) -> Int {
            guard var value else { return fallback }
            if value < 0 {
                value += count
                if value < 0 { value = step < 0 ? -1 : 0 }
            } else if value >= count {
                value = step < 0 ? count - 1 : count
            }
            return value
        }
        var position = clamp(start, default: step < 0 ? count - 1 : 0)
        let end = clamp(stop, default: step < 0 ? -1 : count)
        var result: [JSONOutput] = []
        while step > 0 ? position < end : position > end {
            result.append(elements[position])
            position += step
        }
        return result
    }

    private static func compare(_ comparator: QueryComparator, _ left: JSONOutput, _ right: JSONOutput) -> JSONOutput {
        switch comparator {
        case .equal: return .bool(left == right)
        case .notEqual: return .bool(left != right)
        default:
            guard case .integer(let a) = left, case .integer(let b) = right else { return .null }
            switch comparator {
            case .less: return .bool(a < b)
            case .lessOrEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            default: return .bool(a >= b)
            }
        }
    }
}

extension JSONOutput {
    /// JMESPath's truth: false, null, and empty strings, lists and objects are false.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .string(let value): !value.isEmpty
        case .array(let value): !value.isEmpty
        case .object(let value): !value.isEmpty
        case .integer: true
        }
    }
}
