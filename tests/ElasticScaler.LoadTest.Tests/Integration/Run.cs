using ElasticScaler.LoadTest.Cli;

namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>Runs the command line in-process, capturing its output and exit code.</summary>
internal static class Run
{
    public static async Task<(int Exit, string Out, string Err)> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await LoadTestCommand.InvokeAsync(args, stdout, stderr).WaitAsync(TimeSpan.FromMinutes(2));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A loopback port nothing listens on (bound then released).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
