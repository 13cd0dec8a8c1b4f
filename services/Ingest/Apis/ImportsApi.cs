using DefectRefine.Contracts.V1;
using DefectRefine.Ingest.Importing;
using MassTransit;
using DefectRefine.LabelStore.Http;

namespace DefectRefine.Ingest.Apis;

public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/datasets/{datasetId:guid}/imports", async (Guid datasetId, ImportRequest request, HttpContext http, FolderImporter importer, IPublishEndpoint bus, CancellationToken ct) =>
        {
            var result = await importer.ImportAsync(datasetId, request, RequestAuthor.From(http, "ingest-import"), ct);
            await bus.Publish(new ImagesAdded(datasetId, result.ImportId, result.ImageIds, DateTimeOffset.UtcNow), ct);
            return Results.Created($"/api/datasets/{datasetId}/images", result);
        }).WithTags("Imports");
        return app;
    }
}
