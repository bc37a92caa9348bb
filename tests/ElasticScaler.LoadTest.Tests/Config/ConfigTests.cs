using ElasticScaler.LoadTest.Config;

namespace ElasticScaler.LoadTest.Tests.Config;

public sealed class ConfigTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:01:00", 60_000)]
    [InlineData("1.5", 1500)]
    public void Durations_are_read_as_people_write_them(string text, double ms)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ms), DurationText.Parse(text, "--duration"));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("5 parsecs")]
    [InlineData("")]
    [InlineData("-1")]
    public void Bad_durations_name_the_option(string text)
    {
        var ex = Assert.Throws<LoadConfigException>(() => DurationText.Parse(text, "--duration"));

        Assert.StartsWith("--duration: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pts_ramp_is_ten_one_minute_steps_from_10_to_100_percent_of_1000()
    {
        var stages = Profiles.PtsRampStages();

        Assert.Equal(Enumerable.Range(1, 10).Select(i => i * 100), stages.Cast<KeepConstant>().Select(k => k.Copies));
        Assert.All(stages, s => Assert.Equal(TimeSpan.FromMinutes(1), s.During));
    }

    [Fact]
    public void Time_scale_compresses_the_ramp_and_a_longer_duration_holds_the_top()
    {
        var stages = Profiles.PtsRampStages(maxConcurrency: 50, timeScale: 60, totalDuration: TimeSpan.FromMinutes(15));

        Assert.Equal([5, 10, 15, 20, 25, 30, 35, 40, 45, 50], stages.Cast<KeepConstant>().Select(k => k.Copies));
        Assert.Equal(TimeSpan.FromSeconds(1), stages[0].During);
        Assert.Equal(TimeSpan.FromSeconds(6), stages[^1].During);
    }

    [Fact]
    public void A_duration_shorter_than_the_staircase_is_refused()
    {
        var ex = Assert.Throws<LoadConfigException>(() => Profiles.PtsRampStages(totalDuration: TimeSpan.FromMinutes(5)));

        Assert.Contains("shorter than the pts-ramp staircase", ex.Message, StringComparison.Ordinal);
    }

    private static string Write(string extension, string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lt-scenario-{Guid.NewGuid():N}.{extension}");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void A_yaml_scenario_file_gives_requests_mix_load_and_thresholds()
    {
        var path = Write("yaml", """
            name: checkout
            defaults:
              timeout: 2s
              headers: { Accept: application/json }
            requests:
              - name: home
                url: http://127.0.0.1:8080/
                weight: 3
              - name: order
                method: post
                url: http://127.0.0.1:8080/orders
                headers: { Content-Type: application/json }
                body: '{"sku": 1}'
                timeout: 500ms
                expectStatus: [201, 202]
            load:
              simulations:
                - { kind: RampingConstant, copies: 50, during: 30s }
                - { kind: KeepConstant, copies: 50, during: 1m }
            thresholds:
              - p95 < 500ms
              - { expr: 'error_rate < 1%', abortOnFail: true, startCheckAfter: 10s }
            warmUp: 5s
            """);

        var file = ScenarioFile.Load(path);

        Assert.Equal("checkout", file.Name);
        Assert.Equal(2, file.Requests.Count);
        Assert.Equal(3, file.Requests[0].Weight);
        Assert.Equal(TimeSpan.FromSeconds(2), file.Requests[0].Timeout);
        Assert.Equal("application/json", file.Requests[0].Headers["Accept"]);
        Assert.Equal("POST", file.Requests[1].Method);
        Assert.Equal(TimeSpan.FromMilliseconds(500), file.Requests[1].Timeout);
        Assert.Equal([201, 202], file.Requests[1].ExpectStatus.Order());
        Assert.Equal(2, file.Requests[1].Headers.Count);
        Assert.Equal([new RampingConstant(50, TimeSpan.FromSeconds(30)), new KeepConstant(50, TimeSpan.FromMinutes(1))], file.Simulations);
        Assert.Equal(["p95 < 500ms", "error_rate < 1%"], file.Thresholds.Select(t => t.Name));
        Assert.True(file.Thresholds[1].AbortOnFail);
        Assert.Equal(TimeSpan.FromSeconds(10), file.Thresholds[1].StartCheckAfter);
        Assert.Equal(TimeSpan.FromSeconds(5), file.WarmUp);
        File.Delete(path);
    }

    [Fact]
    public void A_json_scenario_file_is_read_the_same_way()
    {
        var path = Write("json", """
            { "requests": [ { "url": "http://127.0.0.1:8080/health", "expectStatus": 200 } ],
              "load": { "profile": "pts-ramp", "maxConcurrency": 200, "timeScale": 60 },
              "thresholds": [ "success_rate >= 99%" ] }
            """);

        var file = ScenarioFile.Load(path);

        Assert.Equal([200], file.Requests[0].ExpectStatus);
        Assert.Equal("pts-ramp", file.Load.Profile);
        Assert.Equal(200, file.Load.MaxConcurrency);
        Assert.Equal(60, file.Load.TimeScale);
        File.Delete(path);
    }

    [Theory]
    [InlineData("requests:\n  - url: ftp://x/\n", "line 2: requests[0].url: 'ftp://x/' is not an absolute http:// or https:// URL")]
    [InlineData("requests:\n  - method: GET\n", "line 2: requests[0].url: missing")]
    [InlineData("requests:\n  - url: http://x/\n    weight: heavy\n", "line 3: requests[0].weight: 'heavy' is not a whole number")]
    [InlineData("requests:\n  - url: http://x/\n    expectStatus: [200, 999]\n", "requests[0].expectStatus: '999' is not an HTTP status")]
    [InlineData("requests:\n  - url: http://x/\nload:\n  simulations:\n    - { kind: Hold, copies: 1 }\n", "line 5: load.simulations[0].kind: 'Hold' is unknown")]
    [InlineData("requests:\n  - url: http://x/\nthresholds:\n  - p95 <\n", "line 4: thresholds[0]: threshold 'p95 <'")]
    [InlineData("requests: [\n", "line")]
    [InlineData("url: http://x/\n", "unknown key 'url' in the top level")]
    public void Scenario_file_errors_name_the_line_and_field(string content, string message)
    {
        var path = Write("yaml", content);

        var ex = Assert.Throws<LoadConfigException>(() => ScenarioFile.Load(path));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        File.Delete(path);
    }
}

public sealed class ExampleTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        var root = AppContext.BaseDirectory;
        while (root is not null && !Directory.Exists(Path.Combine(root, "loadtest", "examples")))
        {
            root = Path.GetDirectoryName(root);
        }

        foreach (var file in Directory.GetFiles(Path.Combine(root!, "loadtest", "examples"), "*.*", SearchOption.AllDirectories))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_scenario_file_loads_and_builds_a_plan(string path)
    {
        var file = ScenarioFile.Load(path);

        Assert.NotEmpty(file.Requests);
        var simulations = file.Simulations ?? Profiles.PtsRampStages(file.Load.MaxConcurrency ?? 1000, stepDuration: file.Load.StepDuration, timeScale: file.Load.TimeScale ?? 1);
        Assert.NotEmpty(ElasticScaler.LoadTest.Engine.LoadPlan.Build(simulations).Stages);
    }
}
