using YamlDotNet.RepresentationModel;

namespace DefectRefine.UnitTests.Deployment;

/// <summary>
/// The images and the compose file are checked offline (no Docker daemon here): what a plant relies on must hold for
/// every service, and a new service cannot be added without it.
/// </summary>
public sealed class ContainerImageTests
{
    public static TheoryData<string> Services => ["ingest", "sampler", "trainer", "trainer-gpu", "miner", "labelgateway"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_image_runs_as_a_non_root_user_with_a_readiness_health_check(string target)
    {
        var stages = DeploymentFiles.DockerStages();
        var stage = Assert.Contains(target, stages);

        var user = stage.Find("USER", stages);
        Assert.NotNull(user);
        Assert.DoesNotMatch(@"^USER\s+(root|0)(\s|:|$)", user);
        Assert.Contains("/health/ready", stage.Find("HEALTHCHECK", stages));
        Assert.NotNull(stage.Find("ENTRYPOINT", stages));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Runtime_images_are_ubuntu_24_04_based_so_TorchSharp_loads_without_the_Debian_fix(string target)
    {
        var stages = DeploymentFiles.DockerStages();
        var stage = stages[target];
        while (stages.TryGetValue(stage.Base, out var parent))
            stage = parent;
        Assert.Matches(@"(noble|ubuntu24\.04)", stage.Base);
    }

    /// <summary>
    /// What OpenCV's native library links (ldd libOpenCvSharpExtern.so) is in every service image: without it each
    /// decode fails (the image smoke test found libdrm2 and libatomic1 missing). And every image listens where it says,
    /// whatever a service's appsettings.json names for local runs.
    /// </summary>
    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_image_holds_what_opencv_links_and_listens_on_its_port(string target)
    {
        var stages = DeploymentFiles.DockerStages();
        var instructions = new List<string>();
        for (var stage = stages[target]; ; stage = stages[stage.Base])
        {
            instructions.AddRange(stage.Instructions);
            if (!stages.ContainsKey(stage.Base))
                break;
        }
        var installs = string.Join(' ', instructions.Where(line => line.StartsWith("RUN", StringComparison.Ordinal)));
        foreach (var package in new[] { "libgtk-3-0", "libdrm2", "libatomic1", "curl" })
            Assert.Contains(package, installs, StringComparison.Ordinal);
        Assert.Contains(instructions, line => line.StartsWith("ENV", StringComparison.Ordinal) && line.Contains("Urls=http://+:8080", StringComparison.Ordinal));
    }

    [Fact]
    public void The_compose_file_starts_every_service_after_the_schema_migration_and_a_healthy_broker()
    {
        var services = (YamlMappingNode)DeploymentFiles.Compose()["services"];
        Assert.Contains(new YamlScalarNode("postgres"), services.Children.Keys);
        Assert.Contains(new YamlScalarNode("rabbitmq"), services.Children.Keys);

        var schema = (YamlMappingNode)services["schema"];
        Assert.Equal("service_healthy", ((YamlMappingNode)((YamlMappingNode)schema["depends_on"])["postgres"])["condition"].ToString());

        foreach (var name in Services)
        {
            var service = (YamlMappingNode)services[name];
            Assert.Equal(name, ((YamlMappingNode)service["build"])["target"].ToString());
            var dependsOn = (YamlMappingNode)service["depends_on"];
            Assert.Equal("service_completed_successfully", ((YamlMappingNode)dependsOn["schema"])["condition"].ToString());
            Assert.Equal("service_healthy", ((YamlMappingNode)dependsOn["rabbitmq"])["condition"].ToString());
            var environment = (YamlMappingNode)service["environment"];
            Assert.Contains(new YamlScalarNode("ConnectionStrings__Postgres"), environment.Children.Keys);
            Assert.Contains(new YamlScalarNode("ConnectionStrings__RabbitMq"), environment.Children.Keys);
            Assert.Contains(new YamlScalarNode("Auth__SigningKey"), environment.Children.Keys);
        }
    }

    [Fact]
    public void Published_ports_bind_to_loopback_and_passwords_come_from_the_environment()
    {
        var services = (YamlMappingNode)DeploymentFiles.Compose()["services"];
        foreach (var (name, node) in services.Children)
        {
            var service = (YamlMappingNode)node;
            if (service.Children.TryGetValue(new YamlScalarNode("ports"), out var ports))
                Assert.All((YamlSequenceNode)ports, port => Assert.StartsWith("127.0.0.1:", port.ToString()));
            if (service.Children.TryGetValue(new YamlScalarNode("environment"), out var environment))
                foreach (var (key, value) in ((YamlMappingNode)environment).Children)
                    if (key.ToString().Contains("PASS", StringComparison.OrdinalIgnoreCase) || value.ToString().Contains("Password=", StringComparison.Ordinal))
                        Assert.Contains("${DR_", value.ToString());
        }
    }
}
