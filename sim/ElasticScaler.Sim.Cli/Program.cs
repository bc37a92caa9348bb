using ElasticScaler.Sim.Cli;

return await ServeCommand.Run(args, Console.Out, Console.Error);
