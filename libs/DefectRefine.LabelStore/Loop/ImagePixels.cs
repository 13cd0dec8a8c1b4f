using System.Collections.Concurrent;
using DefectRefine.Imaging;

namespace DefectRefine.LabelStore.Loop;

/// <summary>
/// The stored grayscale pixels of images, decoded once per process: images never change after ingest, and the
/// Trainer and Miner read the same ones round after round. Bounded by <see cref="Capacity"/> images.
/// </summary>
public sealed class ImagePixels(ImageCatalog catalog)
{
    private readonly ConcurrentDictionary<Guid, GrayscaleImage> _cache = new();

    public int Capacity { get; init; } = 4096;

    public async Task<IReadOnlyDictionary<Guid, GrayscaleImage>> LoadAsync(IEnumerable<Guid> imageIds, CancellationToken cancellationToken = default)
    {
        var images = new Dictionary<Guid, GrayscaleImage>();
        foreach (var id in imageIds.Distinct())
            images[id] = await LoadAsync(id, cancellationToken);
        return images;
    }

    public async Task<GrayscaleImage> LoadAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(imageId, out var cached))
            return cached;
        var record = await catalog.GetImageAsync(imageId, cancellationToken);
        var blob = await catalog.ReadBlobAsync(record.GrayscaleSha256, cancellationToken);
        var image = ImageDecoder.DecodeGrayscale(blob.Bytes);
        if (_cache.Count >= Capacity)
            _cache.Clear();
        _cache[imageId] = image;
        return image;
    }
}
