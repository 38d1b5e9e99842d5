#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KMS

extension InMemoryKMS {
    /// Everything the in-memory KMS holds, behind its lock.
    struct State {
        var keys: [Key] = []
        /// Alias name (`alias/…`) → the ARN of its key, with the names in creation order.
        var aliases: [String: String] = [:]
        var aliasOrder: [String] = []
        var calls: [Call] = []
        var faults: [PendingFault] = []
        var shortPlaintextKeys: Set<String> = []

        mutating func createKey(region: String, account: String, description: String) -> Key {
            let key = Key(
                arn: InMemoryKMS.arn(UUID().uuidString.lowercased(), region: region, account: account),
                description: description, material: CiphertextBlob.randomBytes(32))
            keys.append(key)
            return key
        }

        func keyIndex(arn: String) -> Int? { keys.firstIndex { $0.arn == arn } }

        /// The key a `KeyId` names: key id, key ARN, alias name or alias ARN.
        func resolve(_ keyId: String) -> Int? {
            if keyId.hasPrefix("alias/") { return aliases[keyId].flatMap(keyIndex(arn:)) }
            if keyId.hasPrefix("arn:"), let alias = keyId.range(of: ":alias/") {
                return aliases["alias/" + keyId[alias.upperBound...]].flatMap(keyIndex(arn:))
            }
            if keyId.hasPrefix("arn:") { return keyIndex(arn: keyId) }
            return keys.firstIndex { $0.keyId == keyId }
        }

        mutating func createAlias(_ alias: String, target: String, region: String, account: String) -> Failure? {
            guard alias.hasPrefix("alias/"), alias.count > 6, !alias.hasPrefix("alias/aws/") else {
                return Failure(code: "InvalidAliasNameException", message: "Alias must start with alias/ and not alias/aws/")
            }
            guard aliases[alias] == nil else { return Failure(code: "AlreadyExistsException", message: "An alias with the name \(alias) already exists") }
            guard let index = resolve(target) else { return .notFound(target) }
            aliases[alias] = keys[index].arn
            aliasOrder.append(alias)
            return nil
        }

        /// The key a request names in `field`, enabled when `usable`.
        func key(_ fields: RequestFields, _ field: String = "KeyId", usable: Bool) -> Result<Key, Failure> {
            guard let keyId = fields.string(field), !keyId.isEmpty, keyId.utf8.count <= 2048 else {
                return .failure(.validation("1 validation error detected: Value at '\(field.prefix(1).lowercased() + field.dropFirst())' failed to satisfy constraint: Member must not be null"))
            }
            guard let index = resolve(keyId) else { return .failure(.notFound(keyId)) }
            let key = keys[index]
            if usable, !key.enabled { return .failure(Failure(code: "DisabledException", message: "\(key.arn) is disabled.")) }
            return .success(key)
        }

