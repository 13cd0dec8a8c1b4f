using System.Security.Claims;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using DefectRefine.Security;
using Microsoft.AspNetCore.SignalR;

namespace DefectRefine.LabelGateway.Stations;

/// <summary>
/// Labelling needs the labeller (or admin) role in the project itself, checked when a station joins and again on every
/// call after, so a membership revoked mid-shift stops the next answer. An unknown project and a project the user may
/// not label are refused alike, so the refusal tells nothing about which projects exist.
/// </summary>
public sealed class StationAccess(ProjectLoops loops, AuthOptions options)
{
    public async Task<ProjectLoop> RequireLabellerAsync(ClaimsPrincipal? user, Guid projectId, CancellationToken cancellationToken)
    {
        var name = user?.Identity?.Name ?? "";
        var loop = await loops.FindAsync(projectId, cancellationToken);
        if (user is null || loop is null || !ProjectAccess.Admits(Policies.Label, ProjectAccess.RolesIn(user, options, loop.Id, loop.Name, loop.RoleOf(name))))
            throw new HubException($"There is no project {projectId} that {name} may label: it needs the role {string.Join(" or ", Policies.RolesOf[Policies.Label])} in the project.");
        return loop;
    }
}
