using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace DefectRefine.LabelStore.Loop;

public enum ModelMapKind
{
    /// <summary>The model's defect probability per pixel.</summary>
    Probability,

    /// <summary>The binary entropy of that probability: where the model is unsure.</summary>
    Uncertainty,
}

/// <summary>
/// A model's dense maps of one image, quantised to a byte per pixel (0 = 0, 255 = 1; entropy in bits, at most 1). The
/// Miner computes them for the images its queries show, so a station can overlay what the model thinks without the
/// gateway running a model.
/// </summary>
public sealed record ModelMaps(string ModelVersion, Guid ImageId, int Width, int Height, byte[] Probability, byte[] Uncertainty)
{
    public static ModelMaps Quantise(string modelVersion, Guid imageId, int width, int height, IReadOnlyList<float> probability, IReadOnlyList<float> entropy)
    {
        ArgumentNullException.ThrowIfNull(probability);
        ArgumentNullException.ThrowIfNull(entropy);
        if (probability.Count != width * height || entropy.Count != width * height)
            throw new ArgumentException($"The maps hold {probability.Count} and {entropy.Count} values for a {width}x{height} image.");
        static byte[] ToBytes(IReadOnlyList<float> values) =>
            [.. values.Select(v => (byte)Math.Clamp((int)MathF.Round((float.IsNaN(v) ? 0 : v) * 255), 0, 255))];
        return new ModelMaps(modelVersion, imageId, width, height, ToBytes(probability), ToBytes(entropy));
    }

    public byte[] Of(ModelMapKind kind) => kind == ModelMapKind.Probability ? Probability : Uncertainty;
}

public sealed class ModelMapStore(LoopDatabase database)
{
    public const string TableName = "dr_model_maps";

    internal static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("model_version").AsPrimaryKey();
        table.AddColumn<Guid>("image_id").AsPrimaryKey();
        table.AddColumn<int>("width").NotNull();
        table.AddColumn<int>("height").NotNull();
        table.AddColumn("probability", "bytea").NotNull();
        table.AddColumn("uncertainty", "bytea").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>Which of <paramref name="imageIds"/> have no maps for <paramref name="modelVersion"/> yet.</summary>
    public async Task<IReadOnlyList<Guid>> MissingAsync(string modelVersion, IEnumerable<Guid> imageIds, CancellationToken cancellationToken = default)
    {
        var wanted = imageIds.Distinct().ToArray();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select image_id from {database.Schema}.{TableName} where model_version = @version and image_id = any(@ids)", connection);
        command.Parameters.AddWithValue("version", modelVersion);
        command.Parameters.AddWithValue("ids", wanted);
        var present = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            present.Add(reader.GetGuid(0));
        return [.. wanted.Where(id => !present.Contains(id))];
    }

    /// <summary>Stores the maps; a second computation of the same model and image (another Miner replica) is dropped.</summary>
    public async Task SaveAsync(ModelMaps maps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(maps);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"insert into {database.Schema}.{TableName} (model_version, image_id, width, height, probability, uncertainty) " +
            "values (@version, @image, @width, @height, @probability, @uncertainty) on conflict do nothing", connection);
        command.Parameters.AddWithValue("version", maps.ModelVersion);
        command.Parameters.AddWithValue("image", maps.ImageId);
        command.Parameters.AddWithValue("width", maps.Width);
        command.Parameters.AddWithValue("height", maps.Height);
        command.Parameters.AddWithValue("probability", maps.Probability);
        command.Parameters.AddWithValue("uncertainty", maps.Uncertainty);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ModelMaps?> FindAsync(string modelVersion, Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select width, height, probability, uncertainty from {database.Schema}.{TableName} where model_version = @version and image_id = @image", connection);
        command.Parameters.AddWithValue("version", modelVersion);
        command.Parameters.AddWithValue("image", imageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new ModelMaps(modelVersion, imageId, reader.GetInt32(0), reader.GetInt32(1), (byte[])reader[2], (byte[])reader[3]);
    }
}
