using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.Masks;
using DefectRefine.Masks.Progress;
using DefectRefine.Security;
using DefectRefine.ServiceDefaults;
using DefectRefine.Stations;
using Marten;
using MassTransit;
using Xunit.Abstractions;

namespace DefectRefine.IntegrationTests.Loop;

/// <summary>
/// Refined masks in the running loop: after a session and its training round, the Miner has proposed a refined mask
/// for every image; the default export gives them, differs from the initial labels and agrees with every expert
/// answer; they were composed from the pixel learner's map (each proposal records it, and the Miner logs it); the expert
/// layer is exported on request; the audit view names the model as their author; a redelivered ModelTrained appends nothing.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RefinedMasksLoopTests(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    private const int Images = 8;

    [Fact]
    public async Task After_a_training_round_every_image_has_a_refined_mask_that_exports_by_default_and_keeps_every_answer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        await using var fleet = await LoopFleet.StartAsync(infrastructure, Images, basePort: 5462, ct);
        // Answers propagate by default (ProjectSettings.Reach): each label reaches its superpixel where the model agrees.
        var settings = LoopFleet.SmallSettings(leaseSeconds: 60, sessionTarget: 8);
        var project = await fleet.CreateLabellingProjectAsync(settings, ct);
        var expert = await fleet.ExpertAsync(project.DatasetId, ct);
        var acknowledged = new List<Guid>();
        await using (var station = await fleet.ConnectStationAsync(0, "ann-station", "ann", ct))
        {
            await station.JoinAsync(project.ProjectId, ct);
            for (var i = 0; i < settings.SessionTarget; i++)
                acknowledged.Add(await LoopFleet.AnswerNextAsync(station, expert, ct));
        }
        var masks = await WaitForRoundAsync(fleet, project.DatasetId, round: 1, ct);
        var version = masks[0].RefinedModelVersion!;
        Assert.All(masks, m => Assert.Equal(version, m.RefinedModelVersion));

        using var ingest = Client(fleet, "Ingest");
        using var gateway = Client(fleet, "LabelGateway");
        var (refined, manifest) = await ExportAsync(ingest, project.DatasetId, "", ct);
        Assert.Equal("refined", manifest.GetProperty("layer").GetString());
        Assert.All(manifest.GetProperty("images").EnumerateArray(), i =>
            Assert.Equal(("refined", version, 1), (i.GetProperty("layer").GetString(), i.GetProperty("refinedBy").GetString(), i.GetProperty("refinedRound").GetInt32())));
        Assert.Empty(manifest.GetProperty("notes").EnumerateArray());

        var truth = TruthFolder.Load(await fleet.Api.ImagesAsync(project.DatasetId, ct), fleet.TruthFolder);
        var (changedFromInitial, answeredPixels) = (0, 0);
        var scores = new Dictionary<string, PixelScore>();
        await using (var session = fleet.Store.QuerySession())
        {
            foreach (var mask in masks)
            {
                var fileName = (await session.LoadAsync<ImageRecord>(mask.Id, ct))!.FileName;
                var exported = refined[Path.ChangeExtension(fileName, ".png")];
                Assert.Equal(mask.RefinedMask, exported);
                var events = await session.Events.FetchStreamAsync(mask.Id, version: mask.Version, token: ct);
                var first = (MaskInitialised)events[0].Data;
                var latest = events.Select(e => e.Data).OfType<RefinedMaskProposed>().Last();
                Assert.Equal((version, "pixel"), (latest.ModelVersion, latest.Learner));
                var initial = MaskRunLength.Decode(first.Width, first.Height, first.RunLengths);
                changedFromInitial += exported.DifferenceFrom(initial).Sum(run => run.Length);

                // Every pixel an expert answered (and did not undo) has the expert's label in the refined export.
                var answers = ExpertAnswers.Layer(mask.Width, mask.Height, events.Select(e => (e.Version, e.Data)));
                answeredPixels += answers.Count;
                for (var p = 0; p < exported.PixelCount; p++)
                    if (answers.Known.Get(p))
                        Assert.True(answers.Defect.Get(p) == exported.Get(p), $"{fileName}: pixel {p} contradicts the expert");
                Score(scores, "initial", initial, truth[mask.Id]);
                Score(scores, "expert layer", mask.Mask, truth[mask.Id]);
                Score(scores, "refined", exported, truth[mask.Id]);
            }
        }
        Assert.True(answeredPixels > 0, "the session's answers labelled no pixel");
        await AssertAnswersPropagatedAsync(fleet, masks, ct);
        Assert.True(changedFromInitial > 0, "the refined export equals the initial labels");
        var minerLog = string.Concat(fleet.ReadLogs("Miner.log"));
        Assert.Contains($"refined masks from the pixel model of {version}", minerLog);
        Assert.DoesNotContain($"no pixel model of {version}", minerLog);
        Assert.Contains($"pixel model {version} after", string.Concat(fleet.ReadLogs("Trainer.log")));
        var f1 = string.Join(", ", scores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value.F1:F3}")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Images} images, {acknowledged.Count} answers labelling {answeredPixels} px; refined (pixel learner) differs from the initial labels in {changedFromInitial} px; pixel F1 vs truth: {f1}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"refined vs initial pixel F1: {scores["refined"].F1:F3} vs {scores["initial"].F1:F3}"));

        // The expert's layer on request; a layer that does not exist is refused, saying which do.
        var (expertLayer, expertManifest) = await ExportAsync(ingest, project.DatasetId, "&layer=expert", ct);
        Assert.Equal("expert", expertManifest.GetProperty("layer").GetString());
        await using (var session = fleet.Store.QuerySession())
            foreach (var mask in await session.Query<MaskProjection>().Where(m => m.DatasetId == project.DatasetId).ToListAsync(ct))
                Assert.Equal(mask.Mask, expertLayer[Path.ChangeExtension((await session.LoadAsync<ImageRecord>(mask.Id, ct))!.FileName, ".png")]);
        using (var bad = await ingest.GetAsync($"/api/datasets/{project.DatasetId}/export?layer=model", ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadAsStringAsync(ct);
            Assert.Contains("Unknown layer 'model'", problem);
            Assert.Contains("expert", problem);
        }

        // The audit view names the model as the author, and the station's endpoint serves the refined mask.
        var image = masks[0];
        var history = JsonDocument.Parse(await gateway.GetStringAsync($"/api/images/{image.Id}/history", ct)).RootElement.EnumerateArray().ToList();
        var proposal = history.Last(h => h.GetProperty("event").GetString() == nameof(RefinedMaskProposed));
        Assert.Equal($"model {version}", proposal.GetProperty("user").GetString());
        Assert.StartsWith($"refined mask by model {version} (training round 1), pixel learner", proposal.GetProperty("summary").GetString());
        Assert.Contains(history, h => h.GetProperty("event").GetString() == nameof(RefinedMaskProposed)
            && h.GetProperty("summary").GetString()!.Contains("(training round 0)", StringComparison.Ordinal));
        using (var png = await gateway.GetAsync($"/api/images/{image.Id}/refined-mask", ct))
        {
            png.EnsureSuccessStatusCode();
            Assert.Equal(image.RefinedMask, MaskPng.Decode(await png.Content.ReadAsByteArrayAsync(ct)));
            Assert.Equal("1", png.Headers.GetValues("X-Refined-Round").Single());
        }
        // Either layer at any version: the proposal's version has it; the version before it had round 0's, not this.
        var proposed = proposal.GetProperty("version").GetInt64();
        async Task<BinaryMask> AtAsync(long v, string layer) =>
            MaskPng.Decode(await gateway.GetByteArrayAsync($"/api/images/{image.Id}/history/mask?version={v}&layer={layer}", ct));
        Assert.Equal(image.RefinedMask, await AtAsync(proposed, "refined"));
        await using (var session = fleet.Store.QuerySession())
        {
            var earlier = (await session.Events.FetchStreamAsync(image.Id, version: proposed - 1, token: ct)).Select(e => e.Data).OfType<RefinedMaskProposed>().Last();
            Assert.Equal(0, earlier.Round);
            Assert.Equal(MaskRunLength.Decode(image.Width, image.Height, earlier.RunLengths), await AtAsync(proposed - 1, "refined"));
        }
        Assert.Equal(image.Mask, await AtAsync(proposed, "expert"));
        var status = await gateway.GetStringAsync($"/status/{project.ProjectId}", ct);
        Assert.Contains($"{Images} of {Images} image(s) (round 1 by model {version}: {Images})", status);

        await AssertRedeliveryAppendsNothingAsync(fleet, project, version, masks, ct);
        await LoopAudit.AssertEveryAnswerKeptOnceAsync(fleet, project.ProjectId, project.DatasetId, acknowledged, [], ct);
    }

    /// <summary>
    /// The answers' events carry the regions their labels reached, drawn on the map the Miner stored for the query's
    /// model, and their flips hold those regions; the audit view says how far they reached.
    /// </summary>
    private async Task AssertAnswersPropagatedAsync(LoopFleet fleet, IReadOnlyList<MaskProjection> masks, CancellationToken ct)
    {
        var (propagated, reached) = (0, 0L);
        Guid? shown = null;
        await using (var session = fleet.Store.QuerySession())
        {
            foreach (var mask in masks)
            {
                foreach (var e in (await session.Events.FetchStreamAsync(mask.Id, token: ct)).Select(e => e.Data).OfType<CentrePixelsRefined>())
                {
                    if (e.Propagation is not { } reach)
                        continue;
                    propagated++;
                    Assert.Equal(e.Labels.Count, reach.Regions.Count);
                    Assert.Equal(e.Context.ModelVersion, reach.ModelVersion);
                    reached += reach.Regions.Sum(r => MaskRunLength.CountSet(r.RunLengths));
                    shown ??= mask.Id;
                }
            }
        }
        output.WriteLine($"{propagated} answer event(s) propagated, reaching {reached} px beyond the pixels they name");
        Assert.True(propagated > 0 && reached > 0, "no answer propagated: did the Miner store the maps of the query images?");
        using var gateway = Client(fleet, "LabelGateway");
        var history = await gateway.GetStringAsync($"/api/images/{shown}/history", ct);
        Assert.Contains("superpixel-map propagation on model", history);
    }

    /// <summary>ModelTrained of round 1 again, twice, as after a lost acknowledgement: the Miner handles both and appends nothing.</summary>
    private async Task AssertRedeliveryAppendsNothingAsync(LoopFleet fleet, ProjectStatus project, string version, IReadOnlyList<MaskProjection> masks, CancellationToken ct)
    {
        var handled = $"refined masks of round 1 by model {version}: 0 proposed, {Images} already there";
        int Handled() => fleet.ReadLogs("Miner.log").Sum(log => log.Split('\n').Count(line => line.Contains(handled, StringComparison.Ordinal)));
        var before = Handled();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.ConfigureHost(infrastructure.RabbitMq));
        await bus.StartAsync(ct);
        try
        {
            for (var copy = 0; copy < 2; copy++)
                await bus.Publish(new ModelTrained(project.ProjectId, 1, version, null, 20, 0.5, 0.8, 1, "duplicate", DateTimeOffset.UtcNow), ct);
        }
        finally
        {
            await bus.StopAsync(ct);
        }
        for (var waited = 0; Handled() - before < 2; waited++)
        {
            Assert.True(waited < 120, $"the Miner did not report both redelivered rounds in 60 s ({Handled() - before} seen)");
            await Task.Delay(500, ct);
        }
        await using var session = fleet.Store.QuerySession();
        foreach (var mask in masks)
        {
            var events = await session.Events.FetchStreamAsync(mask.Id, token: ct);
            Assert.Single(events, e => e.Data is RefinedMaskProposed p && p.ModelVersion == version);
        }
    }

    /// <summary>Every image's projection once its latest refined mask is from <paramref name="round"/>.</summary>
    private static async Task<IReadOnlyList<MaskProjection>> WaitForRoundAsync(LoopFleet fleet, Guid datasetId, int round, CancellationToken ct)
    {
        while (true)
        {
            await using var session = fleet.Store.QuerySession();
            var masks = await session.Query<MaskProjection>().Where(m => m.DatasetId == datasetId).ToListAsync(ct);
            if (masks.Count == Images && masks.All(m => m.RefinedRound == round))
                return masks;
            await Task.Delay(500, ct);
        }
    }

    private static void Score(Dictionary<string, PixelScore> scores, string name, BinaryMask mask, BinaryMask truth) =>
        scores[name] = scores.GetValueOrDefault(name) + PixelScore.Of(mask, truth);

    private static HttpClient Client(LoopFleet fleet, string service)
    {
        var client = new HttpClient { BaseAddress = fleet.Services.First(s => s.Name == service).BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", fleet.Token("auditor-ida", Roles.Auditor));
        return client;
    }

    private static async Task<(Dictionary<string, BinaryMask> Masks, JsonElement Manifest)> ExportAsync(HttpClient ingest, Guid datasetId, string query, CancellationToken ct)
    {
        using var response = await ingest.GetAsync($"/api/datasets/{datasetId}/export?format=png{query}", ct);
        response.EnsureSuccessStatusCode();
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct)), ZipArchiveMode.Read);
        var masks = zip.Entries.Where(e => e.FullName.StartsWith("masks/", StringComparison.Ordinal)).ToDictionary(e => e.FullName["masks/".Length..], e =>
        {
            using var stream = e.Open();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            return MaskPng.Decode(bytes.ToArray());
        });
        using var manifest = zip.GetEntry("manifest.json")!.Open();
        return (masks, JsonDocument.Parse(manifest).RootElement.Clone());
    }
}
