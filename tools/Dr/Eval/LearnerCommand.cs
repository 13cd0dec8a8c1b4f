using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DefectRefine.Evaluation;

namespace DefectRefine.Cli.Eval;

/// <summary>
/// <c>dr eval learner</c>: the pixel model's ceiling (trained on the true masks) for several widths, budgets and crops,
/// with the time a step takes here, so the learner is chosen by measurement within the session budget.
/// </summary>
public static class LearnerCommand
{
    public static Command Build()
    {
        var inputs = new EvalInputs(grid: false);
        inputs.Seed.Description = "Seeds of the models (comma-separated for several; the split without --test-images follows the first).";
        var widths = new Option<string>("--width") { Description = "Channels of the half-resolution stage, comma-separated.", DefaultValueFactory = _ => "16" };
        var steps = new Option<string>("--steps") { Description = "Training steps, comma-separated.", DefaultValueFactory = _ => "700" };
        var crops = new Option<string>("--crop") { Description = "Crop side in px (a multiple of 8), comma-separated.", DefaultValueFactory = _ => "96" };
        var batches = new Option<string>("--batch") { Description = "Crops per step, comma-separated.", DefaultValueFactory = _ => "8" };
        var dice = new Option<string>("--dice") { Description = "Weight of the soft Dice term, comma-separated.", DefaultValueFactory = _ => "0" };
        var session = new Option<int>("--session-steps") { Description = "Steps of a session, for the time column.", DefaultValueFactory = _ => 100 };
        var command = new Command("learner",
            "Train the pixel model on the true masks for each set-up (every combination of the lists) and score its dense maps on the test images: the ceiling each shape and budget allows, and its cost per step here.");
        inputs.AddDataTo(command);
        foreach (var option in new Option[] { widths, steps, crops, batches, dice, session })
            command.Options.Add(option);
        command.SetAction((parse, ct) => EvalCommand.Guarded("dr eval learner", () =>
        {
            var setups = (from w in Numbers(parse, widths, int.Parse)
                          from s in Numbers(parse, steps, int.Parse)
                          from c in Numbers(parse, crops, int.Parse)
                          from b in Numbers(parse, batches, int.Parse)
                          from d in Numbers(parse, dice, double.Parse)
                          select new LearnerSetup(w, s, c, b, d)).ToList();
            foreach (var setup in setups)
                setup.Validate();
            var seeds = inputs.Seeds(parse);
            var (train, test) = inputs.Data(parse, seeds[0]);
            var clock = Stopwatch.StartNew();
            Console.Error.WriteLine($"{setups.Count} set-ups × {seeds.Count} seeds, trained on the true masks of {train.Count} images, scored on {test.Count}.");
            var rows = LearnerStudy.Run(train, test, setups, seeds,
                row => Console.Error.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {row.Setup.Name}, seed {row.Seed}: test pixel F1 {row.PixelF1:F3}, {row.Seconds:F0} s ({row.MsPerStep:F0} ms/step)"),
                line => Console.Error.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {line}"), ct);
            Console.WriteLine(LearnerStudy.Table(rows, parse.GetValue(session)));
        }));
        return command;
    }

    private static IReadOnlyList<T> Numbers<T>(ParseResult parse, Option<string> option, Func<string, IFormatProvider, T> parseOne)
    {
        var text = parse.GetValue(option)!;
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
            throw new ArgumentException($"{option.Name} '{text}' names no value.");
        return [.. parts.Select(p =>
        {
            try
            {
                return parseOne(p, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"{option.Name} '{p}' is not a number.");
            }
        }).Distinct()];
    }
}
