namespace DefectRefine.Annotations;

/// <summary>
/// The labels were refused. <see cref="Problems"/> holds every problem found, so a user can fix a folder in one pass;
/// the message lists the first ones.
/// </summary>
public sealed class AnnotationException : Exception
{
    private const int ListedInMessage = 20;

    public AnnotationException(IReadOnlyList<AnnotationProblem> problems)
        : base(Describe(problems)) => Problems = problems;

    public AnnotationException(string file, string message, int? line = null)
        : this([new AnnotationProblem(file, line, message)])
    {
    }

    public IReadOnlyList<AnnotationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<AnnotationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var lines = problems.Take(ListedInMessage).Select(p => "  " + p);
        var more = problems.Count > ListedInMessage ? [$"  ... and {problems.Count - ListedInMessage} more"] : Array.Empty<string>();
        return string.Join(Environment.NewLine, [$"{problems.Count} problem(s) in the labels:", .. lines, .. more]);
    }
}
