using System.CommandLine;
using System.Globalization;

namespace ElasticScaler.Demo;

/// <summary>
/// The command line: <c>[--full | --time-scale X] [--max-users N] [--report DIR] [--port N] [--no-live]
/// [--exit-at-end]</c>. Bad values exit 2 with a line naming the flag and the fix.
/// </summary>
public static class DemoCommand
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    private static readonly Option<bool> Full = new("--full") { Description = "the seed's real timeline: the 10-minute ramp, 300 s windows, a 15 s sync period" };
    private static readonly Option<double?> TimeScale = new("--time-scale") { Description = "divide the seed's timeline by X (default 10/3: the ramp in 3 minutes)" };
    private static readonly Option<int?> MaxUsers = new("--max-users") { Description = "the ramp's top: concurrent users at its last step (default 1000)" };
    private static readonly Option<string?> Report = new("--report") { Description = "the report folder (default ./demo-report)" };
    private static readonly Option<int?> Port = new("--port") { Description = "the web page's port on 127.0.0.1 (default: a free one)" };
    private static readonly Option<bool> NoLive = new("--no-live") { Description = "plain lines instead of the live terminal view" };
    private static readonly Option<bool> ExitAtEnd = new("--exit-at-end") { Description = "exit when the demo ends instead of serving the page until Ctrl-C (the default in a terminal)" };
    private static readonly Option<string?> ThinkTime = new("--think-time") { Description = "each user's wait after a page, e.g. 600ms (default 600ms)" };

    public static RootCommand Create()
    {
        var root = new RootCommand("The seed's walkthrough, live: WordPress on the simulated ACK cluster, scaled by the ElasticScaler service under the PTS ramp.");
        foreach (var o in new Option[] { Full, TimeScale, MaxUsers, Report, Port, NoLive, ExitAtEnd, ThinkTime })
            root.Options.Add(o);
        return root;
    }

    /// <summary>The options from a parse, or every problem, each naming its flag and the fix.</summary>
    public static (DemoOptions? Options, IReadOnlyList<string> Errors) Read(ParseResult parsed, bool interactive)
    {
        var errors = parsed.Errors.Select(e => e.Message).ToList();
        if (errors.Count > 0)
            return (null, errors);
        var options = new DemoOptions { Live = interactive && !parsed.GetValue(NoLive), KeepServing = interactive && !parsed.GetValue(ExitAtEnd) };
        if (parsed.GetValue(Full))
        {
            if (parsed.GetValue(TimeScale) is not null)
                errors.Add("--full and --time-scale: give one; fix: --full is --time-scale 1");
            options = options with { TimeScale = 1 };
        }
        if (parsed.GetValue(TimeScale) is { } scale)
        {
            if (scale is < 1 or > 60 || double.IsNaN(scale))
                errors.Add($"--time-scale: {scale.ToString(CultureInfo.InvariantCulture)} is outside 1..60; fix: e.g. --time-scale 3.33 (the ramp in 3 minutes), 1 is --full");
            options = options with { TimeScale = scale };
        }
        if (parsed.GetValue(MaxUsers) is { } users)
        {
            if (users is < 10 or > 5000)
                errors.Add($"--max-users: {users} is outside 10..5000; fix: e.g. --max-users 1000 (the seed's PTS ramp)");
            options = options with { MaxUsers = users };
        }
        if (parsed.GetValue(Port) is { } port)
        {
            if (port is < 0 or > 65535)
                errors.Add($"--port: {port} is not a TCP port; fix: e.g. --port 8088, or leave it out for a free one");
            options = options with { Port = port };
        }
        if (parsed.GetValue(Report) is { } report)
        {
            if (string.IsNullOrWhiteSpace(report))
                errors.Add("--report: empty; fix: e.g. --report demo-report");
            options = options with { ReportFolder = report };
        }
        if (parsed.GetValue(ThinkTime) is { } think)
        {
            if (!TryDuration(think, out var value) || value < TimeSpan.Zero || value > TimeSpan.FromMinutes(1))
                errors.Add($"--think-time: '{think}' is not a duration from 0 to 1m; fix: e.g. --think-time 600ms");
            options = options with { ThinkTime = value };
        }
        return errors.Count > 0 ? (null, errors) : (options, []);
    }

    private static bool TryDuration(string text, out TimeSpan value) => ElasticScaler.Core.Model.GoDuration.TryParse(text, out value);
}
