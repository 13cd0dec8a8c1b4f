using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.Cli;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore;
using DefectRefine.Masks;
using DefectRefine.UnitTests;
using Microsoft.Extensions.DependencyInjection;

namespace DefectRefine.IntegrationTests.Ingest;

/// <summary>
/// The auditor's <c>dr history</c> commands, run through the real command tree against the label store an Ingest
/// host wrote: list, rebuild at a version, diff, undo and export at a time.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DrHistoryCommandTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task An_auditor_lists_rebuilds_diffs_undoes_and_exports_from_the_command_line()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var output = Directory.CreateTempSubdirectory("dr-history-").FullName;
        try
        {
            var (dataset, image, truth) = await ImportOneAsync(hosts);
            var before = DateTimeOffset.UtcNow;
            var writer = hosts.IngestServices.GetRequiredService<MaskWriter>();
            var context = new RefinementContext(new LabelAuthor("station-b", "quality-eve"), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), "model-1", []);
            await writer.RefinePatchesAsync(image, context, 4, [new PatchLabel(20, 20, !truth[20, 20])]);

            var (code, listed) = await DrAsync("history", "list", image.ToString(), "--json");
            Assert.Equal(0, code);
            var events = JsonDocument.Parse(listed).RootElement;
            Assert.Equal(["MaskInitialised", "PatchesRefined"], events.EnumerateArray().Select(e => e.GetProperty("event").GetString()));
            Assert.Equal("quality-eve", events[1].GetProperty("user").GetString());

            var atOne = Path.Combine(output, "v1.png");
            Assert.Equal(0, (await DrAsync("history", "mask", image.ToString(), "--version", "1", "-o", atOne)).Code);
            Assert.Equal(truth, MaskPng.Decode(await File.ReadAllBytesAsync(atOne)));

            var (_, diffed) = await DrAsync("history", "diff", image.ToString(), "--from", "1", "--to", "2", "--json");
            Assert.Equal(16, JsonDocument.Parse(diffed).RootElement.GetProperty("changedPixels").GetInt32());

            Assert.Equal(0, (await DrAsync("history", "revert", image.ToString(), "2", "--reason", "wrong patch", "--user", "auditor-ann")).Code);
            var current = MaskPng.Decode(await hosts.Ingest.GetByteArrayAsync($"/api/images/{image}/mask"));
            Assert.Equal(truth, current);

            var zip = Path.Combine(output, "before.zip");
            Assert.Equal(0, (await DrAsync("history", "export", dataset.ToString(), "--at", before.ToString("O"), "--format", "png", "-o", zip)).Code);
            using (var archive = ZipFile.OpenRead(zip))
            {
                var png = archive.Entries.Single(e => e.FullName.EndsWith(".png", StringComparison.Ordinal));
                using var stream = new MemoryStream();
                await using (var entry = png.Open())
                    await entry.CopyToAsync(stream);
                Assert.Equal(truth, MaskPng.Decode(stream.ToArray()));
            }

            // A training round's refined mask: exported by default, the expert's layer with --layer expert.
            var everywhere = Enumerable.Repeat(1f, truth.PixelCount).ToArray();
            Assert.NotNull(await writer.ProposeRefinedAsync(image, Guid.NewGuid(), "model-9", 1, everywhere));
            var refined = (await hosts.IngestServices.GetRequiredService<ImageCatalog>().GetCurrentMaskAsync(image)).RefinedMask!;
            Assert.NotEqual(truth, refined);
            var (exportCode, exported) = await DrAsync("history", "export", dataset.ToString(), "-o", Path.Combine(output, "refined.zip"));
            Assert.Equal(0, exportCode);
            Assert.Contains("1 refined by the model, 0 from the expert's layer", exported);
            Assert.Equal(refined, await SingleMaskAsync(Path.Combine(output, "refined.zip")));
            Assert.Equal(0, (await DrAsync("history", "export", dataset.ToString(), "--layer", "expert", "-o", Path.Combine(output, "expert.zip"))).Code);
            Assert.Equal(truth, await SingleMaskAsync(Path.Combine(output, "expert.zip")));
            var refinedPng = Path.Combine(output, "v4-refined.png");
            Assert.Equal(0, (await DrAsync("history", "mask", image.ToString(), "--version", "4", "--layer", "refined", "-o", refinedPng)).Code);
            Assert.Equal(refined, MaskPng.Decode(await File.ReadAllBytesAsync(refinedPng)));
            Assert.Equal(3, (await DrAsync("history", "mask", image.ToString(), "--version", "3", "--layer", "refined", "-o", Path.Combine(output, "v3.png"))).Code);
            var (listCode, withProposal) = await DrAsync("history", "list", image.ToString(), "--json");
            Assert.Equal(0, listCode);
            var proposal = JsonDocument.Parse(withProposal).RootElement.EnumerateArray().Last();
            Assert.Equal(("RefinedMaskProposed", "model model-9"), (proposal.GetProperty("event").GetString(), proposal.GetProperty("user").GetString()));
            Assert.StartsWith("refined mask by model model-9 (training round 1)", proposal.GetProperty("summary").GetString());

            Assert.Equal(3, (await DrAsync("history", "mask", Guid.NewGuid().ToString(), "--version", "1", "-o", Path.Combine(output, "x.png"))).Code);
            Assert.Equal(2, (await DrAsync("history", "revert", image.ToString(), "1", "--reason", "no")).Code);
            Assert.Equal(2, (await DrAsync("history", "export", dataset.ToString(), "--format", "tiff", "-o", Path.Combine(output, "bad.zip"))).Code);
            Assert.Empty(Directory.GetFiles(output, "bad.zip*"));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }

        async Task<(int Code, string Output)> DrAsync(params string[] args)
        {
            var console = Console.Out;
            using var captured = new StringWriter();
            Console.SetOut(captured);
            try
            {
                var code = await DrCommand.Build().Parse([.. args, "--postgres", infrastructure.Postgres, "--schema", hosts.Schema]).InvokeAsync();
                return (code, captured.ToString());
            }
            finally
            {
                Console.SetOut(console);
            }
        }
    }

    private static async Task<BinaryMask> SingleMaskAsync(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        var png = archive.Entries.Single(e => e.FullName.EndsWith(".png", StringComparison.Ordinal));
        using var stream = new MemoryStream();
        await using (var entry = png.Open())
            await entry.CopyToAsync(stream);
        return MaskPng.Decode(stream.ToArray());
    }

    private static async Task<(Guid Dataset, Guid Image, BinaryMask Truth)> ImportOneAsync(ServiceHosts hosts)
    {
        var dataset = await hosts.CreateDatasetAsync("audit");
        var maskBytes = await File.ReadAllBytesAsync(Path.Combine(SharedData.NeuSeg, "masks", "train", "000007.png"));
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(SharedData.NeuSeg, "images", "train", "000007.jpg"))), "image", "000007.jpg" },
            { new ByteArrayContent(maskBytes), "mask", "000007.png" },
        };
        var response = await hosts.Ingest.PostAsync($"/api/datasets/{dataset}/images", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var image = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (dataset, image, MaskPng.Decode(maskBytes));
    }
}
