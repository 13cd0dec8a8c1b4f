using System.CommandLine;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.LabelStore;

namespace DefectRefine.Cli.Schema;

/// <summary>
/// <c>dr schema apply</c>: creates or migrates the label store's tables, functions and indexes (Marten's and the loop's)
/// in PostgreSQL, once, before new service versions roll out: the Kubernetes migration Job and compose's one-off run it.
/// Idempotent: an up-to-date schema is left as it is.
/// </summary>
public static class SchemaCommand
{
    public static Command Build()
    {
        var postgres = new Option<string?>("--postgres") { Description = "Connection string (default: ConnectionStrings__Postgres)." };
        var schema = new Option<string>("--schema") { Description = "The label store's schema (LabelStore__Schema).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LabelStore__Schema") ?? new LabelStoreOptions().Schema };
        var apply = new Command("apply", "Create or migrate the label store's schema in PostgreSQL.") { postgres, schema };
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
            using var store = LabelStoreSchema.CreateStore(connection, options);
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync().WaitAsync(cancellationToken);
            Console.WriteLine($"dr schema: schema '{options.Schema}' is up to date.");
            return 0;
        });
        return new Command("schema", "Manage the label store's database schema.") { apply };
    }
}
