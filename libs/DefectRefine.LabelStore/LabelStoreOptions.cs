namespace DefectRefine.LabelStore;

public sealed class LabelStoreOptions
{
    /// <summary>The PostgreSQL schema of every label-store table.</summary>
    public string Schema { get; set; } = "labels";

    /// <summary>
    /// Whether this process may create or alter the schema on first use (Marten's CreateOrUpdate). On for tools, tests
    /// and Development; the services turn it off elsewhere, where only the release's <c>dr schema apply</c> changes the
    /// schema, under its own DDL role, so replicas of two releases never race to migrate.
    /// </summary>
    public bool ApplySchemaChanges { get; set; } = true;

    /// <summary>A checkpoint every this many events bounds the replay of any version to that many events.</summary>
    public int CheckpointInterval { get; set; } = 100;

    /// <summary>
    /// Attempts at an outbox row that cannot be read as a message (a type this release does not know, a corrupt body)
    /// before it moves to the dead-letter table, so it no longer holds back the messages queued after it.
    /// </summary>
    public int OutboxMaxAttempts { get; set; } = 5;

    /// <summary>
    /// And only once it is this old: during a rolling upgrade a row of a type only the newer release knows is the newer
    /// relay's to publish, not the older one's to set aside. Until then the rows behind it go out past it.
    /// </summary>
    public TimeSpan OutboxDeadAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts for a refinement that loses an optimistic-concurrency race before giving up.</summary>
    public int MaxWriteAttempts { get; set; } = 8;
}
