namespace DefectRefine.LabelStore;

/// <summary>A named set of images labelled together.</summary>
public sealed class Dataset
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}
