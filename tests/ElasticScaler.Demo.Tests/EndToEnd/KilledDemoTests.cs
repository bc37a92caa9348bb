namespace ElasticScaler.Demo.Tests.EndToEnd;

/// <summary>A demo killed with SIGKILL (no chance to clean up) still leaves no process and no temp folder: the reaper sees its pipe close.</summary>
[Collection(DemoCollection.Name)]
public sealed class KilledDemoTests : IDisposable
{
    private readonly string _report = Path.Combine(Path.GetTempPath(), $"demo-kill-{Guid.NewGuid():N}");

    [Fact]
    public async Task SIGKILL_of_the_demo_mid_run_leaves_no_child_and_no_temp_folder()
    {
        await using var demo = DemoProcess.Start("--max-users", "50", "--time-scale", "20", "--report", _report, "--exit-at-end");
        await demo.WaitForLineAsync("service: pid ", TimeSpan.FromSeconds(120));
        var output = demo.Output;
        var children = Leftovers.ChildPids(output);
        Assert.Equal(2, children.Count);
        Assert.All(children, pid => Assert.True(Leftovers.Alive(pid), $"child {pid} should run before the kill"));

        demo.KillHard();
        await demo.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(await Leftovers.AfterAsync(children, TimeSpan.FromSeconds(15)));
        var temp = Leftovers.TempFolder(output);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (Directory.Exists(temp) && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(200);
        Assert.False(Directory.Exists(temp), $"{temp} was left");
    }

    public void Dispose()
    {
        if (Directory.Exists(_report))
            Directory.Delete(_report, recursive: true);
    }
}
