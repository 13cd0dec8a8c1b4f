using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace DefectRefine.LabelStore.Loop;

/// <summary>A stored pixel-model checkpoint: it belongs to the paper model of the same version (same project and round).</summary>
public sealed record StoredPixelCheckpoint(string Version, Guid ProjectId, int Round, string? ParentVersion, long ByteCount, string InfoJson);

/// <summary>
/// The pixel model's checkpoints in PostgreSQL, beside <see cref="ModelCheckpointStore"/> and keyed by the same model
/// version, so the Miner finds the pixel model of the round it is told about. Written once per round, never replaced.
/// </summary>
public sealed class PixelCheckpointStore(LoopDatabase database)
{
    public const string TableName = "dr_pixel_checkpoints";

    internal static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("version").AsPrimaryKey();
        table.AddColumn<Guid>("project_id").NotNull();
        table.AddColumn<int>("round").NotNull();
        table.AddColumn<string>("parent_version");
        table.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.AddColumn<long>("byte_count").NotNull();
        table.AddColumn("bytes", "bytea").NotNull();
        table.AddColumn("info", "jsonb").NotNull();
        table.Indexes.Add(new IndexDefinition($"{TableName}_project_round") { Columns = ["project_id", "round"], IsUnique = true });
        return table;
    }

    /// <summary>Stores the checkpoint unless the round already has one; false when it had (the stored one stands).</summary>
    public async Task<bool> SaveAsync(Guid projectId, int round, string version, string? parentVersion, byte[] bytes, string infoJson, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"insert into {database.Schema}.{TableName} (version, project_id, round, parent_version, byte_count, bytes, info) " +
            "values (@version, @project, @round, @parent, @count, @bytes, @info) on conflict do nothing", connection);
        command.Parameters.AddWithValue("version", version);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.AddWithValue("round", round);
        command.Parameters.AddWithValue("parent", (object?)parentVersion ?? DBNull.Value);
        command.Parameters.AddWithValue("count", (long)bytes.Length);
        command.Parameters.AddWithValue("bytes", bytes);
        command.Parameters.Add(new NpgsqlParameter("info", NpgsqlDbType.Jsonb) { Value = infoJson });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<byte[]?> LoadBytesAsync(string version, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select bytes from {database.Schema}.{TableName} where version = @version", connection);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<bool> ExistsAsync(string version, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select exists (select 1 from {database.Schema}.{TableName} where version = @version)", connection);
        command.Parameters.AddWithValue("version", version);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The project's newest pixel checkpoint from a round before <paramref name="round"/>: the one to continue from.</summary>
    public async Task<StoredPixelCheckpoint?> LatestBeforeAsync(Guid projectId, int round, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select version, project_id, round, parent_version, byte_count, info::text from {database.Schema}.{TableName} " +
            "where project_id = @project and round < @round order by round desc limit 1", connection);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.AddWithValue("round", round);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredPixelCheckpoint(reader.GetString(0), reader.GetGuid(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4), reader.GetString(5))
            : null;
    }
}
