using System.ComponentModel;
using System.Diagnostics;

namespace DefectRefine.Cli.Demo;

/// <summary>What the labelling UI needs before the demo's links work: an <c>npm ci</c>, an <c>npm run build</c>, both or neither.</summary>
public sealed record WebUiPlan(bool Install, bool Build)
{
    public bool UpToDate => !Install && !Build;
}

/// <summary>When the UI's files last changed: what <see cref="WebUiBuild.Decide"/> needs, read from web/ by <see cref="WebUiBuild.Inspect"/>.</summary>
/// <param name="InstalledAt">When node_modules was last installed (npm's node_modules/.package-lock.json); null when never.</param>
/// <param name="LockChangedAt">When package-lock.json last changed.</param>
/// <param name="BuiltAt">When dist/index.html was written; null when there is no build.</param>
/// <param name="NewestInput">The newest of web/src/**, index.html, package.json, package-lock.json and vite.config.ts.</param>
public sealed record WebUiState(DateTime? InstalledAt, DateTime LockChangedAt, DateTime? BuiltAt, DateTime NewestInput);

/// <summary>
/// Builds the labelling UI (web/) when it is missing or older than its sources, so that the links the demo prints open
/// the UI on a fresh clone. Quick when the build is current; npm is needed only when something must be done.
/// </summary>
public static class WebUiBuild
{
    public static readonly string[] InputFiles = ["index.html", "package.json", "package-lock.json", "vite.config.ts"];

    /// <summary>
    /// The staleness rule: build when there is no build, or any input (sources, index.html, package files, Vite's
    /// configuration) is newer than it; before a build, install when node_modules was never installed or the lock file
    /// changed since. A current build needs neither, nor npm at all: the gateway serves only web/dist.
    /// </summary>
    public static WebUiPlan Decide(WebUiState state)
    {
        var build = state.BuiltAt is null || state.NewestInput > state.BuiltAt;
        return new WebUiPlan(Install: build && (state.InstalledAt is null || state.LockChangedAt > state.InstalledAt), Build: build);
    }

    /// <summary>Reads the times <see cref="Decide"/> compares from a web/ folder.</summary>
    public static WebUiState Inspect(string web)
    {
        var lockFile = Path.Combine(web, "package-lock.json");
        if (!File.Exists(lockFile) || !File.Exists(Path.Combine(web, "package.json")))
            throw new FileNotFoundException($"{web} has no package.json and package-lock.json: is this a complete DefectRefine checkout?");
        var sources = Path.Combine(web, "src");
        var inputs = InputFiles.Select(name => Path.Combine(web, name)).Where(File.Exists)
            .Concat(Directory.Exists(sources) ? Directory.EnumerateFiles(sources, "*", SearchOption.AllDirectories) : []);
        return new WebUiState(
            Time(Path.Combine(web, "node_modules", ".package-lock.json")),
            File.GetLastWriteTimeUtc(lockFile),
            Time(Path.Combine(web, "dist", "index.html")),
            inputs.Max(File.GetLastWriteTimeUtc));
    }

    /// <summary>Runs what <see cref="Decide"/> asks for in <paramref name="web"/>; false (after saying why) when it fails.</summary>
    public static async Task<bool> EnsureBuiltAsync(string web, TextWriter log, CancellationToken cancellationToken)
    {
        var plan = Decide(Inspect(web));
        if (plan.UpToDate)
        {
            await log.WriteLineAsync("The labelling UI (web/dist) is up to date.");
            return true;
        }
        if (plan.Install)
        {
            await log.WriteLineAsync("Installing the labelling UI's packages (npm ci in web/) ...");
            if (!await NpmAsync(web, ["ci", "--no-audit", "--no-fund"], log, cancellationToken))
                return false;
        }
        await log.WriteLineAsync("Building the labelling UI (npm run build in web/) ...");
        return await NpmAsync(web, ["run", "build"], log, cancellationToken);
    }

    private static async Task<bool> NpmAsync(string web, string[] arguments, TextWriter log, CancellationToken cancellationToken)
    {
        var command = "npm " + string.Join(' ', arguments);
        Process? process;
        try
        {
            // npm's own progress goes to the terminal (stderr); stdout stays for the demo's links.
            var start = new ProcessStartInfo("npm", arguments) { WorkingDirectory = web, RedirectStandardOutput = true };
            process = Process.Start(start);
        }
        catch (Win32Exception)
        {
            process = null;
        }
        if (process is null)
        {
            await log.WriteLineAsync($"Cannot build the labelling UI: npm is not on PATH. Install Node.js 20.19+ with npm, then run: cd web && npm ci && npm run build");
            return false;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var text = await output;
            if (process.ExitCode == 0)
                return true;
            await log.WriteLineAsync(text);
            await log.WriteLineAsync($"'{command}' in {web} failed with exit code {process.ExitCode}; the labelling UI cannot be served. Fix the error above and run ./scripts/demo.sh again.");
            return false;
        }
    }

    private static DateTime? Time(string file) => File.Exists(file) ? File.GetLastWriteTimeUtc(file) : null;
}
