using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Security;
using DefectRefine.ServiceDefaults.Security;

namespace DefectRefine.Ingest.Apis;

public sealed record CreateDatasetRequest(string Name, string? Description);

public static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var datasets = app.MapGroup("/api/datasets").WithTags("Datasets").RequireAuthorization(Policies.Read);

        datasets.MapPost("/", async (CreateDatasetRequest request, HttpContext http, ImageCatalog catalog, CancellationToken ct) =>
        {
            var author = LabelStore.Http.RequestAuthor.From(http, "ingest-api");
            var dataset = await catalog.CreateDatasetAsync(request.Name, request.Description, author.User, ct);
            return Results.Created($"/api/datasets/{dataset.Id}", dataset);
        }).RequireAuthorization(Policies.Administer);

        datasets.MapGet("/", async (ImageCatalog catalog, ProjectScopes scopes, AuthOptions auth, HttpContext http, CancellationToken ct) =>
            Results.Ok(await scopes.VisibleDatasetsAsync(await catalog.ListDatasetsAsync(ct), http.User, auth, ct)));

        datasets.MapGet("/{datasetId:guid}", async (Guid datasetId, ImageCatalog catalog, CancellationToken ct) =>
            Results.Ok(await catalog.GetDatasetAsync(datasetId, ct)));

        datasets.MapGet("/{datasetId:guid}/images", async (Guid datasetId, ImageCatalog catalog, CancellationToken ct) =>
            Results.Ok((await catalog.ListImagesAsync(datasetId, ct)).Select(ImageSummary.From)));

        return app;
    }
}
