using System.Text.RegularExpressions;
using JasperFx;
using Npgsql;

namespace DefectRefine.LabelStore;

/// <summary>
/// What <c>dr schema apply</c> does, as a library call: creates or migrates the label store's schema under the
/// connecting (DDL) role, then lets the services' own role use it without owning it: data rights only, so a service
/// can neither alter nor drop a table, and a migration can only come from the release's Job.
/// </summary>
public static partial class LabelStoreMigration
{
    public static async Task ApplyAsync(string connectionString, LabelStoreOptions settings, string? grantTo, CancellationToken cancellationToken)
    {
        if (grantTo is not null && !RoleName().IsMatch(grantTo))
            throw new ArgumentException($"'{grantTo}' is not a role name this tool grants to: use lower-case letters, digits and '_', starting with a letter.", nameof(grantTo));
        var migrating = new LabelStoreOptions { Schema = settings.Schema, ApplySchemaChanges = true };
        using (var store = LabelStoreSchema.CreateStore(connectionString, migrating))
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate).WaitAsync(cancellationToken);
        if (grantTo is not null)
            await GrantAsync(connectionString, settings.Schema, grantTo, cancellationToken);
    }

    private static async Task GrantAsync(string connectionString, string schema, string role, CancellationToken cancellationToken)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using var connection = await data.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT count(*) FROM pg_roles WHERE rolname = @role", connection))
        {
            exists.Parameters.AddWithValue("role", role);
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
                throw new InvalidOperationException(
                    $"the role '{role}' does not exist: create it first (CREATE ROLE {role} LOGIN PASSWORD '...'), or let the database's operator declare it");
        }
        var s = Quote(schema);
        var r = Quote(role);
        // Rights on what exists now; the next migration grants again for what it adds.
        var grants = $"""
            GRANT USAGE ON SCHEMA {s} TO {r};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {s} TO {r};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {s} TO {r};
            """;
        await using var grant = new NpgsqlCommand(grants, connection);
        await grant.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}
