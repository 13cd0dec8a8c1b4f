using DefectRefine.Cli.Infrastructure;

namespace DefectRefine.UnitTests.Cli;

/// <summary>Which servers the demo started, and so stops: those services.sh status did not report running before.</summary>
public sealed class DemoServersTests
{
    [Fact]
    public void Servers_that_did_not_run_before_are_the_ones_the_demo_starts()
    {
        Assert.Equal(["postgres", "rabbitmq"], LocalInfrastructure.NotRunning("mode: local (/x/.state/services)\npostgres: stopped\nrabbitmq: stopped (no epmd)\n"));
        Assert.Equal(["rabbitmq"], LocalInfrastructure.NotRunning("mode: local\npostgres: running, pid 12, 127.0.0.1:55432, database defectrefine answers\nrabbitmq: stopped (no epmd)\n"));
        Assert.Empty(LocalInfrastructure.NotRunning("mode: docker compose\npostgres: answers on 127.0.0.1:55432\nrabbitmq: answers on 127.0.0.1:55672\n"));
        Assert.Equal(["postgres", "rabbitmq"], LocalInfrastructure.NotRunning(""));
    }

    [Fact]
    public void The_scripts_list_of_started_servers_is_read_strictly()
    {
        Assert.Empty(LocalInfrastructure.StartedServers(null));
        Assert.Empty(LocalInfrastructure.StartedServers(""));
        Assert.Equal(["postgres", "rabbitmq"], LocalInfrastructure.StartedServers("rabbitmq postgres"));
        Assert.Equal(["rabbitmq"], LocalInfrastructure.StartedServers(" rabbitmq "));
        Assert.Contains("redis", Assert.Throws<InvalidOperationException>(() => LocalInfrastructure.StartedServers("postgres redis")).Message, StringComparison.Ordinal);
    }
}
