using YamlDotNet.RepresentationModel;
using static DefectRefine.UnitTests.Deployment.KubernetesManifests;

namespace DefectRefine.UnitTests.Deployment;

/// <summary>One broken policy: which rule, and a message that names the object.</summary>
internal sealed record PolicyFinding(string Rule, string Message)
{
    public override string ToString() => $"[{Rule}] {Message}";
}

/// <summary>
/// Policy checks over rendered manifests, in the spirit of kube-score or Polaris but for what a DefectRefine rollout
/// has stalled or leaked on (issue 18): rules that schema validation cannot see, because each object is valid alone.
/// </summary>
internal static class KubernetesPolicyLint
{
    public const string HpaReplicas = "hpa-replicas";
    public const string ExclusiveRollingUpdate = "exclusive-rolling-update";
    public const string EgressPolicy = "egress-policy";
    public const string SecretUnused = "secret-unused";
    public const string IngressInternalPath = "ingress-internal-path";
    public const string ReplicaSpread = "replica-spread";

    // Served to the cluster only: Prometheus scrapes /metrics through the PodMonitor, the kubelet probes /health, and
    // the readiness report names what failed.
    private static readonly string[] InternalPaths = ["/metrics", "/health/live", "/health/ready"];

    public static IReadOnlyList<PolicyFinding> Check(KubernetesManifests manifests) =>
    [
        .. ReplicasUnderAutoscaler(manifests),
        .. RollingUpdateOfExclusiveResources(manifests),
        .. PodsWithoutEgressPolicy(manifests),
        .. SecretsNotUsed(manifests),
        .. InternalPathsThroughIngress(manifests),
        .. ReplicasNotSpread(manifests),
    ];

    /// <summary>A count in the manifest resets the autoscaler's scale on every apply.</summary>
    private static IEnumerable<PolicyFinding> ReplicasUnderAutoscaler(KubernetesManifests manifests)
    {
        foreach (var hpa in manifests.OfKind("HorizontalPodAutoscaler"))
        {
            var target = Find(manifests, Scalar(hpa, "spec", "scaleTargetRef", "kind"), Scalar(hpa, "spec", "scaleTargetRef", "name"), Namespace(hpa));
            if (target is not null && Scalar(target, "spec", "replicas") is { } replicas)
                yield return new(HpaReplicas, $"{Describe(target)} sets replicas: {replicas}, but {Describe(hpa)} scales it: every apply would reset the scale. Leave replicas out.");
        }
    }

    /// <summary>
    /// A rolling update starts the new pod before the old one stops; with a GPU or a ReadWriteOnce volume the new pod
    /// waits for what the old one holds, and the rollout never ends. No strategy means RollingUpdate.
    /// </summary>
    private static IEnumerable<PolicyFinding> RollingUpdateOfExclusiveResources(KubernetesManifests manifests)
    {
        foreach (var deployment in manifests.OfKind("Deployment"))
        {
            var strategy = Scalar(deployment, "spec", "strategy", "type") ?? "RollingUpdate";
            if (strategy == "Recreate")
                continue;
            var pod = Node(deployment, "spec", "template", "spec");
            var gpus = Containers(pod).SelectMany(c => new[] { "requests", "limits" }.SelectMany(r => Node(c, "resources", r) is YamlMappingNode m ? m.Children.Keys : []))
                .Select(k => ((YamlScalarNode)k).Value ?? "").Where(k => k.EndsWith("/gpu", StringComparison.Ordinal)).Distinct();
            foreach (var gpu in gpus)
                yield return new(ExclusiveRollingUpdate, $"{Describe(deployment)} requests {gpu} with a {strategy} strategy: the new pod waits for a second GPU. Use strategy: {{type: Recreate}}.");
            foreach (var claim in Items(pod, "volumes").Select(v => Scalar(v, "persistentVolumeClaim", "claimName")).OfType<string>())
            {
                var pvc = Find(manifests, "PersistentVolumeClaim", claim, Namespace(deployment));
                if (Items(pvc, "spec", "accessModes").Any(m => ((YamlScalarNode)m).Value is "ReadWriteOnce" or "ReadWriteOncePod"))
                    yield return new(ExclusiveRollingUpdate, $"{Describe(deployment)} mounts the ReadWriteOnce volume {claim} with a {strategy} strategy: a new pod on another node cannot mount it. Use strategy: {{type: Recreate}}.");
            }
        }
    }

