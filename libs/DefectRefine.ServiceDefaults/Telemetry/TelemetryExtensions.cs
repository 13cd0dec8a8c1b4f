using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DefectRefine.ServiceDefaults.Telemetry;

/// <summary>
/// Traces across HTTP, SignalR, MassTransit and Npgsql (the W3C trace context travels in message headers, so one
/// answer's trace reaches the Sampler and the Trainer), metrics on /metrics for Prometheus, and logs that carry the
/// trace and span ids as their correlation ids. OTLP export of all three is switched on by configuration alone:
/// OTEL_EXPORTER_OTLP_ENDPOINT (and optionally OTEL_EXPORTER_OTLP_PROTOCOL, grpc or http/protobuf).
/// </summary>
public static class TelemetryExtensions
{
    public const string ActivitySourceName = "DefectRefine";

    /// <summary>Spans of DefectRefine's own long operations (a training round).</summary>
    public static readonly ActivitySource Source = new(ActivitySourceName);

    private static readonly string[] Sources = [ActivitySourceName, "MassTransit", "Npgsql", "Marten", "Microsoft.AspNetCore.SignalR.Server"];
    private static readonly string[] Meters = [LoopMetrics.MeterName, "MassTransit", "Npgsql"];
    private static readonly PathString[] Unrecorded = ["/health", "/metrics"];

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder, ServiceIdentity identity)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<LoopMetrics>();
        // Scopes carry TraceId and SpanId (the host's default activity tracking) into every log line, in the JSON
        // console format (Logging:Console:FormatterName=json) and in OTLP log records alike.
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: "defectrefine-" + identity.Service.ToLowerInvariant(),
                serviceNamespace: "defectrefine",
                serviceVersion: identity.Version,
                serviceInstanceId: identity.Instance))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !Unrecorded.Any(p => context.Request.Path.StartsWithSegments(p)))
                .AddHttpClientInstrumentation()
                .AddSource(Sources))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters)
                .AddPrometheusExporter());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, /metrics.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
