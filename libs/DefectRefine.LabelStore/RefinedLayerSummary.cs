namespace DefectRefine.LabelStore;

/// <summary>How many of a dataset's images have a refined mask, by the round and model that proposed their latest one.</summary>
public sealed record RefinedLayerSummary(int Images, int Refined, IReadOnlyList<RefinedRoundCount> ByRound)
{
    /// <summary>"30 of 48 images (round 2 by model ab12…: 30)"; "none yet" when no round proposed any.</summary>
    public string Describe() => Refined == 0
        ? $"none of {Images} image(s) yet: the Miner proposes a refined mask for every image after each training round"
        : $"{Refined} of {Images} image(s) ({string.Join("; ", ByRound.Select(r => $"round {r.Round} by model {r.ModelVersion}: {r.Images}"))})";
}

public sealed record RefinedRoundCount(int Round, string ModelVersion, int Images);
