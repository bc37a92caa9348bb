using ElasticScaler.Sim.Cli;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>The CLI's `fast` subcommand: exit codes, messages and the report files.</summary>
public sealed class FastCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = await FastCommand.Run(["fast", .. args], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_bad_trace_exits_2_naming_the_line_and_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"es-trace-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "seconds,rps\n0,100\n60,lots\n");
        try
        {
            var (code, _, err) = await Run("--trace", path);
            Assert.Equal(2, code);
            Assert.Contains("line 3: field rps: \"lots\": must be a number", err);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new string[0], "--trace is required")]
    [InlineData(new[] { "--trace" }, "--trace needs a value")]
    [InlineData(new[] { "--trace", "x.csv", "--seed", "one" }, "--seed must be a whole number, not 'one'")]
    [InlineData(new[] { "--speed", "2" }, "unknown option '--speed'")]
    public async Task Bad_arguments_exit_2_naming_the_option(string[] args, string expected)
    {
        var (code, _, err) = await Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task A_run_prints_the_summary_and_writes_the_report()
    {
        var dir = Directory.CreateTempSubdirectory("es-fast-");
        var trace = Path.Combine(dir.FullName, "t.csv");
        await File.WriteAllTextAsync(trace, "seconds,rps\n0,100\n120,400\n");
        try
        {
            var (code, stdout, _) = await Run("--trace", trace, "--report", Path.Combine(dir.FullName, "out"));
            Assert.Equal(0, code);
            Assert.Contains("requests: 30000 = served", stdout);
            Assert.StartsWith("seconds,rps,desired,ecsReady,eciReady", await File.ReadAllTextAsync(Path.Combine(dir.FullName, "out", "series.csv")));
            Assert.Contains("\"totals\"", await File.ReadAllTextAsync(Path.Combine(dir.FullName, "out", "report.json")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
