namespace DefectRefine.Contracts.V1.Loop;

// Who may reach a project's data, kept in the project's own stream so that an auditor can tell who could see or change
// its masks at any moment. Global admins are members of every project without an event.

/// <summary>A person and the role they hold in one project: labeller, auditor or admin of it.</summary>
public sealed record ProjectMember(string User, string Role);

/// <summary><paramref name="User"/> holds <paramref name="Role"/> in the project from now on (a new role replaces the old).</summary>
public sealed record MembershipGranted(Guid ProjectId, string User, string Role, string By, DateTimeOffset At);

/// <summary><paramref name="User"/> is no longer a member of the project.</summary>
public sealed record MembershipRevoked(Guid ProjectId, string User, string By, DateTimeOffset At);
