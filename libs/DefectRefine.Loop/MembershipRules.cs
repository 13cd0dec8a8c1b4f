using DefectRefine.Contracts.V1.Loop;

namespace DefectRefine.Loop;

/// <summary>Who is a member of a project. The caller checks that the role is one DefectRefine knows (Security.Roles).</summary>
public static class MembershipRules
{
    public const int MaxUserLength = 100;

    /// <summary>Grants <paramref name="role"/>; nothing to append when the user already holds it.</summary>
    public static IReadOnlyList<object> Grant(ProjectLoop loop, string user, string role, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        user = RequireUser(user);
        if (string.IsNullOrWhiteSpace(role))
            throw new LoopRuleException("A role is required.");
        return loop.RoleOf(user) == role ? [] : [new MembershipGranted(loop.Id, user, role, by, at)];
    }

    public static IReadOnlyList<object> Revoke(ProjectLoop loop, string user, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loop);
        user = RequireUser(user);
        return loop.RoleOf(user) is null
            ? throw new LoopRuleException($"{user} is not a member of project '{loop.Name}'.")
            : [new MembershipRevoked(loop.Id, user, by, at)];
    }

    private static string RequireUser(string user)
    {
        user = user?.Trim() ?? "";
        return user.Length is 0 or > MaxUserLength ? throw new LoopRuleException($"A user name of 1 to {MaxUserLength} characters is required.") : user;
    }
}
