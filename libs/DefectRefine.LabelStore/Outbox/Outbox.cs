using System.Text.Json;
using DefectRefine.Contracts.V1;
using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace DefectRefine.LabelStore.Outbox;

/// <summary>
/// The transactional outbox: a message bound for the bus is written into the same PostgreSQL transaction as the events
/// that call for it, and <see cref="OutboxRelay"/> publishes it after the commit. So an answer and the training it
/// requests, or an import and its ImagesAdded, are stored together or not at all, and a broker that is down delays
/// a message instead of losing it. Delivery is at least once, with the row's id as the message id; consumers are
/// idempotent.
/// </summary>
public sealed class Outbox(LabelStoreOptions options)
{
    public const string TableName = "dr_outbox";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _pending = new(0, 1);

    public const string DeadTableName = "dr_outbox_dead";

    public string Table => $"{options.Schema}.{TableName}";

    /// <summary>Rows the relay could never turn into a message, kept for an operator (dr outbox).</summary>
    public string DeadTable => $"{options.Schema}.{DeadTableName}";

    /// <summary>Attempts at a row that cannot be read before it leaves the queue for <see cref="DeadTable"/>.</summary>
    public int MaxAttempts => options.OutboxMaxAttempts;

    public TimeSpan DeadAfter => options.OutboxDeadAfter;

    internal static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("message_type").NotNull();
        table.AddColumn("body", "jsonb").NotNull();
        // clock_timestamp, not now(): the messages of one transaction keep the order they were queued in.
        table.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("clock_timestamp()");
        table.AddColumn<int>("attempts").NotNull().DefaultValueByExpression("0");
        table.AddColumn<string>("last_error");
        table.Indexes.Add(new IndexDefinition($"{TableName}_created_at") { Columns = ["created_at"] });
        return table;
    }

    internal static Table DeadDefinition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, DeadTableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("message_type").NotNull();
        table.AddColumn("body", "jsonb").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull();
        table.AddColumn<int>("attempts").NotNull();
        table.AddColumn<string>("last_error");
        table.AddColumn("dead_at", "timestamptz").NotNull().DefaultValueByExpression("clock_timestamp()");
        return table;
    }

    /// <summary>Queues <paramref name="message"/> on the session; it exists only if the session commits.</summary>
    public Guid Enqueue(IDocumentSession session, object message)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        if (type.Assembly != ContractsAssembly || type.FullName is null)
            throw new ArgumentException($"Only contract messages go through the outbox, not {type.FullName}.", nameof(message));
        var id = Guid.NewGuid();
        session.QueueSqlCommand($"insert into {Table} (id, message_type, body) values (?, ?, ?::jsonb)", id, type.FullName, JsonSerializer.Serialize(message, type, Json));
        return id;
    }

    /// <summary>Tells the relay of this process that a commit queued messages, so it publishes now rather than at its next poll.</summary>
    public void Wake()
    {
        if (_pending.CurrentCount == 0)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken already.
            }
        }
    }

    internal async Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken) => await _pending.WaitAsync(poll, cancellationToken);

    /// <summary>The message a row holds; only types of the contracts assembly are ever instantiated.</summary>
    public static object Read(string typeName, string body)
    {
        var type = ContractsAssembly.GetType(typeName, throwOnError: false)
            ?? throw new InvalidDataException($"The outbox holds a message of unknown type '{typeName}'.");
        return JsonSerializer.Deserialize(body, type, Json) ?? throw new InvalidDataException($"The outbox holds an empty {typeName}.");
    }

    private static readonly System.Reflection.Assembly ContractsAssembly = typeof(ImagesAdded).Assembly;
}
