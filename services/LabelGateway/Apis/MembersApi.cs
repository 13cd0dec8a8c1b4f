using DefectRefine.Contracts.V1.Loop;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Http;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using DefectRefine.Security;

namespace DefectRefine.LabelGateway.Apis;

public sealed record GrantMembershipRequest(string Role);

/// <summary>
/// A project's members: its admins may look, only a global admin changes them. Every change is an event of the
/// project's stream (<see cref="MembershipGranted"/>, <see cref="MembershipRevoked"/>), so who could reach the project
/// when is part of its audit.
/// </summary>
public static class MembersApi
{
    public static RouteGroupBuilder MapMembersApi(this RouteGroupBuilder projects)
    {
        projects.MapGet("/{projectId:guid}/members", async (Guid projectId, ProjectLoops loops, CancellationToken ct) =>
            Results.Ok((await loops.GetAsync(projectId, ct)).Members.OrderBy(m => m.User, StringComparer.Ordinal)))
            .RequireAuthorization(Policies.Administer);

        projects.MapPut("/{projectId:guid}/members/{user}", async (Guid projectId, string user, GrantMembershipRequest request, ProjectLoops loops, HttpContext http, CancellationToken ct) =>
        {
            if (request?.Role is not { } role || !Roles.IsKnown(role))
                throw LabelStoreException.Invalid($"'role' must be one of {string.Join(", ", Roles.All)}.");
            var by = RequestAuthor.From(http, "members-api").User;
            var change = await loops.ChangeAsync(projectId, loop => MembershipRules.Grant(loop, user, role, by, DateTimeOffset.UtcNow), ct);
            return Results.Ok(change.State.Members.OrderBy(m => m.User, StringComparer.Ordinal));
        }).RequireAuthorization(Policies.ManageMembers);

        projects.MapDelete("/{projectId:guid}/members/{user}", async (Guid projectId, string user, ProjectLoops loops, HttpContext http, CancellationToken ct) =>
        {
            var by = RequestAuthor.From(http, "members-api").User;
            var change = await loops.ChangeAsync(projectId, loop => MembershipRules.Revoke(loop, user, by, DateTimeOffset.UtcNow), ct);
            return Results.Ok(change.State.Members.OrderBy(m => m.User, StringComparer.Ordinal));
        }).RequireAuthorization(Policies.ManageMembers);
        return projects;
    }
}