    /// <summary>Egress is open for a pod no Egress policy selects.</summary>
    private static IEnumerable<PolicyFinding> PodsWithoutEgressPolicy(KubernetesManifests manifests)
    {
        var egressPolicies = manifests.OfKind("NetworkPolicy").Where(p =>
            Items(p, "spec", "policyTypes").Any(t => ((YamlScalarNode)t).Value == "Egress")
            || (Node(p, "spec", "policyTypes") is null && Node(p, "spec", "egress") is not null)).ToList();
        foreach (var (workload, template) in Workloads(manifests))
        {
            var labels = Node(template, "metadata", "labels") as YamlMappingNode;
            if (!egressPolicies.Any(p => Namespace(p) == Namespace(workload) && Selects(Node(p, "spec", "podSelector"), labels)))
                yield return new(EgressPolicy, $"{Describe(workload)}: no NetworkPolicy with Egress in its policyTypes selects its pods, so they may connect anywhere.");
        }
    }

    /// <summary>A secret value handed to a container that never reads it (<see cref="ConfigurationUse"/>).</summary>
    private static IEnumerable<PolicyFinding> SecretsNotUsed(KubernetesManifests manifests)
    {
        foreach (var (workload, template) in Workloads(manifests))
        {
            var app = Scalar(template, "metadata", "labels", "app.kubernetes.io/name") ?? "";
            var reads = ConfigurationUse.Environment.GetValueOrDefault(app) ?? new HashSet<string>();
            var pod = Node(template, "spec");
            var secretVolumes = Items(pod, "volumes").Where(v => Scalar(v, "secret", "secretName") is not null)
                .ToDictionary(v => Scalar(v, "name")!, v => Scalar(v, "secret", "secretName")!);
            foreach (var container in Containers(pod))
            {
                var where = $"{Describe(workload)}, container {Scalar(container, "name")}";
                foreach (var source in Items(container, "envFrom").Select(e => Scalar(e, "secretRef", "name")).OfType<string>())
                    yield return new(SecretUnused, $"{where} takes every key of Secret {source} (envFrom): name the keys it reads.");
                foreach (var variable in Items(container, "env").Where(e => Node(e, "valueFrom", "secretKeyRef") is not null))
                {
                    var name = Scalar(variable, "name") ?? "";
                    if (!reads.Contains(name))
                        yield return new(SecretUnused, $"{where} gets {name} from Secret {Scalar(variable, "valueFrom", "secretKeyRef", "name")} key {Scalar(variable, "valueFrom", "secretKeyRef", "key")}, which {(app.Length == 0 ? "this workload" : app)} does not read.");
                }
                foreach (var mount in Items(container, "volumeMounts"))
                {
                    if (!secretVolumes.TryGetValue(Scalar(mount, "name") ?? "", out var secret))
                        continue;
                    var envNames = Items(container, "env").Select(e => Scalar(e, "name")).ToHashSet();
                    if (!ConfigurationUse.SecretFiles.TryGetValue(secret, out var neededBy) || !envNames.Contains(neededBy) || !reads.Contains(neededBy))
                        yield return new(SecretUnused, $"{where} mounts Secret {secret} at {Scalar(mount, "mountPath")}, which nothing it reads points to.");
                }
            }
        }
    }

    /// <summary>/metrics and /health are for the cluster; a path or default backend that covers them publishes them.</summary>
    private static IEnumerable<PolicyFinding> InternalPathsThroughIngress(KubernetesManifests manifests)
    {
        foreach (var ingress in manifests.OfKind("Ingress"))
        {
            if (Node(ingress, "spec", "defaultBackend") is not null)
                yield return new(IngressInternalPath, $"{Describe(ingress)} has a default backend, which serves every path, {string.Join(" and ", InternalPaths)} too.");
            foreach (var path in Items(ingress, "spec", "rules").SelectMany(r => Items(r, "http", "paths")))
            {
                var value = Scalar(path, "path") ?? "/";
                var exact = Scalar(path, "pathType") == "Exact";
                var exposed = InternalPaths.Where(p => exact ? p == value : Covers(value, p)).ToList();
                if (exposed.Count > 0)
                    yield return new(IngressInternalPath, $"{Describe(ingress)} routes {value} ({Scalar(path, "pathType")}), which exposes {string.Join(", ", exposed)}: route only the paths people use.");
            }
        }
    }

