import Tracing

/// The span of a traced call, held by reference: an untraced call passes one nil pointer down
/// the call path (and tests it) rather than an optional existential.
final class CallSpan: Sendable {
    let span: any Tracing.Span

    init(_ span: any Tracing.Span) {
        self.span = span
    }
}
