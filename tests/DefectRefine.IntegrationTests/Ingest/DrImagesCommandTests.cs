using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.Cli.Images;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.IntegrationTests.Infrastructure;
using DefectRefine.Stations;
using DefectRefine.UnitTests;

namespace DefectRefine.IntegrationTests.Ingest;

/// <summary>
/// <c>dr images</c> against the real Ingest and LabelGateway hosts: a project's images with their current masks, by
/// project and by dataset, one line per image; an unknown id exits 3 and says which.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DrImagesCommandTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_projects_images_are_listed_with_their_masks_and_an_unknown_id_is_refused()
    {
        await using var hosts = new ServiceHosts(infrastructure);
        var dataset = await hosts.CreateDatasetAsync("images");
        var bytes = await File.ReadAllBytesAsync(Path.Combine(SharedData.NeuSeg, "images", "train", "000001.jpg"));
        using var form = ServiceHosts.UploadForm(bytes, "000001.jpg", ("boxes", "[{\"x\":10,\"y\":10,\"width\":50,\"height\":40}]"));
        var created = await hosts.Ingest.PostAsync($"/api/datasets/{dataset}/images", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var image = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var project = await new LoopApi(hosts.Ingest, hosts.Gateway).CreateProjectAsync($"images-{Guid.NewGuid():N}", dataset, new ProjectSettings());

        var row = Assert.Single(await ImagesCommand.ListAsync(hosts.Ingest, dataset, CancellationToken.None));
        Assert.Equal(new ImageRow(image, "000001.jpg", 200, 200, bytes.Length, InitialMaskKind.Roi, false, 50 * 40, 0, 1), row);

        var (code, output) = await RunAsync(hosts, project.ProjectId, null, json: false);
        Assert.Equal(0, code);
        var line = Assert.Single(output.Split('\n'), l => l.Contains(image.ToString(), StringComparison.Ordinal));
        foreach (var cell in new[] { "000001.jpg", "200x200", "Roi", "2000" })
            Assert.Contains(cell, line, StringComparison.Ordinal);

        (code, output) = await RunAsync(hosts, null, dataset, json: true);
        Assert.Equal(0, code);
        Assert.Equal(image, JsonDocument.Parse(output).RootElement[0].GetProperty("id").GetGuid());

        var unknown = Guid.NewGuid();
        (code, output) = await RunAsync(hosts, unknown, null, json: false);
        Assert.Equal(3, code);
        Assert.Contains($"there is no project {unknown}", output, StringComparison.Ordinal);
        (code, output) = await RunAsync(hosts, null, unknown, json: false);
        Assert.Equal(3, code);
        Assert.Contains($"there is no dataset {unknown}", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(ServiceHosts hosts, Guid? project, Guid? dataset, bool json)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var captured = new StringWriter();
        Console.SetOut(captured);
        Console.SetError(captured);
        try
        {
            var code = await ImagesCommand.RunAsync(hosts.Ingest, hosts.Gateway, project, dataset, json, CancellationToken.None);
            return (code, captured.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
