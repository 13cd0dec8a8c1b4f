using MassTransit;

namespace DefectRefine.ServiceDefaults;

public static class RabbitMqUri
{
    /// <summary>Applies an amqp://user:password@host:port/vhost URI to MassTransit's RabbitMQ host configuration.</summary>
    public static void ConfigureHost(this IRabbitMqBusFactoryConfigurator bus, Uri amqp)
    {
        var userInfo = amqp.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));
        bus.Host(amqp.Host, amqp.Port > 0 ? (ushort)amqp.Port : amqp.Scheme == "amqps" ? (ushort)5671 : (ushort)5672,
            virtualHost.Length == 0 ? "/" : virtualHost, host =>
            {
                if (userInfo[0].Length > 0)
                    host.Username(Uri.UnescapeDataString(userInfo[0]));
                if (userInfo.Length > 1)
                    host.Password(Uri.UnescapeDataString(userInfo[1]));
                if (amqp.Scheme == "amqps")
                    host.UseSsl(_ => { });
            });
    }
}
