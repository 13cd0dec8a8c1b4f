using System.Diagnostics;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.IntegrationTests.Loop;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Web;

/// <summary>
/// The labelling UI in Debian's Chromium (playwright-core, web/e2e) against the real services: a station connects,
/// receives a query, marks candidates, submits and sees the counter advance; two stations get different queries; Z
/// undoes. Set DR_SCREENSHOTS to a folder to keep the screenshots (docs/screenshots is how they were made).
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WebStationTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    [Fact]
    public async Task Browser_stations_label_through_the_real_gateway()
    {
        var web = Path.Combine(BuiltServices.RepositoryRoot, "web");
        if (!File.Exists(Path.Combine(web, "dist", "index.html")) || !Directory.Exists(Path.Combine(web, "node_modules", "playwright-core")))
            throw new InvalidOperationException("The web UI is not built: run 'npm ci && npm run build' in web/ (scripts/test.sh does).");
        var chromium = Environment.GetEnvironmentVariable("DR_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"No Chromium at {chromium}: apt-get install chromium (scripts/bootstrap.sh does), or set DR_CHROMIUM.");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await using var fleet = await LoopFleet.StartAsync(infrastructure, images: 8, basePort: 5370, timeout.Token);
        var project = await fleet.CreateLabellingProjectAsync(LoopFleet.SmallSettings(leaseSeconds: 120, sessionTarget: 50), timeout.Token);

        var start = new ProcessStartInfo("node", [Path.Combine("e2e", "stations.e2e.mjs")])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DR_GATEWAY"] = fleet.Gateways[0].ToString().TrimEnd('/');
        start.Environment["DR_PROJECT"] = project.ProjectId.ToString();
        start.Environment["DR_CHROMIUM"] = chromium;
        start.Environment["DR_TOKENS"] = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["ann"] = fleet.Token("ann", Security.Roles.Labeller),
            ["bob"] = fleet.Token("bob", Security.Roles.Labeller),
            ["audrey"] = fleet.Token("audrey", Security.Roles.Auditor),
        });
        start.Environment["DR_SCREENSHOTS"] = Environment.GetEnvironmentVariable("DR_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "dr-web-screenshots");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);

        Assert.True(process.ExitCode == 0, $"browser checks failed:\n{await stdout}\n{await stderr}");
        Assert.Contains("all browser checks passed", await stdout, StringComparison.Ordinal);
    }
}
