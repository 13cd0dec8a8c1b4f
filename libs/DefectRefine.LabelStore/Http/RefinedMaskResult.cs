using System.Globalization;
using DefectRefine.Masks;
using Microsoft.AspNetCore.Http;

namespace DefectRefine.LabelStore.Http;

/// <summary>
/// GET /api/images/{id}/refined-mask: the model's latest refined mask as a PNG (0/255), with the model and round that
/// proposed it in X-Refined-Model-Version and X-Refined-Round; 404 until a training round has proposed one.
/// </summary>
public static class RefinedMaskResult
{
    public static async Task<IResult> GetAsync(Guid imageId, ImageCatalog catalog, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(http);
        var mask = await catalog.GetCurrentMaskAsync(imageId, cancellationToken);
        var refined = mask.RefinedMask
            ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"Image {imageId} has no refined mask yet: the Miner proposes one for every image after each training round.");
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Mask-Version"] = mask.Version.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Refined-Model-Version"] = mask.RefinedModelVersion;
        http.Response.Headers["X-Refined-Round"] = mask.RefinedRound?.ToString(CultureInfo.InvariantCulture);
        return Results.File(MaskPng.Encode(refined), "image/png");
    }
}
