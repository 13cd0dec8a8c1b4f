using System.Diagnostics;

namespace DefectRefine.Cli.Demo;

/// <summary>
/// Runs the service hosts as real child processes against the given infrastructure settings, polls their readiness
/// and stops them gracefully (SIGTERM, so MassTransit and Marten close cleanly) when disposed.
/// </summary>
public sealed class ServiceFleet : IAsyncDisposable
{
    private readonly List<(ServiceSpec Spec, Process Process)> _running = [];
    private readonly List<StreamWriter> _logs = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _repositoryRoot;
    private readonly string _configuration;
    private readonly string _logDirectory;

    private ServiceFleet(IReadOnlyDictionary<string, string> environment, string repositoryRoot, string configuration, string logDirectory) =>
        (_environment, _repositoryRoot, _configuration, _logDirectory) = (environment, repositoryRoot, configuration, logDirectory);

    public IReadOnlyList<(ServiceSpec Spec, Process Process)> Running => _running;

    public static ServiceFleet Start(
        IReadOnlyList<ServiceSpec> services, IReadOnlyDictionary<string, string> environment,
        string repositoryRoot, string configuration, string logDirectory)
    {
        Directory.CreateDirectory(logDirectory);
        var fleet = new ServiceFleet(environment, repositoryRoot, configuration, logDirectory);
        try
        {
            foreach (var service in services)
                fleet._running.Add((service, fleet.Launch(service, LogName(service, services.Select(s => s.Name)), append: false)));
            return fleet;
        }
        catch
        {
            fleet.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Kills a service outright (SIGKILL: no shutdown at all, as a crash or the OOM killer would), for fault tests.</summary>
    public async Task KillAsync(ServiceSpec service)
    {
        var index = _running.FindIndex(entry => entry.Spec == service);
        if (index < 0)
            throw new InvalidOperationException($"{service.Name} on {service.Port} is not part of this fleet.");
        var process = _running[index].Process;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts a killed or exited service again on its port, appending to its log.</summary>
    public void Restart(ServiceSpec service)
    {
        var index = _running.FindIndex(entry => entry.Spec == service);
        if (index < 0 || !_running[index].Process.HasExited)
            throw new InvalidOperationException($"{service.Name} on {service.Port} is not a stopped member of this fleet.");
        _running[index].Process.Dispose();
        _running[index] = (service, Launch(service, LogName(service, _running.Select(r => r.Spec.Name)), append: true));
    }

    /// <summary>Waits until a member answers /health/ready (a restarted one, say), or the token is cancelled.</summary>
    public async Task WaitReadyAsync(ServiceSpec service, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(service.BaseAddress, "/health/ready"), cancellationToken);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // the probe timed out; try again
            }
            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>Replicas of one service (several gateways) each get a log of their own.</summary>
    private static string LogName(ServiceSpec service, IEnumerable<string> members) =>
        members.Count(name => name == service.Name) > 1 ? $"{service.Name}-{service.Port}" : service.Name;

    private Process Launch(ServiceSpec service, string logName, bool append)
    {
        var assembly = service.AssemblyPath(_repositoryRoot, _configuration);
        if (!File.Exists(assembly))
            throw new FileNotFoundException($"{service.Name} is not built ({assembly}); run: dotnet build DefectRefine.sln -c {_configuration}");
        var start = new ProcessStartInfo("dotnet", [assembly, "--urls", service.BaseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in _environment)
            start.Environment[name] = value;
        start.Environment["Heartbeat__IntervalSeconds"] = "2";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {service.Name}.");
        if (service.Name != "LabelGateway")
            YieldToStations(process);
        var log = new StreamWriter(new FileStream(Path.Combine(_logDirectory, logName + ".log"), append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _logs.Add(log);
        var sync = TextWriter.Synchronized(log);
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) sync.WriteLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) sync.WriteLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls every service's /health/ready until all answer 200 and sent a heartbeat, or the timeout passes.</summary>
    public async Task<IReadOnlyList<ServiceHealth>> WaitForHealthAsync(
        HeartbeatListener heartbeats, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var report = await Task.WhenAll(_running.Select(entry => ProbeAsync(entry.Spec, entry.Process, heartbeats, cancellationToken)));
            if (report.All(health => health.Healthy) || deadline.Elapsed > timeout || report.Any(h => h.Detail.StartsWith("exited", StringComparison.Ordinal)))
                return report;
            await Task.Delay(500, cancellationToken);
        }
    }

    private async Task<ServiceHealth> ProbeAsync(ServiceSpec spec, Process process, HeartbeatListener heartbeats, CancellationToken cancellationToken)
    {
        if (process.HasExited)
            return new ServiceHealth(spec, process.Id, false, $"exited with code {process.ExitCode}", false);
        var heartbeat = heartbeats.HasSeen(spec.Name);
        try
        {
            using var response = await _http.GetAsync(new Uri(spec.BaseAddress, "/health/ready"), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new ServiceHealth(spec, process.Id, response.IsSuccessStatusCode, body, heartbeat);
        }
        catch (HttpRequestException exception)
        {
            return new ServiceHealth(spec, process.Id, false, "not listening yet: " + exception.Message, heartbeat);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ServiceHealth(spec, process.Id, false, "health check timed out", heartbeat);
        }
    }

    /// <summary>
    /// On one machine, training, mining and imports run below the gateway's priority (nice 10), so a station's next
    /// query never waits behind a convolution. A cluster gets the same from CPU requests and separate nodes. With 20
    /// stations on 2 cores, this took the next-query p95 from 190 ms to 106 ms (docs/benchmarks.md).
    /// </summary>
    private static void YieldToStations(Process process)
    {
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // Not allowed or not supported here: the services still run, only at the same priority.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process) in _running.Where(entry => !entry.Process.HasExited))
            SendTerminate(process.Id);
        foreach (var (_, process) in _running)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
        }
        _running.Clear();
        foreach (var log in _logs)
            await log.DisposeAsync();
        _http.Dispose();
    }

    // SIGTERM lets the host run its shutdown (bus stop, lease release); Process.Kill would send SIGKILL.
    private static void SendTerminate(int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        kill?.WaitForExit();
    }
}
