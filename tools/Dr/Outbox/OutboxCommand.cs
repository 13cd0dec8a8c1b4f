using System.CommandLine;
using System.Globalization;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.LabelStore.Outbox;
using Npgsql;
using Spectre.Console;

namespace DefectRefine.Cli.Outbox;

/// <summary>
/// <c>dr outbox dead</c> lists the outbox rows the relay set aside (never readable as a message, e.g. a type of another
/// release); <c>dr outbox replay [ID...]</c> puts them back, for a release that can read them to publish.
/// </summary>
public static class OutboxCommand
{
    public static Command Build()
    {
        var postgres = new Option<string?>("--postgres") { Description = "Connection string (default: ConnectionStrings__Postgres, else the local services' settings).", Recursive = true };
        var schema = new Option<string>("--schema") { Description = "Label-store schema.", DefaultValueFactory = _ => "labels", Recursive = true };
        var command = new Command("outbox", "The outbox's dead letters: list them, put them back.") { postgres, schema };

        var dead = new Command("dead", "List the rows the relay set aside, with their attempts and the reason.");
        dead.SetAction((parse, ct) => Run(parse, postgres, schema, async (data, outbox) =>
        {
            var rows = await DeadLetters.ListAsync(data, outbox, ct);
            if (rows.Count == 0)
            {
                Console.WriteLine("dr outbox: no dead letters.");
                return 0;
            }
            var table = new Table().AddColumns("id", "type", "queued", "set aside", "attempts", "last error");
            foreach (var row in rows)
                table.AddRow(row.Id.ToString(), Markup.Escape(row.MessageType), row.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                    row.DeadAt.ToString("u", CultureInfo.InvariantCulture), row.Attempts.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.LastError ?? ""));
            CliConsole.Out.Write(table);
            return 0;
        }));

        var ids = new Argument<Guid[]>("id") { Description = "The rows to put back (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var replay = new Command("replay", "Put dead letters back into the outbox; the relay publishes them with their original ids.") { ids };
        replay.SetAction((parse, ct) => Run(parse, postgres, schema, async (data, outbox) =>
        {
            var moved = await DeadLetters.ReplayAsync(data, outbox, parse.GetValue(ids), ct);
            Console.WriteLine($"dr outbox: {moved} row(s) back in the outbox.");
            return 0;
        }));
        command.Subcommands.Add(dead);
        command.Subcommands.Add(replay);
        return command;
    }

    private static async Task<int> Run(ParseResult parse, Option<string?> postgres, Option<string> schema,
        Func<NpgsqlDataSource, LabelStore.Outbox.Outbox, Task<int>> action)
    {
        try
        {
            var options = new LabelStoreOptions { Schema = parse.GetValue(schema)! };
            await using var data = NpgsqlDataSource.Create(PostgresConnection.Resolve(parse.GetValue(postgres)));
            return await action(data, new LabelStore.Outbox.Outbox(options));
        }
        catch (InvalidOperationException error)
        {
            Console.Error.WriteLine($"dr outbox: {error.Message}");
            return 2;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            Console.Error.WriteLine($"dr outbox: the schema '{parse.GetValue(schema)}' has no outbox tables: run `dr schema apply` first, or give --schema.");
            return 2;
        }
    }
}
