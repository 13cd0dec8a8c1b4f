using System.Text.Json;
using System.Text.Json.Serialization;
using DefectRefine.Contracts.V1.Loop;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace DefectRefine.LabelStore.Loop;

public enum QueryState
{
    Ready,
    Leased,
    Answered,

    /// <summary>Proposed by a model that is no longer the newest, before any station took it.</summary>
    Dropped,
}

/// <summary>A query held by a station until <see cref="ExpiresAt"/>; <see cref="TookOverExpired"/> when another station's lease on it had run out.</summary>
public sealed record QueryLease(MinedQuery Query, Guid LeaseId, string Station, DateTimeOffset ExpiresAt, bool TookOverExpired = false);

/// <summary>A buffered query with its lease, as an answer is checked against it.</summary>
public sealed record BufferedQuery(MinedQuery Query, QueryState State, string? Station, string? ConnectionId, Guid? LeaseId, DateTimeOffset? LeaseExpiresAt);

/// <summary>
/// The ready queries of every project, shared by all Miner and gateway replicas. A lease is one UPDATE that takes the
/// oldest free query with FOR UPDATE SKIP LOCKED, so two stations, on any replicas, can never be given the same query;
/// an expired lease makes its query free again without anyone having to notice.
/// </summary>
public sealed class QueryBuffer(LoopDatabase database)
{
    public const string TableName = "dr_queries";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private string Table => $"{database.Schema}.{TableName}";

