public enum KMSPlaceholder {}
