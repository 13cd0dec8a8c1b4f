using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace DefectRefine.LabelStore.Loop;

/// <summary>A stored checkpoint's identity: which project and round made it, from which parent.</summary>
public sealed record StoredCheckpoint(string Version, Guid ProjectId, int Round, string? ParentVersion, DateTimeOffset CreatedAt, long ByteCount, string InfoJson);

/// <summary>
/// Versioned checkpoints of one kind of model in one PostgreSQL table: written once, never replaced (one per project
/// and round), so the model behind anything in the label history can be loaded again, and a database backup holds the
/// models too.
/// </summary>
public abstract class CheckpointTable(LoopDatabase database, string tableName)
{
    /// <summary>The table of one kind of checkpoint, created with the label store's schema.</summary>
    protected static Table Define(string schema, string tableName)
    {
        var table = new Table(new PostgresqlObjectName(schema, tableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("version").AsPrimaryKey();
        table.AddColumn<Guid>("project_id").NotNull();
        table.AddColumn<int>("round").NotNull();
        table.AddColumn<string>("parent_version");
        table.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.AddColumn<long>("byte_count").NotNull();
        table.AddColumn("bytes", "bytea").NotNull();
        table.AddColumn("info", "jsonb").NotNull();
        table.Indexes.Add(new IndexDefinition($"{tableName}_project_round") { Columns = ["project_id", "round"], IsUnique = true });
        return table;
    }

    /// <summary>Stores the checkpoint unless the round already has one; false when it had (the caller keeps the stored one).</summary>
    public async Task<bool> SaveAsync(Guid projectId, int round, string version, string? parentVersion, byte[] bytes, string infoJson, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"insert into {database.Schema}.{tableName} (version, project_id, round, parent_version, byte_count, bytes, info) " +
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
        await using var command = new NpgsqlCommand($"select bytes from {database.Schema}.{tableName} where version = @version", connection);
        command.Parameters.AddWithValue("version", version);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<bool> ExistsAsync(string version, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select exists (select 1 from {database.Schema}.{tableName} where version = @version)", connection);
        command.Parameters.AddWithValue("version", version);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<StoredCheckpoint?> FindAsync(Guid projectId, int round, CancellationToken cancellationToken = default) =>
        (await QueryAsync("project_id = @project and round = @round", projectId, round, cancellationToken)).SingleOrDefault();

    /// <summary>The newest checkpoint of the project from a round before <paramref name="round"/>: the parent to fine-tune.</summary>
    public async Task<StoredCheckpoint?> LatestBeforeAsync(Guid projectId, int round, CancellationToken cancellationToken = default) =>
        (await QueryAsync("project_id = @project and round < @round", projectId, round, cancellationToken)).LastOrDefault();

    public Task<IReadOnlyList<StoredCheckpoint>> ListAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        QueryAsync("project_id = @project", projectId, int.MaxValue, cancellationToken);

    private async Task<IReadOnlyList<StoredCheckpoint>> QueryAsync(string where, Guid projectId, int round, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select version, project_id, round, parent_version, created_at, byte_count, info::text from {database.Schema}.{tableName} where {where} order by round",
            connection);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.AddWithValue("round", round);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<StoredCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
            found.Add(new StoredCheckpoint(reader.GetString(0), reader.GetGuid(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(5), reader.GetString(6)));
        return found;
    }
}
