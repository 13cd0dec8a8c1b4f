using DefectRefine.LabelGateway.Loop;
using DefectRefine.LabelStore.Http;
using DefectRefine.LabelStore.Loop;
using DefectRefine.LabelStore.Outbox;
using DefectRefine.Loop;
using DefectRefine.Security;

namespace DefectRefine.LabelGateway.Apis;

/// <summary>
/// POST /api/projects/{id}/training/retry (admins): a round that failed for good (its attempts ran out, or it failed
/// on a known error) is asked for again with a fresh count of attempts. 409 when no round has failed.
/// </summary>
public static class TrainingRetryApi
{
    public static IEndpointRouteBuilder MapTrainingRetryApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/projects/{projectId:guid}/training/retry", async (Guid projectId, ProjectLoops loops, Outbox outbox, HttpContext http, CancellationToken ct) =>
            {
                var by = RequestAuthor.From(http, "projects-api").User;
                var change = await loops.ChangeAsync(projectId, loop => ProjectLoopRules.RetryTraining(loop, by, DateTimeOffset.UtcNow), ct,
                    (session, c) => LoopCoordinator.Enqueue(outbox, session, c));
                outbox.Wake();
                return Results.Ok(change.State.ToStatus());
            })
            .WithTags("Projects")
            .RequireAuthorization(Policies.Administer);
        return app;
    }
}