    internal static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<Guid>("project_id").NotNull();
        table.AddColumn<string>("model_version").NotNull();
        table.AddColumn<string>("state").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("clock_timestamp()");
        table.AddColumn<string>("station");
        table.AddColumn<string>("connection_id");
        table.AddColumn<Guid>("lease_id");
        table.AddColumn("lease_expires", "timestamptz");
        table.AddColumn("answered_at", "timestamptz");
        table.AddColumn("body", "jsonb").NotNull();
        table.Indexes.Add(new IndexDefinition($"{TableName}_project_state") { Columns = ["project_id", "state", "model_version", "created_at"] });
        table.Indexes.Add(new IndexDefinition($"{TableName}_connection") { Columns = ["connection_id"] });
        return table;
    }

    /// <summary>
    /// Tops the project's buffer for <paramref name="modelVersion"/> up to <paramref name="bufferSize"/> ready queries.
    /// <paramref name="mine"/> is called with how many are missing (only when some are) under a per-project lock, so
    /// two Miner replicas refilling at once do not overfill. Returns the ready count afterwards.
    /// </summary>
    public async Task<int> FillAsync(Guid projectId, string modelVersion, int bufferSize, Func<int, Task<IReadOnlyList<MinedQuery>>> mine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mine);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LoopDatabase.LockKey("query-buffer", projectId));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        var ready = await ReadyCountAsync(connection, transaction, projectId, modelVersion, cancellationToken);
        var missing = bufferSize - ready;
        if (missing > 0)
        {
            foreach (var query in (await mine(missing)).Take(missing))
            {
                await using var insert = new NpgsqlCommand(
                    $"insert into {Table} (id, project_id, model_version, state, body) values (@id, @project, @version, 'Ready', @body)", connection, transaction);
                insert.Parameters.AddWithValue("id", query.QueryId);
                insert.Parameters.AddWithValue("project", projectId);
                insert.Parameters.AddWithValue("version", modelVersion);
                insert.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(query, Json) });
                await insert.ExecuteNonQueryAsync(cancellationToken);
                ready++;
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return ready;
    }

    /// <summary>Drops the free queries of models older than <paramref name="newestVersion"/>; leased ones may still be answered.</summary>
    public async Task<int> DropStaleAsync(Guid projectId, string newestVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"update {Table} set state = 'Dropped', station = null, connection_id = null, lease_id = null, lease_expires = null " +
            "where project_id = @project and model_version <> @version and (state = 'Ready' or (state = 'Leased' and lease_expires < now()))", connection);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.AddWithValue("version", newestVersion);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> ReadyCountAsync(Guid projectId, string modelVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadyCountAsync(connection, null, projectId, modelVersion, cancellationToken);
    }

    /// <summary>
    /// The query this connection already holds in the project (a station that asks twice keeps its query), else the
    /// oldest free one of <paramref name="modelVersion"/>, leased for <paramref name="ttl"/>; null when none is free.
    /// </summary>
    public async Task<QueryLease?> LeaseAsync(Guid projectId, string modelVersion, string station, string connectionId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            with held as (
                select id from {Table}
                where project_id = @project and connection_id = @connection and state = 'Leased' and lease_expires > now()
                limit 1),
            free as (
                select id, state = 'Leased' as expired from {Table}
                where project_id = @project and model_version = @version
                  and (state = 'Ready' or (state = 'Leased' and lease_expires <= now()))
                  and not exists (select 1 from held)
                order by created_at, id
                limit 1
                for update skip locked),
            taken as (
                update {Table} q set state = 'Leased', station = @station, connection_id = @connection, lease_id = @lease,
                    lease_expires = now() + @ttl
                from free where q.id = free.id
                returning q.body::text, q.lease_id, q.station, q.lease_expires, free.expired)
            select body::text, lease_id, station, lease_expires, false from {Table} where id in (select id from held)
            union all
            select * from taken
            """, connection);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.AddWithValue("version", modelVersion);
        command.Parameters.AddWithValue("station", station);
        command.Parameters.AddWithValue("connection", connectionId);
        command.Parameters.AddWithValue("lease", Guid.NewGuid());
        command.Parameters.AddWithValue("ttl", ttl);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new QueryLease(Deserialize(reader.GetString(0)), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4));
    }

    public async Task<BufferedQuery?> FindAsync(Guid queryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select body::text, state, station, connection_id, lease_id, lease_expires from {Table} where id = @id", connection);
        command.Parameters.AddWithValue("id", queryId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new BufferedQuery(Deserialize(reader.GetString(0)), Enum.Parse<QueryState>(reader.GetString(1)),
            reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
    }

    /// <summary>Puts the queries a disconnected station held back in the buffer, for the next station that asks.</summary>
    public async Task<int> ReleaseConnectionAsync(string connectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"update {Table} set state = 'Ready', station = null, connection_id = null, lease_id = null, lease_expires = null " +
            "where connection_id = @connection and state = 'Leased'", connection);
        command.Parameters.AddWithValue("connection", connectionId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks the query answered in the answer's own transaction.</summary>
    public void QueueAnswered(IDocumentSession session, Guid queryId) =>
        session.QueueSqlCommand($"update {Table} set state = 'Answered', answered_at = now(), connection_id = null where id = ?", queryId);

    /// <summary>Query counts of a project by state (and ready ones of the given model), for the status page.</summary>
    public async Task<IReadOnlyDictionary<QueryState, int>> CountsAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select state, count(*)::int from {Table} where project_id = @project group by state", connection);
        command.Parameters.AddWithValue("project", projectId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = Enum.GetValues<QueryState>().ToDictionary(state => state, _ => 0);
        while (await reader.ReadAsync(cancellationToken))
            counts[Enum.Parse<QueryState>(reader.GetString(0))] = reader.GetInt32(1);
        return counts;
    }

    private async Task<int> ReadyCountAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid projectId, string modelVersion, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select count(*)::int from {Table} where project_id = @project and model_version = @version " +
            "and (state = 'Ready' or (state = 'Leased' and lease_expires <= now()))", connection, transaction);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.AddWithValue("version", modelVersion);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static MinedQuery Deserialize(string json) =>
        JsonSerializer.Deserialize<MinedQuery>(json, Json) ?? throw new InvalidDataException("A buffered query has an empty body.");
}