        /// The answer to one request, as a JSON object or a KMS error.
        mutating func answer(_ operation: String, _ fields: RequestFields, region: String, account: String) -> Result<[String: Any], Failure> {
            switch operation {
            case "CreateKey":
                if let usage = fields.string("KeyUsage"), usage != "ENCRYPT_DECRYPT" {
                    return .failure(Failure(code: "UnsupportedOperationException", message: "only symmetric ENCRYPT_DECRYPT keys are supported"))
                }
                if let spec = fields.string("KeySpec") ?? fields.string("CustomerMasterKeySpec"), spec != "SYMMETRIC_DEFAULT" {
                    return .failure(Failure(code: "UnsupportedOperationException", message: "only SYMMETRIC_DEFAULT keys are supported"))
                }
                let key = createKey(region: region, account: account, description: fields.string("Description") ?? "")
                return .success(["KeyMetadata": metadata(key)])
            case "DescribeKey":
                return key(fields, usable: false).map { ["KeyMetadata": metadata($0)] }
            case "EnableKey", "DisableKey":
                return key(fields, usable: false).map { key in
                    keys[keyIndex(arn: key.arn)!].enabled = operation == "EnableKey"
                    return [:]
                }
            case "ListKeys":
                return page(keys.map { ["KeyId": $0.keyId, "KeyArn": $0.arn] }, fields, itemsField: "Keys")
            case "CreateAlias":
                guard let alias = fields.string("AliasName"), let target = fields.string("TargetKeyId") else {
                    return .failure(.validation("AliasName and TargetKeyId are required"))
                }
                return createAlias(alias, target: target, region: region, account: account).map(Result.failure) ?? .success([:])
            case "ListAliases":
                var names = aliasOrder
                if let keyId = fields.string("KeyId") {
                    guard let index = resolve(keyId) else { return .failure(.notFound(keyId)) }
                    names = names.filter { aliases[$0] == keys[index].arn }
                }
                let entries: [[String: Any]] = names.map { name in
                    let target = keys[keyIndex(arn: aliases[name]!)!]
                    return ["AliasName": name, "AliasArn": "arn:aws:kms:\(region):\(account):\(name)", "TargetKeyId": target.keyId]
                }
                return page(entries, fields, itemsField: "Aliases")
            case "GenerateDataKey", "GenerateDataKeyWithoutPlaintext":
                return generateDataKey(fields, withPlaintext: operation == "GenerateDataKey")
            case "Encrypt":
                return encrypt(fields)
            case "Decrypt":
                return decrypt(fields, blobField: "CiphertextBlob", keyField: "KeyId", contextField: "EncryptionContext").map { key, plaintext in
                    ["KeyId": key.arn, "Plaintext": Base64.encodeToString(plaintext), "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"]
                }
            case "ReEncrypt":
                return reEncrypt(fields)
            case "GenerateRandom":
                guard let count = fields.int("NumberOfBytes"), (1...1024).contains(count) else {
                    return .failure(.validation("NumberOfBytes must be between 1 and 1024"))
                }
                return .success(["Plaintext": Base64.encodeToString(CiphertextBlob.randomBytes(count))])
            default:
                return .failure(Failure(code: "UnsupportedOperationException", message: "InMemoryKMS does not implement \(operation)"))
            }
        }

        private func generateDataKey(_ fields: RequestFields, withPlaintext: Bool) -> Result<[String: Any], Failure> {
            let count: Int
            switch (fields.int("NumberOfBytes"), fields.string("KeySpec")) {
            case (let bytes?, nil):
                guard (1...1024).contains(bytes) else { return .failure(.validation("NumberOfBytes must be between 1 and 1024")) }
                count = bytes
            case (nil, "AES_256"?): count = 32
            case (nil, "AES_128"?): count = 16
            case (nil, let spec?): return .failure(.validation("KeySpec \(spec) is not AES_256 or AES_128"))
            case (nil, nil), (_?, _?): return .failure(.validation("Specify exactly one of NumberOfBytes or KeySpec"))
            }
            guard let context = fields.context("EncryptionContext") else { return .failure(.validation("EncryptionContext must map strings to strings")) }
            return key(fields, usable: true).map { key in
                let plaintext = CiphertextBlob.randomBytes(count)
                let blob = CiphertextBlob.seal(plaintext, keyArn: key.arn, material: key.material, context: context)
                var answer: [String: Any] = ["CiphertextBlob": Base64.encodeToString(blob), "KeyId": key.arn]
                if withPlaintext { answer["Plaintext"] = Base64.encodeToString(plaintext) }
                return answer
            }
        }

