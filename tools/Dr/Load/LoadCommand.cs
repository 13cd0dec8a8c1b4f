using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DefectRefine.Cli.Demo;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Stations;

namespace DefectRefine.Cli.Load;

/// <summary>
/// <c>dr load --project P --stations 20 --minutes 5</c>: drives simulated stations flat out against a running system
/// (as many sessions and trainings as the time allows), then reports answers per second, next-query latency, lease
/// expiries (from the gateways' /metrics) and checks the project's history for every acknowledged answer, exactly once.
/// Exit code: 0 clean, 3 when an answer was lost or kept twice, 1 when the run could not be made, 2 on bad options.
/// </summary>
public static class LoadCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build()
    {
        var project = new Option<Guid?>("--project", "-p") { Description = "The project to load (its id, as dr demo prints it).", Required = true };
        var stations = new Option<int>("--stations") { Description = "Simulated stations answering at once.", DefaultValueFactory = _ => 20 };
        var minutes = new Option<double>("--minutes") { Description = "How long to run.", DefaultValueFactory = _ => 5 };
        var gateways = new Option<string[]>("--gateway") { Description = "LabelGateway address; repeat it to spread stations over replicas.", DefaultValueFactory = _ => ["http://127.0.0.1:5100"] };
        var ingest = new Option<Uri>("--ingest") { Description = "Ingest address (to match images to true masks).", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5101") };
        var truth = new Option<DirectoryInfo>("--truth") { Description = "True mask PNGs named like the images (default: the demo's generated masks)." };
        var think = new Option<int>("--think-ms") { Description = "Milliseconds each simulated expert looks at a query before answering.", DefaultValueFactory = _ => 0 };
        var undoEvery = new Option<int>("--undo-every") { Description = "Each station undoes every N-th of its answers (0: never).", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("load", "SIMULATION: drive simulated stations against a running system for a while; report throughput, latency, lease expiries and lost answers.")
        {
            project, stations, minutes, gateways, ingest, truth, think, undoEvery, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var addresses = new List<Uri>();
            foreach (var text in parse.GetValue(gateways) ?? [])
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
                {
                    Console.Error.WriteLine($"dr load: --gateway '{text}' is not an http(s) address.");
                    return 2;
                }
                addresses.Add(address);
            }
            if (addresses.Count == 0)
            {
                Console.Error.WriteLine("dr load: give at least one --gateway.");
                return 2;
            }
            // Resolved after the options are checked, so a bad option is reported as such.
            CliCredentials? credentials = null;
            var duration = TimeSpan.FromMinutes(parse.GetValue(minutes));
            var options = new SimulationOptions(addresses[0], parse.GetValue(project)!.Value)
            {
                ExtraGateways = addresses[1..],
                Stations = parse.GetValue(stations),
                Duration = duration,
                Timeout = duration + TimeSpan.FromMinutes(10),
                ThinkTime = TimeSpan.FromMilliseconds(parse.GetValue(think)),
                UndoEvery = parse.GetValue(undoEvery),
                WaitForTraining = false,
                StationPrefix = "load-station",
                AccessToken = i => credentials!.For($"load-expert-{i + 1}", Security.Roles.Labeller, parse.GetValue(project)),
            };
            try
            {
                if (duration <= TimeSpan.Zero || duration > TimeSpan.FromHours(24))
                    throw new ArgumentException($"--minutes must be above 0 and at most 1440, not {parse.GetValue(minutes)}.");
                options.Validate();
                credentials = CliCredentials.FromEnvironment();
            }
            catch (Exception error) when (error is ArgumentException or Security.AuthConfigurationException)
            {
                Console.Error.WriteLine($"dr load: {error.Message}");
                return 2;
            }
            var truthFolder = parse.GetValue(truth)?.FullName ?? DemoProject.TruthFolder(RepositoryPaths.Root);
            LoadReport report;
            try
            {
                report = await RunAsync(options, parse.GetValue(ingest)!, truthFolder, credentials, cancellationToken);
            }
            catch (Exception error) when (error is HttpRequestException or InvalidDataException or DirectoryNotFoundException or TimeoutException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException)
            {
                Console.Error.WriteLine($"dr load: {error.Message}");
                return 1;
            }
            Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(report, Json) : Describe(report));
            return report.Clean ? 0 : 3;
        });
        return command;
    }

    /// <summary>The checker reads the project's history, so its own token is an auditor's.</summary>
    public static async Task<LoadReport> RunAsync(SimulationOptions options, Uri ingestAddress, string truthFolder, CliCredentials credentials, CancellationToken cancellationToken)
    {
        using var ingest = credentials.Client(ingestAddress, "dr-load", Security.Roles.Auditor, options.ProjectId);
        using var gateway = credentials.Client(options.Gateway, "dr-load", Security.Roles.Auditor, options.ProjectId);
        var api = new LoopApi(ingest, gateway);
        var project = await api.ProjectAsync(options.ProjectId, cancellationToken);
        var truth = TruthFolder.Load(await api.ImagesAsync(project.DatasetId, cancellationToken), truthFolder);
        Uri[] gateways = [options.Gateway, .. options.ExtraGateways];
        var expiriesBefore = await LeaseExpiriesAsync(gateways, options.ProjectId, cancellationToken);
        Console.Error.WriteLine($"dr load: SIMULATION — {options.Stations} simulated station(s) on {gateways.Length} gateway(s) for {options.Duration!.Value.TotalMinutes:0.##} min, project {project.Name}");

        var result = await new StationSimulation(options, truth).RunAsync(cancellationToken);

        var expiries = await LeaseExpiriesAsync(gateways, options.ProjectId, cancellationToken) - expiriesBefore;
        var recorded = (await api.ProjectHistoryAsync(options.ProjectId, cancellationToken))
            .Where(e => e.Event == nameof(AnswerRecorded))
            .Select(e => e.Data.GetProperty("queryId").GetGuid())
            .ToList();
        var counts = recorded.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var acknowledged = result.AcceptedQueries.Distinct().ToList();
        return new LoadReport(
            options.Stations,
            gateways.Length,
            result.Elapsed.TotalSeconds,
            result.LastSession - result.FirstSession + 1,
            result.AcceptedQueries.Count,
            result.UndoneQueries.Count,
            result.Stations.Sum(s => s.Refused),
            result.AcceptedQueries.Count / Math.Max(result.Elapsed.TotalSeconds, 1e-9),
            result.NextQuery,
            expiries,
            acknowledged.Count(id => !counts.ContainsKey(id)),
            counts.Count(c => c.Value > 1) + (result.AcceptedQueries.Count - acknowledged.Count),
            [.. result.Stations.SelectMany(s => s.RefusalReasons).Distinct().Take(10)]);
    }

    /// <summary>The project's lease expiries so far, summed over the gateways' Prometheus endpoints.</summary>
    private static async Task<double> LeaseExpiriesAsync(IEnumerable<Uri> gateways, Guid projectId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        double total = 0;
        foreach (var gateway in gateways)
            total += PrometheusText.Sum(await http.GetStringAsync(new Uri(gateway, "/metrics"), cancellationToken),
                "defectrefine_leases_expired_total", ("project", projectId.ToString()));
        return total;
    }

    private static string Describe(LoadReport r)
    {
        var q = r.NextQuery;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"SIMULATION load: {r.Stations} stations on {r.Gateways} gateway(s), {r.Seconds:F0} s, {r.Sessions} session(s)"),
            string.Create(CultureInfo.InvariantCulture, $"answers kept {r.AnswersKept} ({r.AnswersPerSecond:F2}/s), undone {r.Undone}, refused {r.Refused}"),
            string.Create(CultureInfo.InvariantCulture, $"next query over {q.Count} leases: p50 {q.P50:F1} ms, p95 {q.P95:F1} ms, p99 {q.P99:F1} ms, max {q.Max:F1} ms"),
            string.Create(CultureInfo.InvariantCulture, $"lease expiries {r.LeaseExpiries:F0}; lost answers {r.Lost}; kept twice {r.Duplicated}: {(r.Clean ? "clean" : "NOT CLEAN")}"),
        };
        lines.AddRange(r.RefusalReasons.Select(reason => "refused: " + reason));
        return string.Join(Environment.NewLine, lines);
    }
}
