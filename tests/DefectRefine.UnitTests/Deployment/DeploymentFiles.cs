using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DefectRefine.UnitTests.Deployment;

/// <summary>The checkout's deployment files, read as a container builder and compose would read them.</summary>
internal static partial class DeploymentFiles
{
    public static string Root => SharedData.Checkout;

    public static YamlMappingNode Compose()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        stream.Load(reader);
        return Merged((YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>The Dockerfile's stages by name, each with its base and instructions (continuation lines joined).</summary>
    public static IReadOnlyDictionary<string, DockerStage> DockerStages()
    {
        var stages = new Dictionary<string, DockerStage>(StringComparer.Ordinal);
        DockerStage? current = null;
        var text = File.ReadAllText(Path.Combine(Root, "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        // Build arguments declared before the first FROM, with their defaults: a base named by one resolves to it.
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        string Expand(string value) => ArgumentReference().Replace(value, match => arguments.GetValueOrDefault(match.Groups["name"].Value, match.Value));
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (current is null && ArgLine().Match(line) is { Success: true } argument)
            {
                arguments[argument.Groups["name"].Value] = Expand(argument.Groups["value"].Value);
                continue;
            }
            if (FromLine().Match(line) is { Success: true } from)
            {
                current = new DockerStage(from.Groups["name"].Value, Expand(from.Groups["base"].Value), []);
                stages[current.Name] = current;
            }
            else
            {
                current?.Instructions.Add(line);
            }
        }
        return stages;
    }

    /// <summary>
    /// Resolves merge keys (<c>&lt;&lt;: *service</c>) as compose does: the anchored mapping's entries, unless the mapping
    /// sets them itself. (YamlDotNet's MergingParser would repeat an overridden key instead.)
    /// </summary>
    private static YamlMappingNode Merged(YamlMappingNode node)
    {
        var merged = new YamlMappingNode();
        foreach (var (key, value) in node.Children)
            if (key.ToString() != "<<")
                merged.Add(key, value is YamlMappingNode mapping ? Merged(mapping) : value);
        if (node.Children.TryGetValue(new YamlScalarNode("<<"), out var source) && source is YamlMappingNode anchored)
            foreach (var (key, value) in Merged(anchored).Children)
                if (!merged.Children.ContainsKey(key))
                    merged.Add(key, value);
        return merged;
    }

    [GeneratedRegex(@"^ARG\s+(?<name>\w+)=(?<value>\S+)$")]
    private static partial Regex ArgLine();

    [GeneratedRegex(@"\$\{(?<name>\w+)\}")]
    private static partial Regex ArgumentReference();

    [GeneratedRegex(@"^FROM\s+(?<base>\S+)\s+AS\s+(?<name>\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();
}

internal sealed record DockerStage(string Name, string Base, List<string> Instructions)
{
    /// <summary>The last instruction starting with <paramref name="keyword"/> in this stage or the stages it is built on.</summary>
    public string? Find(string keyword, IReadOnlyDictionary<string, DockerStage> stages)
    {
        for (var stage = this; stage is not null; stage = stages.GetValueOrDefault(stage.Base))
        {
            var found = stage.Instructions.LastOrDefault(i => i.StartsWith(keyword + " ", StringComparison.OrdinalIgnoreCase));
            if (found is not null)
                return found;
        }
        return null;
    }
}
