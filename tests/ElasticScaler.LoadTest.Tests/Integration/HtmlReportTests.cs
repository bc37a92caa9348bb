using Microsoft.Playwright;

namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>The HTML report opens in headless Chromium with its charts drawn and no console errors, and the other formats agree.</summary>
public sealed class HtmlReportTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private TargetServer _server = null!;
    private string _folder = "";

    public async Task InitializeAsync()
    {
        _server = await TargetServer.StartAsync();
        _folder = Path.Combine(Path.GetTempPath(), $"lt-report-{Guid.NewGuid():N}");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<LoadRunResult> RunAsync()
    {
        var scenario = ElasticScaler.LoadTest.Http.HttpScenario.Create("report_demo",
            [new ElasticScaler.LoadTest.Http.RequestSpec { Url = _server.Url("ok"), Weight = 3 }, new ElasticScaler.LoadTest.Http.RequestSpec { Url = _server.Url("status/503") }])
            .WithLoadSimulations(Simulation.RampingConstant(4, TimeSpan.FromSeconds(1)), Simulation.KeepConstant(4, TimeSpan.FromSeconds(2)))
            .WithThresholds(Threshold.Parse("p95 < 2s"), Threshold.Parse("success_rate >= 99%"));
        return await LoadRunner.RegisterScenarios(scenario).WithTestName("report_demo").WithReportFolder(_folder).RunAsync().WaitAsync(TimeSpan.FromMinutes(1));
    }

    [SkippableFact]
    public async Task The_html_report_shows_its_charts_in_headless_chromium_without_console_errors()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is absent; install Debian's chromium (apt-get install -y chromium) to run this check");
        var result = await RunAsync();
        var html = Path.Combine(_folder, "report.html");
        Assert.True(File.Exists(html));
        Assert.DoesNotContain("http://", await File.ReadAllTextAsync(html), StringComparison.Ordinal);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url}");
        await page.GotoAsync(new Uri(html).AbsoluteUri);

        var widths = await page.EvaluateAsync<int[]>("() => Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)");
        Assert.Equal(4, widths.Length);
        Assert.All(widths, w => Assert.True(w > 0, "every chart image decodes"));
        Assert.Empty(problems);
        Assert.Contains("success_rate >= 99%", await page.InnerTextAsync("body"), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ThresholdFailed, result.ExitCode);
    }

    [Fact]
    public async Task Every_report_format_is_written_and_agrees_with_the_result()
    {
        var result = await RunAsync();

        Assert.Equal(["junit.xml", "report.html", "report.json", "summary.md", "timeseries.csv"],
            Directory.GetFiles(_folder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(_folder, "junit.xml"));
        var cases = junit.Descendants("testcase").ToList();
        Assert.Equal(2, cases.Count);
        Assert.Single(cases, c => c.Element("failure") is not null && (string?)c.Attribute("name") == "success_rate >= 99%");

        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        var stats = json.RootElement.GetProperty("scenarios")[0].GetProperty("stats");
        Assert.Equal(result.Get("report_demo").AllRequestCount, stats.GetProperty("allRequestCount").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("exitCode").GetInt32());

        var csv = await File.ReadAllLinesAsync(Path.Combine(_folder, "timeseries.csv"));
        Assert.StartsWith("scenario,second,stage,target,concurrency,requests,ok,fail,rps,p50_ms", csv[0], StringComparison.Ordinal);
        Assert.Equal(result.TimeSeries["report_demo"].Count, csv.Length - 1);
        Assert.Equal(result.Get("report_demo").AllRequestCount, result.TimeSeries["report_demo"].Sum(p => p.Requests));

        var md = await File.ReadAllTextAsync(Path.Combine(_folder, "summary.md"));
        Assert.Contains("| `success_rate >= 99%` | report_demo | ❌ fail |", md, StringComparison.Ordinal);
    }
}
