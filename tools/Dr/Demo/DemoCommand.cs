using System.CommandLine;
using System.Diagnostics;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.ServiceDefaults;
using DefectRefine.Stations;
using Spectre.Console;

namespace DefectRefine.Cli.Demo;

/// <summary>
/// <c>dr demo</c>: starts PostgreSQL and RabbitMQ if needed, builds the labelling UI and the services, starts the five
/// services, and shows that each is ready (its /health/ready checks PostgreSQL and the bus) and that its heartbeat came
/// back over RabbitMQ. When it ends (Ctrl-C, SIGTERM, --check) it stops the services, then the servers it started.
/// </summary>
public static class DemoCommand
{
    public static Command Build()
    {
        var check = new Option<bool>("--check") { Description = "Exit after the health table (0 when every service is healthy) instead of running until Ctrl-C." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for every service to become healthy.", DefaultValueFactory = _ => 120 };
        var noBuild = new Option<bool>("--no-build") { Description = "Use the existing Release build of the services." };
        var noProject = new Option<bool>("--no-project") { Description = "Only start the services; do not generate images or create a project." };
        var images = new Option<int>("--images") { Description = "Generated steel-like images in the demo dataset (first run only).", DefaultValueFactory = _ => 48 };
        var command = new Command("demo", "Start every service against the local infrastructure, show that they are healthy, and create a project on generated steel-like images.")
        {
            check, timeout, noBuild, noProject, images,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(check), TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(noBuild),
                parse.GetValue(noProject) ? 0 : parse.GetValue(images), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool checkOnly, TimeSpan timeout, bool noBuild, int projectImages, CancellationToken cancellationToken)
    {
        var servers = await LocalInfrastructure.EnsureUpAsync(Console.Error, cancellationToken);
        try
        {
            return await RunServicesAsync(servers.Settings, checkOnly, timeout, noBuild, projectImages, cancellationToken);
        }
        finally
        {
            // After the services (disposed inside), whether the run ended, failed or was cancelled (Ctrl-C, SIGTERM).
            await LocalInfrastructure.StopStartedAsync(servers.StartedHere, Console.Error);
        }
    }

    private static async Task<int> RunServicesAsync(IReadOnlyDictionary<string, string> settings, bool checkOnly, TimeSpan timeout, bool noBuild,
        int projectImages, CancellationToken cancellationToken)
    {
        const string configuration = "Release";
        var root = RepositoryPaths.Root;
        var environment = new Dictionary<string, string>(settings)
        {
            ["Ingest__ImportRoot"] = DemoProject.DataRoot(root),
            ["Gateway__TruthFolder"] = DemoProject.TruthFolder(root),
        };
        Directory.CreateDirectory(DemoProject.DataRoot(root));

        // Before the services start, so that the links printed below open the UI (the gateway would also find a later build).
        if (!await WebUiBuild.EnsureBuiltAsync(Path.Combine(root, "web"), Console.Error, cancellationToken))
            return 1;
        if (!noBuild)
        {
            CliConsole.Out.MarkupLine("[grey]Building the services (Release)...[/]");
            if (await BuildAsync(root, configuration, cancellationToken) != 0)
                return 1;
        }

        // As a release's schema Job does: the services change no schema outside Development.
        await LabelStoreMigration.ApplyAsync(environment["ConnectionStrings__" + InfrastructureSettings.PostgresKey],
            new LabelStoreOptions { Schema = environment.GetValueOrDefault("LabelStore__Schema") ?? new LabelStoreOptions().Schema }, grantTo: null, cancellationToken);
        var rabbitMq = new Uri(environment["ConnectionStrings__" + InfrastructureSettings.RabbitMqKey]);
        await using var heartbeats = await HeartbeatListener.StartAsync(rabbitMq, cancellationToken);
        var logs = Path.Combine(root, ".state", "logs");
        await using var fleet = ServiceFleet.Start(ServiceSpec.All, environment, root, configuration, logs);
        CliConsole.Out.MarkupLine($"[grey]Started {fleet.Running.Count} services; logs in {Markup.Escape(logs)}[/]");

        var report = await fleet.WaitForHealthAsync(heartbeats, timeout, cancellationToken);
        Render(report);
        var allHealthy = report.All(health => health.Healthy);
        if (!allHealthy)
            return 1;
        var credentials = CliCredentials.Local(new Security.AuthOptions { SigningKey = environment[LocalInfrastructure.SigningKeyVariable] });
        if (projectImages > 0 && !await CreateProjectAsync(root, projectImages, credentials, cancellationToken))
            return 1;
        if (checkOnly)
            return 0;

        CliConsole.Out.MarkupLine("All services are healthy. [bold]Ctrl-C[/] stops them (and PostgreSQL and RabbitMQ, if this demo started them).");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            CliConsole.Out.MarkupLine("[grey]Stopping the services...[/]");
        }
        return 0;
    }

    private static async Task<bool> CreateProjectAsync(string root, int images, CliCredentials credentials, CancellationToken cancellationToken)
    {
        var gateway = ServiceSpec.All.Single(s => s.Name == "LabelGateway").BaseAddress;
        using var ingestHttp = credentials.Client(ServiceSpec.All.Single(s => s.Name == "Ingest").BaseAddress, "demo-admin", Security.Roles.Admin);
        using var gatewayHttp = credentials.Client(gateway, "demo-admin", Security.Roles.Admin);
        try
        {
            var project = await DemoProject.CreateAsync(new LoopApi(ingestHttp, gatewayHttp), root, images, DemoProject.CpuSettings, Console.Out, cancellationToken);
            CliConsole.Out.MarkupLine($"Project [bold]{Markup.Escape(project.Name)}[/] ({project.ProjectId}) created; its initial model is training now.");
            // Tokens in the fragment never reach a server log; the UI moves them to its session storage at once.
            var labeller = credentials.For("expert", Security.Roles.Labeller, project.ProjectId);
            var auditor = credentials.For("auditor", Security.Roles.Auditor, project.ProjectId);
            var operatorToken = credentials.For("demo-admin", Security.Roles.Admin);
            // Plain lines, never wrapped: these links are copied whole.
            Console.WriteLine($"Labelling UI, as the labeller 'expert' (answers appear once the initial model is trained):\n  {gateway}app/?project={project.ProjectId}#token={labeller}");
            Console.WriteLine($"Audit view, as the auditor 'auditor':\n  {gateway}app/?project={project.ProjectId}&view=audit#token={auditor}");
            Console.WriteLine($"Status page (stations connect to {gateway}hubs/labelling):\n  {gateway}status/{project.ProjectId}?access_token={operatorToken}");
            // Commands too: a console would wrap them at its width, and a copied half does not run.
            Console.WriteLine("Other tokens:\n  ./dr token --user NAME --role labeller|auditor|admin");
            Console.WriteLine($"Let simulated experts label it (in another terminal):\n  ./dr simulate --project {project.ProjectId} --stations 3 --sessions 2");
            Console.WriteLine($"List its images:\n  ./dr images --project {project.ProjectId}");
            return true;
        }
        catch (Exception error) when (error is HttpRequestException or IOException or ArgumentException)
        {
            CliConsole.Out.MarkupLine($"[red]Could not create the demo project:[/] {Markup.Escape(error.Message)}");
            return false;
        }
    }

    private static void Render(IReadOnlyList<ServiceHealth> report)
    {
        var table = new Table().AddColumns("service", "url", "pid", "ready (PostgreSQL + bus)", "heartbeat over RabbitMQ");
        foreach (var health in report)
        {
            table.AddRow(
                health.Service.Name,
                health.Service.BaseAddress.ToString(),
                health.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                health.Ready ? "[green]ready[/]" : $"[red]{Markup.Escape(Truncate(health.Detail))}[/]",
                health.HeartbeatSeen ? "[green]received[/]" : "[red]none[/]");
        }
        CliConsole.Out.Write(table);
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static async Task<int> BuildAsync(string root, string configuration, CancellationToken cancellationToken)
    {
        var build = new ProcessStartInfo("dotnet", ["build", Path.Combine(root, "DefectRefine.sln"), "-c", configuration, "--nologo", "-v", "quiet"]);
        using var process = Process.Start(build) ?? throw new InvalidOperationException("Could not run dotnet build.");
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }
}
