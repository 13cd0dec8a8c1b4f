using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.Contracts.V1.Labels;
using DefectRefine.Stations;
using Spectre.Console;

namespace DefectRefine.Cli.Images;

/// <summary>One image of a dataset with its current mask, as <c>dr images</c> lists it.</summary>
public sealed record ImageRow(Guid Id, string FileName, int Width, int Height, long Bytes, InitialMaskKind InitialKind, bool InitialSimulated,
    long DefectPixels, int Refinements, long MaskVersion);

/// <summary>
/// <c>dr images --project P</c> (or <c>--dataset D</c>): a project's images with their current masks — how the first
/// labels came (and whether they were simulated), defect pixels, refinements, mask version — through Ingest's and the
/// gateway's HTTP APIs, with a token as every command gets one (<see cref="CliCredentials"/>).
/// </summary>
public static class ImagesCommand
{
    private const int ParallelRequests = 8;

    public static Command Build()
    {
        var project = new Option<Guid?>("--project", "-p") { Description = "List the images of this project's dataset (its id, as dr demo prints it)." };
        var dataset = new Option<Guid?>("--dataset", "-d") { Description = "List the images of this dataset." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var gateway = new Option<Uri>("--gateway") { Description = "LabelGateway address (to find a project's dataset).", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5100") };
        var ingest = new Option<Uri>("--ingest") { Description = "Ingest address.", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5101") };
        var command = new Command("images", "List a project's (or a dataset's) images: id, file, size, initial labels (simulated or not), defect pixels, refinements, mask version.")
        {
            project, dataset, json, gateway, ingest,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if ((parse.GetValue(project) is null) == (parse.GetValue(dataset) is null))
            {
                Console.Error.WriteLine("dr images: give exactly one of --project P or --dataset D.");
                return 2;
            }
            CliCredentials credentials;
            try
            {
                credentials = CliCredentials.FromEnvironment();
            }
            catch (Security.AuthConfigurationException error)
            {
                Console.Error.WriteLine($"dr images: {error.Message}");
                return 2;
            }
            // A dataset named without its project is reached only by a global admin (it may belong to none yet).
            var (role, scope) = parse.GetValue(project) is { } projectId ? (Security.Roles.Auditor, (Guid?)projectId) : (Security.Roles.Admin, null);
            using var ingestHttp = credentials.Client(parse.GetValue(ingest)!, "dr-images", role, scope);
            using var gatewayHttp = credentials.Client(parse.GetValue(gateway)!, "dr-images", role, scope);
            return await RunAsync(ingestHttp, gatewayHttp, parse.GetValue(project), parse.GetValue(dataset), parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    /// <summary>Lists the images of a project's or a dataset's images; 3 when there is no such project or dataset.</summary>
    public static async Task<int> RunAsync(HttpClient ingest, HttpClient gateway, Guid? project, Guid? dataset, bool json, CancellationToken cancellationToken)
    {
        try
        {
            var datasetId = dataset ?? (await new LoopApi(ingest, gateway).ProjectAsync(project!.Value, cancellationToken)).DatasetId;
            var rows = await ListAsync(ingest, datasetId, cancellationToken);
            if (json)
                Console.WriteLine(JsonSerializer.Serialize(rows, LoopApi.Json));
            else
                Render(datasetId, rows);
            return 0;
        }
        catch (HttpRequestException error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            var what = project is { } p ? $"project {p}" : $"dataset {dataset}";
            Console.Error.WriteLine($"dr images: there is no {what} ({error.Message})");
            return 3;
        }
        catch (HttpRequestException error)
        {
            Console.Error.WriteLine($"dr images: {error.Message}{(error.StatusCode is null ? " — are the services running? (./scripts/demo.sh)" : "")}");
            return 1;
        }
    }

    /// <summary>The dataset's images in file-name order, each with its current mask.</summary>
    public static async Task<IReadOnlyList<ImageRow>> ListAsync(HttpClient ingest, Guid datasetId, CancellationToken cancellationToken)
    {
        var images = await GetAsync<List<ImageSummary>>(ingest, $"/api/datasets/{datasetId}/images", cancellationToken);
        var rows = new ImageRow[images.Count];
        await Parallel.ForAsync(0, images.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var details = await GetAsync<ImageDetails>(ingest, $"/api/images/{images[i].Id}", ct);
            var (image, mask) = (details.Image, details.Mask);
            rows[i] = new ImageRow(image.Id, image.FileName, image.Width, image.Height, image.OriginalBytes, mask.InitialKind, mask.InitialSimulated,
                mask.DefectPixels, mask.RefinementCount, mask.Version);
        });
        return rows;
    }

    private static void Render(Guid datasetId, IReadOnlyList<ImageRow> rows)
    {
        var table = new Table().AddColumns("image", "file", "size", "initial labels", "defect px", "refinements", "mask version");
        foreach (var row in rows)
            table.AddRow(
                row.Id.ToString(), Markup.Escape(row.FileName),
                string.Create(CultureInfo.InvariantCulture, $"{row.Width}x{row.Height}, {row.Bytes:N0} B"),
                row.InitialKind + (row.InitialSimulated ? " [yellow](simulated)[/]" : ""),
                Number(row.DefectPixels), Number(row.Refinements), Number(row.MaskVersion));
        CliConsole.Out.Write(table);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows.Count} image(s) in dataset {datasetId}; {rows.Count(r => r.Refinements > 0)} refined, {rows.Count(r => r.InitialSimulated)} with simulated initial labels."));
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<T> GetAsync<T>(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"GET {client.BaseAddress}{path.TrimStart('/')} answered {(int)response.StatusCode}: {detail}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<T>(LoopApi.Json, cancellationToken)
            ?? throw new HttpRequestException($"GET {path} answered with an empty body.");
    }

    private sealed record ImageSummary(Guid Id, string FileName, int Width, int Height, long OriginalBytes);

    private sealed record MaskSummary(long Version, InitialMaskKind InitialKind, bool InitialSimulated, long DefectPixels, int RefinementCount);

    private sealed record ImageDetails(ImageSummary Image, MaskSummary Mask);
}