        private func encrypt(_ fields: RequestFields) -> Result<[String: Any], Failure> {
            guard let plaintext = fields.string("Plaintext").flatMap(Base64.decode), (1...4096).contains(plaintext.count) else {
                return .failure(.validation("Plaintext must be base64 of 1 to 4096 bytes"))
            }
            guard let context = fields.context("EncryptionContext") else { return .failure(.validation("EncryptionContext must map strings to strings")) }
            return key(fields, usable: true).map { key in
                let blob = CiphertextBlob.seal(plaintext, keyArn: key.arn, material: key.material, context: context)
                return ["CiphertextBlob": Base64.encodeToString(blob), "KeyId": key.arn, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"]
            }
        }

        /// Opens the blob in `blobField` with the context in `contextField`, checking the key
        /// named in `keyField`, if any, is the one that sealed it.
        private func decrypt(_ fields: RequestFields, blobField: String, keyField: String, contextField: String) -> Result<(Key, [UInt8]), Failure> {
            let invalid = Failure(code: "InvalidCiphertextException", message: "")
            guard let bytes = fields.string(blobField).flatMap(Base64.decode), !bytes.isEmpty else {
                return .failure(.validation("\(blobField) must be base64 of 1 to 6144 bytes"))
            }
            guard let context = fields.context(contextField) else { return .failure(.validation("\(contextField) must map strings to strings")) }
            guard let blob = CiphertextBlob(parsing: bytes), let index = keyIndex(arn: blob.keyArn) else { return .failure(invalid) }
            let key = keys[index]
            if fields.string(keyField) != nil {
                switch self.key(fields, keyField, usable: false) {
                case .failure(let failure): return .failure(failure)
                case .success(let named) where named.arn != key.arn:
                    return .failure(Failure(code: "IncorrectKeyException", message: "The key ID in the request does not identify a CMK that can perform this operation."))
                case .success: break
                }
            }
            guard key.enabled else { return .failure(Failure(code: "DisabledException", message: "\(key.arn) is disabled.")) }
            guard let plaintext = blob.open(material: key.material, context: context) else { return .failure(invalid) }
            return .success((key, shortPlaintextKeys.contains(key.arn) ? [1] : plaintext))
        }

        private func reEncrypt(_ fields: RequestFields) -> Result<[String: Any], Failure> {
            guard let destinationContext = fields.context("DestinationEncryptionContext") else {
                return .failure(.validation("DestinationEncryptionContext must map strings to strings"))
            }
            return decrypt(fields, blobField: "CiphertextBlob", keyField: "SourceKeyId", contextField: "SourceEncryptionContext")
                .flatMap { source, plaintext in
                    key(fields, "DestinationKeyId", usable: true).map { destination in
                        let blob = CiphertextBlob.seal(plaintext, keyArn: destination.arn, material: destination.material, context: destinationContext)
                        return [
                            "CiphertextBlob": Base64.encodeToString(blob), "SourceKeyId": source.arn, "KeyId": destination.arn,
                            "SourceEncryptionAlgorithm": "SYMMETRIC_DEFAULT", "DestinationEncryptionAlgorithm": "SYMMETRIC_DEFAULT",
                        ]
                    }
                }
        }

        /// `Limit` (1…1000, default 100) items from `Marker` on, with `Truncated` and `NextMarker`.
        private func page(_ items: [[String: Any]], _ fields: RequestFields, itemsField: String) -> Result<[String: Any], Failure> {
            let limit = fields.int("Limit") ?? 100
            guard (1...1000).contains(limit) else { return .failure(.validation("Limit must be between 1 and 1000")) }
            var start = 0
            if let marker = fields.string("Marker") {
                guard let offset = Int(marker), (0...items.count).contains(offset) else {
                    return .failure(Failure(code: "InvalidMarkerException", message: "The marker is not valid"))
                }
                start = offset
            }
            let end = min(items.count, start + limit)
            var answer: [String: Any] = [itemsField: Array(items[start..<end]), "Truncated": end < items.count]
            if end < items.count { answer["NextMarker"] = String(end) }
            return .success(answer)
        }

        private func metadata(_ key: Key) -> [String: Any] {
            let account = key.arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? ""
            return [
                "KeyId": key.keyId, "Arn": key.arn, "AWSAccountId": account, "Description": key.description,
                "Enabled": key.enabled, "KeyState": key.enabled ? "Enabled" : "Disabled",
                "KeyUsage": "ENCRYPT_DECRYPT", "KeySpec": "SYMMETRIC_DEFAULT", "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
                "CreationDate": key.creationDate.timeIntervalSince1970, "KeyManager": "CUSTOMER", "Origin": "AWS_KMS",
                "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"], "MultiRegion": false,
            ]
        }
    }
}
