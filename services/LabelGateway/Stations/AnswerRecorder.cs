using System.Security.Cryptography;
using System.Text;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Contracts.V1.Stations;
using DefectRefine.LabelGateway.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.LabelStore.Outbox;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Loop;
using DefectRefine.Loop;
using Marten;
using JasperFx;
using Marten.Exceptions;

namespace DefectRefine.LabelGateway.Stations;

/// <summary>
/// Keeps an answer or undoes one. An answer is checked against the lease it claims, turned into refinement events by
/// the learning core, and committed in one transaction with the project's AnswerRecorded, the answer record (its id
/// is the query's, so a second answer to the same query fails in the database) and the query marked answered: an
/// acknowledged answer is kept whole, a refused one has written nothing.
/// </summary>
public sealed class AnswerRecorder(QueryBuffer buffer, ProjectLoops loops, MaskWriter writer, IDocumentStore store, Outbox outbox, AnswerReacher reacher)
{
    public async Task<AnswerReceipt> RecordAsync(StationConnection station, StationAnswer? answer, CancellationToken cancellationToken)
    {
        if (answer is null || answer.SameAsAnchor is null || answer.Shifts is null || answer.QueryId == Guid.Empty)
            throw new StationRefusal("The answer is malformed: it needs a query id, a lease id, the anchor's label, the candidates marked \"same as anchor\" (possibly none) and the clicks (possibly none).");
        var buffered = await buffer.FindAsync(answer.QueryId, cancellationToken)
            ?? throw new StationRefusal($"Query {answer.QueryId} is unknown.");
        RequireLease(station, answer, buffered, DateTimeOffset.UtcNow);

        var mined = buffered.Query;
        var loop = await loops.GetAsync(station.ProjectId, cancellationToken);
        var queryAnswer = ToQueryAnswer(answer, mined);
        var query = QueryMining.ToQuery(mined);
        var granularity = loop.Settings.Granularity.ToGranularity();
        var at = DateTimeOffset.UtcNow;
        var context = new RefinementContext(station.Author, at, SessionId(station.ProjectId, loop.Session), mined.QueryId, mined.ModelVersion,
            [.. new[] { mined.Anchor }.Concat(mined.Candidates).Select(p => new QueryCandidate(p.ImageId, p.X, p.Y, p.Role, p.LabelShown))]);

        (LoopChange Change, List<ImageVersion> Versions) written;
        try
        {
            written = await writer.WriteTogetherAsync(async batch =>
            {
                // First, before any mask is read: the project's answers and undos queue here (see ProjectLoops.LockAsync).
                var project = await ProjectLoops.LockAsync(batch.Session, station.ProjectId, cancellationToken);
                var sizes = new Dictionary<Guid, (int Width, int Height)>();
                foreach (var imageId in new[] { mined.Anchor }.Concat(mined.Candidates).Select(p => p.ImageId).Distinct())
                {
                    var mask = await batch.MaskAsync(imageId, cancellationToken);
                    sizes[imageId] = (mask.Width, mask.Height);
                }
                AppliedAnswer applied;
                try
                {
                    applied = AnswerApplication.Apply(query, queryAnswer, granularity, id => sizes[id]);
                }
                catch (AnswerException error)
                {
                    throw new StationRefusal(error.Message);
                }
                var versions = new List<ImageVersion>(applied.Refinements.Count);
                foreach (var refinement in applied.Refinements)
                {
                    var reach = await reacher.DrawAsync(batch, refinement, mined.ModelVersion, loop.Settings.Reach, cancellationToken);
                    var appended = await batch.AppendAsync(refinement.ImageId, current => refinement.ToEvent(current.Mask, context, reach), cancellationToken);
                    versions.Add(new ImageVersion(refinement.ImageId, appended.Version));
                }
                var change = ProjectLoops.Change(project, station.ProjectId,
                    current => ProjectLoopRules.RecordAnswer(current, mined.QueryId, mined.ModelVersion, station.Author, versions, at));
                batch.Session.Insert(new AnswerRecord
                {
                    Id = mined.QueryId,
                    ProjectId = station.ProjectId,
                    Session = change.State.Session,
                    ModelVersion = mined.ModelVersion,
                    Station = station.Station,
                    User = station.User,
                    AnsweredAt = at,
                    AnchorDefect = answer.AnchorDefect,
                    SameAsAnchor = [.. queryAnswer.SameAsAnchor],
                    Verified = [.. applied.Verified.Select(v => new VerifiedPatch(v.ImageId, v.X, v.Y, v.Defect))],
                    Versions = versions,
                });
                buffer.QueueAnswered(batch.Session, mined.QueryId);
                LoopCoordinator.Enqueue(outbox, batch.Session, change);
                return (change, versions);
            }, cancellationToken);
        }
        catch (Exception error) when (IsDuplicate(error))
        {
            throw new StationRefusal($"Query {mined.QueryId} has already been answered.");
        }
        catch (LabelStoreException error)
        {
            throw new StationRefusal(error.Message);
        }
        catch (StreamLockedException)
        {
            throw new StationRefusal("The project is busy with other answers; nothing was written. Send the answer again.");
        }

        outbox.Wake();
        var state = written.Change.State;
        return new AnswerReceipt(true, null, mined.QueryId, state.Session, state.AnswersThisSession, state.Settings.SessionTarget,
            written.Versions.Select(v => v.ImageId).Distinct().Count(), state.LateAnswersThisSession);
    }

