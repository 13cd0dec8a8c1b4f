using System.CommandLine;
using DefectRefine.Evaluation;

namespace DefectRefine.Cli.Eval;

/// <summary><c>dr eval</c>: the refinement loop in process with a simulated expert, measured against the true masks.</summary>
public static class EvalCommand
{
    public static Command Build()
    {
        var inputs = new EvalInputs(grid: false);
        var command = new Command("eval", "Refine simulated initial labels with a simulated expert and measure against the true masks (SIMULATION: no expert is asked).");
        inputs.AddTo(command);
        command.Subcommands.Add(GridCommand.Build());
        command.Subcommands.Add(ReferencesCommand.Build());
        command.Subcommands.Add(LearnerCommand.Build());
        command.SetAction((parse, ct) => Guarded("dr eval", () =>
        {
            var options = inputs.Single(parse);
            var (train, test) = inputs.Data(parse, options.Seed);
            Console.Error.WriteLine($"SIMULATION: {train.Count} training and {test.Count} test images; the expert is simulated from the true masks.");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = RefinementExperiment.Run(train, test, options, line => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}"), cancellationToken: ct);
            var provenance = EvalInputs.Provenance();
            var folder = parse.GetValue(inputs.Output)!.FullName;
            ExperimentReport.Write(result, folder, provenance);
            Console.WriteLine(ExperimentReport.Markdown(result, provenance));
            Console.Error.WriteLine($"Wrote results.json, report.md, {ExperimentReport.F1Plot} and {ExperimentReport.OverlayFolder}/ to {folder}.");
        }));
        return command;
    }

    /// <summary>Bad input is an exit code 2 with one line naming the problem, not a stack trace.</summary>
    internal static Task<int> Guarded(string name, Action body)
    {
        try
        {
            body();
            return Task.FromResult(0);
        }
        catch (Exception error) when (error is ArgumentException or InvalidDataException or DirectoryNotFoundException or FileNotFoundException)
        {
            Console.Error.WriteLine($"{name}: {error.Message}");
            return Task.FromResult(2);
        }
    }
}
