namespace DefectRefine.Contracts.V1.Labels;

/// <summary>Who changed a label and from where: the authenticated user at a labelling station (or a tool).</summary>
public sealed record LabelAuthor(string Station, string User);
