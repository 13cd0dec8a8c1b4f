using System.CommandLine;
using System.Diagnostics;
using DefectRefine.Evaluation;

namespace DefectRefine.Cli.Eval;

/// <summary>
/// <c>dr eval references</c>: what the labels give with no expert and no training — the initial labels as they are,
/// and GrabCut seeded by their boxes — on exactly the images and initial labels <c>dr eval</c> would use.
/// </summary>
public static class ReferencesCommand
{
    public static Command Build()
    {
        var inputs = new EvalInputs(grid: false);
        inputs.Init.Description += " Comma-separated for several.";
        inputs.Seed.Description = "Seeds of the simulated labels (and of the split without --test-images), as dr eval --seed. Comma-separated for several: each is measured, then the mean ± standard deviation.";
        var command = new Command("references",
            "Score the initial labels as they are, and GrabCut seeded by their boxes, against the true masks: the references every refinement must beat (SIMULATION: the labels are simulated from the truth; no training, no expert).");
        inputs.AddDataTo(command);
        command.SetAction((parse, ct) => EvalCommand.Guarded("dr eval references", () =>
        {
            var inits = inputs.Inits(parse);
            var seeds = inputs.Seeds(parse).Distinct().ToList();
            var loaded = inputs.Load(parse);
            var clock = Stopwatch.StartNew();
            var measured = new List<(InitialLabels, int, ReferenceScores)>();
            foreach (var seed in seeds)
            {
                // Split per seed, as dr eval --seed does, so each row is the references of that dr eval run.
                var (train, test) = inputs.Split(parse, loaded, seed);
                foreach (var init in inits)
                {
                    var scores = LabelReferences.Measure(train, test, init, seed, cancellationToken: ct);
                    Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {init}, seed {seed}, {train.Count} training and {test.Count} test images: {LabelReferences.Describe(scores)}");
                    measured.Add((init, seed, scores));
                }
            }
            Console.WriteLine(LabelReferences.Table(measured, eachSeed: true));
        }));
        return command;
    }
}
