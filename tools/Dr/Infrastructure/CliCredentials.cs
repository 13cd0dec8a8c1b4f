using System.Net.Http.Headers;
using DefectRefine.Security;
using Microsoft.Extensions.Configuration;

namespace DefectRefine.Cli.Infrastructure;

/// <summary>
/// The bearer tokens the CLI's calls and simulated stations carry. <c>DR_TOKEN</c> (from <c>dr token</c>, or the
/// plant's identity provider) is used as it is for everything. Otherwise, on a machine that holds the local signing key
/// (<c>Auth__SigningKey</c>, which <c>scripts/services.sh env</c> prints, or the key that script saved in this
/// checkout), each simulated person gets a token of their own.
/// </summary>
public sealed class CliCredentials
{
    public const string TokenVariable = "DR_TOKEN";

    private readonly string? _token;
    private readonly AuthOptions? _local;

    private CliCredentials(string? token, AuthOptions? local)
    {
        _token = token;
        _local = local;
    }

    public static CliCredentials Local(AuthOptions options) => new(null, options);

    /// <summary>From the environment; a clear error when it offers neither a token nor a signing key.</summary>
    public static CliCredentials FromEnvironment()
    {
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        if (!string.IsNullOrWhiteSpace(token))
            return new CliCredentials(token.Trim(), null);
        var options = LocalAuthOptions();
        if (string.IsNullOrWhiteSpace(options.SigningKey))
            throw new AuthConfigurationException(
                $"No credentials: set {TokenVariable} (e.g. export {TokenVariable}=$(./dr token --user you --role admin)) or Auth__SigningKey (eval \"$(scripts/services.sh env)\"), or run scripts/services.sh up in this checkout.");
        options.Validate();
        return new CliCredentials(null, options);
    }

    public static AuthOptions LocalAuthOptions() => LocalAuthOptions(LocalSettings.Current);

    /// <summary>The Auth__* settings as the services read them, found where every command finds its settings.</summary>
    public static AuthOptions LocalAuthOptions(LocalSettings settings) =>
        settings.Configuration().GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

    /// <summary>
    /// A token for <paramref name="user"/> with <paramref name="role"/>, held in <paramref name="project"/> too when
    /// one is named: outside a global admin, a role reaches a project's data only as a role in that project.
    /// </summary>
    public string For(string user, string role, Guid? project = null) =>
        _token ?? LocalTokens.Issue(_local!, user, [role], LocalTokens.DefaultLifetime,
            projectRoles: project is { } id ? [ProjectAccess.ClaimValue(id.ToString(), role)] : null);

    public HttpClient Client(Uri baseAddress, string user, string role, Guid? project = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(user, role, project));
        return client;
    }
}
