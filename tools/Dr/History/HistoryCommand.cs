using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.LabelStore;
using DefectRefine.Masks;
using Spectre.Console;

namespace DefectRefine.Cli.History;

/// <summary>
/// <c>dr history</c>: the auditor's commands over the label history in PostgreSQL — list an image's events, rebuild its
/// mask at a version or time, diff two versions, export a dataset as it was at a time, and undo a refinement.
/// </summary>
public static class HistoryCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build()
    {
        var postgres = new Option<string?>("--postgres") { Description = "Connection string (default: ConnectionStrings__Postgres, else the local services' settings).", Recursive = true };
        var schema = new Option<string>("--schema") { Description = "Label-store schema.", DefaultValueFactory = _ => "labels", Recursive = true };
        var command = new Command("history", "Audit the label history: list, rebuild, diff, export and undo.") { postgres, schema };

        command.Subcommands.Add(List(postgres, schema));
        command.Subcommands.Add(Mask(postgres, schema));
        command.Subcommands.Add(Diff(postgres, schema));
        command.Subcommands.Add(Export(postgres, schema));
        command.Subcommands.Add(Revert(postgres, schema));
        return command;
    }

    private static Command List(Option<string?> postgres, Option<string> schema)
    {
        var image = new Argument<Guid>("image-id") { Description = "The image whose mask history to list." };
        var json = new Option<bool>("--json") { Description = "Print JSON (with every event's full data) instead of a table." };
        var command = new Command("list", "List every event of an image's mask: who, when, why, how many pixels.") { image, json };
        command.SetAction((parse, ct) => Run(parse, postgres, schema, async (store, options) =>
        {
            var entries = await new LabelHistory(store, options).ListAsync(parse.GetValue(image), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(entries, Json));
                return 0;
            }
            var table = new Table().AddColumns("version", "recorded (UTC)", "event", "station / user", "query", "model", "pixels", "summary");
            foreach (var e in entries)
                table.AddRow(
                    e.Version.ToString(CultureInfo.InvariantCulture) + (e.RevertedBy is { } by ? $" [grey](undone by {by})[/]" : ""),
                    e.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                    e.Event, Markup.Escape($"{e.Station} / {e.User}"), e.QueryId?.ToString()[..8] ?? "", Markup.Escape(e.ModelVersion ?? ""),
                    e.PixelsChanged.ToString(CultureInfo.InvariantCulture), Markup.Escape(e.Summary));
            CliConsole.Out.Write(table);
            return 0;
        }, ct));
        return command;
    }

    private static Command Mask(Option<string?> postgres, Option<string> schema)
    {
        var image = new Argument<Guid>("image-id");
        var version = new Option<long?>("--version") { Description = "Rebuild at this version." };
        var at = new Option<DateTimeOffset?>("--at") { Description = "Rebuild as it was at this time (ISO-8601, e.g. 2026-11-25T10:00:00Z)." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "PNG to write (0 background, 255 defect).", Required = true };
        var layer = new Option<string>("--layer") { Description = "expert (the expert's labels) or refined (the model's latest refined mask at that moment).", DefaultValueFactory = _ => "expert" };
        var command = new Command("mask", "Rebuild an image's mask at a version or a point in time, as a PNG.") { image, version, at, layer, output };
        command.SetAction((parse, ct) => Run(parse, postgres, schema, async (store, options) =>
        {
            var history = new LabelHistory(store, options);
            var id = parse.GetValue(image);
            var which = ExportLayers.Parse(parse.GetValue(layer));
            MaskProjection mask;
            if (parse.GetValue(version) is { } v && parse.GetValue(at) is null)
                mask = await history.AtVersionAsync(id, v, ct);
            else if (parse.GetValue(at) is { } moment && parse.GetValue(version) is null)
                mask = await history.AtTimeAsync(id, moment, ct) ?? throw new LabelStoreException(LabelStoreFailure.NotFound, $"Image {id} had no mask yet at {moment:O}.");
            else
                throw new LabelStoreException(LabelStoreFailure.Invalid, "Give exactly one of --version or --at.");
            var file = parse.GetValue(output)!;
            var layerMask = ExportLayers.Of(mask, which);
            await File.WriteAllBytesAsync(file.FullName, MaskPng.Encode(layerMask), ct);
            Console.WriteLine($"wrote {file.FullName}: version {mask.Version}, {mask.Width}x{mask.Height}, {layerMask.CountDefects()} defect pixels" +
                (which == ExportLayer.Refined ? $", refined by model {mask.RefinedModelVersion} (training round {mask.RefinedRound})" : ""));
            return 0;
        }, ct));
        return command;
    }

    private static Command Diff(Option<string?> postgres, Option<string> schema)
    {
        var image = new Argument<Guid>("image-id");
        var from = new Option<long>("--from") { Required = true };
        var to = new Option<long>("--to") { Required = true };
        var json = new Option<bool>("--json") { Description = "Print the diff as JSON (changed pixel runs and the events in between)." };
        var command = new Command("diff", "What changed between two versions of an image's mask: pixels, who and why.") { image, from, to, json };
        command.SetAction((parse, ct) => Run(parse, postgres, schema, async (store, options) =>
        {
            var diff = await new LabelHistory(store, options).DiffAsync(parse.GetValue(image), parse.GetValue(from), parse.GetValue(to), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(diff, Json));
                return 0;
            }
            CliConsole.Out.MarkupLine($"versions {diff.FromVersion} → {diff.ToVersion}: [bold]{diff.ChangedPixels}[/] pixel(s) changed ({diff.BecameDefect} became defect, {diff.BecameBackground} became background)");
            foreach (var e in diff.Events)
                CliConsole.Out.MarkupLine(Markup.Escape($"  v{e.Version} {e.RecordedAt.UtcDateTime:O} {e.Station}/{e.User}: {e.Event}, {e.PixelsChanged} px — {e.Summary}"));
            return 0;
        }, ct));
        return command;
    }

    private static Command Export(Option<string?> postgres, Option<string> schema)
    {
        var dataset = new Argument<Guid>("dataset-id");
        var at = new Option<DateTimeOffset?>("--at") { Description = "Export the masks as they were at this time (default: now)." };
        var format = new Option<string>("--format") { Description = "png, coco or voc.", DefaultValueFactory = _ => "png" };
        var layer = new Option<string>("--layer") { Description = "refined (the model's refined masks; the expert layer for an image without one, as the manifest notes) or expert (the expert's labels only).", DefaultValueFactory = _ => "refined" };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Zip file to write.", Required = true };
        var command = new Command("export", "Export every mask of a dataset as it was at a time (zip of PNGs, COCO JSON or VOC XML, plus a manifest).") { dataset, at, format, layer, output };
        command.SetAction((parse, ct) => Run(parse, postgres, schema, async (store, options) =>
        {
            var moment = parse.GetValue(at);
            var which = ExportLayers.Parse(parse.GetValue(layer));
            var masks = new LabelHistory(store, options).StreamDatasetAtTimeAsync(parse.GetValue(dataset), moment ?? DateTimeOffset.MaxValue, ct);
            var file = parse.GetValue(output)!;
            var temporary = file.FullName + ".partial";
            ExportSummary summary;
            try
            {
                await using (var stream = File.Create(temporary))
                    summary = await DatasetExport.WriteAsync(stream, parse.GetValue(format)!.ToLowerInvariant(), masks, moment, which, ct);
                File.Move(temporary, file.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
            Console.WriteLine($"wrote {file.FullName}: {summary.Exported} of {summary.Images} image(s) had a mask{(moment is null ? "" : $" at {moment:O}")}; " +
                (which == ExportLayer.Expert ? "the expert's layer" : $"{summary.Refined} refined by the model, {summary.Exported - summary.Refined} from the expert's layer (no refined mask yet)"));
            return 0;
        }, ct));
        return command;
    }

    private static Command Revert(Option<string?> postgres, Option<string> schema)
    {
        var image = new Argument<Guid>("image-id");
        var version = new Argument<long>("version") { Description = "The refinement to undo." };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the history).", Required = true };
        var user = new Option<string>("--user") { DefaultValueFactory = _ => Environment.UserName };
        var station = new Option<string>("--station") { DefaultValueFactory = _ => "dr-cli" };
        var command = new Command("revert", "Undo one refinement (recorded as a RefinementReverted event; nothing is deleted).") { image, version, reason, user, station };
        command.SetAction((parse, ct) => Run(parse, postgres, schema, async (store, options) =>
        {
            var result = await new MaskWriter(store, options).RevertAsync(parse.GetValue(image), parse.GetValue(version),
                new LabelAuthor(parse.GetValue(station)!, parse.GetValue(user)!), parse.GetValue(reason)!, ct);
            Console.WriteLine($"undid version {parse.GetValue(version)}: now version {result.Version}, {result.PixelsChanged} pixel(s) restored");
            return 0;
        }, ct));
        return command;
    }

    private static async Task<int> Run(ParseResult parse, Option<string?> postgres, Option<string> schema,
        Func<Marten.DocumentStore, LabelStoreOptions, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            var options = new LabelStoreOptions { Schema = parse.GetValue(schema)! };
            using var store = LabelStoreSchema.CreateStore(PostgresConnection.Resolve(parse.GetValue(postgres)), options);
            cancellationToken.ThrowIfCancellationRequested();
            return await action(store, options);
        }
        catch (LabelStoreException error)
        {
            Console.Error.WriteLine($"dr history: {error.Message}");
            return error.Failure == LabelStoreFailure.NotFound ? 3 : 2;
        }
        catch (InvalidOperationException error) when (error.Message.StartsWith("No PostgreSQL connection", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"dr history: {error.Message}");
            return 2;
        }
    }
}
