using System.CommandLine;
using DefectRefine.Cli.Demo;
using DefectRefine.Cli.Doctor;

namespace DefectRefine.Cli;

public static class DrCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("dr — DefectRefine's command-line tool: run the demo, check a machine, and (later) import, evaluate and audit.");
        root.Subcommands.Add(DoctorCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        return root;
    }
}
