using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static DefectRefine.UnitTests.Deployment.KubernetesManifests;

namespace DefectRefine.UnitTests.Deployment;

/// <summary>
/// k8s/ checked offline: each overlay renders with kubectl, every object passes the Kubernetes API schemas, and what
/// a plant's operators rely on holds for every workload (a new one cannot be added without it).
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private static readonly string[] Services = ["ingest", "sampler", "trainer", "miner", "labelgateway"];

    public static TheoryData<string> Overlays => ["dev", "plant"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Each_overlay_renders_and_every_object_passes_the_kubernetes_schemas(string overlay)
    {
        var manifests = Render(overlay);
        var (code, output) = Validate(manifests.Text);
        Assert.True(code == 0, output);
        Assert.Contains($"{manifests.Objects.Count} objects valid", output);
    }

    [Fact]
    public void The_schema_check_refuses_an_invalid_object_and_an_unknown_kind()
    {
        var (code, output) = Validate("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: broken }
            spec: { replicas: two, template: {} }
            ---
            apiVersion: example.com/v1
            kind: Gadget
            metadata: { name: unknown }
            """);
        Assert.Equal(1, code);
        Assert.Contains("Deployment broken", output);
        Assert.Contains("no schema for example.com/v1/Gadget", output);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_workload_has_probes_limits_and_runs_as_non_root_without_privilege_escalation(string overlay)
    {
        var manifests = Render(overlay);
        var workloads = manifests.PodSpecs().ToList();
        Assert.All(Services, service => Assert.Contains(workloads, w => w.Workload == $"Deployment {service}"));
        foreach (var (workload, pod) in workloads)
        {
            var podNonRoot = Scalar(pod, "securityContext", "runAsNonRoot") == "true";
            Assert.NotEmpty(Items(pod, "containers"));
            foreach (var container in Items(pod, "containers"))
            {
                var name = $"{workload}, container {Scalar(container, "name")}";
                Assert.True(podNonRoot || Scalar(container, "securityContext", "runAsNonRoot") == "true", $"{name} may run as root");
                Assert.True(Scalar(container, "securityContext", "allowPrivilegeEscalation") == "false", $"{name} allows privilege escalation");
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(Scalar(container, "resources", "requests", resource) is not null, $"{name} requests no {resource}");
                    Assert.True(Scalar(container, "resources", "limits", resource) is not null, $"{name} has no {resource} limit");
                }
                if (!workload.StartsWith("Job ", StringComparison.Ordinal))
                {
                    Assert.True(Node(container, "readinessProbe") is not null, $"{name} has no readiness probe");
                    Assert.True(Node(container, "livenessProbe") is not null, $"{name} has no liveness probe");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Service_probes_use_the_health_endpoints_and_config_comes_from_the_configmap_and_secret(string overlay)
    {
        var manifests = Render(overlay);
        foreach (var service in Services)
        {
            var container = Items(manifests.Single("Deployment", service), "spec", "template", "spec", "containers").Single();
            Assert.Equal("/health/ready", Scalar(container, "readinessProbe", "httpGet", "path"));
            Assert.Equal("/health/live", Scalar(container, "livenessProbe", "httpGet", "path"));
            Assert.Contains(Items(container, "envFrom"), e => Scalar(e, "configMapRef", "name") == "defectrefine-config");
            var secretEnvironment = Items(container, "env").Where(e => Node(e, "valueFrom", "secretKeyRef") is not null).Select(e => Scalar(e, "name")).ToList();
            Assert.Contains("ConnectionStrings__Postgres", secretEnvironment);
            Assert.Contains("ConnectionStrings__RabbitMq", secretEnvironment);
            Assert.Contains("Auth__SigningKey", secretEnvironment);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void No_secret_value_is_committed_and_every_reference_is_one_the_secrets_script_creates(string overlay)
    {
        var manifests = Render(overlay);
        Assert.Empty(manifests.OfKind("Secret"));
        var script = File.ReadAllText(Path.Combine(DeploymentFiles.Root, "scripts", "k8s-secrets.sh"));
        var created = SecretKeys().Matches(script).Select(m => m.Groups["key"].Value).ToHashSet();
        Assert.Equal(["auth-signing-key", "postgres", "postgres-password", "rabbitmq", "rabbitmq-password"], created.Order(StringComparer.Ordinal));
        var references = manifests.PodSpecs().SelectMany(p => Items(p.PodSpec, "containers"))
            .SelectMany(c => Items(c, "env")).Select(e => Node(e, "valueFrom", "secretKeyRef")).OfType<YamlMappingNode>().ToList();
        Assert.NotEmpty(references);
        Assert.All(references, reference =>
        {
            Assert.Equal("defectrefine-connections", Scalar(reference, "name"));
            Assert.Contains(Scalar(reference, "key") ?? "", created);
        });
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Only_the_gateway_is_reachable_from_outside_through_an_ingress_ready_for_websockets(string overlay)
    {
        var manifests = Render(overlay);
        Assert.All(manifests.OfKind("Service"), s => Assert.DoesNotMatch("^(LoadBalancer|NodePort)$", Scalar(s, "spec", "type") ?? "ClusterIP"));

        var ingress = Assert.Single(manifests.OfKind("Ingress"));
        var backends = Items(ingress, "spec", "rules").SelectMany(r => Items(r, "http", "paths")).Select(p => Scalar(p, "backend", "service", "name")).ToList();
        Assert.NotEmpty(backends);
        Assert.All(backends, b => Assert.Equal("labelgateway", b));
        Assert.True(int.Parse(Scalar(ingress, "metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-read-timeout")!) >= 3600);
        Assert.Equal("cookie", Scalar(ingress, "metadata", "annotations", "nginx.ingress.kubernetes.io/affinity"));

        var policies = manifests.OfKind("NetworkPolicy").ToList();
        var denyAll = Assert.Single(policies, p => Scalar(p, "metadata", "name") == "default-deny-ingress");
        Assert.Empty(((YamlMappingNode)Node(denyAll, "spec", "podSelector")!).Children);
        Assert.Null(Node(denyAll, "spec", "ingress"));
        // A rule that lets in another namespace opens only the gateway, or /metrics for the monitoring namespace.
        foreach (var policy in policies)
        {
            var outsiders = Items(policy, "spec", "ingress").SelectMany(r => Items(r, "from"))
                .Select(f => Scalar(f, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name")).Where(n => n is not null).ToList();
            if (outsiders.Count == 0)
                continue;
            var target = Scalar(policy, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name");
            Assert.True(target == "labelgateway" || outsiders.All(n => n == "monitoring"), $"{Scalar(policy, "metadata", "name")} opens {target} to {string.Join(", ", outsiders)}");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void A_one_off_job_applies_the_schema_with_the_services_configuration(string overlay)
    {
        var manifests = Render(overlay);
        var job = manifests.Single("Job", "schema-apply");
        var container = Items(job, "spec", "template", "spec", "containers").Single();
        Assert.StartsWith("defectrefine/schema-migrator", Scalar(container, "image"));
        Assert.Contains(Items(container, "envFrom"), e => Scalar(e, "configMapRef", "name") == "defectrefine-config");
        Assert.Equal("OnFailure", Scalar(job, "spec", "template", "spec", "restartPolicy"));
    }

    [Fact]
    public void Plant_keeps_gateways_and_miners_available_and_trains_on_a_gpu_node()
    {
        var plant = Render("plant");
        foreach (var service in new[] { "labelgateway", "miner" })
        {
            Assert.True(int.Parse(Scalar(plant.Single("Deployment", service), "spec", "replicas")!) >= 2, $"{service} runs fewer than 2 replicas");
            var budget = plant.Single("PodDisruptionBudget", service);
            Assert.Equal(service, Scalar(budget, "spec", "selector", "matchLabels", "app.kubernetes.io/name"));
            Assert.True(int.Parse(Scalar(budget, "spec", "minAvailable")!) >= 1);
            var autoscaler = plant.Single("HorizontalPodAutoscaler", service);
            Assert.Equal(service, Scalar(autoscaler, "spec", "scaleTargetRef", "name"));
            Assert.True(int.Parse(Scalar(autoscaler, "spec", "minReplicas")!) >= 2);
        }

        var trainer = Node(plant.Single("Deployment", "trainer"), "spec", "template", "spec")!;
        var container = Items(trainer, "containers").Single();
        Assert.Equal("1", Scalar(container, "resources", "limits", "nvidia.com/gpu"));
        Assert.StartsWith("defectrefine/trainer-gpu:", Scalar(container, "image"));
        Assert.Contains(Items(container, "env"), e => Scalar(e, "name") == "Trainer__AllowCuda" && Scalar(e, "value") == "true");
        Assert.NotNull(Node(trainer, "nodeSelector"));
        Assert.Contains(Items(trainer, "tolerations"), t => Scalar(t, "key") == "nvidia.com/gpu");

        Assert.Equal("ExternalName", Scalar(plant.Single("Service", "postgres"), "spec", "type"));
        Assert.Equal("ExternalName", Scalar(plant.Single("Service", "rabbitmq"), "spec", "type"));
        Assert.Equal("defectrefine-tls", Scalar(Items(plant.Single("Ingress", "labelgateway"), "spec", "tls").Single(), "secretName"));
        Assert.Single(plant.OfKind("PodMonitor"));
    }

    [Fact]
    public void Dev_runs_one_replica_of_each_service_beside_its_own_postgres_and_rabbitmq()
    {
        var dev = Render("dev");
        Assert.All(Services, service => Assert.Equal("1", Scalar(dev.Single("Deployment", service), "spec", "replicas")));
        Assert.Equal("postgres:16", Scalar(Items(dev.Single("StatefulSet", "postgres"), "spec", "template", "spec", "containers").Single(), "image"));
        Assert.StartsWith("rabbitmq:3.13", Scalar(Items(dev.Single("StatefulSet", "rabbitmq"), "spec", "template", "spec", "containers").Single(), "image"));
        Assert.All(dev.Objects, o => Assert.Equal("defectrefine-dev", Scalar(o, "metadata", "namespace")));
    }

    [GeneratedRegex(@"--from-literal=(?<key>[a-z-]+)=")]
    private static partial Regex SecretKeys();
}
