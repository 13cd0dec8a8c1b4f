using System.CommandLine;
using DefectRefine.Masks.Simulation.Steel;

namespace DefectRefine.Cli.Generate;

/// <summary>
/// <c>dr generate steel</c>: SYNTHETIC steel-surface images with exact true masks (and optionally a simulated
/// expert's ROI), for the demo and tests, in the images/ + masks/ layout the bulk importer reads.
/// </summary>
public static class GenerateCommand
{
    public static Command Build()
    {
        var command = new Command("generate", "Generate SYNTHETIC data sets with exact true masks, for the demo and tests.");
        command.Subcommands.Add(BuildSteel());
        return command;
    }

    private static Command BuildSteel()
    {
        var defaults = new SteelSurfaceOptions();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder for images/, masks/, roi/ and generation.json; must be empty or new.", Required = true };
        var count = new Option<int>("--count") { Description = "How many images.", DefaultValueFactory = _ => 24 };
        var width = new Option<int>("--width") { Description = $"Image width in pixels ({SteelSurfaceOptions.MinSide}..{SteelSurfaceOptions.MaxSide}).", DefaultValueFactory = _ => defaults.Width };
        var height = new Option<int>("--height") { Description = $"Image height in pixels ({SteelSurfaceOptions.MinSide}..{SteelSurfaceOptions.MaxSide}).", DefaultValueFactory = _ => defaults.Height };
        var seed = new Option<ulong>("--seed") { Description = "Seed (recorded); image i is the same whatever --count.", DefaultValueFactory = _ => defaults.Seed };
        var minDefects = new Option<int>("--min-defects") { Description = "Fewest defects per image.", DefaultValueFactory = _ => defaults.MinDefects };
        var maxDefects = new Option<int>("--max-defects") { Description = "Most defects per image.", DefaultValueFactory = _ => defaults.MaxDefects };
        var defects = new Option<SteelFeatureKind[]>("--defects")
        {
            Description = "Defect kinds to draw (Scratch Inclusion Patch).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [.. defaults.DefectKinds],
        };
        var artefacts = new Option<SteelFeatureKind[]>("--artefacts")
        {
            Description = "Artefact kinds that may appear (WaterMark IlluminationGradient OilSpot).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [.. defaults.ArtefactKinds],
        };
        var artefactProbability = new Option<double>("--artefact-probability") { Description = "Chance of each artefact kind in an image (0 for none).", DefaultValueFactory = _ => defaults.ArtefactProbability };
        var noise = new Option<double>("--noise") { Description = "Grain standard deviation in grey levels.", DefaultValueFactory = _ => defaults.NoiseLevel };
        var roi = new Option<bool>("--roi") { Description = "Also write roi/: a simulated expert's boxes around the defects." };
        var force = new Option<bool>("--force") { Description = "Replace the output folder if it is not empty." };
        var command = new Command("steel", $"{SteelSurfaceDatasetWriter.Note}: rolled-steel texture, scratches, inclusions and patches in the truth, water marks, lighting and oil spots only in the pixels.")
        {
            output, count, width, height, seed, minDefects, maxDefects, defects, artefacts, artefactProbability, noise, roi, force,
        };
        command.SetAction((parse, ct) =>
        {
            var options = defaults with
            {
                Width = parse.GetValue(width),
                Height = parse.GetValue(height),
                Seed = parse.GetValue(seed),
                MinDefects = parse.GetValue(minDefects),
                MaxDefects = parse.GetValue(maxDefects),
                DefectKinds = parse.GetValue(defects)!,
                ArtefactKinds = parse.GetValue(artefacts)!,
                ArtefactProbability = parse.GetValue(artefactProbability),
                NoiseLevel = parse.GetValue(noise),
            };
            var folder = parse.GetValue(output)!.FullName;
            if (File.Exists(folder) || (!parse.GetValue(force) && SteelSurfaceDatasetWriter.IsOccupied(folder)))
            {
                Console.Error.WriteLine(File.Exists(folder)
                    ? $"dr generate steel: {folder} is a file, not a folder."
                    : $"dr generate steel: {folder} is not empty; pass --force to replace it.");
                return Task.FromResult(2);
            }
            try
            {
                var manifest = SteelSurfaceDatasetWriter.Write(folder, options, parse.GetValue(count), parse.GetValue(roi), parse.GetValue(force), ct);
                var shares = manifest.Images.Select(i => i.DefectShare).ToList();
                var written = parse.GetValue(roi) ? "images/, masks/, roi/" : "images/, masks/";
                Console.WriteLine($"{SteelSurfaceDatasetWriter.Note}: wrote {shares.Count} {options.Width}x{options.Height} image(s), "
                    + $"defects covering {shares.Min():P1}..{shares.Max():P1} (mean {shares.Average():P1}), to {folder} ({written}, {SteelSurfaceDatasetWriter.ManifestFile}).");
                return Task.FromResult(0);
            }
            catch (ArgumentException error)
            {
                // The message already names the option; the "(Parameter 'X')" suffix only repeats it.
                var message = error.ParamName is { } name ? error.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : error.Message;
                Console.Error.WriteLine($"dr generate steel: {message}");
                return Task.FromResult(2);
            }
            catch (IOException error)
            {
                Console.Error.WriteLine($"dr generate steel: nothing written: {error.Message}");
                return Task.FromResult(1);
            }
        });
        return command;
    }
}
