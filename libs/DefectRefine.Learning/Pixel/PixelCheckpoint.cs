using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Pixel;

/// <summary>
/// A pixel-model checkpoint file, laid out like the patch model's (<see cref="Model.ModelCheckpoint"/>): a zip with
/// pixel-checkpoint.json (format, version, parent, config, training) and weights.bin (TorchSharp's state dict, batch-norm
/// statistics included). Loading rebuilds the net from the stored config, never from the reader's defaults, and a
/// patch checkpoint is refused by name rather than failing somewhere inside the weights. A cross-fitted round
/// (<see cref="CrossFitting"/>) stores its fold models' weights as weights.bin, weights.2.bin, ...
/// </summary>
public static class PixelCheckpoint
{
    private const string InfoEntry = "pixel-checkpoint.json";
    private const string WeightsEntry = "weights.bin";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Save(PixelModel model, PixelCheckpointInfo info, Stream output) => Save([model], info, output);

    public static void Save(IReadOnlyList<PixelModel> folds, PixelCheckpointInfo info, Stream output)
    {
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(info.Version))
            throw new ArgumentException("A pixel checkpoint needs a version.", nameof(info));
        if (folds.Count == 0 || folds.Count != info.Folds)
            throw new ArgumentException($"The pixel checkpoint says {info.Folds} fold models, {folds.Count} were given.", nameof(info));
        if (folds.Any(m => info.Config != m.Config))
            throw new ArgumentException("The pixel checkpoint's config is not the model's.", nameof(info));
        if (info.Format != PixelCheckpointInfo.CurrentFormat)
            throw new ArgumentException($"Only format '{PixelCheckpointInfo.CurrentFormat}' is written, not '{info.Format}'.", nameof(info));
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = zip.CreateEntry(InfoEntry, CompressionLevel.Optimal).Open())
            JsonSerializer.Serialize(entry, info, Json);
        for (var fold = 0; fold < folds.Count; fold++)
        {
            using var weights = zip.CreateEntry(WeightsEntryOf(fold), CompressionLevel.Fastest).Open();
            using var writer = new BinaryWriter(weights);
            folds[fold].Net.save(writer);
        }
    }

    private static string WeightsEntryOf(int fold) => fold == 0 ? WeightsEntry : $"weights.{fold + 1}.bin";

    public static void Save(PixelModel model, PixelCheckpointInfo info, string path)
    {
        var temporary = path + ".partial";
        try
        {
            using (var file = File.Create(temporary))
                Save(model, info, file);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static byte[] ToBytes(PixelModel model, PixelCheckpointInfo info) => ToBytes([model], info);

    public static byte[] ToBytes(IReadOnlyList<PixelModel> folds, PixelCheckpointInfo info)
    {
        using var bytes = new MemoryStream();
        Save(folds, info, bytes);
        return bytes.ToArray();
    }

    /// <summary>A checkpoint of one model; one of several fold models is refused (<see cref="LoadFolds(Stream, Device?)"/> reads those).</summary>
    public static (PixelModel Model, PixelCheckpointInfo Info) Load(Stream input, Device? device = null)
    {
        var (folds, info) = LoadFolds(input, device);
        if (folds.Count == 1)
            return (folds[0], info);
        foreach (var m in folds)
            m.Dispose();
        throw new InvalidDataException($"Pixel checkpoint {info.Version} holds {folds.Count} fold models; read it with {nameof(LoadFolds)}.");
    }

    /// <summary>Every fold model of a checkpoint, in fold order (one for a checkpoint of one model).</summary>
    public static (IReadOnlyList<PixelModel> Folds, PixelCheckpointInfo Info) LoadFolds(Stream input, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException("Not a DefectRefine pixel checkpoint: not a zip file.", error);
        }
        using (zip)
        {
            var infoEntry = zip.GetEntry(InfoEntry) ?? throw new InvalidDataException(zip.GetEntry("checkpoint.json") is null
                ? $"Not a DefectRefine pixel checkpoint: no {InfoEntry}."
                : $"Not a DefectRefine pixel checkpoint: a patch-model checkpoint (checkpoint.json, no {InfoEntry}).");
            PixelCheckpointInfo info;
            try
            {
                using var stream = infoEntry.Open();
                info = JsonSerializer.Deserialize<PixelCheckpointInfo>(stream, Json) ?? throw new InvalidDataException($"{InfoEntry} is empty.");
            }
            catch (JsonException error)
            {
                throw new InvalidDataException($"{InfoEntry} is not valid: {error.Message}", error);
            }
            if (info.Format != PixelCheckpointInfo.CurrentFormat)
                throw new InvalidDataException($"Pixel checkpoint format '{info.Format}' is not '{PixelCheckpointInfo.CurrentFormat}'.");
            if (info.Config is null)
                throw new InvalidDataException($"{InfoEntry} has no config.");
            try
            {
                info.Config.Validate();
            }
            catch (ArgumentException error)
            {
                throw new InvalidDataException($"{InfoEntry} has an invalid config: {error.Message}", error);
            }
            if (info.Folds is < 1 or > 16)
                throw new InvalidDataException($"{InfoEntry} says {info.Folds} fold models; 1 to 16 are read.");
            var models = new List<PixelModel>(info.Folds);
            try
            {
                for (var fold = 0; fold < info.Folds; fold++)
                    models.Add(ReadWeights(zip, fold, info, device));
            }
            catch
            {
                foreach (var m in models)
                    m.Dispose();
                throw;
            }
            return (models, info);
        }
    }

    private static PixelModel ReadWeights(ZipArchive zip, int fold, PixelCheckpointInfo info, Device? device)
    {
        var name = WeightsEntryOf(fold);
        var weightsEntry = zip.GetEntry(name) ?? throw new InvalidDataException($"Not a DefectRefine pixel checkpoint: no {name}.");
        var model = PixelModel.Create(info.Config, device);
        try
        {
            // TorchSharp reads the state dict from a seekable stream.
            using var weights = new MemoryStream();
            using (var stream = weightsEntry.Open())
                stream.CopyTo(weights);
            weights.Position = 0;
            using var reader = new BinaryReader(weights);
            model.Net.load(reader);
            model.Net.eval();
        }
        catch (Exception error) when (error is not InvalidDataException)
        {
            model.Dispose();
            throw new InvalidDataException($"The weights of pixel checkpoint {info.Version} do not fit its config: {error.Message}", error);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    public static (PixelModel Model, PixelCheckpointInfo Info) Load(byte[] bytes, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Load(stream, device);
    }

    public static (IReadOnlyList<PixelModel> Folds, PixelCheckpointInfo Info) LoadFolds(byte[] bytes, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return LoadFolds(stream, device);
    }

    public static (PixelModel Model, PixelCheckpointInfo Info) Load(string path, Device? device = null)
    {
        using var file = File.OpenRead(path);
        return Load(file, device);
    }
}
