namespace DefectRefine.Evaluation;

/// <summary>One experiment of a grid: its cell, its seed and what it measured.</summary>
public sealed record GridRun(GridCell Cell, int Seed, ExperimentResult Result);

/// <summary>Runs a chosen subset of the paper's grid over several seeds on one train/test split, sharing floor and ceiling.</summary>
public static class ExperimentGrid
{
    public static IReadOnlyList<GridRun> Run(
        IReadOnlyList<EvaluationImage> train,
        IReadOnlyList<EvaluationImage> test,
        EvaluationOptions template,
        IReadOnlyList<GridCell> cells,
        IReadOnlyList<int> seeds,
        Action<string>? progress = null,
        Action<GridRun>? completed = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(template);
        if (cells.Count == 0 || seeds.Count == 0)
            throw new ArgumentException("A grid needs at least one cell and one seed.");
        // A cell only sets the choices and the seed, so checking the template refuses bad settings before any run.
        template.Validate();
        var cache = new ReferenceCache();
        var runs = new List<GridRun>();
        var total = cells.Count * seeds.Distinct().Count();
        foreach (var seed in seeds.Distinct())
        {
            foreach (var cell in cells)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var options = cell.Apply(template, seed);
                var prefix = $"[{runs.Count + 1}/{total} {cell.Row}, {cell.Init}, {cell.Refine}, seed {seed}] ";
                progress?.Invoke(prefix + "starting");
                var result = RefinementExperiment.Run(train, test, options, line => progress?.Invoke(prefix + line), cache, cancellationToken);
                var run = new GridRun(cell, seed, result);
                runs.Add(run);
                completed?.Invoke(run);
            }
        }
        return runs;
    }
}
