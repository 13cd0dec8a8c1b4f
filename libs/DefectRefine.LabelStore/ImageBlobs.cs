using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace DefectRefine.LabelStore;

/// <summary>
/// Content-addressed image bytes (sha256 → bytes) in a plain bytea table. In PostgreSQL rather than on a volume so
/// that an image, its record and its MaskInitialised commit in one transaction: a failed import leaves no trace and a
/// backup of the database is a backup of everything an auditor needs.
/// </summary>
public static class ImageBlobs
{
    public const string TableName = "dr_image_blobs";

    internal static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("sha256").AsPrimaryKey();
        table.AddColumn<string>("content_type").NotNull();
        table.AddColumn<long>("byte_count").NotNull();
        table.AddColumn("bytes", "bytea").NotNull();
        table.AddColumn("stored_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>Queues the bytes into the session's transaction; storing the same content twice keeps one copy.</summary>
    public static void Queue(IDocumentSession session, string schema, string sha256, string contentType, byte[] bytes) =>
        session.QueueSqlCommand(
            $"insert into {schema}.{TableName} (sha256, content_type, byte_count, bytes) values (?, ?, ?, ?) on conflict (sha256) do nothing",
            sha256, contentType, (long)bytes.Length, bytes);

    public static async Task<StoredBlob?> ReadAsync(IQuerySession session, string schema, string sha256, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select content_type, bytes from {schema}.{TableName} where sha256 = @sha");
        command.Parameters.AddWithValue("sha", sha256);
        await using var reader = await session.ExecuteReaderAsync(command, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new StoredBlob(sha256, reader.GetString(0), (byte[])reader.GetValue(1));
    }
}

public sealed record StoredBlob(string Sha256, string ContentType, byte[] Bytes);
