using Spectre.Console;

namespace ElasticScaler.Bench.Policy.Tests;

public sealed class CommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var error = new StringWriter();
        int code = Program.Run(args, console, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void An_unknown_trace_exits_2_listing_the_valid_ones()
    {
        var (code, _, err) = Run("--traces", "pts-ramp,black-friday");
        Assert.Equal(2, code);
        Assert.Contains("--traces: unknown name 'black-friday'; valid: pts-ramp, flash-sale-announced, flash-sale-unannounced, diurnal-24h, sawtooth", err);
    }

    [Fact]
    public void An_unknown_policy_exits_2_listing_the_valid_ones()
    {
        var (code, _, err) = Run("--policies", "keda,karpenter");
        Assert.Equal(2, code);
        Assert.Contains("--policies: unknown names 'keda', 'karpenter'; valid: static-peak, hpa-ecs-only, seed-hpa-vk, elasticscaler, elasticscaler-tuned", err);
    }

    [Theory]
    [InlineData("--slo", "soon", "--slo: \"soon\": not a positive duration")]
    [InlineData("--slo", "0s", "--slo: \"0s\": not a positive duration")]
    [InlineData("--frobnicate", "1", "unknown option '--frobnicate'")]
    public void Bad_options_exit_2_naming_them(string option, string value, string message)
    {
        var (code, _, err) = Run(option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void Names_are_taken_in_the_catalogs_order_and_the_slo_parses()
    {
        var (plan, outDir) = Program.Parse(["--traces", "sawtooth, pts-ramp", "--policies", "elasticscaler,static-peak", "--slo", "250ms", "--out", "x"]);
        Assert.Equal(["pts-ramp", "sawtooth"], plan!.Traces);
        Assert.Equal(["static-peak", "elasticscaler"], plan.Policies);
        Assert.Equal(TimeSpan.FromMilliseconds(250), plan.Slo);
        Assert.Equal("x", outDir);
        var (all, _) = Program.Parse([]);
        Assert.Equal(Catalog.Traces, all!.Traces);
        Assert.Equal(Catalog.Policies, all.Policies);
        Assert.Equal(TimeSpan.FromMilliseconds(500), all.Slo);
    }
}
