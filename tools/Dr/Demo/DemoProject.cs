using System.Globalization;
using DefectRefine.Contracts.V1.Loop;
using DefectRefine.Masks.Simulation.Steel;
using DefectRefine.Stations;

namespace DefectRefine.Cli.Demo;

/// <summary>
/// The demo's project: generated steel-like images (true masks kept aside for simulated experts, synthesised expert
/// boxes imported as the cheap initial labels, recorded as simulated) in a new dataset, and a project over it with
/// settings sized for a CPU.
/// </summary>
public static class DemoProject
{
    public const string SteelFolder = "steel";

    /// <summary>Ingest's import root in the demo; the generated data lies in <see cref="SteelFolder"/> below it.</summary>
    public static string DataRoot(string repositoryRoot) => Path.Combine(repositoryRoot, ".state", "demo");

    public static string TruthFolder(string repositoryRoot) => Path.Combine(DataRoot(repositoryRoot), SteelFolder, SteelSurfaceDatasetWriter.MasksFolder);

    /// <summary>A lighter model and shorter trainings than the paper's defaults, so a round takes about a minute on 2 cores.</summary>
    public static ProjectSettings CpuSettings { get; } = new()
    {
        ModelWidth = 16,
        EmbeddingSize = 32,
        BatchSize = 128,
        InitialTrainingSteps = 200,
        SessionTrainingSteps = 100,
        TrainingPoolSize = 8192,
        MiningPoolSize = 1024,
    };

    public static async Task<ProjectStatus> CreateAsync(LoopApi api, string repositoryRoot, int images, ProjectSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(DataRoot(repositoryRoot), SteelFolder);
        var occupied = SteelSurfaceDatasetWriter.IsOccupied(folder);
        if (!occupied || !HasRoiBoxFiles(folder))
        {
            // The generator is deterministic, so an older layout (ROIs as mask PNGs) is replaced by the same images.
            log.WriteLine($"Generating {images} steel-like images with true masks and synthesised expert ROIs in {folder} ...");
            SteelSurfaceDatasetWriter.Write(folder, new SteelSurfaceOptions(), images, writeRoi: true, replace: occupied, cancellationToken: cancellationToken);
        }
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var datasetId = await api.CreateDatasetAsync($"steel-demo-{stamp}", cancellationToken);
        var imported = await api.ImportGeneratedRoisAsync(datasetId, SteelFolder, cancellationToken);
        log.WriteLine($"Imported {imported.Count} images with their SIMULATED expert boxes (recorded as simulated, seeds from {SteelSurfaceDatasetWriter.ManifestFile}) as initial labels into dataset {datasetId}.");
        return await api.CreateProjectAsync($"steel-demo-{stamp}", datasetId, settings, cancellationToken);
    }

    private static bool HasRoiBoxFiles(string folder)
    {
        var roi = Path.Combine(folder, SteelSurfaceDatasetWriter.RoiFolder);
        return Directory.Exists(roi) && Directory.EnumerateFiles(roi, "*.xml").Any();
    }
}
