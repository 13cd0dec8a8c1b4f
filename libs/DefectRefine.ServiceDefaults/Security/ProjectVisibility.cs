using System.Security.Claims;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Loop;
using DefectRefine.Security;

namespace DefectRefine.ServiceDefaults.Security;

/// <summary>What lists show a person: the projects they hold a role in, and the datasets of those projects.</summary>
public static class ProjectVisibility
{
    public static bool MaySee(this ClaimsPrincipal user, AuthOptions options, ProjectLoop loop)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(loop);
        return ProjectAccess.RolesIn(user, options, loop.Id, loop.Name, loop.RoleOf(user.Identity?.Name ?? "")).Count > 0;
    }

    public static IEnumerable<ProjectLoop> VisibleTo(this IEnumerable<ProjectLoop> loops, ClaimsPrincipal user, AuthOptions options) =>
        loops.Where(loop => user.MaySee(options, loop));

    /// <summary>The datasets a person may see: every one for a global admin, else those of the projects they see.</summary>
    public static async Task<IEnumerable<Dataset>> VisibleDatasetsAsync(this ProjectScopes scopes, IEnumerable<Dataset> datasets, ClaimsPrincipal user,
        AuthOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (ProjectAccess.IsGlobalAdmin(user))
            return datasets;
        var visible = (await scopes.AllAsync(cancellationToken)).VisibleTo(user, options).Select(loop => loop.DatasetId).ToHashSet();
        return datasets.Where(dataset => visible.Contains(dataset.Id));
    }
}
