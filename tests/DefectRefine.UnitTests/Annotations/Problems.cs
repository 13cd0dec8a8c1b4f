using DefectRefine.Annotations;

namespace DefectRefine.UnitTests.Annotations;

internal static class Problems
{
    /// <summary>Reads and expects refusal; returns the problems.</summary>
    public static IReadOnlyList<AnnotationProblem> Of(string root, AnnotationFormat format, ImportFolderOptions? options = null) =>
        Assert.Throws<AnnotationException>(() => ImportFolder.Read(root, format, options)).Problems;

    /// <summary>Asserts one problem names <paramref name="file"/> and says <paramref name="reason"/>, and returns it.</summary>
    public static AnnotationProblem Single(IReadOnlyList<AnnotationProblem> problems, string file, string reason)
    {
        var matching = problems.Where(p => p.File == file && p.Message.Contains(reason, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count == 1, $"expected one problem in {file} saying '{reason}', got:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        return matching[0];
    }
}
