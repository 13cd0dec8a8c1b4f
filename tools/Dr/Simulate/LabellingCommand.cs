using System.CommandLine;
using System.Globalization;
using DefectRefine.Cli.Demo;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Stations;
using Spectre.Console;

namespace DefectRefine.Cli.Simulate;

/// <summary>
/// <c>dr simulate --project P --stations 3 --sessions 2</c>: SIMULATED experts label a running project through real
/// SignalR connections to the LabelGateway, answering from true masks, with a live progress display per session.
/// </summary>
public static class LabellingCommand
{
    public static void AddTo(Command simulate)
    {
        var project = new Option<Guid?>("--project", "-p") { Description = "The project to label (its id, as dr demo prints it)." };
        var stations = new Option<int>("--stations") { Description = "Simulated stations labelling at once.", DefaultValueFactory = _ => 3 };
        var sessions = new Option<int>("--sessions") { Description = "Sessions to complete (each ends at the project's target).", DefaultValueFactory = _ => 2 };
        var truth = new Option<DirectoryInfo>("--truth") { Description = "True mask PNGs named like the images (default: the demo's generated masks)." };
        var gateway = new Option<Uri>("--gateway") { Description = "LabelGateway address.", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5100") };
        var ingest = new Option<Uri>("--ingest") { Description = "Ingest address (to match images to true masks).", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5101") };
        var think = new Option<int>("--think-ms") { Description = "Milliseconds each simulated expert looks at a query before answering.", DefaultValueFactory = _ => 0 };
        var undoEvery = new Option<int>("--undo-every") { Description = "Each station undoes every N-th of its answers (0: never).", DefaultValueFactory = _ => 0 };
        var errorRate = new Option<double>("--error-rate") { Description = "Share of candidates a simulated expert marks wrongly.", DefaultValueFactory = _ => 0 };
        var noWait = new Option<bool>("--no-wait-training") { Description = "Stop when the last session reaches its target, without waiting for its training." };
        foreach (var option in new Option[] { project, stations, sessions, truth, gateway, ingest, think, undoEvery, errorRate, noWait })
            simulate.Options.Add(option);
        simulate.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(project) is not { } projectId)
            {
                Console.Error.WriteLine("dr simulate: give --project P to label a running project, or use 'dr simulate roi|coarse' to synthesise initial labels.");
                return 2;
            }
            // Resolved after the options are checked, so a bad option is reported as such.
            CliCredentials? credentials = null;
            var options = new SimulationOptions(parse.GetValue(gateway)!, projectId)
            {
                AccessToken = i => credentials!.For($"simulated-expert-{i + 1}", Security.Roles.Labeller, projectId),
                Stations = parse.GetValue(stations),
                Sessions = parse.GetValue(sessions),
                ThinkTime = TimeSpan.FromMilliseconds(parse.GetValue(think)),
                UndoEvery = parse.GetValue(undoEvery),
                ErrorRate = parse.GetValue(errorRate),
                WaitForTraining = !parse.GetValue(noWait),
            };
            try
            {
                options.Validate();
                credentials = CliCredentials.FromEnvironment();
            }
            catch (Exception error) when (error is ArgumentException or Security.AuthConfigurationException)
            {
                Console.Error.WriteLine($"dr simulate: {error.Message}");
                return 2;
            }
            var truthFolder = parse.GetValue(truth)?.FullName ?? DemoProject.TruthFolder(RepositoryPaths.Root);
            return await RunAsync(options, parse.GetValue(ingest)!, truthFolder, credentials, cancellationToken);
        });
    }

    private static async Task<int> RunAsync(SimulationOptions options, Uri ingestAddress, string truthFolder, CliCredentials credentials, CancellationToken cancellationToken)
    {
        using var ingest = credentials.Client(ingestAddress, "dr-simulate", Security.Roles.Labeller, options.ProjectId);
        using var gateway = credentials.Client(options.Gateway, "dr-simulate", Security.Roles.Labeller, options.ProjectId);
        var api = new LoopApi(ingest, gateway);
        IReadOnlyDictionary<Guid, Masks.BinaryMask> truth;
        ProjectStatus project;
        try
        {
            project = await api.ProjectAsync(options.ProjectId, cancellationToken);
            truth = TruthFolder.Load(await api.ImagesAsync(project.DatasetId, cancellationToken), truthFolder);
        }
        catch (Exception error) when (error is HttpRequestException or InvalidDataException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"dr simulate: {error.Message}");
            return 1;
        }
        CliConsole.Out.MarkupLine($"[yellow]SIMULATION[/] — {options.Stations} simulated expert(s) answer from true masks in {Markup.Escape(truthFolder)}");
        CliConsole.Out.MarkupLine($"Project [bold]{Markup.Escape(project.Name)}[/]: session {project.Session}, phase {project.Phase}, target {project.SessionTarget} answers per session.");

        SimulationResult result;
        try
        {
            result = await CliConsole.Out.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var display = new SessionProgressDisplay(context);
                    return await new StationSimulation(options, truth, display.Update).RunAsync(cancellationToken);
                });
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException or HttpRequestException or Microsoft.AspNetCore.SignalR.HubException)
        {
            Console.Error.WriteLine($"dr simulate: {error.Message}");
            return 1;
        }
        Render(result);
        return result.Stations.Sum(s => s.Refused) == 0 ? 0 : 3;
    }

    private static void Render(SimulationResult result)
    {
        var table = new Table().AddColumns("station", "answers kept", "refused", "undone");
        foreach (var station in result.Stations)
            table.AddRow(station.Station, Number(station.Accepted), Number(station.Refused), Number(station.Undone));
        CliConsole.Out.Write(table);
        foreach (var reason in result.Stations.SelectMany(s => s.RefusalReasons).Distinct().Take(5))
            CliConsole.Out.MarkupLine($"[red]refused:[/] {Markup.Escape(reason)}");
        var q = result.NextQuery;
        CliConsole.Out.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Sessions {result.FirstSession}–{result.LastSession} done in {result.Elapsed.TotalSeconds:F0} s: {result.AcceptedQueries.Count} answers kept ({result.UndoneQueries.Count} undone). Next query: p50 {q.P50:F1} ms, p95 {q.P95:F1} ms, p99 {q.P99:F1} ms over {q.Count}."));
        CliConsole.Out.MarkupLine($"Project now: session {result.Final.Session}, phase {result.Final.Phase}, model {Markup.Escape(result.Final.ModelVersion ?? "none")}, {result.Final.TrainingsCompleted} training(s) done.");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
