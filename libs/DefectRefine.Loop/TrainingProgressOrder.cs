using DefectRefine.Contracts.V1.Loop;

namespace DefectRefine.Loop;

/// <summary>
/// Which of two training reports of a project to show. Reports are published off the training thread and can arrive
/// out of order; the last report of a round (it says why the round stopped) must win over any earlier one, also one
/// at the same step, or a bar would stay at the last throttled step although the round has ended.
/// </summary>
public static class TrainingProgressOrder
{
    public static TrainingStatus Latest(TrainingStatus? known, TrainingStatus incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (known is null)
            return incoming;
        if (incoming.Round != known.Round)
            return incoming.Round > known.Round ? incoming : known;
        if ((known.StoppedBy is null) != (incoming.StoppedBy is null))
            return known.StoppedBy is not null ? known : incoming;
        return incoming.Step >= known.Step ? incoming : known;
    }
}
