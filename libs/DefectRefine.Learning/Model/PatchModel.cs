using DefectRefine.Learning.Sampling;
using DefectRefine.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Model;

/// <summary>
/// The patch model on its device, with the version of the checkpoint it came from. Inference runs in evaluation mode
/// without gradients, in batches, so its memory is bounded whatever the pool size.
/// </summary>
public sealed class PatchModel : IDisposable
{
    public const int InferenceBatch = 512;

    private PatchModel(PatchModelConfig config, PatchNet net, Device device, string version, string? parentVersion)
    {
        Config = config;
        Net = net;
        Device = device;
        Version = version;
        ParentVersion = parentVersion;
    }

    public PatchModelConfig Config { get; }
    public Device Device { get; }

    /// <summary>The checkpoint version these weights belong to ("untrained" before the first training phase).</summary>
    public string Version { get; internal set; }

    public string? ParentVersion { get; internal set; }

    /// <summary>
    /// Added to the defect logit before the probability is taken. Training balances defects and background, so the raw
    /// output assumes a 50 % prior; the trainer sets this to log-odds(true prior) − log-odds(training share) so that
    /// probabilities, decisions at 0.5 and entropies hold for whole images, where defects are rare.
    /// </summary>
    public double DefectLogitOffset { get; set; }

    internal PatchNet Net { get; }

    public long ParameterCount => Net.parameters().Sum(p => p.numel());

    public static PatchModel Create(PatchModelConfig config, Device? device = null, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        device ??= ComputeDevice.Select();
        TorchZeroFill.Ensure();
        // Weights are initialised from torch's global generator: seed it so the same seed gives the same model.
        torch.manual_seed(seed);
        var net = new PatchNet(config);
        net.to(device);
        return new PatchModel(config, net, device, "untrained", null);
    }

    /// <summary>Classifies and embeds patches given as floats in [0, 1], <c>count</c> patches of PatchSize².</summary>
    public PatchPredictions Predict(float[] patches, int count)
    {
        ArgumentNullException.ThrowIfNull(patches);
        var side = Config.PatchSize;
        var area = side * side;
        if (count < 0 || patches.Length < (long)count * area)
            throw new ArgumentException($"{count} patches of {side}x{side} need {(long)count * area} floats, got {patches.Length}.", nameof(patches));
        var probabilities = new float[count];
        var embeddings = new float[count * Config.EmbeddingSize];
        Net.eval();
        using var noGrad = no_grad();
        for (var start = 0; start < count; start += InferenceBatch)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(InferenceBatch, count - start);
            var input = tensor(patches.AsSpan(start * area, n * area).ToArray(), [n, 1, side, side]).to(Device);
            var (logits, embedding) = Net.forward(input);
            var flat = logits.flatten(1);
            using var offset = DefectLogitOffset.ToScalar();
            var probability = flat[.., 1].sub(flat[.., 0]).add(offset, TorchScalars.One).sigmoid().contiguous().cpu();
            probability.data<float>().CopyTo(probabilities.AsSpan(start, n));
            embedding.flatten(1).contiguous().cpu().data<float>().CopyTo(embeddings.AsSpan(start * Config.EmbeddingSize, n * Config.EmbeddingSize));
        }
        return new PatchPredictions(probabilities, embeddings, Config.EmbeddingSize);
    }

    /// <summary>Extracts the patches centred on <paramref name="centres"/> and predicts them.</summary>
    public PatchPredictions Predict(IReadOnlyList<PatchCentre> centres, IReadOnlyDictionary<Guid, GrayscaleImage> images)
    {
        ArgumentNullException.ThrowIfNull(centres);
        var patches = PatchExtractor.ExtractBatch(centres, images, Config.PatchSize);
        return Predict(patches, centres.Count);
    }

    public void Dispose() => Net.Dispose();
}
