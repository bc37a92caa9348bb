using ElasticScaler.Sim.Bench;

var options = BenchOptions.Parse(args);
await SimBenchmark.Run(options, Console.Out);
