namespace DefectRefine.Security;

/// <summary>
/// What an endpoint asks of its caller. Every endpoint names one of these (or is deliberately anonymous: health,
/// metrics, the static UI), so the map from role to right lives here and nowhere else.
/// </summary>
public static class Policies
{
    /// <summary>Look at projects, images and masks as they are now: anyone signed in.</summary>
    public const string Read = "read";

    /// <summary>Answer and undo at a station.</summary>
    public const string Label = "label";

    /// <summary>The label history at any version or time, diffs and exports.</summary>
    public const string Audit = "audit";

    /// <summary>Datasets, imports, projects, retraining, pausing, reverting.</summary>
    public const string Administer = "administer";

    /// <summary>Who is a member of which project: global admins only, never an admin of one project.</summary>
    public const string ManageMembers = "manage-members";

    /// <summary>
    /// The roles each policy admits: in the token for what belongs to no project, in the project (stored or claimed
    /// membership, <see cref="ProjectAccess"/>) for what does.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RolesOf { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Read] = [Roles.Labeller, Roles.Auditor, Roles.Admin],
        [Label] = [Roles.Labeller, Roles.Admin],
        [Audit] = [Roles.Auditor, Roles.Admin],
        [Administer] = [Roles.Admin],
        [ManageMembers] = [Roles.Admin],
    };
}
