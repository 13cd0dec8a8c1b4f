namespace DefectRefine.Annotations;

/// <summary>
/// Resolves paths that come from label files or requests below an import root, refusing absolute paths, '..'
/// escapes and symbolic links (anywhere along the path) that resolve outside the root: a label file must not make
/// the importer read arbitrary files.
/// </summary>
public static class SafePath
{
    // Link chains longer than this are loops (Linux gives up at 40 as well).
    private const int MaxLinkHops = 40;

    /// <summary>The absolute path of <paramref name="relative"/> below <paramref name="root"/>, or <see cref="AnnotationException"/>.</summary>
    public static string Resolve(string root, string relative)
    {
        ArgumentNullException.ThrowIfNull(root);
        return TryResolve(root, relative, out var full) is { } problem ? throw new AnnotationException(relative ?? "", problem) : full;
    }

    /// <summary>Null and the absolute path when it is safe; otherwise the reason it is not.</summary>
    internal static string? TryResolve(string root, string? relative, out string full)
    {
        full = "";
        if (string.IsNullOrWhiteSpace(relative))
            return "the path is empty.";
        if (relative.Contains('\0'))
            return "the path contains a NUL character.";
        // Label files written on Windows use backslashes; they are separators here too.
        var normalised = relative.Replace('\\', '/');
        if (Path.IsPathRooted(normalised) || normalised.StartsWith('/') || (normalised.Length >= 2 && normalised[1] == ':'))
            return "is an absolute path; paths must be relative to the import folder.";

        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var candidate = Path.GetFullPath(Path.Combine(rootFull, normalised));
        if (!IsWithin(rootFull, candidate))
            return "leaves the import folder ('..'); paths must stay inside it.";
        try
        {
            if (!IsWithin(RealPath(rootFull), RealPath(candidate)))
                return "goes through a symbolic link that resolves outside the import folder.";
        }
        catch (IOException error)
        {
            return $"cannot be resolved: {error.Message}";
        }
        catch (UnauthorizedAccessException error)
        {
            return $"cannot be resolved: {error.Message}";
        }
        full = candidate;
        return null;
    }

    private static bool IsWithin(string root, string path)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        root = Path.TrimEndingDirectorySeparator(root);
        return path.Equals(root, comparison)
            || (path.StartsWith(root, comparison) && path.Length > root.Length && IsSeparator(path[root.Length]))
            // A filesystem root ("/") already ends in a separator.
            || (Path.EndsInDirectorySeparator(root) && path.StartsWith(root, comparison));
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;

    /// <summary>The path with every symbolic link along it followed; parts that do not exist are kept as written.</summary>
    private static string RealPath(string path)
    {
        var hops = 0;
        return RealPath(path, ref hops);
    }

    private static string RealPath(string path, ref int hops)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full) ?? "";
        var parts = full[current.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++hops > MaxLinkHops)
                    throw new IOException($"too many levels of symbolic links at {next}.");
                current = RealPath(Path.GetFullPath(target, current), ref hops);
            }
            else
            {
                current = next;
            }
        }
        return current;
    }
}
