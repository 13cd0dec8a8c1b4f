using DefectRefine.Contracts.V1.Loop;

namespace DefectRefine.LabelStore.Loop;

/// <summary>A patch an expert answered, with the label the answer gave it: the "user refined" training set.</summary>
public sealed record VerifiedPatch(Guid ImageId, int X, int Y, bool Defect);

/// <summary>
/// One kept answer (id = query id, so a query can be answered only once: a second insert fails in the database, not
/// in a check that two gateways could pass at the same moment). Written in the transaction of its refinement events.
/// </summary>
public sealed class AnswerRecord
{
    public Guid Id { get; set; }
    public Guid ProjectId { get; set; }
    public int Session { get; set; }
    public string ModelVersion { get; set; } = "";
    public string Station { get; set; } = "";
    public string User { get; set; } = "";
    public DateTimeOffset AnsweredAt { get; set; }
    public bool AnchorDefect { get; set; }
    public List<int> SameAsAnchor { get; set; } = [];
    public List<VerifiedPatch> Verified { get; set; } = [];
    public List<ImageVersion> Versions { get; set; } = [];
    public bool Undone { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }
}
