using System.CommandLine;
using DefectRefine.Evaluation;
using DefectRefine.Learning.Acquisition;

namespace DefectRefine.Cli.Eval;

/// <summary><c>dr eval grid</c>: a chosen subset of the paper's grid over several seeds, tabled like its Tables 1–3.</summary>
public static class GridCommand
{
    public static Command Build()
    {
        var inputs = new EvalInputs(grid: true);
        var command = new Command("grid",
            "Run a subset of the paper's grid (initial labels × feedback × anchor × granularity, plus the random and entropy baselines) over several seeds and table it like the paper's Tables 1–3, with both protocols (SIMULATION).");
        inputs.AddTo(command);
        command.SetAction((parse, ct) => EvalCommand.Guarded("dr eval grid", () =>
        {
            var strategies = EvalInputs.List(parse, inputs.Strategy, "--strategy", EvalInputs.StrategyNames);
            var cells = GridCell.Expand(inputs.Inits(parse), inputs.Feedbacks(parse),
                strategies.Contains(QueryStrategy.Triplet) ? inputs.Anchors(parse) : [],
                inputs.Refines(parse), [.. strategies.Where(s => s != QueryStrategy.Triplet)]);
            var seeds = inputs.Seeds(parse);
            var template = inputs.Template(parse);
            template.Validate(); // before the images are loaded; a cell only sets the choices and the seed
            // One split for the whole grid, so every cell and seed is measured on the same test images.
            var (train, test) = inputs.Data(parse, seeds[0]);
            var folder = parse.GetValue(inputs.Output)!.FullName;
            var provenance = EvalInputs.Provenance();
            Console.Error.WriteLine($"SIMULATION: {cells.Count} configurations × {seeds.Count} seeds on {train.Count} training and {test.Count} test images; the expert is simulated from the true masks.");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var done = new List<GridRun>();
            ExperimentGrid.Run(train, test, template, cells, seeds,
                line => Console.Error.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {line}"),
                run =>
                {
                    // Written as each run finishes, so a grid stopped half-way keeps what it measured.
                    done.Add(run);
                    ExperimentReport.Write(run.Result, Path.Combine(folder, GridReport.RunFolder(run)), provenance, overlays: run.Seed == seeds[0]);
                    GridReport.Write(done, folder, provenance);
                },
                ct);
            Console.WriteLine(GridReport.Markdown(done, provenance));
            Console.Error.WriteLine($"Wrote grid.md, grid.json, plots and runs/ to {folder}.");
        }));
        return command;
    }
}
