namespace DefectRefine.Annotations;

/// <summary>What is wrong, in which file (relative to the import root) and, where known, on which line.</summary>
public sealed record AnnotationProblem(string File, int? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"{File}:{line}: {Message}" : $"{File}: {Message}";
}
