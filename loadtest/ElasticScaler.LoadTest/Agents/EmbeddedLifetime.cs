using Microsoft.Extensions.Hosting;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// The lifetime of the agents' small Kestrel endpoints: none of their own. The default console lifetime would take
/// SIGTERM and SIGINT for itself, so a stopped pod's agent or coordinator would keep running; the CLI owns the
/// process's signals instead (Program.cs: SIGINT and SIGTERM end the run gracefully, the Job deleted).
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
