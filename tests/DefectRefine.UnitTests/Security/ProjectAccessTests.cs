using System.Security.Claims;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Loop;
using DefectRefine.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DefectRefine.UnitTests.Security;

/// <summary>The role a person holds in a project: stored, claimed, or a global admin's; and what each role may do there.</summary>
public sealed class ProjectAccessTests
{
    private static readonly AuthOptions Options = new() { SigningKey = LocalTokens.NewSigningKey() };
    private static readonly Guid LineThree = Guid.NewGuid();

    private static async Task<ClaimsPrincipal> PrincipalAsync(string user, string[] roles, string[]? projectRoles = null)
    {
        var token = LocalTokens.Issue(Options, user, roles, TimeSpan.FromHours(1), projectRoles: projectRoles);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, TokenValidation.Parameters(Options));
        return new ClaimsPrincipal(result.IsValid ? result.ClaimsIdentity : throw result.Exception);
    }

    [Fact]
    public async Task A_role_in_the_token_alone_reaches_no_project_but_a_global_admin_reaches_all()
    {
        Assert.Empty(ProjectAccess.RolesIn(await PrincipalAsync("ann", [Roles.Labeller, Roles.Auditor]), Options, LineThree, "line-3", storedRole: null));
        Assert.Equal([Roles.Admin], ProjectAccess.RolesIn(await PrincipalAsync("zoe", [Roles.Admin]), Options, LineThree, "line-3", storedRole: null));
    }

    [Fact]
    public async Task A_claim_grants_a_role_in_the_project_it_names_by_id_or_name_and_nowhere_else()
    {
        var byName = await PrincipalAsync("ann", [Roles.Labeller], ["line-3:labeller"]);
        var byId = await PrincipalAsync("ann", [Roles.Labeller], [$"{LineThree}:auditor"]);
        Assert.Equal([Roles.Labeller], ProjectAccess.RolesIn(byName, Options, LineThree, "line-3", null));
        Assert.Empty(ProjectAccess.RolesIn(byName, Options, Guid.NewGuid(), "line-4", null));
        Assert.Equal([Roles.Auditor], ProjectAccess.RolesIn(byId, Options, LineThree, "line-3", null));
        Assert.Equal([Roles.Auditor, Roles.Labeller], ProjectAccess.RolesIn(byId, Options, LineThree, "line-3", storedRole: Roles.Labeller).Order());
    }

    [Theory]
    [InlineData(Policies.Read, Roles.Auditor, true)]
    [InlineData(Policies.Label, Roles.Auditor, false)]
    [InlineData(Policies.Label, Roles.Labeller, true)]
    [InlineData(Policies.Audit, Roles.Labeller, false)]
    [InlineData(Policies.Administer, Roles.Labeller, false)]
    [InlineData(Policies.Administer, Roles.Admin, true)]
    [InlineData(Policies.ManageMembers, Roles.Admin, false)]
    public void Each_policy_admits_its_roles_in_a_project_and_members_are_never_a_projects_own_right(string policy, string role, bool admitted) =>
        Assert.Equal(admitted, ProjectAccess.Admits(policy, [role]));

    [Theory]
    [InlineData("line-3:labeller", "line-3", "labeller")]
    [InlineData("plant:a:line-3:admin", "plant:a:line-3", "admin")]
    [InlineData(" line-3 : auditor ", "line-3", "auditor")]
    [InlineData("line-3:superuser", null, null)]
    [InlineData(":labeller", null, null)]
    [InlineData("line-3", null, null)]
    public void A_claim_value_is_a_project_and_a_known_role(string value, string? project, string? role) =>
        Assert.Equal(project is null ? null : (project, role!), ProjectAccess.Parse(value));

    [Fact]
    public void A_local_token_refuses_a_malformed_project_role() =>
        Assert.Contains("not a project role", Assert.Throws<ArgumentException>(() =>
            LocalTokens.Issue(Options, "ann", [Roles.Labeller], TimeSpan.FromHours(1), projectRoles: ["line-3:superuser"])).Message, StringComparison.Ordinal);

    [Fact]
    public void Membership_is_granted_replaced_and_revoked_as_events_of_the_project()
    {
        var loop = new ProjectLoop();
        foreach (var e in ProjectLoopRules.Create(LineThree, "line-3", Guid.NewGuid(), new ProjectSettings(), "zoe", DateTimeOffset.UnixEpoch))
            loop.ApplyEvent(e);
        foreach (var e in MembershipRules.Grant(loop, " ann ", Roles.Labeller, "zoe", DateTimeOffset.UnixEpoch))
            loop.ApplyEvent(e);
        Assert.Equal(Roles.Labeller, loop.RoleOf("ann"));
        Assert.Empty(MembershipRules.Grant(loop, "ann", Roles.Labeller, "zoe", DateTimeOffset.UnixEpoch));
        var before = loop.Copy();
        foreach (var e in MembershipRules.Grant(loop, "ann", Roles.Admin, "zoe", DateTimeOffset.UnixEpoch))
            loop.ApplyEvent(e);
        Assert.Equal(Roles.Admin, loop.RoleOf("ann"));
        Assert.Equal(Roles.Labeller, before.RoleOf("ann"));
        foreach (var e in MembershipRules.Revoke(loop, "ann", "zoe", DateTimeOffset.UnixEpoch))
            loop.ApplyEvent(e);
        Assert.Null(loop.RoleOf("ann"));
        Assert.Throws<LoopRuleException>(() => MembershipRules.Revoke(loop, "ann", "zoe", DateTimeOffset.UnixEpoch));
        Assert.Throws<LoopRuleException>(() => MembershipRules.Grant(loop, " ", Roles.Admin, "zoe", DateTimeOffset.UnixEpoch));
    }
}
