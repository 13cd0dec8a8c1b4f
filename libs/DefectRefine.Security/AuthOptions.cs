namespace DefectRefine.Security;

/// <summary>
/// The "Auth" configuration section of the services that people call (Ingest, LabelGateway). Tokens are JWTs whose
/// issuer and audience must match. Their signature is checked either against the keys an OpenID Connect
/// <see cref="Authority"/> publishes (the plant's identity provider), or against a shared HS256
/// <see cref="SigningKey"/> (local and test installs; <c>dr token</c> issues such tokens).
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The base64 form of at least 32 random bytes. <c>scripts/services.sh env</c> prints one.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect issuer URL; when set, its published keys replace <see cref="SigningKey"/>.</summary>
    public string? Authority { get; set; }

    public string Issuer { get; set; } = "defectrefine-local";

    public string Audience { get; set; } = "defectrefine";

    /// <summary>The claim that names the person; it is what every event records as the user.</summary>
    public string NameClaim { get; set; } = "sub";

    public string RoleClaim { get; set; } = "role";

    /// <summary>
    /// The claim that grants a role in one project, valued "&lt;project id or name&gt;:&lt;role&gt;" (one claim per
    /// project): how an identity provider's groups become project membership, beside the members a project stores.
    /// </summary>
    public string ProjectRoleClaim { get; set; } = "dr_project_role";

    /// <summary>Leeway for clocks that disagree between the issuer and the services.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    public const int MinimumKeyBytes = 32;

    /// <summary>The signing key's bytes; a clear error when it is missing, not base64, or too short to be safe.</summary>
    public byte[] SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
            throw new AuthConfigurationException(
                "No token signing key: set Auth__SigningKey (eval \"$(scripts/services.sh env)\" prints one) or Auth__Authority (an OpenID Connect issuer).");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(SigningKey.Trim());
        }
        catch (FormatException)
        {
            throw new AuthConfigurationException("Auth__SigningKey is not base64; make one with: head -c 32 /dev/urandom | base64");
        }
        return bytes.Length >= MinimumKeyBytes ? bytes
            : throw new AuthConfigurationException($"Auth__SigningKey has {bytes.Length} bytes; at least {MinimumKeyBytes} are needed for HS256.");
    }

    /// <summary>Checks the settings a service needs to start; throws with what to set otherwise.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(Audience))
            throw new AuthConfigurationException("Auth__Issuer and Auth__Audience must not be empty.");
        if (string.IsNullOrWhiteSpace(NameClaim) || string.IsNullOrWhiteSpace(RoleClaim) || string.IsNullOrWhiteSpace(ProjectRoleClaim))
            throw new AuthConfigurationException("Auth__NameClaim, Auth__RoleClaim and Auth__ProjectRoleClaim must not be empty.");
        if (ClockSkewSeconds is < 0 or > 600)
            throw new AuthConfigurationException("Auth__ClockSkewSeconds must lie in 0..600.");
        if (string.IsNullOrWhiteSpace(Authority))
            SigningKeyBytes();
        else if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            throw new AuthConfigurationException($"Auth__Authority '{Authority}' is not an http(s) URL.");
    }
}

public sealed class AuthConfigurationException(string message) : Exception(message);
