using DefectRefine.Cli;

namespace DefectRefine.IntegrationTests.Infrastructure;

/// <summary>The real <c>dr</c> command tree in this process, with what it prints on both streams.</summary>
public static class DrInProcess
{
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var captured = new StringWriter();
        Console.SetOut(captured);
        Console.SetError(captured);
        try
        {
            var parse = DrCommand.Build().Parse(args);
            var code = await parse.InvokeAsync();
            foreach (var error in parse.Errors)
                captured.WriteLine(error.Message);
            return (code, captured.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
