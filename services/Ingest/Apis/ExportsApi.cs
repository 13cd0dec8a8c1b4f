using DefectRefine.LabelStore;
using Microsoft.AspNetCore.Http.Features;
using DefectRefine.LabelStore.Http;
using DefectRefine.Security;

namespace DefectRefine.Ingest.Apis;

public static class ExportsApi
{
    /// <summary>
    /// GET /api/datasets/{id}/export?format=png|coco|voc[&amp;layer=refined|expert][&amp;at=ISO-8601] → a zip of every
    /// image's mask, current or as it was at time <c>at</c> (images that had no mask yet are left out and listed in the
    /// zip's manifest). The refined masks by default; <c>layer=expert</c> gives the expert's labels only.
    /// </summary>
    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/datasets/{datasetId:guid}/export", async (Guid datasetId, string? format, string? layer, string? at, LabelHistory history, ImageCatalog catalog, HttpContext http, CancellationToken ct) =>
        {
            var kind = (format ?? "png").ToLowerInvariant();
            if (kind is not ("png" or "coco" or "voc"))
                throw LabelStoreException.Invalid($"Unknown export format '{format}': use png, coco or voc.");
            var which = ExportLayers.Parse(layer);
            var moment = QueryMoment.Parse(at);
            var dataset = await catalog.GetDatasetAsync(datasetId, ct);

            // Every refusal above comes before the first byte, with its status. The zip then streams to the client
            // as each mask is read; a failure after that point aborts the response, so no client takes a cut-short
            // zip for a whole one.
            // .NET 10's ZipArchive still closes an entry with a synchronous write, even from DisposeAsync, on a
            // stream that cannot seek; this response allows it (the rest of the writes are asynchronous).
            http.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = true;
            http.Response.ContentType = "application/zip";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{Safe(dataset.Name)}-{which.Name()}-{kind}.zip\"";
            await DatasetExport.WriteAsync(http.Response.Body, kind, history.StreamDatasetAtTimeAsync(datasetId, moment ?? DateTimeOffset.MaxValue, ct), moment, which, ct);
        }).WithTags("Exports").RequireAuthorization(Policies.Audit);
        return app;
    }


    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
