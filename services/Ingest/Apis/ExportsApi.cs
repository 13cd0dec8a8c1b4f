using System.Globalization;
using System.IO.Compression;
using DefectRefine.LabelStore;

namespace DefectRefine.Ingest.Apis;

public static class ExportsApi
{
    /// <summary>
    /// GET /api/datasets/{id}/export?format=png|coco|voc[&amp;at=ISO-8601] → a zip of every image's mask, current or as it
    /// was at time <c>at</c> (images that had no mask yet are left out and listed in the zip's manifest).
    /// </summary>
    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/datasets/{datasetId:guid}/export", async (Guid datasetId, string? format, string? at, LabelHistory history, ImageCatalog catalog, HttpContext http, CancellationToken ct) =>
        {
            var kind = (format ?? "png").ToLowerInvariant();
            if (kind is not ("png" or "coco" or "voc"))
                throw new LabelStoreException(LabelStoreFailure.Invalid, $"Unknown export format '{format}': use png, coco or voc.");
            var moment = ParseMoment(at);
            var dataset = await catalog.GetDatasetAsync(datasetId, ct);
            var masks = await history.DatasetAtTimeAsync(datasetId, moment ?? DateTimeOffset.MaxValue, ct);

            http.Response.ContentType = "application/zip";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{Safe(dataset.Name)}-{kind}.zip\"";
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                DatasetExport.Write(zip, kind, masks, moment);
            buffer.Position = 0;
            await buffer.CopyToAsync(http.Response.Body, ct);
        }).WithTags("Exports");
        return app;
    }

    private static DateTimeOffset? ParseMoment(string? at) =>
        string.IsNullOrWhiteSpace(at) ? null
        : DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) ? moment
        : throw new LabelStoreException(LabelStoreFailure.Invalid, $"'at' must be an ISO-8601 time such as 2026-11-25T10:00:00Z, not '{at}'.");

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
