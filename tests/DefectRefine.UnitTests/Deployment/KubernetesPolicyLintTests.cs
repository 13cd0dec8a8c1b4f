using static DefectRefine.UnitTests.Deployment.KubernetesManifests;
using Lint = DefectRefine.UnitTests.Deployment.KubernetesPolicyLint;

namespace DefectRefine.UnitTests.Deployment;

/// <summary>
/// The policy lint passes on both rendered overlays, and each of its rules fires on a manifest that breaks it (a rule
/// that never fires would pass anything) and stays quiet once the manifest is fixed.
/// </summary>
public sealed class KubernetesPolicyLintTests
{
    [Theory]
    [MemberData(nameof(KubernetesManifestTests.Overlays), MemberType = typeof(KubernetesManifestTests))]
    public void Each_rendered_overlay_passes_every_rule(string overlay)
    {
        var findings = Lint.Check(Render(overlay));
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void A_deployment_under_an_autoscaler_that_sets_replicas_is_flagged()
    {
        const string Autoscaler = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: { name: web }
            spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }, minReplicas: 1, maxReplicas: 3 }
            """;
        var finding = Assert.Single(Findings(Lint.HpaReplicas, Deployment("web", "replicas: 2"), Autoscaler));
        Assert.Contains("Deployment web sets replicas: 2", finding.Message);
        Assert.Contains("HorizontalPodAutoscaler web", finding.Message);
        Assert.Empty(Findings(Lint.HpaReplicas, Deployment("web"), Autoscaler));
    }

    [Fact]
    public void A_gpu_or_readwriteonce_deployment_that_rolls_is_flagged_even_without_a_strategy()
    {
        const string Gpu = "resources: { limits: { nvidia.com/gpu: 1 } }";
        Assert.Contains("Deployment trainer requests nvidia.com/gpu with a RollingUpdate strategy", Assert.Single(Findings(Lint.ExclusiveRollingUpdate, Deployment("trainer", container: Gpu))).Message);
        Assert.Single(Findings(Lint.ExclusiveRollingUpdate, Deployment("trainer", "strategy: { type: RollingUpdate }", Gpu)));
        Assert.Empty(Findings(Lint.ExclusiveRollingUpdate, Deployment("trainer", "strategy: { type: Recreate }", Gpu)));

        const string Claim = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: { name: imports }
            spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
            """;
        const string Mount = "volumeMounts: [{ name: imports, mountPath: /imports }]";
        const string Volume = "volumes: [{ name: imports, persistentVolumeClaim: { claimName: imports } }]";
        var finding = Assert.Single(Findings(Lint.ExclusiveRollingUpdate, Deployment("ingest", container: Mount, pod: Volume), Claim));
        Assert.Contains("Deployment ingest mounts the ReadWriteOnce volume imports", finding.Message);
        Assert.Empty(Findings(Lint.ExclusiveRollingUpdate, Deployment("ingest", "strategy: { type: Recreate }", Mount, Volume), Claim));
    }

    [Fact]
    public void A_pod_that_no_egress_policy_selects_is_flagged()
    {
        const string IngressOnly = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: { name: deny-in }
            spec: { podSelector: {}, policyTypes: [Ingress] }
            """;
        const string OtherPods = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: { name: others-out }
            spec: { podSelector: { matchExpressions: [{ key: app.kubernetes.io/name, operator: NotIn, values: [miner] }] }, policyTypes: [Egress] }
            """;
        Assert.Contains("Deployment miner: no NetworkPolicy with Egress", Assert.Single(Findings(Lint.EgressPolicy, Deployment("miner"), IngressOnly)).Message);
        Assert.Single(Findings(Lint.EgressPolicy, Deployment("miner"), IngressOnly, OtherPods));
        Assert.Empty(Findings(Lint.EgressPolicy, Deployment("miner"), IngressOnly, OtherPods.Replace("NotIn", "In", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_secret_handed_to_a_container_that_does_not_read_it_is_flagged()
    {
        const string SigningKey = "env: [{ name: Auth__SigningKey, valueFrom: { secretKeyRef: { name: defectrefine-connections, key: auth-signing-key } } }]";
        var finding = Assert.Single(Findings(Lint.SecretUnused, Deployment("sampler", container: SigningKey)));
        Assert.Contains("Deployment sampler, container sampler gets Auth__SigningKey from Secret defectrefine-connections key auth-signing-key", finding.Message);
        Assert.Empty(Findings(Lint.SecretUnused, Deployment("labelgateway", container: SigningKey)));

        const string Everything = "envFrom: [{ secretRef: { name: defectrefine-connections } }]";
        Assert.Contains("takes every key of Secret defectrefine-connections", Assert.Single(Findings(Lint.SecretUnused, Deployment("labelgateway", container: Everything))).Message);

        // The PostgreSQL CA belongs only where a PostgreSQL connection string points at it.
        const string Volume = "volumes: [{ name: pg-ca, secret: { secretName: defectrefine-pg-ca } }]";
        const string Mount = "volumeMounts: [{ name: pg-ca, mountPath: /etc/defectrefine/pg-ca }]";
        Assert.Contains("mounts Secret defectrefine-pg-ca", Assert.Single(Findings(Lint.SecretUnused, Deployment("sampler", container: Mount, pod: Volume))).Message);
        const string Postgres = "env: [{ name: ConnectionStrings__Postgres, valueFrom: { secretKeyRef: { name: defectrefine-connections, key: postgres } } }]";
        Assert.Empty(Findings(Lint.SecretUnused, Deployment("sampler", container: $"{Postgres}\n{Mount}", pod: Volume)));
    }

    [Fact]
    public void An_ingress_path_that_reaches_metrics_or_health_is_flagged()
    {
        static string Ingress(string path, string type = "Prefix") => $$"""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: { name: web }
            spec: { rules: [{ http: { paths: [{ path: "{{path}}", pathType: {{type}}, backend: { service: { name: web, port: { number: 80 } } } }] } }] }
            """;
        Assert.Contains("Ingress web routes / (Prefix), which exposes /metrics, /health/live, /health/ready", Assert.Single(Findings(Lint.IngressInternalPath, Ingress("/"))).Message);
        Assert.Single(Findings(Lint.IngressInternalPath, Ingress("/health")));
        Assert.Single(Findings(Lint.IngressInternalPath, Ingress("/metrics", "Exact")));
        Assert.Empty(Findings(Lint.IngressInternalPath, Ingress("/app")));
        Assert.Empty(Findings(Lint.IngressInternalPath, Ingress("/met")));
    }

    [Fact]
    public void Several_replicas_without_a_spread_over_nodes_are_flagged()
    {
        Assert.Contains("Deployment labelgateway runs 2 or more replicas", Assert.Single(Findings(Lint.ReplicaSpread, Deployment("labelgateway", "replicas: 2"))).Message);
        const string Spread = "topologySpreadConstraints: [{ maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: { matchLabels: { app.kubernetes.io/name: labelgateway } } }]";
        Assert.Empty(Findings(Lint.ReplicaSpread, Deployment("labelgateway", "replicas: 2", pod: Spread)));
    }

    private static List<PolicyFinding> Findings(string rule, params string[] documents) =>
        [.. Lint.Check(Parse("snippet", string.Join("\n---\n", documents))).Where(f => f.Rule == rule)];

    /// <summary>A minimal Deployment; <paramref name="spec"/>, <paramref name="container"/> and <paramref name="pod"/> are flow-style YAML lines added to each.</summary>
    private static string Deployment(string name, string spec = "", string container = "", string pod = "") => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: {{name}} }
        spec:
          {{spec}}
          selector: { matchLabels: { app.kubernetes.io/name: {{name}} } }
          template:
            metadata: { labels: { app.kubernetes.io/name: {{name}} } }
            spec:
              {{Indent(pod, 6)}}
              containers:
                - name: {{name}}
                  image: example/{{name}}
                  {{Indent(container, 10)}}
        """;

    private static string Indent(string lines, int spaces) => lines.Replace("\n", "\n" + new string(' ', spaces), StringComparison.Ordinal);
}
