using System.CommandLine;
using System.Globalization;
using DefectRefine.Evaluation;
using DefectRefine.Learning.Acquisition;
using DefectRefine.Learning.Answers;
using DefectRefine.Learning.Sampling;

namespace DefectRefine.Cli.Eval;

/// <summary><c>dr eval</c>: the refinement loop in process with a simulated expert, measured against the true masks.</summary>
public static class EvalCommand
{
    public static Command Build()
    {
        var images = new Option<DirectoryInfo>("--images") { Description = "Training images (paired with --masks by file stem).", Required = true };
        var masks = new Option<DirectoryInfo>("--masks") { Description = "True masks, PNG; may be the images folder.", Required = true };
        var threshold = new Option<byte>("--mask-threshold") { Description = "A mask pixel is a defect when its value is above this.", DefaultValueFactory = _ => 0 };
        var testImages = new Option<DirectoryInfo?>("--test-images") { Description = "Test images (else --test-fraction of --images)." };
        var testMasks = new Option<DirectoryInfo?>("--test-masks") { Description = "True masks of the test images." };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of --images held out for testing when no --test-images.", DefaultValueFactory = _ => 0.2 };
        var init = new Option<string>("--init") { Description = "Initial labels, simulated from the truth: roi, seg or noise.", DefaultValueFactory = _ => "roi" };
        var strategy = new Option<string>("--strategy") { Description = "triplet, random or entropy.", DefaultValueFactory = _ => "triplet" };
        var anchor = new Option<string>("--anchor") { Description = "random or entropy.", DefaultValueFactory = _ => "random" };
        var feedback = new Option<string>("--feedback") { Description = "mask, user or both.", DefaultValueFactory = _ => "mask" };
        var refine = new Option<string>("--refine") { Description = "centre, shift or patch.", DefaultValueFactory = _ => "centre" };
        var sessions = new Option<int>("--sessions") { DefaultValueFactory = _ => 4 };
        var queries = new Option<int>("--queries-per-session") { DefaultValueFactory = _ => 50 };
        var noise = new Option<double>("--expert-noise") { Description = "Probability the simulated expert answers a candidate wrongly.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var maxImages = new Option<int?>("--max-images") { Description = "Use at most this many training images (and test images)." };
        var initialSteps = new Option<int>("--initial-steps") { Description = "Training steps before the first session.", DefaultValueFactory = _ => new EvaluationOptions().InitialSteps };
        var sessionSteps = new Option<int>("--session-steps") { Description = "Fine-tuning steps after each session.", DefaultValueFactory = _ => new EvaluationOptions().SessionSteps };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for results.json and report.md.", Required = true };

        var command = new Command("eval", "Refine simulated initial labels with a simulated expert and measure against the true masks (SIMULATION: no expert is asked).")
        {
            images, masks, threshold, testImages, testMasks, testFraction, init, strategy, anchor, feedback, refine, sessions, queries, noise, seed,
            maxImages, initialSteps, sessionSteps, output,
        };
        command.SetAction((parse, ct) =>
        {
            try
            {
                var options = new EvaluationOptions
                {
                    Init = Parse<InitialLabels>(parse.GetValue(init)!, "--init", ("roi", InitialLabels.Roi), ("seg", InitialLabels.Seg), ("noise", InitialLabels.Noise)),
                    Strategy = Parse<QueryStrategy>(parse.GetValue(strategy)!, "--strategy", ("triplet", QueryStrategy.Triplet), ("random", QueryStrategy.Random), ("entropy", QueryStrategy.Entropy)),
                    Anchor = Parse<AnchorStrategy>(parse.GetValue(anchor)!, "--anchor", ("random", AnchorStrategy.Random), ("entropy", AnchorStrategy.MaxEntropy)),
                    Feedback = Parse<SampleSource>(parse.GetValue(feedback)!, "--feedback", ("mask", SampleSource.Mask), ("user", SampleSource.Verified), ("both", SampleSource.Both)),
                    Refine = Parse<RefinementGranularity>(parse.GetValue(refine)!, "--refine", ("centre", RefinementGranularity.CentrePixel), ("center", RefinementGranularity.CentrePixel), ("shift", RefinementGranularity.Shift), ("patch", RefinementGranularity.WholePatch)),
                    Sessions = parse.GetValue(sessions),
                    QueriesPerSession = parse.GetValue(queries),
                    ExpertNoise = parse.GetValue(noise),
                    Seed = parse.GetValue(seed),
                    InitialSteps = parse.GetValue(initialSteps),
                    SessionSteps = parse.GetValue(sessionSteps),
                };
                options.Validate();
                var max = parse.GetValue(maxImages);
                var all = EvaluationData.Load(parse.GetValue(images)!.FullName, parse.GetValue(masks)!.FullName, parse.GetValue(threshold), max);
                IReadOnlyList<EvaluationImage> train, test;
                if (parse.GetValue(testImages) is { } testFolder)
                {
                    var testMaskFolder = parse.GetValue(testMasks) ?? throw new ArgumentException("--test-images needs --test-masks.");
                    (train, test) = (all, EvaluationData.Load(testFolder.FullName, testMaskFolder.FullName, parse.GetValue(threshold), max));
                }
                else
                {
                    (train, test) = EvaluationData.Split(all, parse.GetValue(testFraction), options.Seed);
                }

                Console.Error.WriteLine($"SIMULATION: {train.Count} training and {test.Count} test images; the expert is simulated from the true masks.");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var result = RefinementExperiment.Run(train, test, options,
                    line => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}"), ct);
                var provenance = new Dictionary<string, string>
                {
                    ["command"] = "dr " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                    ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
                    ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                };
                ExperimentReport.Write(result, parse.GetValue(output)!.FullName, provenance);
                Console.WriteLine(ExperimentReport.Markdown(result, provenance));
                return Task.FromResult(0);
            }
            catch (Exception error) when (error is ArgumentException or InvalidDataException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"dr eval: {error.Message}");
                return Task.FromResult(2);
            }
        });
        return command;
    }

    private static T Parse<T>(string text, string option, params (string Name, T Value)[] choices)
    {
        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase))
                return value;
        }
        throw new ArgumentException($"{option} '{text}' is not one of {string.Join(", ", choices.Select(c => c.Name).Distinct())}.");
    }
}
