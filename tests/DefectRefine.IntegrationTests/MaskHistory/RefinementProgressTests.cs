extern alias gateway;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.LabelStore.Loop;
using DefectRefine.Masks;
using DefectRefine.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DefectRefine.IntegrationTests.MaskHistory;

/// <summary>
/// The gateway's refinement read model on the real PostgreSQL: expert answers and an undo appended to the mask streams
/// of three images (two with a true mask in the evaluation folder) show as pixels changed, flips and pixel F1 over time.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RefinementProgressTests(InfrastructureFixture infrastructure) : IDisposable
{
    private readonly string _truthFolder = Directory.CreateTempSubdirectory("dr-truth-").FullName;

    public void Dispose() => Directory.Delete(_truthFolder, recursive: true);

    private static BinaryMask Pixels(params (int X, int Y)[] defects)
    {
        var mask = new BinaryMask(20, 20);
        foreach (var (x, y) in defects)
            mask[x, y] = true;
        return mask;
    }

    [Fact]
    public async Task Expert_answers_and_an_undo_show_as_pixels_changed_and_f1_against_the_truth_over_time()
    {
        await using var labels = new LabelStoreScope(infrastructure);
        var dataset = await labels.Catalog.CreateDatasetAsync($"progress-{Guid.NewGuid():N}", null, "tester");
        var a = await labels.AddImageToAsync(dataset.Id, Pixels((4, 4), (10, 10)), "images/a.png");
        var b = await labels.AddImageToAsync(dataset.Id, Pixels((0, 0)), "images/b.png");
        var c = await labels.AddImageToAsync(dataset.Id, Pixels((7, 7)), "images/c.png");
        // c has no true mask: it counts as an image but stays out of the scores.
        await File.WriteAllBytesAsync(Path.Combine(_truthFolder, "a.png"), MaskPng.Encode(Pixels((1, 1), (2, 2), (3, 3), (4, 4))));
        await File.WriteAllBytesAsync(Path.Combine(_truthFolder, "b.png"), MaskPng.Encode(Pixels((0, 0))));
        var project = await new ProjectLoops(labels.Store, labels.Options).CreateAsync($"progress-{Guid.NewGuid():N}", dataset.Id, new ProjectSettings(), "tester");

        await using var withTruth = Gateway(labels.Options.Schema, _truthFolder);
        using var client = Client(withTruth, Roles.Labeller, project.Id);

        var before = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{project.Id}/refinement");
        Assert.Equal(0, before.GetProperty("imagesChanged").GetInt32());
        Assert.Equal(0.5, before.GetProperty("truth").GetProperty("now").GetProperty("f1").GetDouble(), 9);

        // a: three right answers; b: one wrong answer, then undone.
        await labels.Writer.RefineCentrePixelsAsync(a, LabelStoreScope.Context(), [new PatchLabel(1, 1, true), new PatchLabel(2, 2, true), new PatchLabel(3, 3, true)]);
        var wrong = await labels.Writer.RefineCentrePixelsAsync(b, LabelStoreScope.Context(), [new PatchLabel(5, 5, true)]);
        await labels.Writer.RevertAsync(b, wrong.Version, LabelStoreScope.Tester, "mis-click");

        var after = await client.GetFromJsonAsync<JsonElement>($"/api/projects/{project.Id}/refinement");
        Assert.Equal(3, after.GetProperty("images").GetInt32());
        Assert.Equal(1, after.GetProperty("imagesChanged").GetInt32());
        Assert.Equal(3, after.GetProperty("pixelsChanged").GetInt64());
        var experts = after.GetProperty("experts");
        Assert.Equal((2, 1, 4L, 1L, 3L), (experts.GetProperty("changes").GetInt32(), experts.GetProperty("undone").GetInt32(),
            experts.GetProperty("pixelsFlipped").GetInt64(), experts.GetProperty("pixelsUndone").GetInt64(), experts.GetProperty("pixelsKept").GetInt64()));
        Assert.Equal(JsonValueKind.Null, after.GetProperty("model").ValueKind);
        Assert.StartsWith("none yet", after.GetProperty("modelNote").GetString());

        // Initially a has TP 1, FP 1, FN 3 and b TP 1: F1 = 4/8. After a's answer: TP 5, FP 1 (10/11); b's wrong
        // answer adds a false positive (10/12); its undo takes it back (10/11).
        var truth = after.GetProperty("truth");
        Assert.Equal(2, truth.GetProperty("imagesWithTruth").GetInt32());
        Assert.Equal(0.5, truth.GetProperty("initial").GetProperty("f1").GetDouble(), 9);
        Assert.Equal(10.0 / 11, truth.GetProperty("now").GetProperty("f1").GetDouble(), 9);
        var series = truth.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["initial", "answer", "answer", "undo"], series.Select(p => p.GetProperty("kind").GetString()));
        Assert.Equal([0.5, 10.0 / 11, 10.0 / 12, 10.0 / 11], series.Select(p => p.GetProperty("f1").GetDouble()), new RoundedComparer());
        Assert.Contains("2 of 3 images", after.GetProperty("truthNote").GetString());
        Assert.Equal((3L, 0L), (truth.GetProperty("changedAgreeing").GetInt64(), truth.GetProperty("changedDisagreeing").GetInt64()));

        var perImage = after.GetProperty("perImage").EnumerateArray().ToList();
        Assert.Equal(["images/a.png", "images/b.png", "images/c.png"], perImage.Select(i => i.GetProperty("fileName").GetString()));
        Assert.Equal(a, perImage[0].GetProperty("imageId").GetGuid());
        Assert.Equal((2L, 2, 5, 3), (perImage[0].GetProperty("version").GetInt64(), perImage[0].GetProperty("defectPixelsInitial").GetInt32(),
            perImage[0].GetProperty("defectPixelsNow").GetInt32(), perImage[0].GetProperty("pixelsChanged").GetInt32()));
        Assert.Equal(8.0 / 9, perImage[0].GetProperty("f1Now").GetDouble(), 9);
        Assert.Equal(3, perImage[0].GetProperty("changedAgreeing").GetInt32());
        Assert.Equal(3, perImage[1].GetProperty("f1Series").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, perImage[2].GetProperty("f1Now").ValueKind);
        Assert.Equal(c, perImage[2].GetProperty("imageId").GetGuid());

        using var pageResponse = await client.GetAsync($"/status/{project.Id}");
        var page = await pageResponse.Content.ReadAsStringAsync();
        Assert.True(pageResponse.IsSuccessStatusCode, $"the status page answered {(int)pageResponse.StatusCode}: {page}");
        Assert.Contains("Refinement: how far the labels have moved", page);
        Assert.Contains("0.500 with the initial labels", page);
        Assert.Contains("0.909 now", page);
        Assert.Contains("<svg class=\"f1-plot\"", page);
        Assert.Contains("images/a.png", page);

        await using var withoutTruth = Gateway(labels.Options.Schema, truthFolder: null);
        using var other = Client(withoutTruth, Roles.Labeller, project.Id);
        var plain = await other.GetFromJsonAsync<JsonElement>($"/api/projects/{project.Id}/refinement");
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("truth").ValueKind);
        Assert.StartsWith("No F1 against the truth", plain.GetProperty("truthNote").GetString());
        Assert.Equal(3, plain.GetProperty("pixelsChanged").GetInt64());
        Assert.DoesNotContain("<svg class=\"f1-plot\"", await other.GetStringAsync($"/status/{project.Id}"));

        using var anonymous = withTruth.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/projects/{project.Id}/refinement")).StatusCode);
        // An unknown project is refused like another project's: the answer tells a labeller nothing about what exists.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/projects/{Guid.NewGuid()}/refinement")).StatusCode);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;
        public int GetHashCode(double obj) => 0;
    }

    private WebApplicationFactory<gateway::Program> Gateway(string schema, string? truthFolder) =>
        new WebApplicationFactory<gateway::Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("ConnectionStrings:Postgres", infrastructure.Postgres);
            host.UseSetting("ConnectionStrings:RabbitMq", infrastructure.RabbitMq.ToString());
            host.UseSetting("LabelStore:Schema", schema);
            host.UseSetting("Heartbeat:IntervalSeconds", "3600");
            host.UseSetting("Auth:SigningKey", SigningKey);
            if (truthFolder is not null)
                host.UseSetting("Gateway:TruthFolder", truthFolder);
        });

    private static readonly string SigningKey = LocalTokens.NewSigningKey();

    private static HttpClient Client(WebApplicationFactory<gateway::Program> host, string role, Guid project)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", LocalTokens.Issue(new AuthOptions { SigningKey = SigningKey }, "lena", [role], TimeSpan.FromHours(1),
            projectRoles: [ProjectAccess.ClaimValue(project.ToString(), role)]));
        return client;
    }
}
