using DefectRefine.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace DefectRefine.UnitTests.ServiceDefaults;

public sealed class InfrastructureSettingsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    [Fact]
    public void Reads_the_settings_printed_by_services_sh()
    {
        var settings = InfrastructureSettings.From(Config(
            ("ConnectionStrings:Postgres", "Host=127.0.0.1;Port=55432;Database=defectrefine;Username=postgres;Password=postgres"),
            ("ConnectionStrings:RabbitMq", "amqp://guest:guest@127.0.0.1:55672/")));

        Assert.Contains("Port=55432", settings.Postgres);
        Assert.Equal(55672, settings.RabbitMq.Port);
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("RabbitMq")]
    public void A_missing_setting_names_the_variable_and_the_command_that_starts_the_servers(string missing)
    {
        var values = new List<(string, string?)>
        {
            ("ConnectionStrings:Postgres", "Host=127.0.0.1"),
            ("ConnectionStrings:RabbitMq", "amqp://127.0.0.1/"),
        };
        values.RemoveAll(v => v.Item1.EndsWith(missing, StringComparison.Ordinal));

        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureSettings.From(Config([.. values])));

        Assert.Contains($"ConnectionStrings__{missing}", error.Message);
        Assert.Contains("scripts/services.sh up", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:15672/")]
    [InlineData("not a uri")]
    public void A_rabbitmq_setting_that_is_not_an_amqp_uri_is_refused(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            InfrastructureSettings.RequireRabbitMq(Config(("ConnectionStrings:RabbitMq", value))));
        Assert.Contains("amqp://", error.Message);
    }
}
