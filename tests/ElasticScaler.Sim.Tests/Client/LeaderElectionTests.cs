using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>KubernetesClient's LeaderElector with LeaseLock between two candidates: one leads, the other takes over when it stops.</summary>
public sealed class LeaderElectionTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private static LeaderElector Elector(Kubernetes client, string ns, string identity) =>
        new(new LeaderElectionConfig(new LeaseLock(client, ns, "scaler-leader", identity))
        {
            // Generous enough that a loaded CI machine does not make A miss its renewals.
            LeaseDuration = TimeSpan.FromSeconds(4),
            RenewDeadline = TimeSpan.FromSeconds(3),
            RetryPeriod = TimeSpan.FromMilliseconds(400),
        });

    [Fact]
    public async Task The_second_candidate_leads_only_after_the_first_stops_and_the_lease_counts_the_transition()
    {
        using var admin = fx.Admin();
        var ns = "le-" + Guid.NewGuid().ToString("N")[..8];
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Objects.Meta(ns) });
        using var clientA = fx.Admin();
        using var clientB = fx.Admin();
        var a = Elector(clientA, ns, "A");
        var b = Elector(clientB, ns, "B");
        var aLeads = new TaskCompletionSource();
        var bLeads = new TaskCompletionSource();
        var bSawA = new TaskCompletionSource();
        a.OnStartedLeading += () => aLeads.TrySetResult();
        b.OnStartedLeading += () => bLeads.TrySetResult();
        b.OnNewLeader += leader => { if (leader == "A") bSawA.TrySetResult(); };
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunUntilLeadershipLostAsync(stopA.Token);
        await aLeads.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var runB = b.RunUntilLeadershipLostAsync(stopB.Token);
        await bSawA.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(bLeads.Task.IsCompleted, "B must not lead while A renews the lease");
        Assert.Equal("A", (await admin.CoordinationV1.ReadNamespacedLeaseAsync("scaler-leader", ns)).Spec.HolderIdentity);
        await stopA.CancelAsync();
        await bLeads.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var lease = await admin.CoordinationV1.ReadNamespacedLeaseAsync("scaler-leader", ns);
        Assert.Equal(("B", 1), (lease.Spec.HolderIdentity, lease.Spec.LeaseTransitions ?? 0));
        await stopB.CancelAsync();
        await Task.WhenAll(runA.ContinueWith(_ => { }), runB.ContinueWith(_ => { }));
    }
}
