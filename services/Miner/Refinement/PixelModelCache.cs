using DefectRefine.LabelStore.Loop;
using DefectRefine.Learning;
using DefectRefine.Learning.Pixel;
using DefectRefine.Miner.Mining;

namespace DefectRefine.Miner.Refinement;

/// <summary>
/// The pixel checkpoints the Miner maps with, loaded once per version (a round maps every image of the project with
/// one), the newest <see cref="MinerOptions.ModelsKept"/> kept, as <see cref="ModelCache"/> keeps the paper models.
/// </summary>
public sealed class PixelModelCache(PixelCheckpointStore checkpoints, MinerOptions options) : IDisposable
{
    private readonly Dictionary<string, IReadOnlyList<PixelModel>> _models = [];
    private readonly Queue<string> _order = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<TorchSharp.torch.Device> _device = new(() => ComputeDevice.Select(options.AllowCuda));

    public async Task<bool> HasAsync(string version, CancellationToken cancellationToken)
    {
        lock (_models)
            if (_models.ContainsKey(version))
                return true;
        return await checkpoints.ExistsAsync(version, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="use"/> with the pixel models of <paramref name="version"/> (one per fold, <see cref="CrossFitting"/>),
    /// one caller at a time (TorchSharp modules are not shared across threads).
    /// </summary>
    public async Task<T> UseAsync<T>(string version, Func<IReadOnlyList<PixelModel>, T> use, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            IReadOnlyList<PixelModel>? model;
            lock (_models)
                _models.TryGetValue(version, out model);
            if (model is null)
            {
                var bytes = await checkpoints.LoadBytesAsync(version, cancellationToken)
                    ?? throw new InvalidDataException($"No stored pixel checkpoint {version}.");
                model = PixelCheckpoint.LoadFolds(bytes, _device.Value).Folds;
                lock (_models)
                {
                    _models[version] = model;
                    _order.Enqueue(version);
                    while (_order.Count > options.ModelsKept)
                    {
                        var oldest = _order.Dequeue();
                        foreach (var fold in _models[oldest])
                            fold.Dispose();
                        _models.Remove(oldest);
                    }
                }
            }
            return use(model);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var model in _models.Values.SelectMany(m => m))
            model.Dispose();
        _gate.Dispose();
    }
}
