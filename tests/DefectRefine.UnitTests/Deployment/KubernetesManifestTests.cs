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
            // Only the services that check tokens get the key that signs them, and a plant (identity provider) none.
            Assert.Equal(overlay == "dev" && service is "ingest" or "labelgateway", secretEnvironment.Contains("Auth__SigningKey"));
        }
        var configuration = manifests.Single("ConfigMap", "defectrefine-config");
        Assert.Equal("Production", Scalar(configuration, "data", "ASPNETCORE_ENVIRONMENT"));
        Assert.Equal("Production", Scalar(configuration, "data", "DOTNET_ENVIRONMENT"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void No_secret_value_is_committed_and_every_reference_is_one_the_secrets_script_creates(string overlay)
    {
        var manifests = Render(overlay);
        Assert.Empty(manifests.OfKind("Secret"));
        var script = File.ReadAllText(Path.Combine(DeploymentFiles.Root, "scripts", "k8s-secrets.sh"));
        var created = SecretKeys().Matches(script).Select(m => m.Groups["key"].Value).ToHashSet();
        Assert.Equal(["auth-signing-key", "postgres", "postgres-app-password", "postgres-migrator", "postgres-password", "rabbitmq", "rabbitmq-password"], created.Order(StringComparer.Ordinal));
        // A plant's connections are verified TLS: PostgreSQL against its CA and host name, RabbitMQ over amqps.
        Assert.Contains("SSL Mode=VerifyFull;Root Certificate=/etc/defectrefine/pg-ca/ca.crt", script);
        Assert.Contains("mq_scheme=amqps mq_port=5671", script);
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
        var paths = Items(ingress, "spec", "rules").SelectMany(r => Items(r, "http", "paths")).ToList();
        Assert.All(paths, p => Assert.Equal("labelgateway", Scalar(p, "backend", "service", "name")));
        // What the gateway maps for people (services/LabelGateway), and never / as a whole: /metrics and /health stay inside.
        Assert.Equal(["/api", "/app", "/hubs", "/status"], paths.Select(p => Scalar(p, "path")).Order(StringComparer.Ordinal));
        Assert.All(paths, p => Assert.Equal("Prefix", Scalar(p, "pathType")));
        Assert.True(int.Parse(Scalar(ingress, "metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-read-timeout")!) >= 3600);
        Assert.Equal("cookie", Scalar(ingress, "metadata", "annotations", "nginx.ingress.kubernetes.io/affinity"));

        var policies = manifests.OfKind("NetworkPolicy").ToList();
        foreach (var (name, rules) in new[] { ("default-deny-ingress", "ingress"), ("default-deny-egress", "egress") })
        {
            var denyAll = Assert.Single(policies, p => Scalar(p, "metadata", "name") == name);
            Assert.Empty(((YamlMappingNode)Node(denyAll, "spec", "podSelector")!).Children);
            Assert.Null(Node(denyAll, "spec", rules));
        }
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
    public void A_job_per_release_applies_the_schema_with_its_own_role_before_the_rollout(string overlay)
    {
        var manifests = Render(overlay);
        var job = Assert.Single(manifests.OfKind("Job"));
        var release = Scalar(job, "metadata", "labels", "defectrefine.io/release");
        Assert.False(string.IsNullOrEmpty(release));
        Assert.Equal($"schema-apply-{release}", Scalar(job, "metadata", "name"));
        Assert.True(Scalar(job, "metadata", "name")!.Length <= 63, "a Job's name becomes a label value: 63 characters at most");
        var container = Items(job, "spec", "template", "spec", "containers").Single();
        // The release is the images' tag: the Job's name cannot drift from the schema it applies.
        Assert.Equal($"defectrefine/schema-migrator:{release}", Scalar(container, "image"));
        Assert.All(manifests.OfKind("Deployment"), d => Assert.EndsWith($":{release}", Scalar(Items(d, "spec", "template", "spec", "containers").Single(), "image")));
        Assert.Contains(Items(container, "envFrom"), e => Scalar(e, "configMapRef", "name") == "defectrefine-config");
        Assert.Equal("OnFailure", Scalar(job, "spec", "template", "spec", "restartPolicy"));
        Assert.Contains(Items(container, "env"), e => Scalar(e, "name") == "ConnectionStrings__Postgres" && Scalar(e, "valueFrom", "secretKeyRef", "key") == "postgres-migrator");
        Assert.Contains(Items(container, "env"), e => Scalar(e, "name") == "LabelStore__AppRole" && Scalar(e, "value") == "defectrefine_app");

        // 'kubectl apply -l defectrefine.io/before-rollout=true' applies the Job with what it needs, and nothing else.
        // In dev that includes the namespace's PostgreSQL, which the Job migrates.
        var first = manifests.Objects.Where(o => Scalar(o, "metadata", "labels", "defectrefine.io/before-rollout") == "true")
            .Where(o => Scalar(o, "kind") is not ("ConfigMap" or "Job" or "NetworkPolicy")).Select(o => $"{Scalar(o, "kind")} {Scalar(o, "metadata", "name")}");
        Assert.Equal(overlay == "dev" ? ["Service postgres", "StatefulSet postgres"] : [], first.Order(StringComparer.Ordinal));
        Assert.Contains(manifests.OfKind("ConfigMap"), c => Scalar(c, "metadata", "name") == "defectrefine-config" && Scalar(c, "metadata", "labels", "defectrefine.io/before-rollout") == "true");
        Assert.All(manifests.OfKind("NetworkPolicy"), p => Assert.Equal("true", Scalar(p, "metadata", "labels", "defectrefine.io/before-rollout")));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_trainer_and_ingest_are_recreated_and_the_gateways_and_miners_spread_over_nodes(string overlay)
    {
        var manifests = Render(overlay);
        Assert.Equal("Recreate", Scalar(manifests.Single("Deployment", "trainer"), "spec", "strategy", "type"));
        Assert.Equal("Recreate", Scalar(manifests.Single("Deployment", "ingest"), "spec", "strategy", "type"));
        foreach (var service in new[] { "labelgateway", "miner" })
        {
            var keys = Items(manifests.Single("Deployment", service), "spec", "template", "spec", "topologySpreadConstraints").Select(c => Scalar(c, "topologyKey")).ToList();
            Assert.Contains("kubernetes.io/hostname", keys);
            Assert.Contains("topology.kubernetes.io/zone", keys);
        }
    }

    [Fact]
    public void Plant_keeps_gateways_and_miners_available_and_trains_on_a_gpu_node()
    {
        var plant = Render("plant");
        foreach (var service in new[] { "labelgateway", "miner" })
        {
            // The autoscaler owns the scale (at least 2); a count in the manifest would reset it on every apply.
            Assert.Null(Node(plant.Single("Deployment", service), "spec", "replicas"));
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

        // Verified TLS to PostgreSQL: every pod that connects gets the CA's certificate, never its key.
        foreach (var (workload, pod) in plant.PodSpecs())
        {
            var ca = Assert.Single(Items(pod, "volumes"), v => Scalar(v, "name") == "pg-ca");
            Assert.Equal("defectrefine-pg-ca", Scalar(ca, "secret", "secretName"));
            Assert.Equal(["ca.crt"], Items(ca, "secret", "items").Select(i => Scalar(i, "key")));
            Assert.Contains(Items(Items(pod, "containers").Single(), "volumeMounts"), m => Scalar(m, "name") == "pg-ca" && Scalar(m, "mountPath") == "/etc/defectrefine/pg-ca");
        }
        // People sign in with the plant's identity provider; no pod holds the local key that could mint tokens.
        var configuration = plant.Single("ConfigMap", "defectrefine-config");
        Assert.StartsWith("https://", Scalar(configuration, "data", "Auth__Authority"));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(configuration, "data", "Auth__Issuer")));
        foreach (var (workload, pod) in plant.PodSpecs())
            Assert.DoesNotContain(Items(pod, "containers").SelectMany(c => Items(c, "env")), e => Scalar(e, "valueFrom", "secretKeyRef", "key") == "auth-signing-key");
        // Egress: DNS, PostgreSQL, amqps, OTLP and the identity provider's HTTPS, nothing else.
        var ports = plant.OfKind("NetworkPolicy").SelectMany(p => Items(p, "spec", "egress")).SelectMany(r => Items(r, "ports")).Select(p => Scalar(p, "port")).ToHashSet();
        Assert.Equal(["4317", "4318", "443", "53", "5432", "5671"], ports.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dev_runs_one_replica_of_each_service_beside_its_own_postgres_and_rabbitmq()
    {
        var dev = Render("dev");
        Assert.All(Services, service => Assert.Equal("1", Scalar(dev.Single("Deployment", service), "spec", "replicas")));
        Assert.Equal("postgres:16", Scalar(Items(dev.Single("StatefulSet", "postgres"), "spec", "template", "spec", "containers").Single(), "image"));
        Assert.StartsWith("rabbitmq:3.13", Scalar(Items(dev.Single("StatefulSet", "rabbitmq"), "spec", "template", "spec", "containers").Single(), "image"));
        Assert.All(dev.Objects, o => Assert.Equal("defectrefine-dev", Scalar(o, "metadata", "namespace")));

        // The services' login role is made at PostgreSQL's first start, with its password from the Secret.
        var postgres = Node(dev.Single("StatefulSet", "postgres"), "spec", "template", "spec")!;
        Assert.Contains(Items(Items(postgres, "containers").Single(), "env"), e => Scalar(e, "name") == "DR_APP_PASSWORD" && Scalar(e, "valueFrom", "secretKeyRef", "key") == "postgres-app-password");
        Assert.Contains(Items(Items(postgres, "containers").Single(), "volumeMounts"), m => Scalar(m, "mountPath") == "/docker-entrypoint-initdb.d");
        Assert.Contains("CREATE ROLE defectrefine_app LOGIN", Scalar(dev.Single("ConfigMap", "postgres-init"), "data", "10-app-role.sh"));
        var ports = dev.OfKind("NetworkPolicy").SelectMany(p => Items(p, "spec", "egress")).SelectMany(r => Items(r, "ports")).Select(p => Scalar(p, "port")).ToHashSet();
        Assert.Equal(["53", "5432", "5672"], ports.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"--from-literal=(?<key>[a-z-]+)=")]
    private static partial Regex SecretKeys();
}