    /// <summary>
    /// Undoes the last answer not undone yet that this person gave at this station; its query is not offered again.
    /// The person is the token's user, never a name the client chose: two labellers who keep the same station name
    /// cannot undo each other's answers.
    /// </summary>
    public async Task<UndoReceipt> UndoLastAsync(StationConnection station, CancellationToken cancellationToken)
    {
        Guid? last;
        await using (var query = store.QuerySession())
        {
            last = (await query.Query<AnswerRecord>()
                .Where(a => a.ProjectId == station.ProjectId && a.User == station.User && a.Station == station.Station && !a.Undone)
                .OrderByDescending(a => a.AnsweredAt)
                .Take(1)
                .ToListAsync(cancellationToken)).Select(a => (Guid?)a.Id).FirstOrDefault();
        }
        if (last is not { } queryId)
            throw new StationRefusal("You have no answer left to undo at this station in this project.");

        (LoopChange Change, List<Guid> Images) undone;
        try
        {
            undone = await writer.WriteTogetherAsync(async batch =>
            {
                var project = await ProjectLoops.LockAsync(batch.Session, station.ProjectId, cancellationToken);
                var record = await batch.Session.LoadAsync<AnswerRecord>(queryId, cancellationToken);
                if (record is null || record.Undone)
                    throw new StationRefusal($"The answer to query {queryId} has already been undone.");
                var at = DateTimeOffset.UtcNow;
                var reverted = new List<ImageVersion>(record.Versions.Count);
                foreach (var version in Enumerable.Reverse(record.Versions))
                {
                    var appended = await batch.RevertAsync(version.ImageId, version.Version, station.Author, $"undo of the answer to query {queryId}", cancellationToken);
                    reverted.Add(new ImageVersion(version.ImageId, appended.Version));
                }
                record.Undone = true;
                record.UndoneAt = at;
                batch.Session.Store(record);
                var change = ProjectLoops.Change(project, station.ProjectId,
                    loop => ProjectLoopRules.UndoAnswer(loop, queryId, record.Session, station.Author, reverted, at));
                LoopCoordinator.Enqueue(outbox, batch.Session, change);
                return (change, reverted.Select(v => v.ImageId).Distinct().ToList());
            }, cancellationToken);
        }
        catch (LabelStoreException error)
        {
            throw new StationRefusal(error.Message);
        }
        catch (StreamLockedException)
        {
            throw new StationRefusal("The project is busy with other answers; nothing was undone. Try again.");
        }
        outbox.Wake();
        var state = undone.Change.State;
        return new UndoReceipt(true, null, queryId, state.AnswersThisSession, state.LateAnswersThisSession, state.Settings.SessionTarget, undone.Images);
    }

    /// <summary>The labelling session as a stable id for the label history: the same for every replica.</summary>
    public static Guid SessionId(Guid projectId, int session) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"{projectId:N}/session/{session}")).AsSpan(0, 16));

    private static void RequireLease(StationConnection station, StationAnswer answer, BufferedQuery buffered, DateTimeOffset now)
    {
        var id = answer.QueryId;
        if (buffered.Query.ProjectId != station.ProjectId)
            throw new StationRefusal($"Query {id} belongs to another project than the one this station joined.");
        switch (buffered.State)
        {
            case QueryState.Answered:
                throw new StationRefusal($"Query {id} has already been answered.");
            case QueryState.Dropped:
                throw new StationRefusal($"Query {id} was withdrawn: a newer model replaced it. Ask for the next query.");
            case QueryState.Ready:
                throw new StationRefusal($"Query {id} is not leased to this station (its lease expired or was released). Ask for the next query.");
        }
        if (buffered.LeaseId != answer.LeaseId || buffered.ConnectionId != station.ConnectionId)
            throw new StationRefusal($"Query {id} is leased to another station.");
        if (buffered.LeaseExpiresAt is { } expires && expires <= now)
            throw new StationRefusal($"The lease on query {id} expired at {expires:HH:mm:ss} UTC. Ask for the next query.");
    }

    /// <summary>Maps the displayed candidate indices back to the mined query's order.</summary>
    private static QueryAnswer ToQueryAnswer(StationAnswer answer, MinedQuery mined)
    {
        var count = mined.Candidates.Count;
        var order = CandidateOrder.Displayed(mined.QueryId, count);
        int Mined(int shown, string what) => shown >= 0 && shown < count
            ? order[shown]
            : throw new StationRefusal($"{what} names candidate {shown}, which does not exist: the query has candidates 0..{count - 1}.");
        var same = answer.SameAsAnchor.Select(i => Mined(i, "\"Same as anchor\"")).ToList();
        var shifts = answer.Shifts.Select(s => s is null
            ? throw new StationRefusal("The answer has an empty click.")
            : new ShiftClick(s.Candidate == ShiftClick.Anchor ? ShiftClick.Anchor : Mined(s.Candidate, "A click"), s.X, s.Y)).ToList();
        return new QueryAnswer(answer.AnchorDefect, same, shifts);
    }

    private static bool IsDuplicate(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is DocumentAlreadyExistsException || e is Npgsql.PostgresException { SqlState: "23505" })
                return true;
        return false;
    }
}
