using DefectRefine.Annotations;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Ingest.Extensions;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Ingestion;

namespace DefectRefine.Ingest.Importing;

/// <summary>
/// Reads a whole folder, checks every image and label, and stores all of it in one transaction — or, when anything is
/// wrong, stores nothing and reports every problem found, so a fixed folder can be imported again as a whole. The
/// labels are read first (their files within the configured caps); the images then stream through one at a time.
/// </summary>
public sealed class FolderImporter(ImageCatalog catalog, IngestOptions options, IHostEnvironment environment)
{
    public async Task<ImportResult> ImportAsync(Guid datasetId, ImportRequest request, LabelAuthor author, CancellationToken cancellationToken)
    {
        await catalog.GetDatasetAsync(datasetId, cancellationToken);
        var format = ParseFormat(request.Format);
        var spec = new InitialMaskSpec(InitialMaskSpec.Parse(request.Initial), request.Seed, request.NoiseFraction);
        if (request.NoiseFraction is < 0 or > 1)
            throw LabelStoreException.Invalid($"noiseFraction must be in [0, 1], not {request.NoiseFraction}.");

        var root = Path.GetFullPath(options.ImportRoot, environment.ContentRootPath);
        if (!Directory.Exists(root))
            throw LabelStoreException.Invalid($"The import root {root} does not exist on this Ingest instance (setting Ingest:ImportRoot).");
        string folder;
        IReadOnlyList<AnnotatedImage> items;
        try
        {
            folder = SafePath.Resolve(root, string.IsNullOrWhiteSpace(request.Folder) ? "." : request.Folder);
            if (!Directory.Exists(folder))
                throw LabelStoreException.Invalid($"'{request.Folder}' is not a folder below the import root.");
            items = ImportFolder.Read(folder, format, new ImportFolderOptions
            {
                Threshold = request.Threshold,
                ImagesSubfolder = request.ImagesSubfolder,
                MasksSubfolder = request.MasksSubfolder,
                AnnotationFile = request.AnnotationsPath,
                Provenance = request.Provenance,
                Limits = options.Limits,
                MaxLabelFileBytes = options.MaxLabelFileBytes,
                MaxAnnotationsFileBytes = options.MaxAnnotationsFileBytes,
                LabelFileCapName = "setting Ingest:MaxLabelFileBytes",
                AnnotationsFileCapName = "setting Ingest:MaxAnnotationsFileBytes",
            });
        }
        catch (AnnotationException error)
        {
            throw new LabelStoreException(LabelStoreFailure.Invalid, $"The import of '{request.Folder}' was refused; nothing was stored. {error.Problems.Count} problem(s).",
                [.. error.Problems.Select(Describe)]);
        }
        if (items.Count == 0)
            throw LabelStoreException.Invalid($"'{request.Folder}' holds no images in the {request.Format} layout.");
        if (items.Count > options.MaxImagesPerImport)
            throw LabelStoreException.Invalid($"'{request.Folder}' holds {items.Count} images; one import takes at most {options.MaxImagesPerImport} (setting Ingest:MaxImagesPerImport).");

        // One image at a time: each is read, checked and written into the import's transaction, then dropped. After
        // the first bad image nothing more is written, but the rest are still checked so that every problem is
        // reported; any problem rolls the whole import back (see ImageImport).
        var source = "import:" + FormatName(format);
        var importId = Guid.NewGuid();
        await using var import = await catalog.BeginImportAsync(datasetId, importId, [.. items.Select(i => i.RelativePath)], cancellationToken);
        var problems = new List<string>();
        foreach (var item in items)
        {
            NewImage prepared;
            try
            {
                var bytes = await ReadBytesAsync(item.FullPath, cancellationToken);
                var upload = new ImageUpload(item.RelativePath, bytes, (width, height) => Rasterise(item, width, height), source, item.Labels.SourceFile);
                prepared = ImagePreparer.Prepare(datasetId, upload, spec, author, options.Limits);
            }
            catch (LabelStoreException error)
            {
                problems.Add(error.Message);
                continue;
            }
            if (problems.Count == 0)
                await import.AddAsync(prepared, cancellationToken);
        }
        if (problems.Count > 0)
            throw new LabelStoreException(LabelStoreFailure.Invalid,
                $"The import of '{request.Folder}' was refused; nothing was stored. {problems.Count} of {items.Count} image(s) have problems.", problems);

        var records = await import.CommitAsync(cancellationToken);
        return new ImportResult(importId, datasetId, records.Count, FormatName(format), request.Initial ?? "labels", [.. records.Select(r => r.Id)]);
    }

    /// <summary>The file's bytes, never more than the limit, even from a file that grows or reports no length.</summary>
    private async Task<byte[]> ReadBytesAsync(string path, CancellationToken cancellationToken)
    {
        string TooLarge(long length) => $"{Path.GetFileName(path)} is {length:N0} bytes; the limit is {options.MaxImageBytes:N0}.";
        var length = new FileInfo(path).Length;
        if (length > options.MaxImageBytes)
            throw LabelStoreException.Invalid(TooLarge(length));
        await using var file = File.OpenRead(path);
        using var buffer = new MemoryStream((int)length);
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > options.MaxImageBytes)
                throw LabelStoreException.Invalid(TooLarge(buffer.Length + read));
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ProvidedLabels Rasterise(AnnotatedImage item, int width, int height)
    {
        try
        {
            var rasterised = item.Rasterise(width, height);
            return new ProvidedLabels(rasterised.Mask, rasterised.Boxes, rasterised.Kind == InitialLabelKind.Segmentation, rasterised.Simulation);
        }
        catch (AnnotationException error)
        {
            throw LabelStoreException.Invalid(string.Join("; ", error.Problems.Select(Describe)));
        }
    }

    private static string Describe(AnnotationProblem problem) =>
        problem.Line is { } line ? $"{problem.File}:{line}: {problem.Message}" : $"{problem.File}: {problem.Message}";

    private static AnnotationFormat ParseFormat(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "mask-png" or "masks" or "png" => AnnotationFormat.MaskPng,
        "voc" or "pascal-voc" => AnnotationFormat.PascalVoc,
        "coco" => AnnotationFormat.Coco,
        "yolo" => AnnotationFormat.Yolo,
        var other => throw LabelStoreException.Invalid($"Unknown import format '{other}': use mask-png, voc, coco or yolo."),
    };

    private static string FormatName(AnnotationFormat format) => format switch
    {
        AnnotationFormat.MaskPng => "mask-png",
        AnnotationFormat.PascalVoc => "voc",
        AnnotationFormat.Coco => "coco",
        _ => "yolo",
    };
}
