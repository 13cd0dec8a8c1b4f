using DefectRefine.LabelStore.Loop;
using DefectRefine.Learning;
using DefectRefine.Learning.Model;

namespace DefectRefine.Miner.Mining;

/// <summary>
/// The checkpoints the Miner embeds with, loaded once per version: a refill every few answers must not read a model
/// from the database each time. Only the newest few stay loaded; a project only ever mines with its newest model.
/// </summary>
public sealed class ModelCache(ModelCheckpointStore checkpoints, MinerOptions options) : IDisposable
{
    private readonly Dictionary<string, PatchModel> _models = [];
    private readonly Queue<string> _order = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<TorchSharp.torch.Device> _device = new(() => ComputeDevice.Select(options.AllowCuda));

    /// <summary>Runs <paramref name="use"/> with the model of <paramref name="version"/>, one caller at a time (TorchSharp modules are not shared across threads).</summary>
    public async Task<T> UseAsync<T>(string version, Func<PatchModel, T> use, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_models.TryGetValue(version, out var model))
            {
                var bytes = await checkpoints.LoadBytesAsync(version, cancellationToken)
                    ?? throw new InvalidDataException($"No stored checkpoint {version}.");
                using var stream = new MemoryStream(bytes);
                model = ModelCheckpoint.Load(stream, _device.Value).Model;
                _models[version] = model;
                _order.Enqueue(version);
                while (_order.Count > options.ModelsKept)
                {
                    var oldest = _order.Dequeue();
                    _models[oldest].Dispose();
                    _models.Remove(oldest);
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
        foreach (var model in _models.Values)
            model.Dispose();
        _gate.Dispose();
    }
}
