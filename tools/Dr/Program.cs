using DefectRefine.Cli;

return await DrCommand.Build().Parse(args).InvokeAsync();
