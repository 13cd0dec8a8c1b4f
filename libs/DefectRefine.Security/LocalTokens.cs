using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DefectRefine.Security;

/// <summary>
/// Issues HS256 tokens with the shared signing key, for local installs, the demo and tests. A plant with an identity
/// provider sets <see cref="AuthOptions.Authority"/> instead and never uses these.
/// </summary>
public static class LocalTokens
{
    /// <summary>One shift: what `dr token` issues unless told otherwise.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    /// <summary>A week of shifts at most: a local token cannot be revoked except by changing the key (docs/security.md).</summary>
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromDays(7);

    public static SymmetricSecurityKey Key(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SymmetricSecurityKey(options.SigningKeyBytes());
    }

    /// <summary>A fresh random signing key, in the form <see cref="AuthOptions.SigningKey"/> takes.</summary>
    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(AuthOptions.MinimumKeyBytes));

    /// <param name="projectRoles">Roles in projects, each "&lt;project id or name&gt;:&lt;role&gt;" (<see cref="ProjectAccess"/>).</param>
    public static string Issue(AuthOptions options, string user, IReadOnlyCollection<string> roles, TimeSpan lifetime, DateTimeOffset? now = null,
        IReadOnlyCollection<string>? projectRoles = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(roles);
        user = user?.Trim() ?? "";
        if (user.Length is 0 or > 100)
            throw new ArgumentException("A user name of 1 to 100 characters is required.", nameof(user));
        if (roles.Count == 0)
            throw new ArgumentException($"At least one role is required: {string.Join(", ", Roles.All)}.", nameof(roles));
        if (roles.FirstOrDefault(role => !Roles.IsKnown(role)) is { } unknown)
            throw new ArgumentException($"Unknown role '{unknown}': use {string.Join(", ", Roles.All)}.", nameof(roles));
        if (lifetime <= TimeSpan.Zero || lifetime > MaximumLifetime)
            throw new ArgumentOutOfRangeException(nameof(lifetime), $"A token lives between a moment and {MaximumLifetime.TotalDays:F0} days, not {lifetime}.");

        var projects = (projectRoles ?? []).Select(value => ProjectAccess.Parse(value) is { } parsed
                ? ProjectAccess.ClaimValue(parsed.Project, parsed.Role)
                : throw new ArgumentException($"'{value}' is not a project role: use <project id or name>:<{string.Join("|", Roles.All)}>.", nameof(projectRoles)))
            .Distinct(StringComparer.Ordinal).ToArray();

        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [options.NameClaim] = user,
            [options.RoleClaim] = roles.Distinct(StringComparer.Ordinal).ToArray(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (projects.Length > 0)
            claims[options.ProjectRoleClaim] = projects;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(Key(options), SecurityAlgorithms.HmacSha256),
        });
    }
}
