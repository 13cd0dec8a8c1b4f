using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Masks.Simulation.Steel;
using DefectRefine.Stations;

namespace DefectRefine.Cli.Smoke;

/// <summary>
/// <c>dr smoke</c>: checks a running stack from outside, as a user meets it — every service ready, generated images
/// imported, a project trained, a few queries answered through SignalR, the refined export read. Proves that images,
/// compose files or a cluster work together (scripts/images.sh runs it against the containers); it prints each step's
/// time and exits 1 at the first step that fails, saying which.
/// </summary>
public static class SmokeCommand
{
    public static Command Build()
    {
        var gateway = new Option<Uri>("--gateway") { Description = "LabelGateway address.", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5100"), CustomParser = result => Address(result, result.Tokens[^1].Value) };
        var ingest = new Option<Uri>("--ingest") { Description = "Ingest address.", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5101"), CustomParser = result => Address(result, result.Tokens[^1].Value) };
        var services = new Option<Uri[]>("--ready")
        {
            Description = "Every service address whose /health/ready must answer (default: the gateway and Ingest).",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result => [.. result.Tokens.Select(token => Address(result, token.Value))],
        };
        var imports = new Option<DirectoryInfo>("--imports") { Description = "The folder Ingest imports from (Ingest__ImportRoot, as this machine sees it).", Required = true };
        var images = new Option<int>("--images") { Description = "Generated images to import.", DefaultValueFactory = _ => 8 };
        var answers = new Option<int>("--answers") { Description = "Queries to answer through SignalR.", DefaultValueFactory = _ => 4 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds for the whole check.", DefaultValueFactory = _ => 300 };
        var command = new Command("smoke", "Check a running DefectRefine stack end to end: ready, import, train, answer, export.")
        {
            gateway, ingest, services, imports, images, answers, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(images) is < 2 or > 200 || parse.GetValue(answers) is < 1 or > 100 || parse.GetValue(timeout) < 10)
            {
                Console.Error.WriteLine("dr smoke: --images must be 2–200, --answers 1–100 and --timeout at least 10 seconds.");
                return 2;
            }
            CliCredentials credentials;
            try
            {
                credentials = CliCredentials.FromEnvironment();
            }
            catch (Security.AuthConfigurationException error)
            {
                Console.Error.WriteLine($"dr smoke: {error.Message}");
                return 2;
            }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(parse.GetValue(timeout)));
            var run = new SmokeRun(parse.GetValue(gateway)!, parse.GetValue(ingest)!, credentials, parse.GetValue(imports)!.FullName);
            var ready = parse.GetValue(services) is { Length: > 0 } listed ? listed : [run.Gateway, run.Ingest];
            try
            {
                await run.StepAsync("ready", () => run.WaitReadyAsync(ready, deadline.Token));
                var project = await run.StepAsync("import and first training", () => run.CreateProjectAsync(parse.GetValue(images), parse.GetValue(answers), deadline.Token));
                await run.StepAsync("answers through SignalR", () => run.AnswerAsync(project, parse.GetValue(answers), deadline.Token));
                await run.StepAsync("refined export", () => run.ExportAsync(project, deadline.Token));
            }
            catch (Exception error) when (error is SmokeFailure or HttpRequestException or OperationCanceledException or Microsoft.AspNetCore.SignalR.HubException)
            {
                Console.Error.WriteLine($"dr smoke: FAILED at '{run.Current}' after {run.Total.Elapsed.TotalSeconds:0.0} s: {error.Message}");
                return 1;
            }
            Console.WriteLine($"dr smoke: OK in {run.Total.Elapsed.TotalSeconds:0.0} s");
            return 0;
        });
        return command;
    }

    private static Uri Address(System.CommandLine.Parsing.ArgumentResult result, string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https")
            return address;
        result.AddError($"'{text}' is not an http(s) address.");
        return new Uri("http://invalid");
    }

    private sealed class SmokeFailure(string message) : Exception(message);

    private sealed class SmokeRun(Uri gateway, Uri ingest, CliCredentials credentials, string imports)
    {
        private const string Folder = "smoke-steel";

        public Uri Gateway => gateway;
        public Uri Ingest => ingest;
        public string Current { get; private set; } = "";
        public Stopwatch Total { get; } = Stopwatch.StartNew();

