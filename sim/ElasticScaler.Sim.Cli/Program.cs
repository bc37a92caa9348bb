using ElasticScaler.Sim.Cli;

return args.Length > 0 && args[0] == "fast"
    ? await FastCommand.Run(args, Console.Out, Console.Error)
    : await ServeCommand.Run(args, Console.Out, Console.Error);
