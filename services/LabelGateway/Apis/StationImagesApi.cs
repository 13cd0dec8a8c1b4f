using System.Globalization;
using DefectRefine.LabelStore;
using DefectRefine.Masks;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>
/// What a station's screen draws: an image's grayscale pixels and its current mask. Served by the gateway so a browser
/// talks to one origin; images are immutable (cached for a day), masks change with every answer (never cached).
/// </summary>
public static class StationImagesApi
{
    public static IEndpointRouteBuilder MapStationImagesApi(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/api/images/{imageId:guid}").WithTags("Station images");
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
        return app;
    }
}
