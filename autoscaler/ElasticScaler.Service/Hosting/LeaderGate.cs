using ElasticScaler.Service.Options;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Service.Hosting;

/// <summary>
/// Runs the leader's work only while this instance holds the Lease (KubernetesClient's LeaderElector with a
/// LeaseLock), cancelling it the moment leadership is lost and campaigning again; without leader election it runs
/// at once. The caches stay warm either way, so a standby that takes over decides from a synced view at once.
/// </summary>
public sealed class LeaderGate(Kubernetes client, ControllerOptions options, string identity, ILogger log)
{
    private volatile bool _leading;

    public bool IsLeading => _leading;

    public event Action<bool>? LeadershipChanged;

    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken ct)
    {
        if (!options.LeaderElect)
        {
            SetLeading(true);
            try
            {
                await lead(ct).ConfigureAwait(false);
            }
            finally
            {
                SetLeading(false);
            }
            return;
        }

        using var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, options.LeaseNamespace, options.LeaseName, identity))
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        CancellationTokenSource? term = null;
        Task? running = null;
        var gate = new Lock();
        elector.OnStartedLeading += () =>
        {
            lock (gate)
            {
                term = CancellationTokenSource.CreateLinkedTokenSource(ct);
                SetLeading(true);
                Log.StartedLeading(log, identity, options.LeaseNamespace, options.LeaseName);
                // Task.Run: the elector raises this on its own loop, which must keep renewing while we lead.
                var token = term.Token;
                running = Task.Run(() => lead(token), CancellationToken.None);
            }
        };
        elector.OnStoppedLeading += () =>
        {
            lock (gate)
            {
                SetLeading(false);
                Log.StoppedLeading(log, identity);
                term?.Cancel();
            }
        };
        elector.OnNewLeader += leader => Log.NewLeader(log, leader);
        elector.OnError += e => Log.LeaseError(log, e.Message);
        try
        {
            await elector.RunAndTryToHoldLeadershipForeverAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            Task? last;
            lock (gate)
            {
                term?.Cancel();
                last = running;
            }
            if (last is not null)
            {
                try { await last.ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
            SetLeading(false);
        }
    }

    private void SetLeading(bool leading)
    {
        if (_leading == leading) return;
        _leading = leading;
        LeadershipChanged?.Invoke(leading);
    }
}
