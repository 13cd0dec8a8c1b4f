using System.CommandLine;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.LabelStore;

namespace DefectRefine.Cli.Schema;

/// <summary>
/// <c>dr schema apply</c>: creates or migrates the label store's tables, functions and indexes (Marten's and the loop's)
/// in PostgreSQL, once, before new service versions roll out: the Kubernetes migration Job and compose's one-off run it,
/// with a role that may change the schema, and <c>--grant-to</c> the services' role, which may only read and write.
/// Idempotent: an up-to-date schema is left as it is.
/// </summary>
public static class SchemaCommand
{
    public static Command Build()
    {
        var postgres = new Option<string?>("--postgres") { Description = "Connection string (default: ConnectionStrings__Postgres)." };
        var schema = new Option<string>("--schema") { Description = "The label store's schema (LabelStore__Schema).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LabelStore__Schema") ?? new LabelStoreOptions().Schema };
        var grantTo = new Option<string?>("--grant-to")
        {
            Description = "The services' own role (LabelStore__AppRole): it gets data rights on the schema, never ownership.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LabelStore__AppRole") is { Length: > 0 } role ? role : null,
        };
        var apply = new Command("apply", "Create or migrate the label store's schema in PostgreSQL, as the connecting (DDL) role.") { postgres, schema, grantTo };
        apply.SetAction(async (parse, cancellationToken) =>
        {
            string connection;
            try
            {
                connection = PostgresConnection.Resolve(parse.GetValue(postgres));
            }
            catch (InvalidOperationException error)
            {
                Console.Error.WriteLine($"dr schema: {error.Message}");
                return 2;
            }
            var options = new LabelStoreOptions { Schema = parse.GetValue(schema)! };
            var role = parse.GetValue(grantTo);
            try
            {
                await LabelStoreMigration.ApplyAsync(connection, options, role, cancellationToken);
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"dr schema: {error.Message}");
                return 2;
            }
            Console.WriteLine(role is null
                ? $"dr schema: schema '{options.Schema}' is up to date."
                : $"dr schema: schema '{options.Schema}' is up to date; role '{role}' may read and write it.");
            return 0;
        });
        return new Command("schema", "Manage the label store's database schema.") { apply };
    }
}
