using System.Globalization;
using DefectRefine.Imaging;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Http;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Masks;
using DefectRefine.Security;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>
/// What a station's screen draws: an image's grayscale pixels and its current mask. Served by the gateway so a browser
/// talks to one origin; images are immutable (cached for a day), masks change with every answer (never cached).
/// </summary>
public static class StationImagesApi
{
    public static IEndpointRouteBuilder MapStationImagesApi(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/api/images/{imageId:guid}").WithTags("Station images").RequireAuthorization(Policies.Read);
        images.MapGet("/grayscale", async (Guid imageId, ImageCatalog catalog, HttpContext http, CancellationToken ct) =>
        {
            var image = await catalog.GetImageAsync(imageId, ct);
            var blob = await catalog.ReadBlobAsync(image.GrayscaleSha256, ct);
            http.Response.Headers.CacheControl = "private, max-age=86400, immutable";
            return Results.File(blob.Bytes, "image/png");
        });
        images.MapGet("/mask", async (Guid imageId, ImageCatalog catalog, HttpContext http, CancellationToken ct) =>
        {
            var mask = await catalog.GetCurrentMaskAsync(imageId, ct);
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers["X-Mask-Version"] = mask.Version.ToString(CultureInfo.InvariantCulture);
            return Results.File(MaskPng.Encode(mask.Mask), "image/png");
        });
        // The model's layer beside the expert's: its latest refined mask (404 until a training round proposed one).
        images.MapGet("/refined-mask", (Guid imageId, ImageCatalog catalog, HttpContext http, CancellationToken ct) => RefinedMaskResult.GetAsync(imageId, catalog, http, ct));
        // What the model of `version` thinks of the image: 8-bit PNG, 255 = probability 1 (or 1 bit of entropy).
        images.MapGet("/model-map", async (Guid imageId, string version, string? kind, ModelMapStore maps, HttpContext http, CancellationToken ct) =>
        {
            var which = kind is null ? ModelMapKind.Probability
                : Enum.TryParse<ModelMapKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw LabelStoreException.Invalid($"Unknown map kind '{kind}': use probability or uncertainty.");
            var found = await maps.FindAsync(version, imageId, ct)
                ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"Model {version} has no maps of image {imageId} (yet: the Miner computes them for the images its queries show).");
            http.Response.Headers.CacheControl = "private, max-age=86400, immutable";
            return Results.File(ImageEncoder.EncodePng(new GrayscaleImage(found.Width, found.Height, found.Of(which))), "image/png");
        });

        // The images of a project's dataset, for the auditor's picker.
        app.MapGet("/api/projects/{projectId:guid}/images", async (Guid projectId, ProjectLoops loops, ImageCatalog catalog, CancellationToken ct) =>
        {
            var loop = await loops.GetAsync(projectId, ct);
            var images = await catalog.ListImagesAsync(loop.DatasetId, ct);
            return Results.Ok(images.Select(i => new { i.Id, i.FileName, i.Width, i.Height }));
        }).WithTags("Station images").RequireAuthorization(Policies.Read);
        return app;
    }
}
