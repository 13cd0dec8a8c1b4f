using DefectRefine.LabelStore.Loop;
using DefectRefine.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DefectRefine.ServiceDefaults.Security;

/// <summary>One of <see cref="Policies"/>, checked against the project the request reaches when it reaches one.</summary>
public sealed record ProjectPolicyRequirement(string Policy) : IAuthorizationRequirement;

/// <summary>
/// Decides a <see cref="ProjectPolicyRequirement"/>. A request whose route names a project, dataset or image is
/// decided by the caller's role in the projects that data belongs to (<see cref="ProjectAccess"/>); any other by the
/// role in the token. Data that belongs to no project (a dataset not yet refined, an id that does not exist) is a
/// global admin's alone, and is refused like any other, so a refusal tells nothing about what exists.
/// </summary>
public sealed class ProjectPolicyHandler(ProjectScopes scopes, AuthOptions options) : AuthorizationHandler<ProjectPolicyRequirement>
{
    /// <summary>Where the refusal's reason waits for the 403 body (<see cref="AuthenticationExtensions"/>).</summary>
    public const string RefusalItem = "defectrefine.refusal";

    private static readonly (string RouteKey, ProjectScope Scope)[] ScopedRouteValues =
        [("projectId", ProjectScope.Project), ("datasetId", ProjectScope.Dataset), ("imageId", ProjectScope.Image)];

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ProjectPolicyRequirement requirement)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
            return;
        if (ProjectAccess.IsGlobalAdmin(user))
        {
            context.Succeed(requirement);
            return;
        }
        var http = context.Resource as HttpContext;
        var scoped = http is null ? null : Scope(http);
        if (scoped is not { } target)
        {
            if (requirement.Policy != Policies.ManageMembers && Policies.RolesOf[requirement.Policy].Any(user.IsInRole))
                context.Succeed(requirement);
            else
                Refuse(http, $"it needs the role {string.Join(" or ", Policies.RolesOf[requirement.Policy])}");
            return;
        }
        var projects = await scopes.ProjectsOfAsync(target.Scope, target.Id, http!.RequestAborted);
        var name = user.Identity.Name ?? "";
        if (projects.Any(p => ProjectAccess.Admits(requirement.Policy, ProjectAccess.RolesIn(user, options, p.Id, p.Name, p.RoleOf(name)))))
            context.Succeed(requirement);
        else
            Refuse(http, requirement.Policy == Policies.ManageMembers
                ? "only a global admin manages members"
                : $"it needs the role {string.Join(" or ", Policies.RolesOf[requirement.Policy])} in the project this belongs to");
    }

    private static (ProjectScope Scope, Guid Id)? Scope(HttpContext http)
    {
        foreach (var (key, scope) in ScopedRouteValues)
        {
            if (http.GetRouteValue(key) is { } value && Guid.TryParse(value.ToString(), out var id))
                return (scope, id);
        }
        return null;
    }

    private static void Refuse(HttpContext? http, string why)
    {
        // An endpoint's own policy is checked after its group's and asks more: the last refusal names what is missing.
        if (http is not null)
            http.Items[RefusalItem] = why;
    }
}
