namespace DefectRefine.Annotations;

/// <summary>What every reader shares: the root, the options, and the list of problems found so far.</summary>
internal sealed class ImportContext(string root, ImportFolderOptions options)
{
    private readonly List<AnnotationProblem> _problems = [];

    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    public ImportFolderOptions Options { get; } = options;
    public int ProblemCount => _problems.Count;

    public void Problem(string file, string message, int? line = null) => _problems.Add(new AnnotationProblem(file, line, message));

    public void ThrowIfProblems()
    {
        if (_problems.Count > 0)
            throw new AnnotationException(_problems);
    }

    /// <summary>
    /// True when the file is within <see cref="ImportFolderOptions.MaxLabelFileBytes"/> (one image's labels) or
    /// <see cref="ImportFolderOptions.MaxAnnotationsFileBytes"/> (the whole folder's); else records why and returns false,
    /// so the caller never reads it. A file that cannot be inspected is left to the caller's read to report.
    /// </summary>
    public bool WithinCap(string fullPath, bool wholeFolder)
    {
        var (cap, name) = wholeFolder
            ? (Options.MaxAnnotationsFileBytes, Options.AnnotationsFileCapName)
            : (Options.MaxLabelFileBytes, Options.LabelFileCapName);
        long length;
        try
        {
            length = new FileInfo(fullPath).Length;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return true;
        }
        if (length <= cap)
            return true;
        Problem(Relative(fullPath), $"is {length:N0} bytes; {(wholeFolder ? "a file that labels the whole folder" : "one image's label file")} may hold at most {cap:N0}{(name is null ? "" : $" ({name})")}.");
        return false;
    }

    /// <summary>Relative to the root, '/' separated; "." for the root itself.</summary>
    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    /// <summary>The path below the root, or null after recording why it is unsafe.</summary>
    public string? Resolve(string relative, string reportAs)
    {
        if (SafePath.TryResolve(Root, relative, out var full) is { } problem)
        {
            Problem(reportAs, problem);
            return null;
        }
        return full;
    }

    /// <summary>
    /// The configured folder (which must exist), else the first default that exists, else the root; null after
    /// recording a problem.
    /// </summary>
    public string? Folder(string? configured, string what, params string[] defaults)
    {
        if (configured is null)
            return defaults.Select(d => Path.Combine(Root, d)).FirstOrDefault(Directory.Exists) ?? Root;
        var full = Resolve(configured, configured);
        if (full is not null && !Directory.Exists(full))
        {
            Problem(configured, $"the {what} folder does not exist.");
            return null;
        }
        // Normalised, so "masks" and "masks/" name the same folder when folders are compared.
        return full is null ? null : Path.TrimEndingDirectorySeparator(full);
    }

    /// <summary>
    /// Files below <paramref name="folder"/> (subfolders included, hidden files skipped) that pass
    /// <paramref name="filter"/>, in ordinal order. When <paramref name="exclude"/> lies inside the folder (masks/ in an
    /// images folder that is the root), its files are left out. Files reached through links out of the root are
    /// recorded as problems.
    /// </summary>
    public List<string> Files(string folder, Func<string, bool> filter, string? exclude = null)
    {
        var skip = exclude is not null && IsBelow(folder, exclude) ? exclude : null;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MaxRecursionDepth = 16,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = false,
        };
        var files = new List<string>();
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", options))
            {
                if (!filter(file) || (skip is not null && IsBelow(skip, file)))
                    continue;
                if (Resolve(Relative(file), Relative(file)) is not null)
                    files.Add(file);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Problem(Relative(folder), $"cannot be listed: {error.Message}");
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static bool IsBelow(string folder, string path) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
