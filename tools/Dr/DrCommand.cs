using System.CommandLine;
using DefectRefine.Cli.Bench;
using DefectRefine.Cli.Demo;
using DefectRefine.Cli.Doctor;
using DefectRefine.Cli.Eval;
using DefectRefine.Cli.Generate;
using DefectRefine.Cli.History;
using DefectRefine.Cli.Images;
using DefectRefine.Cli.Schema;
using DefectRefine.Cli.Load;
using DefectRefine.Cli.Simulate;
using DefectRefine.Cli.Token;

namespace DefectRefine.Cli;

public static class DrCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("dr — DefectRefine's command-line tool: run the demo, check a machine, audit the label history, simulate initial labels, generate synthetic steel images, and benchmark.");
        root.Subcommands.Add(DoctorCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(HistoryCommand.Build());
        root.Subcommands.Add(ImagesCommand.Build());
        root.Subcommands.Add(SimulateCommand.Build());
        root.Subcommands.Add(LoadCommand.Build());
        root.Subcommands.Add(GenerateCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(EvalCommand.Build());
        root.Subcommands.Add(SchemaCommand.Build());
        root.Subcommands.Add(Smoke.SmokeCommand.Build());
        root.Subcommands.Add(Outbox.OutboxCommand.Build());
        root.Subcommands.Add(TokenCommand.Build());
        return root;
    }
}
