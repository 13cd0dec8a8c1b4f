using System.CommandLine;
using DefectRefine.Cli;

// Ctrl-C and SIGTERM cancel the command's token; the default grace of 2 s would end the process while `dr demo` still
// stops its services and the servers it started, so commands get a minute to finish after the signal.
return await DrCommand.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
