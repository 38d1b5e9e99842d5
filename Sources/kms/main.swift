import KMS
print("kms: not implemented yet")
