using DefectRefine.LabelStore;

namespace DefectRefine.Ingest.Apis;

/// <summary>An image as the API shows it (no reference mask: that is for evaluation, not for labellers).</summary>
public sealed record ImageSummary(Guid Id, Guid DatasetId, string FileName, int Width, int Height, string OriginalSha256,
    string OriginalContentType, long OriginalBytes, string GrayscaleSha256, bool HasReferenceMask, DateTimeOffset AddedAt, Guid? ImportId)
{
    public static ImageSummary From(ImageRecord image) => new(image.Id, image.DatasetId, image.FileName, image.Width, image.Height,
        image.OriginalSha256, image.OriginalContentType, image.OriginalBytes, image.GrayscaleSha256, image.ReferenceRunLengths is not null,
        image.AddedAt, image.ImportId);
}
