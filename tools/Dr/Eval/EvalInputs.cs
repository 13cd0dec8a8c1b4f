using System.CommandLine;
using System.Globalization;
using DefectRefine.Evaluation;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Sampling;
using DefectRefine.Masks.Refined;

namespace DefectRefine.Cli.Eval;

/// <summary>
/// The options <c>dr eval</c> and <c>dr eval grid</c> share: the data, the budget and the experiment's choices. In a
/// grid the choices take comma-separated lists.
/// </summary>
internal sealed class EvalInputs
{
    public EvalInputs(bool grid)
    {
        if (!grid)
            return;
        const string list = " Comma-separated for a grid.";
        foreach (var option in new[] { Init, Anchor, Feedback, Refine })
            option.Description += list;
        Strategy.Description = "Query strategies: triplet cells vary --anchor; random and entropy are added as baselines." + list;
        Strategy.DefaultValueFactory = _ => "triplet,random,entropy";
        Seed.Description = "Seeds; each cell runs once per seed." + list;
        Seed.DefaultValueFactory = _ => "1,2,3";
    }

    public Option<DirectoryInfo> Images { get; } = new("--images") { Description = "Training images (paired with --masks by file stem).", Required = true };
    public Option<DirectoryInfo> Masks { get; } = new("--masks") { Description = "True masks, PNG; may be the images folder.", Required = true };
    public Option<byte> Threshold { get; } = new("--mask-threshold") { Description = "A mask pixel is a defect when its value is above this.", DefaultValueFactory = _ => 0 };
    public Option<DirectoryInfo?> TestImages { get; } = new("--test-images") { Description = "Test images (else --test-fraction of --images)." };
    public Option<DirectoryInfo?> TestMasks { get; } = new("--test-masks") { Description = "True masks of the test images." };
    public Option<double> TestFraction { get; } = new("--test-fraction") { Description = "Share of --images held out for testing when no --test-images.", DefaultValueFactory = _ => 0.2 };
    public Option<string> Init { get; } = new("--init") { Description = "Initial labels, simulated from the truth: roi, seg or noise.", DefaultValueFactory = _ => "roi" };
    public Option<string> Strategy { get; } = new("--strategy") { Description = "triplet, random or entropy (default: the learner's best measured, docs/evaluation.md: triplet for pixel and for paper).", DefaultValueFactory = _ => "triplet" };
    public Option<string> Anchor { get; } = new("--anchor") { Description = "random or entropy.", DefaultValueFactory = _ => "random" };
    public Option<string> Feedback { get; } = new("--feedback") { Description = "What trains after a session: mask, user or both (default both: centre-pixel answers alone change almost none of the masks).", DefaultValueFactory = _ => "both" };
    public Option<string> Refine { get; } = new("--refine") { Description = "centre, shift or patch.", DefaultValueFactory = _ => "centre" };
    public Option<int> Sessions { get; } = new("--sessions") { DefaultValueFactory = _ => 4 };
    public Option<int> Queries { get; } = new("--queries-per-session") { DefaultValueFactory = _ => 50 };
    public Option<double> Noise { get; } = new("--expert-noise") { Description = "Probability the simulated expert answers a candidate wrongly.", DefaultValueFactory = _ => 0 };
    public Option<string> Seed { get; } = new("--seed") { Description = "Random seed.", DefaultValueFactory = _ => "1" };
    public Option<int?> MaxImages { get; } = new("--max-images") { Description = "Use at most this many training images (and test images)." };
    public Option<string> Model { get; } = new("--model") { Description = "pixel (default: a light U-Net trained from GrabCut in the labels and the answers; refined masks composed from its map) or paper (the paper's 32 px patch model, masks changed only where answered).", DefaultValueFactory = _ => "pixel" };
    public Option<int?> InitialSteps { get; } = new("--initial-steps") { Description = $"Training steps before the first session (default {EvaluationOptions.ForLearner(Learner.Pixel).InitialSteps} for pixel, {EvaluationOptions.ForLearner(Learner.Paper).InitialSteps} for paper)." };
    public Option<int?> SessionSteps { get; } = new("--session-steps") { Description = $"Fine-tuning steps after each session (default {EvaluationOptions.ForLearner(Learner.Pixel).SessionSteps} for pixel, {EvaluationOptions.ForLearner(Learner.Paper).SessionSteps} for paper)." };
    public Option<string> Proposal { get; } = new("--proposal") { Description = "Pixel learner: the defect inside the initial labels before any answer: grabcut (default: GrabCut in the labels) or labels (a box's whole inside).", DefaultValueFactory = _ => "grabcut" };
    public Option<string?> Propagate { get; } = new("--propagate") { Description = "Pixel learner: how far an answer reaches: superpixel (the default for --model pixel: also the answered pixel's superpixel where the model agrees, inside the patch the expert saw) or none (the pixels it names; the paper's rule)." };
    public Option<int?> Folds { get; } = new("--folds") { Description = "Pixel learner: models trained side by side, each mapping the images whose noisy first-guess targets it did not learn (cross-fitting); 1 is one model for all." };
    public Option<string> Compose { get; } = new("--compose") { Description = "Pixel learner: how its map becomes a refined mask: threshold (default) or graphcut (GrabCut seeded by the map).", DefaultValueFactory = _ => "threshold" };
    public Option<DirectoryInfo> Output { get; } = new("--out") { Description = "Folder for the results, report, plots and overlays.", Required = true };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
        {
            Images, Masks, Threshold, TestImages, TestMasks, TestFraction, Init, Strategy, Anchor, Feedback, Refine, Sessions, Queries, Noise, Seed,
            MaxImages, Model, InitialSteps, SessionSteps, Proposal, Compose, Propagate, Folds, Output,
        })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Only the data, the initial labels and the seed: what the label references need.</summary>
    public void AddDataTo(Command command)
    {
        foreach (var option in new Option[] { Images, Masks, Threshold, TestImages, TestMasks, TestFraction, Init, Seed, MaxImages })
            command.Options.Add(option);
    }

    /// <summary>The budget and simulation settings; the choices of a single run come from <see cref="Single"/>.</summary>
    public EvaluationOptions Template(ParseResult parse)
    {
        var defaults = EvaluationOptions.ForLearner(Parse(parse.GetValue(Model)!, "--model", [("pixel", Learner.Pixel), ("paper", Learner.Paper)]));
        return defaults with
        {
            Sessions = parse.GetValue(Sessions),
            QueriesPerSession = parse.GetValue(Queries),
            ExpertNoise = parse.GetValue(Noise),
            InitialSteps = parse.GetValue(InitialSteps) ?? defaults.InitialSteps,
            SessionSteps = parse.GetValue(SessionSteps) ?? defaults.SessionSteps,
            Proposal = Parse(parse.GetValue(Proposal)!, "--proposal", [("grabcut", ProposalSource.GrabCut), ("labels", ProposalSource.Labels)]),
            Composition = Parse(parse.GetValue(Compose)!, "--compose", [("threshold", MaskComposition.Threshold), ("graphcut", MaskComposition.GraphCut)]),
            Reach = parse.GetValue(Propagate) is { } reach ? Parse(reach, "--propagate", [("none", AnswerReach.Named), ("superpixel", AnswerReach.Superpixel)]) : defaults.Reach,
            Folds = parse.GetValue(Folds) ?? defaults.Folds,
        };
    }

    public EvaluationOptions Single(ParseResult parse)
    {
        var seeds = Seeds(parse);
        if (seeds.Count != 1)
            throw new ArgumentException("dr eval takes one --seed; use dr eval grid for several.");
        var template = Template(parse);
        var options = template with
        {
            Init = One(Inits(parse), "--init"),
            Strategy = parse.GetResult(Strategy) is { Implicit: false } ? One(List(parse, Strategy, "--strategy", StrategyNames), "--strategy") : template.Strategy,
            Anchor = One(Anchors(parse), "--anchor"),
            Feedback = One(Feedbacks(parse), "--feedback"),
            Refine = One(Refines(parse), "--refine"),
            Seed = seeds[0],
        };
        options.Validate();
        return options;
    }

    public IReadOnlyList<InitialLabels> Inits(ParseResult parse) =>
        List(parse, Init, "--init", [("roi", InitialLabels.Roi), ("seg", InitialLabels.Seg), ("noise", InitialLabels.Noise)]);

    public IReadOnlyList<AnchorStrategy> Anchors(ParseResult parse) =>
        List(parse, Anchor, "--anchor", [("random", AnchorStrategy.Random), ("entropy", AnchorStrategy.MaxEntropy)]);

    public IReadOnlyList<SampleSource> Feedbacks(ParseResult parse) =>
        List(parse, Feedback, "--feedback", [("mask", SampleSource.Mask), ("user", SampleSource.Verified), ("both", SampleSource.Both)]);

    public IReadOnlyList<RefinementGranularity> Refines(ParseResult parse) =>
        List(parse, Refine, "--refine", [("centre", RefinementGranularity.CentrePixel), ("center", RefinementGranularity.CentrePixel), ("shift", RefinementGranularity.Shift), ("patch", RefinementGranularity.WholePatch)]);

    public static readonly (string, QueryStrategy)[] StrategyNames = [("triplet", QueryStrategy.Triplet), ("random", QueryStrategy.Random), ("entropy", QueryStrategy.Entropy)];

    public IReadOnlyList<int> Seeds(ParseResult parse) => [.. Split(parse.GetValue(Seed)!).Select(text =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : throw new ArgumentException($"--seed '{text}' is not a whole number."))];

    /// <summary>Training and test images: the test folders when given, else a seeded share of the training images.</summary>
    public (IReadOnlyList<EvaluationImage> Train, IReadOnlyList<EvaluationImage> Test) Data(ParseResult parse, int splitSeed) =>
        Split(parse, Load(parse), splitSeed);

    /// <summary>The images of --images, and those of --test-images when given; <see cref="Split"/> makes the split.</summary>
    public (IReadOnlyList<EvaluationImage> Images, IReadOnlyList<EvaluationImage>? Test) Load(ParseResult parse)
    {
        var max = parse.GetValue(MaxImages);
        var threshold = parse.GetValue(Threshold);
        var all = EvaluationData.Load(parse.GetValue(Images)!.FullName, parse.GetValue(Masks)!.FullName, threshold, max);
        if (parse.GetValue(TestImages) is { } testFolder)
        {
            var testMasks = parse.GetValue(TestMasks) ?? throw new ArgumentException("--test-images needs --test-masks.");
            return (all, EvaluationData.Load(testFolder.FullName, testMasks.FullName, threshold, max));
        }
        if (parse.GetValue(TestMasks) is not null)
            throw new ArgumentException("--test-masks needs --test-images.");
        return (all, null);
    }

    /// <summary>The test folders' images when given, else a seeded --test-fraction of the images.</summary>
    public (IReadOnlyList<EvaluationImage> Train, IReadOnlyList<EvaluationImage> Test) Split(
        ParseResult parse, (IReadOnlyList<EvaluationImage> Images, IReadOnlyList<EvaluationImage>? Test) loaded, int splitSeed) =>
        loaded.Test is { } test ? (loaded.Images, test) : EvaluationData.Split(loaded.Images, parse.GetValue(TestFraction), splitSeed);

    public static Dictionary<string, string> Provenance() => new()
    {
        ["command"] = "dr " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
        ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
    };

    public static IReadOnlyList<T> List<T>(ParseResult parse, Option<string> option, string name, (string Name, T Value)[] choices) =>
        [.. Split(parse.GetValue(option)!).Select(text => Parse(text, name, choices)).Distinct()];

    private static T One<T>(IReadOnlyList<T> values, string name) =>
        values.Count == 1 ? values[0] : throw new ArgumentException($"dr eval takes one {name}; use dr eval grid for several.");

    private static string[] Split(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 ? parts : throw new ArgumentException($"'{text}' names no value.");
    }

    private static T Parse<T>(string text, string option, (string Name, T Value)[] choices)
    {
        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                return value;
        }
        throw new ArgumentException($"{option} '{text}' is not one of {string.Join(", ", choices.Select(c => c.Name).Distinct())}.");
    }
}
