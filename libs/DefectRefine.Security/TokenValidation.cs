using Microsoft.IdentityModel.Tokens;

namespace DefectRefine.Security;

/// <summary>What a service checks of every token: issuer, audience, lifetime, signature, and which claims name the user and roles.</summary>
public static class TokenValidation
{
    /// <summary>With an <see cref="AuthOptions.Authority"/> the signing keys come from its discovery document instead.</summary>
    public static TokenValidationParameters Parameters(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = string.IsNullOrWhiteSpace(options.Authority) ? LocalTokens.Key(options) : null,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
            NameClaimType = options.NameClaim,
            RoleClaimType = options.RoleClaim,
        };
    }
}
