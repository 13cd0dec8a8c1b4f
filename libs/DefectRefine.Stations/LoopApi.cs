using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Masks.Simulation.Steel;

namespace DefectRefine.Stations;

/// <summary>
/// The HTTP calls around a labelling run, shared by <c>dr demo</c>, <c>dr simulate</c> and the end-to-end tests: create a
/// dataset and bulk-import a folder through Ingest, create and read a project through the LabelGateway. Errors carry
/// the service's problem details.
/// </summary>
public sealed class LoopApi(HttpClient ingest, HttpClient gateway)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<Guid> CreateDatasetAsync(string name, CancellationToken cancellationToken = default)
    {
        var created = await SendAsync<JsonElement>(ingest, HttpMethod.Post, "/api/datasets", new { name }, cancellationToken);
        return created.GetProperty("id").GetGuid();
    }

    /// <summary>Imports a folder below Ingest's import root: images/ with masks/ (or the given subfolders) as initial labels.</summary>
    public async Task<IReadOnlyList<Guid>> ImportMaskFolderAsync(Guid datasetId, string folder, string? masksSubfolder = null, string? initial = null, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync<JsonElement>(ingest, HttpMethod.Post, $"/api/datasets/{datasetId}/imports",
            new { folder, format = "mask-png", masksSubfolder, initial }, cancellationToken);
        return [.. result.GetProperty("imageIds").EnumerateArray().Select(id => id.GetGuid())];
    }

    /// <summary>
    /// Imports a folder the steel generator wrote (images/, the simulated expert's boxes as roi/*.xml, generation.json)
    /// below Ingest's import root: the boxes become the initial labels, recorded as boxes and as SIMULATED with the
    /// simulator's parameters and seeds from generation.json.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ImportGeneratedRoisAsync(Guid datasetId, string folder, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync<JsonElement>(ingest, HttpMethod.Post, $"/api/datasets/{datasetId}/imports",
            new
            {
                folder,
                format = "voc",
                imagesSubfolder = SteelSurfaceDatasetWriter.ImagesFolder,
                annotationsPath = SteelSurfaceDatasetWriter.RoiFolder,
                provenance = SteelSurfaceDatasetWriter.ManifestFile,
            }, cancellationToken);
        return [.. result.GetProperty("imageIds").EnumerateArray().Select(id => id.GetGuid())];
    }

    public Task<IReadOnlyList<DatasetImage>> ImagesAsync(Guid datasetId, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<DatasetImage>>(ingest, HttpMethod.Get, $"/api/datasets/{datasetId}/images", null, cancellationToken);

    public Task<ProjectStatus> CreateProjectAsync(string name, Guid datasetId, ProjectSettings settings, CancellationToken cancellationToken = default) =>
        SendAsync<ProjectStatus>(gateway, HttpMethod.Post, "/api/projects", new { name, datasetId, settings }, cancellationToken);

    public async Task<ProjectStatus> ProjectAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        (await SendAsync<JsonElement>(gateway, HttpMethod.Get, $"/api/projects/{projectId}", null, cancellationToken)).GetProperty("status").Deserialize<ProjectStatus>(Json)!;

    /// <summary>The project's loop events in order (event type name and body), as the gateway's history endpoint lists them.</summary>
    public async Task<IReadOnlyList<(string Event, JsonElement Data)>> ProjectHistoryAsync(Guid projectId, CancellationToken cancellationToken = default) =>
        [.. (await SendAsync<JsonElement>(gateway, HttpMethod.Get, $"/api/projects/{projectId}/history", null, cancellationToken))
            .EnumerateArray().Select(e => (e.GetProperty("event").GetString()!, e.GetProperty("data")))];

    private static async Task<T> SendAsync<T>(HttpClient client, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: Json);
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{method} {client.BaseAddress}{path.TrimStart('/')} answered {(int)response.StatusCode}: {detail}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new InvalidDataException($"{method} {path} answered with an empty body.");
    }
}
