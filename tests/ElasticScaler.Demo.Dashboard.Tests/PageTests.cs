using Microsoft.Playwright;

namespace ElasticScaler.Demo.Dashboard.Tests;

/// <summary>
/// The live page in headless Chromium: its charts move while the demo feeds the timeline, the scale events show as
/// markers, the summary appears and polling stops when the demo finishes, and the page keeps its final state after
/// the server is gone; all without a console error.
/// </summary>
public sealed class PageTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] ChartIds = ["chart-load", "chart-latency", "chart-replicas"];
    private readonly DemoTimeline _timeline = new("Dashboard page test");
    private readonly List<string> _problems = [];
    private DashboardServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage _page = null!;
    private int _polls;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            return;
        _server = await DashboardServer.StartAsync(_timeline);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        _page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        _page.SetDefaultTimeout(10_000);
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
                _problems.Add($"console: {message.Text} ({message.Location})");
        };
        _page.PageError += (_, error) => _problems.Add($"page error: {error}");
        _page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/timeline", StringComparison.Ordinal))
                Interlocked.Increment(ref _polls);
        };
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>The demo's loop in small: a second of load every 100 ms, from before the load (negative T, all zero) on, with a scale event every fifth.</summary>
    private async Task FeedAsync(int seconds, CancellationToken ct)
    {
        for (var i = 0; i < seconds && !ct.IsCancellationRequested; i++)
        {
            var t = i - 3;
            var users = Math.Max(0, t * 10);
            _timeline.Enter(t < 0 ? DemoPhase.Starting : DemoPhase.Running);
            _timeline.Add(new DemoSample(t, users, users * 2.5, t < 0 ? 0 : 8 + i, t < 0 ? 0 : 20 + 2 * i, t < 0 ? 0 : 35 + 3 * i,
                t < 0 ? 0 : 0.99, 2 + i / 6, i / 4, i % 3, i % 2, 0.002 * i));
            if (i % 5 == 4)
                _timeline.Add(new DemoEvent(t, "ScaledUp", $"desired {3 + i / 3} from {2 + i / 3}: rps per pod above target"));
            await Task.Delay(100, ct);
        }
    }

    private Task<int> PointsAsync(string chart) =>
        _page.EvaluateAsync<int>($"() => Number(document.querySelector('#{chart} svg').dataset.points)");

    /// <summary>No coordinate in any chart is NaN or Infinity, whatever the figures were (zeros included).</summary>
    private async Task AssertFiniteGeometryAsync()
    {
        var bad = await _page.EvaluateAsync<string[]>(
            "() => Array.from(document.querySelectorAll('svg.chart *')).flatMap(e => Array.from(e.attributes))" +
            ".filter(a => /NaN|Infinity/.test(a.value)).map(a => a.ownerElement.tagName + '@' + a.name + '=' + a.value)");
        Assert.Empty(bad);
    }

    [SkippableFact]
    public async Task The_charts_move_while_the_demo_runs_then_the_final_state_stays_after_the_server_is_gone()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is absent; install Debian's chromium (apt-get install -y chromium) to run this check");
        using var feeding = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var feeder = Task.Run(() => FeedAsync(45, feeding.Token));

        await _page.GotoAsync(_server!.Url.AbsoluteUri);
        await _page.WaitForFunctionAsync("() => Number(document.body.dataset.samples) > 0");
        var first = await PointsAsync("chart-load");
        await _page.WaitForFunctionAsync($"() => Number(document.querySelector('#chart-load svg').dataset.points) > {first}");
        Assert.True(await PointsAsync("chart-load") > first, "the load chart gained points between two polls");
        await _page.WaitForFunctionAsync("() => Number(document.querySelector('#chart-replicas svg').dataset.markers) > 0");
        foreach (var chart in ChartIds)
        {
            var marker = await _page.Locator($"#{chart} svg g.marker title").First.TextContentAsync();
            Assert.Matches(@"^T[+−]\d+ s ScaledUp: desired \d+ from \d+: rps per pod above target$", marker);
            Assert.Equal($"{chart}-caption", await _page.GetAttributeAsync($"#{chart} svg", "aria-labelledby"));
            Assert.Matches(@"^\d+ seconds from T−3 s to T\+\d+ s, \d+ scale events$", await _page.Locator($"#{chart} svg desc").TextContentAsync());
        }
        Assert.Equal(4, await _page.Locator("#chart-replicas svg path.area").CountAsync());
        Assert.Equal(3, await _page.Locator("#chart-latency svg path.line").CountAsync());
        await AssertFiniteGeometryAsync();

        // Narrower window: the charts are redrawn to the new width.
        var wide = await _page.GetAttributeAsync("#chart-load svg", "viewBox");
        await _page.SetViewportSizeAsync(640, 900);
        await _page.WaitForFunctionAsync($"() => document.querySelector('#chart-load svg').getAttribute('viewBox') !== '{wide}'");
        await AssertFiniteGeometryAsync();

        await feeder;
        _timeline.Enter(DemoPhase.ScalingIn);
        _timeline.Finish([new DemoSummaryRow("Peak users", "410"), new DemoSummaryRow("Scale events", "9")]);
        await _page.WaitForFunctionAsync("() => document.body.dataset.polling === 'false'");
        Assert.True(await _page.IsVisibleAsync("#summary"));
        Assert.Equal(["Peak users", "410", "Scale events", "9"], await _page.Locator("#summary tbody td").AllTextContentsAsync());
        Assert.Equal("finished", await _page.GetAttributeAsync("#phase", "data-phase"));
        var samples = _timeline.Snapshot().Samples.Count;
        Assert.Equal(samples, await _page.EvaluateAsync<int>("() => Number(document.body.dataset.samples)"));
        Assert.Equal(samples, await PointsAsync("chart-replicas"));

        // Polling has stopped: no request in the next two poll periods.
        var polls = Volatile.Read(ref _polls);
        await Task.Delay(2200);
        Assert.Equal(polls, Volatile.Read(ref _polls));

        await _server.DisposeAsync();
        _server = null;
        await Task.Delay(1200);
        Assert.Equal(samples, await PointsAsync("chart-load"));
        Assert.True(await _page.IsVisibleAsync("#summary"));
        Assert.Contains("final state", await _page.TextContentAsync("#status"), StringComparison.Ordinal);
        Assert.Equal(["Peak users", "410", "Scale events", "9"], await _page.Locator("#summary tbody td").AllTextContentsAsync());
        Assert.Empty(_problems);
    }

    [SkippableFact]
    public async Task Before_any_sample_the_page_waits_then_draws_seconds_of_all_zeros_without_NaN()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is absent; install Debian's chromium (apt-get install -y chromium) to run this check");

        await _page.GotoAsync(_server!.Url.AbsoluteUri);
        await _page.WaitForFunctionAsync("() => document.title === 'Dashboard page test'");
        await Task.Delay(1500);
        Assert.Equal("0", await _page.GetAttributeAsync("body", "data-samples"));
        Assert.Equal("true", await _page.GetAttributeAsync("body", "data-polling"));
        Assert.Equal("starting", await _page.GetAttributeAsync("#phase", "data-phase"));
        Assert.Equal(3, await _page.Locator("svg.chart text.empty").CountAsync());
        Assert.True(Volatile.Read(ref _polls) >= 2, "the page polls each second while it waits");

        // Before the load every figure can be 0: the axes go to 1 and the lines lie flat on 0.
        for (var t = -3; t < 0; t++)
            _timeline.Add(new DemoSample(t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        await _page.WaitForFunctionAsync("() => Number(document.body.dataset.samples) === 3");
        Assert.Equal(0, await _page.Locator("svg.chart text.empty").CountAsync());
        Assert.Equal(["0", "0.0", "0.0 ms", "0%", "0", "0", "0", "0", "$0.0000"], await _page.Locator("[data-figure]").AllTextContentsAsync());
        await AssertFiniteGeometryAsync();
        Assert.Empty(_problems);
    }

    [SkippableFact]
    public async Task When_the_server_goes_away_before_the_end_the_page_keeps_its_last_state_and_says_so()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is absent; install Debian's chromium (apt-get install -y chromium) to run this check");
        using var feeding = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await FeedAsync(8, feeding.Token);

        await _page.GotoAsync(_server!.Url.AbsoluteUri);
        await _page.WaitForFunctionAsync("() => Number(document.body.dataset.samples) === 8");
        await _server.DisposeAsync();
        _server = null;
        await _page.WaitForFunctionAsync("() => document.body.dataset.polling === 'false'");
        var polls = Volatile.Read(ref _polls);
        await Task.Delay(2200);

        Assert.Equal(polls, Volatile.Read(ref _polls));
        Assert.Contains("ended", await _page.TextContentAsync("#status"), StringComparison.Ordinal);
        Assert.Equal(8, await PointsAsync("chart-latency"));
        Assert.False(await _page.IsVisibleAsync("#summary"));
        // The one refused poll is the browser's own network log, not the page's: nothing else, and no script error.
        Assert.All(_problems, p => Assert.Contains("net::ERR_CONNECTION_REFUSED", p, StringComparison.Ordinal));
        Assert.True(_problems.Count <= 1, string.Join("\n", _problems));
    }
}
