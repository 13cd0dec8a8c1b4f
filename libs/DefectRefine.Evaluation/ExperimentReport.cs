using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DefectRefine.Evaluation;

/// <summary>Writes an experiment's results.json (machine-readable, snake_case) and report.md (for people) into a folder.</summary>
public static class ExperimentReport
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <param name="overlays">False leaves the overlays out (and their links): a grid keeps them for its first seed only, as they are most of its size.</param>
    public static void Write(ExperimentResult result, string folder, IReadOnlyDictionary<string, string> provenance, bool overlays = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        var document = new
        {
            provenance,
            config = result.Config,
            train_images = result.TrainImages,
            test_images = result.TestImages,
            seconds = result.Seconds,
            initial = result.Initial,
            sessions = result.Sessions,
            floor = result.Floor,
            ceiling = result.Ceiling,
            gap_closed = result.GapClosed,
            references = result.References,
            collapsed_rounds = result.CollapsedRounds,
        };
        File.WriteAllText(Path.Combine(folder, "results.json"), JsonSerializer.Serialize(document, Json));
        ExperimentPlots.WriteF1(result, Path.Combine(folder, F1Plot));
        if (overlays)
            WriteOverlays(result.Samples, Path.Combine(folder, OverlayFolder));
        File.WriteAllText(Path.Combine(folder, "report.md"), Markdown(overlays ? result : result with { Samples = [] }, provenance));
    }

    public const string F1Plot = "f1.png";
    public const string OverlayFolder = "overlays";

    public static void WriteOverlays(IReadOnlyList<MaskSample> samples, string folder)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Directory.CreateDirectory(folder);
        foreach (var sample in samples)
            File.WriteAllBytes(Path.Combine(folder, sample.Name + ".png"), MaskOverlay.Render(sample.Image, sample.Truth, [.. sample.Masks.Select(m => m.Mask)]));
    }

    /// <summary>The refined training masks beside what the labels give with no expert, on the same images and labels.</summary>
    public static void AppendReferences(StringBuilder text, ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(result);
        var r = result.References;
        text.AppendLine("Training masks against the truth, beside two references with no expert on the same images and initial labels (pixel scores summed over the images; the test images' labels for completeness):");
        text.AppendLine();
        text.AppendLine("| training masks | pixel F1 | IoU | precision | recall | test images: pixel F1 | IoU | precision | recall |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| reference: {ReferenceScores.LabelsName} | {Scores(r.Labels)} | {Scores(r.TestLabels)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| reference: {ReferenceScores.GrabCutName} | {Scores(r.GrabCut)} | {Scores(r.TestGrabCut)} |");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| refined masks, {result.Final.Stage} | {result.Final.Truth.MasksPixelF1:F3} | — | — | — | — | — | — | — |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"GrabCut kept the labels of {r.KeptBoxes} of {r.Boxes} boxes, where it found no defect or had too few pixels to model.");
    }

    private static string Scores(MaskScores s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.PixelF1:F3} | {s.Iou:F3} | {s.Precision:F3} | {s.Recall:F3}");

    public static string Markdown(ExperimentResult result, IReadOnlyDictionary<string, string> provenance)
    {
        var c = result.Config;
        var text = new StringBuilder();
        text.AppendLine("# Refinement experiment (simulated expert)");
        text.AppendLine();
        foreach (var (key, value) in provenance)
            text.AppendLine(CultureInfo.InvariantCulture, $"- {key}: `{value}`");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- init {c.Init}, strategy {c.Strategy}, anchor {c.Anchor}, feedback {c.Feedback}, refine {c.Refine}, {c.Sessions} sessions × {c.QueriesPerSession} queries, expert noise {c.ExpertNoise}, seed {c.Seed}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- {result.TrainImages} training and {result.TestImages} test images; {result.Seconds:F0} s");
        text.AppendLine();
        text.AppendLine("Paper protocol: predicted patch label vs the initial labels at 128 centres per test image. Truth: the same centres vs the true mask, and the dense map's pixel F1 / IoU.");
        text.AppendLine();
        text.AppendLine("| stage | answers | px changed | paper F1 | recall | precision | truth patch F1 | pixel F1 | pixel IoU | training masks F1 |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in new[] { result.Floor, result.Initial }.Concat(result.Sessions).Append(result.Ceiling))
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Stage} | {s.AnsweredQueries} | {s.PixelsChanged} | {s.Paper.F1:F3} | {s.Paper.Recall:F3} | {s.Paper.Precision:F3} | {s.Truth.PatchF1:F3} | {s.Truth.PixelF1:F3} | {s.Truth.PixelIou:F3} | {s.Truth.MasksPixelF1:F3} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Floor-to-ceiling gap in pixel F1 closed: {result.GapClosed:P0}.");
        text.AppendLine();
        AppendReferences(text, result);
        text.AppendLine();
        if (result.CollapsedRounds.Count > 0)
        {
            text.AppendLine("**Collapsed rounds** (the model predicted almost no defect while its targets held defects):");
            foreach (var round in result.CollapsedRounds)
                text.AppendLine(CultureInfo.InvariantCulture, $"- {round}");
            text.AppendLine();
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"![F1 against answered queries]({F1Plot})");
        if (result.Samples.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Overlays");
            text.AppendLine();
            text.AppendLine("Each row: the image, then each mask against the true mask: green where both say defect, red a false defect, blue a missed defect.");
            text.AppendLine();
            foreach (var sample in result.Samples)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"**{sample.Name}**: image | {string.Join(" | ", sample.Masks.Select(m => m.Label))}");
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"![{sample.Name}]({OverlayFolder}/{sample.Name}.png)");
                text.AppendLine();
            }
        }
        return text.ToString();
    }
}
