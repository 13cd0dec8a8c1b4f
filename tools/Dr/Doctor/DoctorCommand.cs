using System.CommandLine;
using DefectRefine.Cli.Infrastructure;
using DefectRefine.Imaging;
using DefectRefine.Learning;
using DefectRefine.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Npgsql;
using OpenCvSharp;
using Spectre.Console;
using TorchSharp;

namespace DefectRefine.Cli.Doctor;

/// <summary>
/// <c>dr doctor</c>: checks that this machine can run DefectRefine: native libraries load, servers answer. It finds the
/// servers as every command does (<see cref="LocalSettings"/>).
/// </summary>
public static class DoctorCommand
{
    public static Command Build()
    {
        var command = new Command("doctor", "Check that TorchSharp and OpenCvSharp load here and that PostgreSQL and RabbitMQ answer.");
        command.SetAction((_, cancellationToken) => RunAsync(cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var checks = new List<(string Name, Func<Task<string>> Run)>
        {
            ("TorchSharp", () => Task.FromResult(CheckTorch())),
            ("OpenCvSharp", () => Task.FromResult(CheckOpenCv())),
            ("PostgreSQL", () => CheckPostgresAsync(cancellationToken)),
            ("RabbitMQ", () => CheckRabbitMqAsync(cancellationToken)),
        };
        var table = new Table().AddColumns("check", "result");
        var failures = 0;
        foreach (var (name, run) in checks)
        {
            try
            {
                table.AddRow(name, "[green]" + Markup.Escape(await run()) + "[/]");
            }
            catch (Exception exception)
            {
                failures++;
                table.AddRow(name, "[red]" + Markup.Escape(exception.GetBaseException().Message) + "[/]");
            }
        }
        CliConsole.Out.Write(table);
        return failures == 0 ? 0 : 1;
    }

    private static string CheckTorch()
    {
        var device = ComputeDevice.Select();
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(2, 2, device: device, requires_grad: true);
        var y = (x * x).sum();
        y.backward();
        return $"{ComputeDevice.Describe(device)}; gradient {x.grad!.sum().item<float>()} (expected 8)";
    }

    private static string CheckOpenCv()
    {
        using var source = new Mat(16, 24, MatType.CV_8UC3, new OpenCvSharp.Scalar(10, 120, 240));
        Cv2.ImEncode(".png", source, out var png);
        var gray = ImageDecoder.DecodeGrayscale(png);
        return $"OpenCV {Cv2.GetVersionString()}; decoded a {gray.Width}x{gray.Height} PNG to grayscale";
    }

    private static async Task<string> CheckPostgresAsync(CancellationToken cancellationToken)
    {
        var postgres = InfrastructureSettings.RequirePostgres(Configuration());
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(cancellationToken);
        await using var version = new NpgsqlCommand("SHOW server_version", connection);
        return $"PostgreSQL {await version.ExecuteScalarAsync(cancellationToken)} at {connection.Host}:{connection.Port}";
    }

    private static async Task<string> CheckRabbitMqAsync(CancellationToken cancellationToken)
    {
        var rabbitMq = InfrastructureSettings.RequireRabbitMq(Configuration());
        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(rabbitMq.Host, rabbitMq.Port > 0 ? rabbitMq.Port : 5672, timeout.Token);
        return $"AMQP port open at {rabbitMq.Host}:{rabbitMq.Port}";
    }

    private static IConfiguration Configuration() => LocalSettings.Current.Configuration();
}
