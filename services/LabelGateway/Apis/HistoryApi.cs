using System.Globalization;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Http;
using DefectRefine.Masks;
using DefectRefine.Security;

namespace DefectRefine.LabelGateway.Apis;

public sealed record RevertRequest(string Reason);

/// <summary>The auditor API: what any mask looked like at any version or time, what changed between two, and undo.</summary>
public static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        var history = app.MapGroup("/api/images/{imageId:guid}/history").WithTags("History").RequireAuthorization(Policies.Audit);

        history.MapGet("/", async (Guid imageId, LabelHistory labels, CancellationToken ct) => Results.Ok(await labels.ListAsync(imageId, ct)));

        // ?version=N or ?at=ISO-8601 (neither: the current mask); ?layer=refined for the model's layer at that moment
        // (default: the expert's). PNG 0/255; the version is in X-Mask-Version.
        history.MapGet("/mask", async (Guid imageId, long? version, string? at, string? layer, LabelHistory labels, ImageCatalog catalog, HttpContext http, CancellationToken ct) =>
        {
            if (version is not null && at is not null)
                throw LabelStoreException.Invalid("Give either 'version' or 'at', not both.");
            var which = layer is null ? ExportLayer.Expert : ExportLayers.Parse(layer);
            var mask = version is { } v ? await labels.AtVersionAsync(imageId, v, ct)
                : at is not null ? await labels.AtTimeAsync(imageId, QueryMoment.Parse(at) ?? throw LabelStoreException.Invalid("'at' is empty."), ct)
                    ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"Image {imageId} had no mask yet at {at}.")
                : await catalog.GetCurrentMaskAsync(imageId, ct);
            http.Response.Headers["X-Mask-Version"] = mask.Version.ToString(CultureInfo.InvariantCulture);
            return Results.File(MaskPng.Encode(ExportLayers.Of(mask, which)), "image/png", $"{imageId}-v{mask.Version}{(which == ExportLayer.Refined ? "-refined" : "")}.png");
        });

        history.MapGet("/diff", async (Guid imageId, long from, long to, LabelHistory labels, CancellationToken ct) =>
            Results.Ok(await labels.DiffAsync(imageId, from, to, ct)));

        history.MapPost("/{version:long}/revert", async (Guid imageId, long version, RevertRequest request, MaskWriter writer, HttpContext http, CancellationToken ct) =>
            Results.Ok(await writer.RevertAsync(imageId, version, RequestAuthor.From(http, "audit-api"), request.Reason, ct)))
            .RequireAuthorization(Policies.Administer);

        return app;
    }

}