        public async Task<T> StepAsync<T>(string name, Func<Task<T>> step)
        {
            Current = name;
            var watch = Stopwatch.StartNew();
            var result = await step();
            Console.WriteLine($"dr smoke: {name}: {watch.Elapsed.TotalSeconds:0.0} s");
            return result;
        }

        public Task StepAsync(string name, Func<Task> step) => StepAsync(name, async () => { await step(); return true; });

        public async Task WaitReadyAsync(IReadOnlyList<Uri> services, CancellationToken cancellationToken)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var service in services)
            {
                while (true)
                {
                    try
                    {
                        using var response = await http.GetAsync(new Uri(service, "/health/ready"), cancellationToken);
                        if (response.IsSuccessStatusCode)
                            break;
                    }
                    catch (Exception error) when (error is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        // Not listening yet.
                    }
                    await Task.Delay(500, cancellationToken);
                }
            }
        }

        public async Task<ProjectStatus> CreateProjectAsync(int images, int answers, CancellationToken cancellationToken)
        {
            SteelSurfaceDatasetWriter.Write(Path.Combine(imports, Folder), new SteelSurfaceOptions { Width = 96, Height = 96, Seed = 7 }, images,
                writeRoi: true, replace: SteelSurfaceDatasetWriter.IsOccupied(Path.Combine(imports, Folder)), cancellationToken: cancellationToken);
            var api = Api(Security.Roles.Admin);
            var name = "smoke-" + Guid.NewGuid().ToString("N")[..8];
            var datasetId = await api.CreateDatasetAsync(name, cancellationToken);
            var imported = await api.ImportGeneratedRoisAsync(datasetId, Folder, cancellationToken);
            if (imported.Count != images)
                throw new SmokeFailure($"imported {imported.Count} of {images} images");
            var project = await api.CreateProjectAsync(name, datasetId, Settings(answers), cancellationToken);
            while ((project = await api.ProjectAsync(project.ProjectId, cancellationToken)).Phase != LoopPhase.Labelling)
            {
                if (project.LastError is { } error)
                    throw new SmokeFailure($"the first training failed: {error}");
                await Task.Delay(500, cancellationToken);
            }
            return project;
        }

        public async Task AnswerAsync(ProjectStatus project, int answers, CancellationToken cancellationToken)
        {
            var api = Api(Security.Roles.Labeller, project.ProjectId);
            var truth = TruthFolder.Load(await api.ImagesAsync(project.DatasetId, cancellationToken), Path.Combine(imports, Folder, SteelSurfaceDatasetWriter.MasksFolder));
            var expert = new SimulatedExpert(truth);
            await using var station = await StationClient.ConnectAsync(gateway, "smoke-station", credentials.For("smoke-labeller", Security.Roles.Labeller, project.ProjectId), cancellationToken);
            await station.JoinAsync(project.ProjectId, cancellationToken);
            for (var kept = 0; kept < answers;)
            {
                if ((await station.NextQueryAsync(cancellationToken)).Query is not { } query)
                {
                    await Task.Delay(250, cancellationToken);
                    continue;
                }
                var receipt = await station.AnswerAsync(expert.Answer(query), cancellationToken);
                if (!receipt.Accepted)
                    throw new SmokeFailure($"answer {kept + 1} was refused: {receipt.Reason}");
                kept++;
            }
        }

        public async Task ExportAsync(ProjectStatus project, CancellationToken cancellationToken)
        {
            using var http = credentials.Client(ingest, "smoke-auditor", Security.Roles.Auditor, project.ProjectId);
            using var response = await http.GetAsync($"/api/datasets/{project.DatasetId}/export?format=png", cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new SmokeFailure($"the export answered {(int)response.StatusCode}");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            using var zip = new ZipArchive(copy, ZipArchiveMode.Read);
            var masks = zip.Entries.Count(entry => entry.FullName.EndsWith(".png", StringComparison.OrdinalIgnoreCase));
            if (masks == 0)
                throw new SmokeFailure("the export holds no mask");
            Console.WriteLine($"dr smoke: the export holds {masks} mask PNGs");
        }

        private LoopApi Api(string role, Guid? project = null) =>
            new(credentials.Client(ingest, "smoke-" + role, role, project), credentials.Client(gateway, "smoke-" + role, role, project));

        /// <summary>The check is that the pieces talk, not how well they refine: a loop that trains in seconds.</summary>
        private static ProjectSettings Settings(int answers) => SmallLoopSettings.For(sessionTarget: Math.Max(answers, 2), leaseSeconds: 120);
    }
}
