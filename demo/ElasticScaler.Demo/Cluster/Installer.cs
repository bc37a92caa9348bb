using System.Text.Json.Nodes;

namespace ElasticScaler.Demo.Cluster;

/// <summary>
/// Puts the seed's setup on the simulated cluster as a user would, through the API with server-side apply: deploy/'s
/// base as its kustomizations list it, then the seed's sample (WordPress and its ElasticScaler). The base's manager
/// folder (the service's Deployment, metrics Service, disruption budget) is left out: the sim runs no containers, so
/// the demo runs the service as a process instead, under the base's ServiceAccount and RBAC (scaler.kubeconfig).
/// </summary>
public sealed class Installer(ApiClient api, string deployFolder, Action<string> say)
{
    /// <summary>The base folder whose objects the sim cannot run; the service process stands in for them.</summary>
    public const string ManagerFolder = "manager";

    public async Task InstallBaseAsync(CancellationToken ct)
    {
        var files = Manifests.KustomizationFiles(Path.Combine(deployFolder, "base"));
        var skipped = files.Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == ManagerFolder).ToList();
        foreach (var file in files.Except(skipped))
            await ApplyFileAsync(file, ct).ConfigureAwait(false);
        say($"left out deploy/base/{ManagerFolder} ({string.Join(", ", skipped.Select(Path.GetFileName))}): the sim runs no containers, so the service runs as a process with the ServiceAccount's rights");
        await WaitEstablishedAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The seed's WordPress and its ElasticScaler, the scaler's windows scaled to <paramref name="timeScale"/>.</summary>
    public async Task InstallSampleAsync(double timeScale, CancellationToken ct)
    {
        await ApplyFileAsync(Path.Combine(deployFolder, "samples", "wordpress.yaml"), ct).ConfigureAwait(false);
        var file = Path.Combine(deployFolder, "samples", "wordpress-elasticscaler.yaml");
        foreach (var obj in Manifests.Read(file))
        {
            var (scaled, changes) = SampleTiming.Apply(obj, timeScale);
            foreach (var c in changes)
                say($"  {c.Field}: {c.From} → {c.To} (time scale {timeScale:0.##})");
            await ApplyAsync(scaled, Relative(file), ct).ConfigureAwait(false);
        }
    }

    private async Task ApplyFileAsync(string file, CancellationToken ct)
    {
        foreach (var obj in Manifests.Read(file))
            await ApplyAsync(obj, Relative(file), ct).ConfigureAwait(false);
    }

    private async Task ApplyAsync(JsonObject obj, string from, CancellationToken ct)
    {
        await api.ApplyAsync(obj, ct).ConfigureAwait(false);
        var ns = (string?)obj["metadata"]?["namespace"];
        say($"applied {((string)obj["kind"]!).ToLowerInvariant()}/{obj["metadata"]!["name"]}{(ns is null ? "" : $" -n {ns}")} from {from} (server-side, field manager {ApiClient.FieldManager})");
    }

    private async Task WaitEstablishedAsync(CancellationToken ct)
    {
        for (var i = 0; i < 100; i++)
        {
            var crd = await api.GetAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/elasticscalers.autoscaling.elasticscaler.io", ct).ConfigureAwait(false);
            if (crd?["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True") == true)
                return;
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        throw new TimeoutException("the ElasticScaler CRD did not become Established within 10 s");
    }

    private string Relative(string file) => Path.GetRelativePath(Path.GetDirectoryName(deployFolder)!, file);
}
