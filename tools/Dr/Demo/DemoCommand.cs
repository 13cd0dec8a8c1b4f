using System.CommandLine;
using System.Diagnostics;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.ServiceDefaults;
using Spectre.Console;

namespace DefectRefine.Cli.Demo;

/// <summary>
/// <c>dr demo</c>: starts PostgreSQL and RabbitMQ if needed, builds and starts the five services, and shows that each
/// is ready (its /health/ready checks PostgreSQL and the bus) and that its heartbeat came back over RabbitMQ.
/// </summary>
public static class DemoCommand
{
    public static Command Build()
    {
        var check = new Option<bool>("--check") { Description = "Exit after the health table (0 when every service is healthy) instead of running until Ctrl-C." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for every service to become healthy.", DefaultValueFactory = _ => 120 };
        var noBuild = new Option<bool>("--no-build") { Description = "Use the existing Release build of the services." };
        var command = new Command("demo", "Start every service against the local infrastructure and show that they are healthy.")
        {
            check, timeout, noBuild,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(check), TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(noBuild), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool checkOnly, TimeSpan timeout, bool noBuild, CancellationToken cancellationToken)
    {
        const string configuration = "Release";
        var root = RepositoryPaths.Root;
        var environment = await LocalInfrastructure.EnsureUpAsync(Console.Error, cancellationToken);

        if (!noBuild)
        {
            AnsiConsole.MarkupLine("[grey]Building the services (Release)...[/]");
            if (await BuildAsync(root, configuration, cancellationToken) != 0)
                return 1;
        }

        var rabbitMq = new Uri(environment["ConnectionStrings__" + InfrastructureSettings.RabbitMqKey]);
        await using var heartbeats = await HeartbeatListener.StartAsync(rabbitMq, cancellationToken);
        var logs = Path.Combine(root, ".state", "logs");
        await using var fleet = ServiceFleet.Start(ServiceSpec.All, environment, root, configuration, logs);
        AnsiConsole.MarkupLine($"[grey]Started {fleet.Running.Count} services; logs in {Markup.Escape(logs)}[/]");

        var report = await fleet.WaitForHealthAsync(heartbeats, timeout, cancellationToken);
        Render(report);
        var allHealthy = report.All(health => health.Healthy);
        if (checkOnly || !allHealthy)
            return allHealthy ? 0 : 1;

        AnsiConsole.MarkupLine("All services are healthy. [bold]Ctrl-C[/] stops them.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[grey]Stopping the services...[/]");
        }
        return 0;
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
        AnsiConsole.Write(table);
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
