using DefectRefine.LabelStore;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace DefectRefine.ServiceDefaults.Health;

/// <summary>
/// Ready only on a schema that matches this release. Outside Development a service never changes the schema itself
/// (<see cref="LabelStoreOptions.ApplySchemaChanges"/> is off and it may lack the rights to): the release's
/// <c>dr schema apply</c> Job does, and a replica that started before it ran, or one of an older release after a
/// newer migration, stays out of its Service rather than failing on a missing column mid-answer.
/// </summary>
public sealed class LabelStoreSchemaCheck(IDocumentStore store, LabelStoreOptions settings, TimeProvider clock) : IHealthCheck
{
    /// <summary>A match is looked at again this often: comparing the whole schema costs a few catalog queries.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _matchedAt;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_matchedAt is { } matched && clock.GetUtcNow() - matched < RecheckAfter)
            return HealthCheckResult.Healthy($"schema '{settings.Schema}' matches this release");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (settings.ApplySchemaChanges)
                await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            else
                await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync(cancellationToken);
            _matchedAt = clock.GetUtcNow();
            return HealthCheckResult.Healthy($"schema '{settings.Schema}' matches this release");
        }
        catch (Exception error) when (error is SchemaMigrationException or DatabaseValidationException)
        {
            _matchedAt = null;
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"schema '{settings.Schema}' does not match this release: run `dr schema apply` (the release's schema Job) first. {FirstLine(error.Message)}");
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
