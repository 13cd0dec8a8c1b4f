using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DefectRefine.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Web;

/// <summary>
/// A newcomer's first hour, as issue 16 walked it: a fresh clone of the committed checkout, <c>./scripts/demo.sh</c>
/// with its own PostgreSQL and RabbitMQ (nothing of this test run's infrastructure is passed on), one simulated
/// session, the CLI piped as a script would use it, then the printed links in Chromium (web/e2e/first-hour.e2e.mjs)
/// and Ctrl-C, after which nothing the demo started may still run. Set DR_SCREENSHOTS to keep the screenshots (the
/// README's are taken this way).
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed partial class FirstHourTests(ITestOutputHelper output)
{
    // Ports of the clone's own servers: apart from the test run's (55432…) and from the demo's services (5100…).
    private static readonly Dictionary<string, string> ClonePorts = new()
    {
        ["DR_PG_PORT"] = "57432", ["DR_AMQP_PORT"] = "57672", ["DR_RABBIT_DIST_PORT"] = "57673", ["DR_EPMD_PORT"] = "57674",
    };

    [Fact]
    public async Task A_fresh_clone_demo_gives_working_links_a_truthful_history_and_stops_everything_on_ctrl_c()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        var parent = Directory.CreateTempSubdirectory("dr-first-hour-").FullName;
        // PostgreSQL runs as its own user and must reach its data folder inside the clone, as in any checkout.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var clone = Path.Combine(parent, "DefectRefine");
        await RunAsync("git", ["clone", "--quiet", "--no-hardlinks", BuiltServices.RepositoryRoot, clone], BuiltServices.RepositoryRoot, timeout.Token);
        Assert.False(File.Exists(Path.Combine(clone, "web", "dist", "index.html")), "a fresh clone has no built UI; the demo must build it");

        try
        {
            var demoLog = new StringBuilder();
            // A session of its own, as a terminal gives a command: Ctrl-C reaches its whole process group.
            var demo = Start("setsid", ["bash", "scripts/demo.sh"], clone, demoLog);
            try
            {
                var printed = await WaitForAsync(demoLog, text => SimulateLine().IsMatch(text), TimeSpan.FromMinutes(15), demo, timeout.Token);
                var links = Links.Read(printed);
                output.WriteLine($"project {links.Project}; demo printed:\n{printed}");

                var simulate = await RunAsync("./dr", ["simulate", "--project", links.Project, "--stations", "3", "--sessions", "1"], clone, timeout.Token);
                output.WriteLine(simulate);

                await CheckCliAsync(clone, links, timeout.Token);
                await CheckInBrowserAsync(clone, links, timeout.Token);
            }
            finally
            {
                await StopAsync(demo, demoLog);
                output.WriteLine(demoLog.ToString());
            }

            // Ctrl-C stops what the demo started: its services, PostgreSQL, RabbitMQ and epmd of the clone.
            var left = ProcessesMentioning(clone);
            var listening = new[] { 5100, 5101, 5102, 5103, 5104 }.Concat(ClonePorts.Values.Select(int.Parse)).Where(Listens).ToList();
            Assert.True(left.Count == 0, $"processes of the demo still run after Ctrl-C:\n{string.Join('\n', left)}");
            Assert.True(listening.Count == 0, $"ports of the demo still answer after Ctrl-C: {string.Join(", ", listening)}");
        }
        finally
        {
            await RunAsync("bash", ["scripts/services.sh", "down"], clone, CancellationToken.None, allowFailure: true);
            Directory.Delete(parent, recursive: true);
        }
    }

    private static List<string> ProcessesMentioning(string path)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(path, StringComparison.Ordinal))
                    found.Add($"{pid}: {commandLine}");
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    private static bool Listens(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>What a script sees: tables one row a line at any width, settings found, the project's images listed.</summary>
    private async Task CheckCliAsync(string clone, Links links, CancellationToken cancellationToken)
    {
        var doctor = await RunAsync("./dr", ["doctor"], clone, cancellationToken);
        Assert.DoesNotContain("is not set", doctor, StringComparison.Ordinal);

        var images = await RunAsync("./dr", ["images", "--project", links.Project], clone, cancellationToken, columns: "220");
        output.WriteLine(images);
        var rows = images.Split('\n').Where(line => GuidText().IsMatch(line)).ToList();
        Assert.True(rows.Count >= 10, $"dr images listed {rows.Count} images:\n{images}");
        var image = GuidText().Match(rows[0]).Value;

        var history = await RunAsync("./dr", ["history", "list", image], clone, cancellationToken, columns: "220");
        output.WriteLine(history);
        Assert.Contains("MaskInitialised", history, StringComparison.Ordinal);
        // A row of the table is one line: the first event's summary is not cut into 8-character pieces.
        Assert.Matches(new Regex("MaskInitialised.*(box|Box)"), history);
    }

    private async Task CheckInBrowserAsync(string clone, Links links, CancellationToken cancellationToken)
    {
        var chromium = Environment.GetEnvironmentVariable("DR_CHROMIUM") ?? "/usr/bin/chromium";
        var web = Path.Combine(clone, "web");
        var start = new ProcessStartInfo("node", [Path.Combine("e2e", "first-hour.e2e.mjs")])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DR_LINKS"] = JsonSerializer.Serialize(links, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        start.Environment["DR_CHROMIUM"] = chromium;
        var screenshots = Environment.GetEnvironmentVariable("DR_SCREENSHOTS");
        // A relative folder is the checkout's (DR_SCREENSHOTS=docs/screenshots retakes the README's), not the test host's.
        start.Environment["DR_SCREENSHOTS"] = string.IsNullOrEmpty(screenshots) ? Path.Combine(Path.GetTempPath(), "dr-first-hour-screenshots")
            : Path.GetFullPath(screenshots, BuiltServices.RepositoryRoot);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(process.ExitCode == 0, $"browser checks failed:\n{await stdout}\n{await stderr}");
        Assert.Contains("all first-hour checks passed", await stdout, StringComparison.Ordinal);
    }

    private static ProcessStartInfo Info(string file, IEnumerable<string> args, string directory, string? columns = null)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        // A newcomer's shell: none of this test run's infrastructure settings, servers of the clone's own.
        foreach (var name in new[] { "ConnectionStrings__Postgres", "ConnectionStrings__RabbitMq", "Auth__SigningKey", "Auth__Authority", "DR_TOKEN", "DR_REPO_ROOT" })
            info.Environment.Remove(name);
        foreach (var (name, value) in ClonePorts)
            info.Environment[name] = value;
        if (columns is not null)
            info.Environment["COLUMNS"] = columns;
        return info;
    }

    private static Process Start(string file, IEnumerable<string> args, string directory, StringBuilder log)
    {
        var process = Process.Start(Info(file, args, directory)) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> RunAsync(string file, IEnumerable<string> args, string directory, CancellationToken cancellationToken,
        bool allowFailure = false, string? columns = null)
    {
        var arguments = args.ToList();
        using var process = Process.Start(Info(file, arguments, directory, columns)) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = await stdout + await stderr;
        if (!allowFailure && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{text}");
        return text;
    }

    private static async Task<string> WaitForAsync(StringBuilder log, Func<string, bool> done, TimeSpan limit, Process process, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            string text;
            lock (log) text = log.ToString();
            if (done(text))
                return text;
            if (process.HasExited)
                throw new InvalidOperationException($"the demo exited ({process.ExitCode}) before printing its links:\n{text}");
            await Task.Delay(1000, cancellationToken);
        }
        lock (log) throw new TimeoutException($"the demo printed no links within {limit}:\n{log}");
    }

    /// <summary>Ctrl-C, as a person in the terminal would press it; then a kill only if it never ends.</summary>
    private static async Task StopAsync(Process demo, StringBuilder log)
    {
        if (demo.HasExited)
            return;
        Process.Start("kill", ["-INT", "--", "-" + demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await demo.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            demo.Kill(entireProcessTree: true);
            lock (log) log.AppendLine("(the demo did not end within 90 s of Ctrl-C and was killed)");
            throw new TimeoutException($"the demo did not end within 90 s of Ctrl-C:\n{log}");
        }
    }

    // The copy-paste command alone on its line: never wrapped, never split.
    [GeneratedRegex(@"^\s*\./dr simulate --project [0-9a-f-]{36} --stations 3 --sessions 2\s*$", RegexOptions.Multiline)]
    private static partial Regex SimulateLine();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidText();

    /// <summary>The three links the demo prints, each whole on a line of its own.</summary>
    private sealed partial record Links(string Project, string Station, string Audit, string Status)
    {
        public static Links Read(string printed)
        {
            string Find(Regex pattern) => pattern.Match(printed) is { Success: true } m ? m.Value
                : throw new InvalidOperationException($"the demo printed no link matching {pattern}:\n{printed}");
            var station = Find(StationLink());
            return new Links(ProjectId().Match(station).Groups[1].Value, station, Find(AuditLink()), Find(StatusLink()));
        }

        [GeneratedRegex(@"http://127\.0\.0\.1:5100/app/\?project=[0-9a-f-]{36}#token=\S+")]
        private static partial Regex StationLink();

        [GeneratedRegex(@"http://127\.0\.0\.1:5100/app/\?project=[0-9a-f-]{36}&view=audit#token=\S+")]
        private static partial Regex AuditLink();

        [GeneratedRegex(@"http://127\.0\.0\.1:5100/status/[0-9a-f-]{36}\?access_token=\S+")]
        private static partial Regex StatusLink();

        [GeneratedRegex(@"project=([0-9a-f-]{36})")]
        private static partial Regex ProjectId();
    }
}
