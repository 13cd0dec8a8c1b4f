using System.Security.Claims;

namespace DefectRefine.Security;

/// <summary>
/// Who may reach a project's data. A global admin (the admin role in the token) reaches every project. Anyone else
/// reaches a project only through a role in it: stored by the project (granted by a global admin) or claimed by the
/// token (<see cref="AuthOptions.ProjectRoleClaim"/>, from the identity provider); the higher of the two counts. The
/// role in the token alone reaches no project: it says what kind of person someone is, membership says where.
/// </summary>
public static class ProjectAccess
{
    public static bool IsGlobalAdmin(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.Admin);
    }

    /// <summary>The roles <paramref name="user"/> holds in the project with this id and name; global admin included.</summary>
    public static IReadOnlyList<string> RolesIn(ClaimsPrincipal user, AuthOptions options, Guid projectId, string projectName, string? storedRole)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(options);
        var roles = new List<string>();
        if (IsGlobalAdmin(user))
            roles.Add(Roles.Admin);
        if (storedRole is not null && Roles.IsKnown(storedRole))
            roles.Add(storedRole);
        foreach (var (project, role) in Claimed(user, options))
        {
            if (project == projectId.ToString() || (projectName.Length > 0 && project == projectName))
                roles.Add(role);
        }
        return roles;
    }

    /// <summary>
    /// Whether any of <paramref name="roles"/> (held in one project) satisfies <paramref name="policy"/> there. Managing
    /// members is never a project's own right: only a global admin does it (checked before this).
    /// </summary>
    public static bool Admits(string policy, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return policy != Policies.ManageMembers && Policies.RolesOf.TryGetValue(policy, out var admitted) && roles.Any(admitted.Contains);
    }

    /// <summary>The project roles a token claims, as (project id or name, role); malformed values and unknown roles are ignored.</summary>
    public static IEnumerable<(string Project, string Role)> Claimed(ClaimsPrincipal user, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var claim in user.FindAll(options.ProjectRoleClaim))
        {
            if (Parse(claim.Value) is { } parsed)
                yield return parsed;
        }
    }

    /// <summary>"&lt;project&gt;:&lt;role&gt;", split at the last colon (a project name may hold one).</summary>
    public static (string Project, string Role)? Parse(string value)
    {
        var colon = value?.LastIndexOf(':') ?? -1;
        if (colon <= 0)
            return null;
        var (project, role) = (value![..colon].Trim(), value[(colon + 1)..].Trim());
        return project.Length > 0 && Roles.IsKnown(role) ? (project, role) : null;
    }

    /// <summary>The claim value that grants <paramref name="role"/> in <paramref name="project"/> (its id or name).</summary>
    public static string ClaimValue(string project, string role) =>
        Parse($"{project}:{role}") is { } parsed ? $"{parsed.Project}:{parsed.Role}"
            : throw new ArgumentException($"'{project}:{role}' is not a project role: use <project id or name>:<{string.Join("|", Roles.All)}>.");
}
