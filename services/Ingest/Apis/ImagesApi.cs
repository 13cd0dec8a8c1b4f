using System.Globalization;
using System.Text.Json;
using DefectRefine.Contracts.V1;
using DefectRefine.Ingest.Extensions;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Http;
using DefectRefine.LabelStore.Ingestion;
using DefectRefine.Masks;
using DefectRefine.Security;
using DefectRefine.ServiceDefaults.RateLimiting;

namespace DefectRefine.Ingest.Apis;

public sealed record BoxDto(int X, int Y, int Width, int Height);

public static class ImagesApi
{
    public static IEndpointRouteBuilder MapImagesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/datasets/{datasetId:guid}/images", AddImageAsync).WithTags("Images").DisableAntiforgery().RequireAuthorization(Policies.Administer)
            .RequireRateLimiting(RateLimits.Uploads);

        var images = app.MapGroup("/api/images/{imageId:guid}").WithTags("Images").RequireAuthorization(Policies.Read);
        images.MapGet("/", async (Guid imageId, ImageCatalog catalog, CancellationToken ct) =>
        {
            var image = await catalog.GetImageAsync(imageId, ct);
            var mask = await catalog.GetCurrentMaskAsync(imageId, ct);
            return Results.Ok(new
            {
                Image = ImageSummary.From(image),
                Mask = new { mask.Version, mask.InitialKind, mask.InitialSimulated, mask.DefectPixels, mask.RefinementCount, mask.LastChangedAt },
                Refined = mask.RefinedMask is { } refined
                    ? new { ModelVersion = mask.RefinedModelVersion, Round = mask.RefinedRound, At = mask.RefinedAt, DefectPixels = refined.CountDefects() }
                    : null,
            });
        });
        images.MapGet("/original", async (Guid imageId, ImageCatalog catalog, CancellationToken ct) =>
        {
            var image = await catalog.GetImageAsync(imageId, ct);
            var blob = await catalog.ReadBlobAsync(image.OriginalSha256, ct);
            return Results.File(blob.Bytes, blob.ContentType, Path.GetFileName(image.FileName));
        });
        images.MapGet("/grayscale", async (Guid imageId, ImageCatalog catalog, CancellationToken ct) =>
        {
            var image = await catalog.GetImageAsync(imageId, ct);
            var blob = await catalog.ReadBlobAsync(image.GrayscaleSha256, ct);
            return Results.File(blob.Bytes, "image/png");
        });
        images.MapGet("/mask", async (Guid imageId, ImageCatalog catalog, CancellationToken ct) =>
            Results.File(MaskPng.Encode((await catalog.GetCurrentMaskAsync(imageId, ct)).Mask), "image/png"));
        images.MapGet("/refined-mask", (Guid imageId, ImageCatalog catalog, HttpContext http, CancellationToken ct) => RefinedMaskResult.GetAsync(imageId, catalog, http, ct));
        return app;
    }

    /// <summary>
    /// Multipart form: <c>image</c> (file), optional <c>boxes</c> (JSON [{x,y,width,height}]) or <c>mask</c> (PNG file,
    /// <c>threshold</c>), and <c>initial</c> = labels | noise | simulated-roi | simulated-coarse with <c>seed</c> and
    /// <c>noiseFraction</c>. The image, its bytes and its first mask event are stored together or not at all.
    /// </summary>
    private static async Task<IResult> AddImageAsync(Guid datasetId, HttpRequest request, ImageCatalog catalog, IngestOptions options, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw LabelStoreException.Invalid("Send multipart/form-data with an 'image' file.");
        var form = await request.ReadFormAsync(ct);
        var imageFile = form.Files.GetFile("image") ?? throw LabelStoreException.Invalid("The form has no 'image' file.");
        var fileName = imageFile.FileName;
        if (string.IsNullOrWhiteSpace(fileName))
            throw LabelStoreException.Invalid("The 'image' file has no file name.");
        // A name is a name: one that tries to say where to store the file is refused, not quietly cut down.
        if (fileName != Path.GetFileName(fileName) || fileName.Contains('\\') || fileName is "." or ".." || fileName.Any(char.IsControl))
            throw LabelStoreException.Invalid($"The file name '{fileName}' contains a path or control characters; send the bare file name.");
        var bytes = await ReadAsync(imageFile, options, ct);

        var boxesText = form["boxes"].ToString();
        var maskFile = form.Files.GetFile("mask");
        if (boxesText.Length > 0 && maskFile is not null)
            throw LabelStoreException.Invalid("Send either 'boxes' or a 'mask', not both.");
        var threshold = ParseByte(form["threshold"].ToString(), "threshold", 0);
        Func<int, int, ProvidedLabels>? labels = null;
        string source = "upload";
        if (boxesText.Length > 0)
        {
            var boxes = ParseBoxes(boxesText);
            labels = (width, height) => new ProvidedLabels(InitialMasks.Roi(width, height, boxes), boxes, false);
            source = "upload:boxes";
        }
        else if (maskFile is not null)
        {
            var maskBytes = await ReadAsync(maskFile, options, ct);
            BinaryMask mask;
            try
            {
                mask = MaskPng.Decode(maskBytes, threshold, options.Limits);
            }
            catch (MaskFormatException error)
            {
                throw LabelStoreException.Invalid($"{maskFile.FileName}: {error.Message}");
            }
            labels = (_, _) => new ProvidedLabels(mask, [], true);
            source = "upload:mask";
        }

        var initialText = form["initial"].ToString();
        var spec = new InitialMaskSpec(
            initialText.Length == 0 && labels is null ? InitialMaskSource.Noise : InitialMaskSpec.Parse(initialText),
            ParseSeed(form["seed"].ToString()),
            ParseFraction(form["noiseFraction"].ToString()));
        var author = RequestAuthor.From(request.HttpContext, "ingest-api");
        var prepared = ImagePreparer.Prepare(datasetId, new ImageUpload(fileName, bytes, labels, source, maskFile?.FileName), spec, author, options.Limits);
        var record = (await catalog.AddImagesAsync(datasetId, null, [prepared], ct)).Single();
        return Results.Created($"/api/images/{record.Id}", ImageSummary.From(record));
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, IngestOptions options, CancellationToken ct)
    {
        if (file.Length > options.MaxImageBytes)
            throw LabelStoreException.Invalid($"{file.FileName} is {file.Length:N0} bytes; the limit is {options.MaxImageBytes:N0}.");
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static List<PixelBox> ParseBoxes(string json)
    {
        List<BoxDto>? boxes;
        try
        {
            boxes = JsonSerializer.Deserialize<List<BoxDto>>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException error)
        {
            throw LabelStoreException.Invalid($"'boxes' is not a JSON array of {{x, y, width, height}}: {error.Message}");
        }
        if (boxes is null)
            throw LabelStoreException.Invalid("'boxes' is empty.");
        foreach (var box in boxes)
            if (box.Width <= 0 || box.Height <= 0)
                throw LabelStoreException.Invalid($"Box (x {box.X}, y {box.Y}) has a non-positive size {box.Width}x{box.Height}.");
        return [.. boxes.Select(box => new PixelBox(box.X, box.Y, box.Width, box.Height))];
    }

    private static byte ParseByte(string text, string name, byte fallback) =>
        text.Length == 0 ? fallback
        : byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw LabelStoreException.Invalid($"'{name}' must be a whole number 0..255, not '{text}'.");

    private static ulong ParseSeed(string text) =>
        text.Length == 0 ? 1
        : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw LabelStoreException.Invalid($"'seed' must be a non-negative whole number, not '{text}'.");

    private static double ParseFraction(string text) =>
        text.Length == 0 ? 0.5
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1 ? value
        : throw LabelStoreException.Invalid($"'noiseFraction' must be a number in [0, 1], not '{text}'.");
}
