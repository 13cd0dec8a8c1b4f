using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelGateway.Loop;
using DefectRefine.LabelStore.Http;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using DefectRefine.LabelStore.Outbox;
using DefectRefine.Security;
using DefectRefine.ServiceDefaults.Security;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>Settings are optional: any left out take the paper's defaults (<see cref="ProjectSettings"/>).</summary>
public sealed record CreateProjectRequest(string Name, Guid DatasetId, ProjectSettings? Settings);

public sealed record ProjectModel(string Version, int Round, string? ParentVersion, DateTimeOffset CreatedAt, long Bytes);

/// <summary>A project's loop, its query buffer, its models and, while one runs, the training's progress.</summary>
public sealed record ProjectDetails(ProjectStatus Status, string? WaitReason, IReadOnlyDictionary<QueryState, int> Queries, IReadOnlyList<ProjectModel> Models, TrainingStatus? Training);

public sealed record ProjectHistoryEntry(long Version, DateTimeOffset At, string Event, object Data);

/// <summary>The admin API of the loop: create a project over a dataset, look at it, retrain now, pause and resume.</summary>
public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization(Policies.Read);

        projects.MapPost("/", async (CreateProjectRequest request, ProjectLoops loops, Outbox outbox, HttpContext http, CancellationToken ct) =>
        {
            // A new project starts in training: its initial model is requested with the stream's first events.
            var loop = await loops.CreateAsync(request.Name, request.DatasetId, request.Settings ?? new ProjectSettings(), RequestAuthor.From(http, "projects-api").User, ct,
                (session, created) => LoopCoordinator.Enqueue(outbox, session, new LoopChange(created, [new TrainingRequested(created.Id, 0, TrainingReason.Initial, 0, "", created.CreatedAt)])));
            outbox.Wake();
            return Results.Created($"/api/projects/{loop.Id}", loop.ToStatus());
        }).RequireAuthorization(Policies.Administer);

        projects.MapGet("/", async (ProjectLoops loops, AuthOptions auth, HttpContext http, CancellationToken ct) =>
            Results.Ok((await loops.ListAsync(ct)).VisibleTo(http.User, auth).Select(loop => loop.ToStatus())));

        projects.MapGet("/{projectId:guid}", async (Guid projectId, ProjectLoops loops, QueryBuffer buffer, ModelCheckpointStore models, TrainingProgressCache progress, CancellationToken ct) =>
            Results.Ok(await DetailsAsync(projectId, loops, buffer, models, progress, ct)));

        projects.MapGet("/{projectId:guid}/history", async (Guid projectId, ProjectLoops loops, CancellationToken ct) =>
        {
            await loops.GetAsync(projectId, ct);
            var events = await loops.HistoryAsync(projectId, ct);
            return Results.Ok(events.Select(e => new ProjectHistoryEntry(e.Version, e.At, e.Data.GetType().Name, e.Data)));
        }).RequireAuthorization(Policies.Audit);

        projects.MapPost("/{projectId:guid}/retrain", (Guid projectId, ProjectLoops loops, Outbox outbox, HttpContext http, CancellationToken ct) =>
            ChangeAsync(projectId, loops, outbox, ct, loop => ProjectLoopRules.RetrainNow(loop, RequestAuthor.From(http, "projects-api").User, DateTimeOffset.UtcNow)))
            .RequireAuthorization(Policies.Administer);
        projects.MapPost("/{projectId:guid}/pause", (Guid projectId, ProjectLoops loops, Outbox outbox, HttpContext http, CancellationToken ct) =>
            ChangeAsync(projectId, loops, outbox, ct, loop => ProjectLoopRules.Pause(loop, RequestAuthor.From(http, "projects-api").User, DateTimeOffset.UtcNow)))
            .RequireAuthorization(Policies.Administer);
        projects.MapPost("/{projectId:guid}/resume", (Guid projectId, ProjectLoops loops, Outbox outbox, HttpContext http, CancellationToken ct) =>
            ChangeAsync(projectId, loops, outbox, ct, loop => ProjectLoopRules.Resume(loop, RequestAuthor.From(http, "projects-api").User, DateTimeOffset.UtcNow)))
            .RequireAuthorization(Policies.Administer);
        projects.MapMembersApi();
        return app;
    }

    public static async Task<ProjectDetails> DetailsAsync(Guid projectId, ProjectLoops loops, QueryBuffer buffer, ModelCheckpointStore models, TrainingProgressCache progress, CancellationToken ct)
    {
        var loop = await loops.GetAsync(projectId, ct);
        var counts = await buffer.CountsAsync(projectId, ct);
        var checkpoints = await models.ListAsync(projectId, ct);
        var training = loop.Phase == LoopPhase.Training && progress.Latest(projectId) is { } latest && latest.Round == loop.Round ? latest : null;
        return new ProjectDetails(loop.ToStatus(), loop.WhyNoQueries(), counts,
            [.. checkpoints.Select(c => new ProjectModel(c.Version, c.Round, c.ParentVersion, c.CreatedAt, c.ByteCount))], training);
    }

    private static async Task<IResult> ChangeAsync(Guid projectId, ProjectLoops loops, Outbox outbox, CancellationToken ct, Func<ProjectLoop, IReadOnlyList<object>> decide)
    {
        var change = await loops.ChangeAsync(projectId, decide, ct, (session, c) => LoopCoordinator.Enqueue(outbox, session, c));
        outbox.Wake();
        return Results.Ok(change.State.ToStatus());
    }
}
