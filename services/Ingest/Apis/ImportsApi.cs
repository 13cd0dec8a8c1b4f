using DefectRefine.Ingest.Importing;
using DefectRefine.LabelStore.Http;
using DefectRefine.Security;
using DefectRefine.ServiceDefaults.RateLimiting;

namespace DefectRefine.Ingest.Apis;

public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/datasets/{datasetId:guid}/imports", async (Guid datasetId, ImportRequest request, HttpContext http, FolderImporter importer, CancellationToken ct) =>
        {
            var result = await importer.ImportAsync(datasetId, request, RequestAuthor.From(http, "ingest-import"), ct);
            return Results.Created($"/api/datasets/{datasetId}/images", result);
        }).WithTags("Imports").RequireAuthorization(Policies.Administer).RequireRateLimiting(RateLimits.Uploads);
        return app;
    }
}
