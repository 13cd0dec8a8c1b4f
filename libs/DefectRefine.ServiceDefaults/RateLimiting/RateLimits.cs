using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DefectRefine.ServiceDefaults.RateLimiting;

/// <summary>The named rate-limit policies of the services that people call, with limits from <see cref="RateLimitOptions"/>.</summary>
public static class RateLimits
{
    /// <summary>Uploads and imports, per user.</summary>
    public const string Uploads = "uploads";

    public static IHostApplicationBuilder AddDefectRefineRateLimits(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new CallerLimiters(options));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Uploads, http => PerMinute(http.User.Identity?.Name ?? Address(http), options.UploadsPerMinute));
            limiter.OnRejected = (context, cancellationToken) => new ValueTask(WriteTooManyAsync(context.HttpContext, context.Lease, cancellationToken));
        });
        return builder;
    }

    public static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    public static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>How long the caller should wait, from the lease's metadata; a minute when the limiter does not say.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);

    public static Task WriteTooManyAsync(HttpContext http, RateLimitLease lease, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(RetryAfter(lease).TotalSeconds);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return http.Response.WriteAsJsonAsync(new
        {
            type = "about:blank",
            title = "Too many requests",
            status = StatusCodes.Status429TooManyRequests,
            detail = $"Too many of these in a minute; nothing was done. Try again in {seconds} s.",
        }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
    }
}

/// <summary>
/// Limiters used outside the middleware: sign-ins (a token that fails validation, in the challenge; a status-page token
/// exchange) per client address, and station answers (in the hub) per user.
/// </summary>
public sealed class CallerLimiters(RateLimitOptions options) : IDisposable
{
    public PartitionedRateLimiter<string> SignIns { get; } = PartitionedRateLimiter.Create<string, string>(key => RateLimits.PerMinute(key, options.SignInPerMinute));

    public PartitionedRateLimiter<string> Answers { get; } = PartitionedRateLimiter.Create<string, string>(key => RateLimits.PerMinute(key, options.AnswersPerMinute));

    public void Dispose()
    {
        SignIns.Dispose();
        Answers.Dispose();
    }
}
