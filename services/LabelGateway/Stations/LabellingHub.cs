using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Contracts.V1.Stations;
using DefectRefine.LabelGateway.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace DefectRefine.LabelGateway.Stations;

/// <summary>
/// The stations' hub. A station joins one project, then asks for a query, answers it (or undoes its last answer)
/// and hears the loop's changes. Refusals come back as receipts with a reason, never as half-done writes. Anyone signed
/// in connects; every call needs the labeller or admin role in the project (<see cref="StationAccess"/>). The user every
/// answer records is the token's, the station name is the client's own.
/// </summary>
public sealed class LabellingHub(ProjectLoops loops, StationAccess access, QueryLeasing leasing, AnswerRecorder answers, QueryBuffer buffer,
    TrainingProgressCache progress, LoopMetrics metrics, ILogger<LabellingHub> log) : Hub
{
    private const string StationKey = "station";

    public async Task<ProjectStatus> JoinProject(Guid projectId, string station)
    {
        station = Require(station, "station");
        var user = Require(Context.User?.Identity?.Name, "user");
        var loop = await access.RequireLabellerAsync(Context.User, projectId, Context.ConnectionAborted);
        if (Context.Items.TryGetValue(StationKey, out var joined) && joined is StationConnection previous && previous.ProjectId != projectId)
        {
            await buffer.ReleaseConnectionAsync(Context.ConnectionId);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, StationGroups.Project(previous.ProjectId));
        }
        Context.Items[StationKey] = new StationConnection(Context.ConnectionId, projectId, station, user);
        await Groups.AddToGroupAsync(Context.ConnectionId, StationGroups.Project(projectId));
        if (loop.Phase == LoopPhase.Training && progress.Latest(projectId) is { } training && training.Round == loop.Round)
            await Clients.Caller.SendAsync(StationGroups.TrainingProgress, training);
        return loop.ToStatus();
    }

    public async Task<NextQueryResult> NextQuery() => await leasing.NextAsync(await JoinedMemberAsync(), Context.ConnectionAborted);

    public async Task<AnswerReceipt> Answer(StationAnswer answer)
    {
        var station = Joined();
        try
        {
            await access.RequireLabellerAsync(Context.User, station.ProjectId, Context.ConnectionAborted);
            var receipt = await answers.RecordAsync(station, answer, CancellationToken.None);
            metrics.Answer(station.ProjectId, AnswerOutcome.Accepted);
            return receipt;
        }
        catch (StationRefusal refusal)
        {
            metrics.Answer(station.ProjectId, AnswerOutcome.Refused);
            log.LogInformation("Answer from {Station} to query {Query} refused: {Reason}", station.Station, answer?.QueryId, refusal.Message);
            var loop = await loops.GetAsync(station.ProjectId);
            return new AnswerReceipt(false, refusal.Message, answer?.QueryId ?? Guid.Empty, loop.Session, loop.AnswersThisSession, loop.Settings.SessionTarget, 0,
                loop.LateAnswersThisSession);
        }
        catch (Exception error) when (LabelStore.StoreUnavailable.Caused(error))
        {
            // Nothing was committed, so nothing is acknowledged: the station keeps its answer and sends it again.
            metrics.Answer(station.ProjectId, AnswerOutcome.Refused);
            log.LogWarning("Answer from {Station} to query {Query} not kept: the label store cannot be reached ({Reason}).", station.Station, answer?.QueryId, error.Message);
            return new AnswerReceipt(false, StoreUnavailable, answer?.QueryId ?? Guid.Empty, 0, 0, 0, 0);
        }
    }

    public const string StoreUnavailable = "The label store cannot be reached right now; nothing was kept. Send the answer again.";

    public async Task<UndoReceipt> Undo()
    {
        var station = await JoinedMemberAsync();
        try
        {
            var receipt = await answers.UndoLastAsync(station, CancellationToken.None);
            metrics.Answer(station.ProjectId, AnswerOutcome.Undone);
            return receipt;
        }
        catch (StationRefusal refusal)
        {
            var loop = await loops.GetAsync(station.ProjectId);
            return new UndoReceipt(false, refusal.Message, null, loop.AnswersThisSession, loop.LateAnswersThisSession, loop.Settings.SessionTarget);
        }
    }

    public async Task<ProjectStatus> Status() => (await access.RequireLabellerAsync(Context.User, Joined().ProjectId, Context.ConnectionAborted)).ToStatus();

    /// <summary>A station that goes away gives its query back at once, not when the lease runs out.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        try
        {
            var released = await buffer.ReleaseConnectionAsync(Context.ConnectionId);
            if (released > 0)
                log.LogInformation("Connection {Connection} closed; {Count} leased query(ies) back in the buffer.", Context.ConnectionId, released);
        }
        catch (Exception error) when (error is Npgsql.NpgsqlException or TimeoutException)
        {
            // The lease still expires on its own; nothing is lost.
            log.LogWarning(error, "Could not release the leases of connection {Connection}; they expire on their own.", Context.ConnectionId);
        }
        await base.OnDisconnectedAsync(exception);
    }

    private async Task<StationConnection> JoinedMemberAsync()
    {
        var station = Joined();
        await access.RequireLabellerAsync(Context.User, station.ProjectId, Context.ConnectionAborted);
        return station;
    }

    private StationConnection Joined() =>
        Context.Items.TryGetValue(StationKey, out var value) && value is StationConnection station
            ? station
            : throw new HubException("Join a project first (JoinProject).");

    private static string Require(string? value, string what)
    {
        value = value?.Trim();
        return string.IsNullOrEmpty(value) || value.Length > 100
            ? throw new HubException($"A {what} name of 1 to 100 characters is required.")
            : value;
    }
}
