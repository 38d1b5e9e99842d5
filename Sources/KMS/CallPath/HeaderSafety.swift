/// Checks for text that would break an HTTP header (CR/LF injection) or its signature.
enum HeaderSafety {
    /// True when `text` holds C0 control characters (tab included) or DEL.
    static func hasControlCharacters(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }
}
