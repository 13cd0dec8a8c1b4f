using System.Text.Json.Serialization;

namespace DefectRefine.Evaluation;

/// <summary>The paper's protocol: predicted patch labels against the initial (wrong) labels at sampled centres.</summary>
public sealed record PaperMetrics(double F1, double Recall, double Precision);

/// <summary>
/// Our protocol against the true masks: patch F1 at the same centres, and the dense map's pixel F1 and IoU over every
/// test pixel. <see cref="MasksPixelF1"/> is how close the refined training masks themselves are to the truth.
/// </summary>
public sealed record TruthMetrics(
    [property: JsonPropertyName("patch_f1")] double PatchF1,
    [property: JsonPropertyName("pixel_f1")] double PixelF1,
    [property: JsonPropertyName("pixel_iou")] double PixelIou,
    [property: JsonPropertyName("masks_pixel_f1")] double MasksPixelF1);

/// <summary>The state after one stage: the initial training, a session, or the floor and ceiling references.</summary>
public sealed record StageResult(
    string Stage,
    [property: JsonPropertyName("answered_queries")] int AnsweredQueries,
    [property: JsonPropertyName("pixels_changed")] long PixelsChanged,
    [property: JsonPropertyName("training_steps")] int TrainingSteps,
    PaperMetrics Paper,
    TruthMetrics Truth);

/// <summary>Counts of a binary comparison, and the scores they give (0 where undefined).</summary>
public struct Confusion
{
    public long TruePositive;
    public long FalsePositive;
    public long FalseNegative;

    public void Add(bool predicted, bool actual)
    {
        if (predicted && actual)
            TruePositive++;
        else if (predicted)
            FalsePositive++;
        else if (actual)
            FalseNegative++;
    }

    public readonly double Precision => TruePositive + FalsePositive == 0 ? 0 : TruePositive / (double)(TruePositive + FalsePositive);
    public readonly double Recall => TruePositive + FalseNegative == 0 ? 0 : TruePositive / (double)(TruePositive + FalseNegative);
    public readonly double F1 => TruePositive == 0 ? 0 : 2.0 * TruePositive / ((2.0 * TruePositive) + FalsePositive + FalseNegative);
    public readonly double Iou => TruePositive == 0 ? 0 : TruePositive / (double)(TruePositive + FalsePositive + FalseNegative);
}
