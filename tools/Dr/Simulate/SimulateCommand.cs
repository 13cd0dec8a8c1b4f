using System.CommandLine;
using System.Text.Json;
using DefectRefine.Masks;
using DefectRefine.Masks.Simulation;

namespace DefectRefine.Cli.Simulate;

/// <summary>
/// <c>dr simulate roi|coarse</c>: SIMULATION tools for datasets that only have true masks. They synthesise the cheap,
/// wrong labels an expert or a weak pre-trained model would give, seeded and with every parameter recorded. Their
/// output is an experiment input, never an expert label, and everything they print says so.
/// </summary>
public static class SimulateCommand
{
    private const string Banner = "SIMULATION — synthesised from true masks, not labelled by an expert";

    public static Command Build()
    {
        var command = new Command("simulate", $"{Banner}: label a running project with simulated experts (--project), or synthesise expert ROIs or a coarse segmentation from true mask PNGs (roi, coarse).");
        LabellingCommand.AddTo(command);
        command.Subcommands.Add(Build("roi", "Simulate an expert's loose boxes (1–3, merged, small defects sometimes missed).",
            (truth, seed) =>
            {
                var roi = ExpertRoiSynthesiser.Synthesise(truth, new ExpertRoiOptions { Seed = seed });
                return (roi.Mask, roi.Parameters, roi.Boxes);
            }));
        command.Subcommands.Add(Build("coarse", "Simulate a coarse pre-trained segmentation (blurred, thresholded, uncommon defects dropped).",
            (truth, seed) =>
            {
                var coarse = CoarseSegmentationSynthesiser.Synthesise(truth, new CoarseSegmentationOptions { Seed = seed });
                return (coarse.Mask, coarse.Parameters, (IReadOnlyList<PixelBox>)[]);
            }));
        return command;
    }

    private static Command Build(string name, string description,
        Func<BinaryMask, ulong, (BinaryMask Mask, IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<PixelBox> Boxes)> simulate)
    {
        var input = new Argument<FileSystemInfo>("truth") { Description = "A true mask PNG, or a folder of them." };
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder for the simulated mask PNGs and simulation.json.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed (recorded).", DefaultValueFactory = _ => 1 };
        var threshold = new Option<byte>("--threshold") { Description = "A truth pixel is a defect when its value is above this.", DefaultValueFactory = _ => 0 };
        var command = new Command(name, $"{Banner}. {description}") { input, output, seed, threshold };
        command.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(input)!;
            var files = source switch
            {
                FileInfo { Exists: true } file => [file],
                DirectoryInfo { Exists: true } folder => folder.GetFiles("*.png").OrderBy(f => f.Name, StringComparer.Ordinal).ToArray(),
                _ => [],
            };
            if (files.Length == 0)
            {
                Console.Error.WriteLine($"dr simulate: {source.FullName} is neither a mask PNG nor a folder holding any.");
                return 2;
            }
            var target = parse.GetValue(output)!;
            target.Create();
            Console.Error.WriteLine(Banner);
            var records = new List<object>();
            var (index, masterSeed) = (0UL, parse.GetValue(seed));
            foreach (var file in files)
            {
                BinaryMask truth;
                try
                {
                    truth = MaskPng.Decode(await File.ReadAllBytesAsync(file.FullName, ct), parse.GetValue(threshold));
                }
                catch (MaskFormatException error)
                {
                    Console.Error.WriteLine($"dr simulate: {file.Name}: {error.Message}");
                    return 2;
                }
                // One seed per file, derived from the master seed and the file's position, so a folder run is reproducible.
                var fileSeed = masterSeed + (index++ * 0x9E3779B97F4A7C15UL);
                var (mask, parameters, boxes) = simulate(truth, fileSeed);
                await File.WriteAllBytesAsync(Path.Combine(target.FullName, file.Name), MaskPng.Encode(mask), ct);
                records.Add(new { File = file.Name, Seed = fileSeed, Parameters = parameters, Boxes = boxes, TruthDefects = truth.CountDefects(), SimulatedDefects = mask.CountDefects() });
            }
            var manifest = new { Simulation = true, Note = Banner, Kind = name, MasterSeed = masterSeed, Masks = records };
            await File.WriteAllTextAsync(Path.Combine(target.FullName, "simulation.json"),
                JsonSerializer.Serialize(manifest, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);
            Console.WriteLine($"{Banner}: wrote {files.Length} simulated {name} mask(s) and simulation.json to {target.FullName}");
            return 0;
        });
        return command;
    }
}
