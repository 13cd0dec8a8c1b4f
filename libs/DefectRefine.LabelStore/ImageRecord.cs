namespace DefectRefine.LabelStore;

/// <summary>
/// An image of a dataset. The bytes live in the content-addressed blob table: the original as uploaded and the
/// 8-bit grayscale PNG the model reads. <see cref="ReferenceRunLengths"/> holds a true mask when one came with the
/// image and the initial labels were simulated from it (for evaluation only; never shown as a label).
/// </summary>
public sealed class ImageRecord
{
    public Guid Id { get; set; }
    public Guid DatasetId { get; set; }
    public string FileName { get; set; } = "";
    public string OriginalSha256 { get; set; } = "";
    public string OriginalContentType { get; set; } = "";
    public long OriginalBytes { get; set; }
    public string GrayscaleSha256 { get; set; } = "";
    public int Width { get; set; }
    public int Height { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public Guid? ImportId { get; set; }
    public int[]? ReferenceRunLengths { get; set; }
}
