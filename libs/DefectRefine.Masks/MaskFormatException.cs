namespace DefectRefine.Masks;

/// <summary>Bytes or counts that are not a mask we accept; the message says why in words a user can act on.</summary>
public sealed class MaskFormatException(string message, Exception? innerException = null) : Exception(message, innerException);
