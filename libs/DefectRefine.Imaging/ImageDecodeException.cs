namespace DefectRefine.Imaging;

/// <summary>The bytes are not an image we accept; the message says why in words a user can act on.</summary>
public sealed class ImageDecodeException(string message) : Exception(message);
