using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace DefectRefine.Learning.Model;

/// <summary>
/// A checkpoint file: a zip with checkpoint.json (version, parent, config, metrics) and weights.bin (TorchSharp's
/// state-dict format, parameters and batch-norm statistics). Loading rebuilds the model from the stored config, so a
/// checkpoint never depends on the defaults of the code that reads it.
/// </summary>
public static class ModelCheckpoint
{
    private const string InfoEntry = "checkpoint.json";
    private const string WeightsEntry = "weights.bin";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes the model under a new version; the model then carries that version.</summary>
    public static void Save(PatchModel model, CheckpointInfo info, Stream output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(info.Version))
            throw new ArgumentException("A checkpoint needs a version.", nameof(info));
        if (info.Config != model.Config)
            throw new ArgumentException("The checkpoint's config is not the model's.", nameof(info));
        // The calibration is part of the model's behaviour, so it is always taken from the model itself.
        info = info with { DefectLogitOffset = model.DefectLogitOffset };
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry(InfoEntry, CompressionLevel.Optimal).Open())
                JsonSerializer.Serialize(entry, info, Json);
            using var weights = zip.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open();
            using var writer = new BinaryWriter(weights);
            model.Net.save(writer);
        }
        model.Version = info.Version;
        model.ParentVersion = info.ParentVersion;
    }

    public static void Save(PatchModel model, CheckpointInfo info, string path)
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

    public static (PatchModel Model, CheckpointInfo Info) Load(Stream input, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckpointInfo info;
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException("Not a DefectRefine checkpoint: not a zip file.", error);
        }
        using (zip)
        {
            var infoEntry = zip.GetEntry(InfoEntry) ?? throw new InvalidDataException($"Not a DefectRefine checkpoint: no {InfoEntry}.");
            using (var stream = infoEntry.Open())
                info = JsonSerializer.Deserialize<CheckpointInfo>(stream, Json) ?? throw new InvalidDataException($"{InfoEntry} is empty.");
            if (info.Format != CheckpointInfo.CurrentFormat)
                throw new InvalidDataException($"Checkpoint format '{info.Format}' is not '{CheckpointInfo.CurrentFormat}'.");
            var weightsEntry = zip.GetEntry(WeightsEntry) ?? throw new InvalidDataException($"Not a DefectRefine checkpoint: no {WeightsEntry}.");
            var model = PatchModel.Create(info.Config, device);
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
            catch
            {
                model.Dispose();
                throw;
            }
            model.Version = info.Version;
            model.ParentVersion = info.ParentVersion;
            model.DefectLogitOffset = info.DefectLogitOffset;
            return (model, info);
        }
    }

    public static (PatchModel Model, CheckpointInfo Info) Load(string path, Device? device = null)
    {
        using var file = File.OpenRead(path);
        return Load(file, device);
    }
}