    /// <summary>Replicas on one node go down together in a drain: several replicas must spread over nodes.</summary>
    private static IEnumerable<PolicyFinding> ReplicasNotSpread(KubernetesManifests manifests)
    {
        foreach (var deployment in manifests.OfKind("Deployment"))
        {
            var minimum = manifests.OfKind("HorizontalPodAutoscaler")
                .Where(h => Scalar(h, "spec", "scaleTargetRef", "kind") == "Deployment" && Scalar(h, "spec", "scaleTargetRef", "name") == Scalar(deployment, "metadata", "name") && Namespace(h) == Namespace(deployment))
                .Select(h => int.Parse(Scalar(h, "spec", "minReplicas") ?? "1", System.Globalization.CultureInfo.InvariantCulture))
                .DefaultIfEmpty(int.Parse(Scalar(deployment, "spec", "replicas") ?? "1", System.Globalization.CultureInfo.InvariantCulture)).Max();
            var spread = Items(deployment, "spec", "template", "spec", "topologySpreadConstraints").Any(c => Scalar(c, "topologyKey") == "kubernetes.io/hostname");
            if (minimum > 1 && !spread)
                yield return new(ReplicaSpread, $"{Describe(deployment)} runs {minimum} or more replicas without a topologySpreadConstraint over kubernetes.io/hostname: one node can hold them all.");
        }
    }

    private static IEnumerable<(YamlMappingNode Workload, YamlMappingNode Template)> Workloads(KubernetesManifests manifests) =>
        manifests.Objects.Select(o => (o, Scalar(o, "kind") switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => Node(o, "spec", "template"),
            "CronJob" => Node(o, "spec", "jobTemplate", "spec", "template"),
            _ => null,
        })).Where(w => w.Item2 is YamlMappingNode).Select(w => (w.o, (YamlMappingNode)w.Item2!));

    private static IEnumerable<YamlNode> Containers(YamlNode? pod) => Items(pod, "initContainers").Concat(Items(pod, "containers"));

    /// <summary>A label selector (matchLabels and matchExpressions) against a pod's labels; empty selects all.</summary>
    private static bool Selects(YamlNode? selector, YamlMappingNode? labels)
    {
        string? Label(string key) => Scalar(labels, key);
        var matchLabels = Node(selector, "matchLabels") as YamlMappingNode;
        if (matchLabels is not null && matchLabels.Children.Any(l => Label(((YamlScalarNode)l.Key).Value!) != ((YamlScalarNode)l.Value).Value))
            return false;
        return Items(selector, "matchExpressions").All(e =>
        {
            var value = Label(Scalar(e, "key") ?? "");
            var values = Items(e, "values").Select(v => ((YamlScalarNode)v).Value).ToHashSet();
            return Scalar(e, "operator") switch
            {
                "In" => value is not null && values.Contains(value),
                "NotIn" => value is null || !values.Contains(value),
                "Exists" => value is not null,
                "DoesNotExist" => value is null,
                _ => false,
            };
        });
    }

    /// <summary>Whether an Ingress Prefix path matches a request path (element-wise, as the Ingress API defines it).</summary>
    private static bool Covers(string prefix, string path)
    {
        var trimmed = prefix.TrimEnd('/');
        return trimmed.Length == 0 || path == trimmed || path.StartsWith(trimmed + "/", StringComparison.Ordinal);
    }

    private static YamlMappingNode? Find(KubernetesManifests manifests, string? kind, string? name, string ns) =>
        manifests.Objects.FirstOrDefault(o => Scalar(o, "kind") == kind && Scalar(o, "metadata", "name") == name && Namespace(o) == ns);

    private static string Namespace(YamlNode o) => Scalar(o, "metadata", "namespace") ?? "";

    private static string Describe(YamlNode o) => $"{Scalar(o, "kind")} {Scalar(o, "metadata", "name")}";
}
