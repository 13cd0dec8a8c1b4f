using DefectRefine.Security;
using DefectRefine.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace DefectRefine.ServiceDefaults.Security;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer authentication and the role policies of <see cref="Policies"/>, for a service that people call.
    /// Refuses to start without a way to check signatures: a service that would accept anyone is worse than none.
    /// </summary>
    public static IHostApplicationBuilder AddDefectRefineAuth(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        options.Validate();
        builder.Services.AddSingleton(options);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            // Keep claim names as issued ("sub", "role"), not the WS-Federation URIs of the old handler.
            jwt.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.RequireHttpsMetadata = new Uri(options.Authority).Scheme == Uri.UriSchemeHttps || !new Uri(options.Authority).IsLoopback;
            }
            jwt.TokenValidationParameters = TokenValidation.Parameters(options);
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = QueryStringToken,
                OnChallenge = WriteChallengeAsync,
                OnForbidden = WriteForbiddenAsync,
            };
        });
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var policy in Policies.RolesOf.Keys)
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().AddRequirements(new ProjectPolicyRequirement(policy)));
        builder.Services.AddSingleton<IAuthorizationHandler, ProjectPolicyHandler>();
        return builder;
    }

    /// <summary>The status pages' cookie: the token a browser brought once in ?access_token= (StatusPage).</summary>
    public const string StatusTokenCookie = "dr_status_token";

    /// <summary>
    /// Browsers cannot set headers on a WebSocket or on a page they navigate to, so the hub and the status page also
    /// take the token from <c>access_token</c> (SignalR's convention). Nowhere else: query strings end up in logs. The
    /// status page moves it into an HttpOnly cookie at once and reads it from there afterwards.
    /// </summary>
    private static Task QueryStringToken(MessageReceivedContext context)
    {
        var path = context.HttpContext.Request.Path;
        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/status"))
        {
            var token = context.Request.Query["access_token"].ToString();
            if (token.Length == 0 && path.StartsWithSegments("/status"))
                token = context.Request.Cookies[StatusTokenCookie] ?? "";
            if (token.Length > 0)
                context.Token = token;
        }
        return Task.CompletedTask;
    }

    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        // A token that does not validate is a failed sign-in: counted per address, so guessing tokens is slowed down.
        if (context.AuthenticateFailure is not null && context.HttpContext.RequestServices.GetService<CallerLimiters>() is { } limiters)
        {
            using var lease = limiters.SignIns.AttemptAcquire(RateLimits.Address(context.HttpContext));
            if (!lease.IsAcquired)
            {
                await RateLimits.WriteTooManyAsync(context.HttpContext, lease, context.HttpContext.RequestAborted);
                return;
            }
        }
        var why = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException => "The token has expired; ask for a new one.",
            SecurityTokenInvalidIssuerException => "The token comes from an issuer this service does not trust.",
            SecurityTokenInvalidAudienceException => "The token is meant for another audience.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature does not verify.",
            not null => "The token is not valid.",
            null => "Sign in: send 'Authorization: Bearer <token>' (for a local install, 'dr token --user NAME --role ROLE' issues one).",
        };
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(context.Response, StatusCodes.Status401Unauthorized, "Not signed in", why, context.HttpContext.RequestAborted);
    }

    private static Task WriteForbiddenAsync(ForbiddenContext context)
    {
        var why = context.HttpContext.Items.TryGetValue(ProjectPolicyHandler.RefusalItem, out var reason) ? reason as string : null;
        var user = context.HttpContext.User.Identity?.Name ?? "this user";
        return WriteProblemAsync(context.Response, StatusCodes.Status403Forbidden, "Not allowed",
            $"{user} may not do this: {why ?? "it needs another role"}.", context.HttpContext.RequestAborted);
    }

    private static Task WriteProblemAsync(HttpResponse response, int status, string title, string detail, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new { type = "about:blank", title, status, detail }, (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json", cancellationToken);
    }
}
