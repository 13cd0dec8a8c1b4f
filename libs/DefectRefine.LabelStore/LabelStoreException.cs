namespace DefectRefine.LabelStore;

public enum LabelStoreFailure
{
    NotFound,
    Invalid,
    Conflict,
}

/// <summary>A request the label store refuses; nothing was written. HTTP maps the kind to 404, 400 or 409.</summary>
public sealed class LabelStoreException(LabelStoreFailure failure, string message, IReadOnlyList<string>? problems = null) : Exception(message)
{
    public LabelStoreFailure Failure { get; } = failure;

    /// <summary>Every problem found, when a request was checked as a whole (a bulk import lists them all at once).</summary>
    public IReadOnlyList<string> Problems { get; } = problems ?? [];

    public static LabelStoreException Invalid(string message) => new(LabelStoreFailure.Invalid, message);

    public static LabelStoreException MaskNotFound(Guid imageId) =>
        new(LabelStoreFailure.NotFound, $"No mask stream for image {imageId}.");
}
