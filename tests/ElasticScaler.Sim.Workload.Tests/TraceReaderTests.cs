using ElasticScaler.Sim.FastMode;

namespace ElasticScaler.Sim.Workload.Tests;

public class TraceReaderTests
{
    [Theory]
    [InlineData("seconds,rps\n0,100\n60,abc\n", "line 3: field rps: \"abc\": must be a number")]
    [InlineData("seconds,rps\n0,100\nx,5\n", "line 3: field seconds: \"x\": must be a number")]
    [InlineData("time,rate\n0,1\n", "line 1: \"time,rate\": the first line must be the header \"seconds,rps\"")]
    [InlineData("seconds,rps\n0,100\n60,5,7\n", "line 3: \"60,5,7\": expected 2 fields (seconds,rps), found 3")]
    [InlineData("seconds,rps\n0,100\n0,200\n", "line 3: field seconds: 0: must be after the previous point's 0")]
    [InlineData("seconds,rps\n0,-1\n10,2\n", "line 2: field rps: -1: must be 0 or more")]
    [InlineData("seconds,rps\n0,100\n", "1 point(s): a trace needs at least 2")]
    [InlineData("", "empty: expected the header")]
    public void A_bad_csv_trace_is_refused_naming_the_line_and_the_field(string csv, string expected)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceReader.ParseCsv(csv, "t.csv"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("t.csv: ", e.Message);
    }

    [Theory]
    [InlineData("""{"points": [{"seconds": 0, "rps": 1}, {"seconds": 10}]}""", "points[1].rps: required")]
    [InlineData("""[{"seconds": 0, "rps": "many"}, {"seconds": 1, "rps": 2}]""", "[0].rps: \"many\": must be a number")]
    [InlineData("""{"steps": "yes", "points": []}""", "steps: \"yes\": must be true or false")]
    [InlineData("""{"points": [1, 2]}""", "points[0]: 1: must be an object")]
    [InlineData("""{"points": [{"seconds": 0, "rps": 1}""", "not valid JSON (line 1)")]
    [InlineData("""{"rates": []}""", "must be an array of")]
    public void A_bad_json_trace_is_refused_naming_the_path(string json, string expected)
    {
        var e = Assert.Throws<TraceFormatException>(() => TraceReader.ParseJson(json, "t.json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_csv_trace_ramps_linearly_and_a_steps_trace_holds_each_level()
    {
        var ramp = TraceReader.ParseCsv("seconds,rps\n0,100\n60,200\n");
        Assert.Equal(150, ramp.RateAt(TimeSpan.FromSeconds(30)), 6);
        var steps = TraceReader.ParseCsv("# steps\nseconds,rps\n0,100\n60,200\n120,200\n");
        Assert.Equal(100, steps.RateAt(TimeSpan.FromSeconds(59)));
        Assert.Equal(200, steps.RateAt(TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromSeconds(120), steps.Duration);
    }

    [Fact]
    public void The_shipped_traces_read()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "traces");
        var pts = TraceReader.ReadFile(Path.Combine(dir, "pts-ramp-1000.csv"));
        Assert.True(pts.Steps);
        Assert.Equal(2000, pts.RateAt(TimeSpan.FromSeconds(545)));
        var sale = TraceReader.ReadFile(Path.Combine(dir, "flash-sale.json"));
        Assert.Equal(2000, sale.RateAt(TimeSpan.FromMinutes(10)));
        Assert.Equal(TimeSpan.FromHours(6), TraceReader.ReadFile(Path.Combine(dir, "day-6h.csv")).Duration);
    }
}
