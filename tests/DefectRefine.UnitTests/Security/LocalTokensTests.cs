using System.Security.Claims;
using DefectRefine.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DefectRefine.UnitTests.Security;

public sealed class LocalTokensTests
{
    private static readonly AuthOptions Options = new() { SigningKey = LocalTokens.NewSigningKey() };

    private static async Task<ClaimsIdentity> ValidateAsync(string token, AuthOptions options)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, TokenValidation.Parameters(options));
        return result.IsValid ? result.ClaimsIdentity : throw result.Exception;
    }

    [Fact]
    public async Task An_issued_token_names_its_user_and_roles_as_the_services_read_them()
    {
        var identity = await ValidateAsync(LocalTokens.Issue(Options, " ann ", [Roles.Labeller, Roles.Auditor], TimeSpan.FromHours(1)), Options);
        Assert.Equal("ann", identity.Name);
        Assert.True(new ClaimsPrincipal(identity).IsInRole(Roles.Labeller));
        Assert.True(new ClaimsPrincipal(identity).IsInRole(Roles.Auditor));
        Assert.False(new ClaimsPrincipal(identity).IsInRole(Roles.Admin));
    }

    [Fact]
    public async Task A_token_from_another_key_or_issuer_or_past_its_lifetime_does_not_validate()
    {
        var other = new AuthOptions { SigningKey = LocalTokens.NewSigningKey() };
        await Assert.ThrowsAnyAsync<Exception>(() => ValidateAsync(LocalTokens.Issue(other, "ann", [Roles.Admin], TimeSpan.FromHours(1)), Options));
        var elsewhere = new AuthOptions { SigningKey = Options.SigningKey, Issuer = "elsewhere" };
        await Assert.ThrowsAnyAsync<Exception>(() => ValidateAsync(LocalTokens.Issue(elsewhere, "ann", [Roles.Admin], TimeSpan.FromHours(1)), Options));
        var old = LocalTokens.Issue(Options, "ann", [Roles.Admin], TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow.AddHours(-2));
        await Assert.ThrowsAnyAsync<Exception>(() => ValidateAsync(old, Options));
    }

    [Theory]
    [InlineData("", "labeller", 1)]
    [InlineData("ann", "superuser", 1)]
    [InlineData("ann", "labeller", 0)]
    [InlineData("ann", "labeller", 24 * 31)]
    public void Bad_requests_for_a_token_are_refused(string user, string role, double hours) =>
        Assert.ThrowsAny<ArgumentException>(() => LocalTokens.Issue(Options, user, [role], TimeSpan.FromHours(hours)));

    [Theory]
    [InlineData(null, "No token signing key")]
    [InlineData("not base64!", "not base64")]
    [InlineData("c2hvcnQ=", "at least 32")]
    public void A_service_without_a_usable_key_refuses_to_start(string? key, string expected)
    {
        var error = Assert.Throws<AuthConfigurationException>(() => new AuthOptions { SigningKey = key }.Validate());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_authority_replaces_the_key_and_must_be_a_url()
    {
        new AuthOptions { Authority = "https://login.plant.example/realms/qa" }.Validate();
        Assert.Throws<AuthConfigurationException>(() => new AuthOptions { Authority = "login.plant.example" }.Validate());
    }

    [Fact]
    public void Every_policy_admits_admins_and_only_known_roles()
    {
        Assert.All(Policies.RolesOf.Values, roles => Assert.Contains(Roles.Admin, roles));
        Assert.All(Policies.RolesOf.Values.SelectMany(r => r), role => Assert.True(Roles.IsKnown(role)));
        Assert.DoesNotContain(Roles.Auditor, Policies.RolesOf[Policies.Label]);
        Assert.DoesNotContain(Roles.Labeller, Policies.RolesOf[Policies.Audit]);
    }
}
