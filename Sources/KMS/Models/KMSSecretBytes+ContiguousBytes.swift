#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A secret goes wherever Foundation and swift-crypto take bytes (`SymmetricKey(data:)`,
/// `Data(_:)` of a `ContiguousBytes`) straight from its zeroing storage, without first becoming
/// an array nobody zeroes.
extension KMSSecretBytes: ContiguousBytes {}
