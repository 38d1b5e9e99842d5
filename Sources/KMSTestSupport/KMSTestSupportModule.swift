/// Marker so the module is never empty.
enum KMSTestSupportModule {}
