using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace DefectRefine.UnitTests.Deployment;

/// <summary>
/// An overlay of k8s/ as kubectl renders it (<c>kubectl kustomize</c>, offline), and the schema check of
/// tools/k8s-validate (npm kubernetes-models) over the rendered text.
/// </summary>
internal sealed class KubernetesManifests
{
    private KubernetesManifests(string overlay, string text, List<YamlMappingNode> objects) => (Overlay, Text, Objects) = (overlay, text, objects);

    public string Overlay { get; }
    public string Text { get; }
    public IReadOnlyList<YamlMappingNode> Objects { get; }

    public static KubernetesManifests Render(string overlay)
    {
        var directory = Path.Combine(DeploymentFiles.Root, "k8s", "overlays", overlay);
        var (code, output, error) = Run("kubectl", ["kustomize", directory], "kubectl (1.32 is on the build image; https://kubernetes.io/docs/tasks/tools/)");
        if (code != 0)
            throw new InvalidOperationException($"kubectl kustomize {overlay} failed ({code}): {error}");
        return Parse(overlay, output);
    }

    /// <summary>Manifests as written (a snippet in a test, or rendered text), one object per YAML document.</summary>
    public static KubernetesManifests Parse(string name, string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new KubernetesManifests(name, text, [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()]);
    }

    /// <summary>Runs tools/k8s-validate over <paramref name="text"/>; returns its exit code and what it printed.</summary>
    public static (int Code, string Output) Validate(string text)
    {
        var tool = Path.Combine(DeploymentFiles.Root, "tools", "k8s-validate");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "kubernetes-models")))
            throw new InvalidOperationException($"tools/k8s-validate has no node_modules: run 'npm ci' in {tool} (scripts/test.sh does).");
        var file = Path.Combine(Path.GetTempPath(), $"dr-k8s-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, text);
        try
        {
            var (code, output, error) = Run("node", [Path.Combine(tool, "validate.mjs"), file], "Node.js 20 or later");
            return (code, output + error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => Scalar(o, "kind") == kind);

    public YamlMappingNode Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => Scalar(o, "metadata", "name") == name)
        ?? throw new InvalidOperationException($"{Overlay} renders no {kind} {name}.");

    /// <summary>Pod templates of every workload: Deployments, StatefulSets and Jobs, with the workload's kind and name.</summary>
    public IEnumerable<(string Workload, YamlMappingNode PodSpec)> PodSpecs() =>
        Objects.Where(o => Scalar(o, "kind") is "Deployment" or "StatefulSet" or "Job")
            .Select(o => ($"{Scalar(o, "kind")} {Scalar(o, "metadata", "name")}", (YamlMappingNode)Node(o, "spec", "template", "spec")!));

    public static YamlNode? Node(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
                return null;
        }
        return node;
    }

    public static string? Scalar(YamlNode? node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(YamlNode? node, params string[] path) =>
        Node(node, path) is YamlSequenceNode sequence ? sequence.Children : [];

    private static (int Code, string Output, string Error) Run(string program, string[] arguments, string what)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"'{program}' could not be started ({error.Message}); these checks need {what}.", error);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 60 s.");
            }
            return (process.ExitCode, output.Result, error.Result);
        }
    }
}
