using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;
using JasperFx.Events;
using Marten;

namespace DefectRefine.LabelStore.Loop;

/// <summary>The state a change left a project in, and the events it appended (none for a repeated or stale report).</summary>
public sealed record LoopChange(ProjectLoop State, IReadOnlyList<object> Events)
{
    public bool Changed => Events.Count > 0;

    public bool Requested<T>() => Events.OfType<T>().Any();
}

/// <summary>
/// The project streams: each change reads the loop, lets <see cref="ProjectLoopRules"/> decide, and appends at the
/// version it read, retrying on a newer one, so the loop moves exactly once however many replicas report the same thing.
/// </summary>
public sealed class ProjectLoops(IDocumentStore store, LabelStoreOptions options)
{
    /// <summary>Starts a project's stream; <paramref name="beforeCommit"/> may queue more on the same transaction (its outbox messages).</summary>
    public async Task<ProjectLoop> CreateAsync(string name, Guid datasetId, ProjectSettings settings, string createdBy, CancellationToken cancellationToken = default,
        Action<IDocumentSession, ProjectLoop>? beforeCommit = null)
    {
        IReadOnlyList<object> events;
        var projectId = Guid.NewGuid();
        try
        {
            events = ProjectLoopRules.Create(projectId, name, datasetId, settings, createdBy, DateTimeOffset.UtcNow);
        }
        catch (LoopRuleException error)
        {
            throw LabelStoreException.Invalid(error.Message);
        }
        var created = (ProjectCreated)events[0];
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Dataset>(datasetId, cancellationToken) is null)
            throw new LabelStoreException(LabelStoreFailure.NotFound, $"No dataset {datasetId}.");
        if (!await session.Query<ImageRecord>().AnyAsync(image => image.DatasetId == datasetId, cancellationToken))
            throw LabelStoreException.Invalid($"Dataset {datasetId} has no images to refine yet.");
        if (await session.Query<ProjectLoop>().AnyAsync(p => p.Name == created.Name, cancellationToken))
            throw new LabelStoreException(LabelStoreFailure.Conflict, $"A project named '{created.Name}' already exists.");
        session.Events.StartStream<ProjectLoop>(projectId, events);
        var loop = Fold(events);
        beforeCommit?.Invoke(session, loop);
        await session.SaveChangesAsync(cancellationToken);
        return loop;
    }

    public async Task<ProjectLoop> GetAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ProjectLoop>(projectId, cancellationToken)
            ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"No project {projectId}.");
    }

    public async Task<ProjectLoop?> FindAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ProjectLoop>(projectId, cancellationToken);
    }

    public async Task<IReadOnlyList<ProjectLoop>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.Query<ProjectLoop>().OrderBy(p => p.Name).ToListAsync(cancellationToken);
    }

    /// <summary>The project's events in order, for the audit of its loop.</summary>
    public async Task<IReadOnlyList<(long Version, DateTimeOffset At, object Data)>> HistoryAsync(Guid projectId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(projectId, token: cancellationToken);
        return [.. events.Select(e => (e.Version, e.Timestamp, e.Data))];
    }

    /// <summary>
    /// Applies a decision in its own transaction. A rule refusal becomes a 409 with the rule's reason.
    /// <paramref name="beforeCommit"/> queues what must commit with a real change (its outbox messages).
    /// </summary>
    public async Task<LoopChange> ChangeAsync(Guid projectId, Func<ProjectLoop, IReadOnlyList<object>> decide, CancellationToken cancellationToken = default,
        Action<IDocumentSession, LoopChange>? beforeCommit = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var change = await ChangeInAsync(session, projectId, decide, cancellationToken);
            if (!change.Changed)
                return change;
            beforeCommit?.Invoke(session, change);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return change;
            }
            catch (Exception error) when (MaskWriter.IsConcurrencyConflict(error) && attempt < options.MaxWriteAttempts)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Queues a decision on a session that commits other changes too.</summary>
    public static async Task<LoopChange> ChangeInAsync(IDocumentSession session, Guid projectId, Func<ProjectLoop, IReadOnlyList<object>> decide, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Change(await session.Events.FetchForWriting<ProjectLoop>(projectId, cancellationToken), projectId, decide);
    }

    /// <summary>
    /// Takes the project's stream for the session's transaction: a row lock on it, held until the session commits or
    /// is disposed. Answers and undos take it before they read any mask, so the writers of one project queue for a
    /// few milliseconds each instead of racing and retrying (with twenty stations on a project, optimistic retries
    /// ran out). Writers that do not take it (a phase change) still meet its version check and retry.
    /// </summary>
    public static async Task<IEventStream<ProjectLoop>> LockAsync(IDocumentSession session, Guid projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var stream = await session.Events.FetchForExclusiveWriting<ProjectLoop>(projectId, cancellationToken);
        return stream.Aggregate is null ? throw new LabelStoreException(LabelStoreFailure.NotFound, $"No project {projectId}.") : stream;
    }

    /// <summary>Queues a decision on a stream fetched for writing (and possibly locked) in a session.</summary>
    public static LoopChange Change(IEventStream<ProjectLoop> stream, Guid projectId, Func<ProjectLoop, IReadOnlyList<object>> decide)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(decide);
        var loop = stream.Aggregate ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"No project {projectId}.");
        IReadOnlyList<object> events;
        try
        {
            events = decide(loop);
        }
        catch (LoopRuleException error)
        {
            throw new LabelStoreException(LabelStoreFailure.Conflict, error.Message);
        }
        if (events.Count > 0)
            stream.AppendMany(events);
        var next = loop.Copy();
        foreach (var @event in events)
            next.ApplyEvent(@event);
        return new LoopChange(next, events);
    }

    private static ProjectLoop Fold(IReadOnlyList<object> events)
    {
        var loop = new ProjectLoop();
        foreach (var @event in events)
            loop.ApplyEvent(@event);
        return loop;
    }
}
