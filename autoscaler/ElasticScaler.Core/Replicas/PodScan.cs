using System.Buffers;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Replicas;

/// <summary>
/// One pass over the pods: groupPods plus the sums the two passes of the replica formula need. Upstream
/// builds maps and sets; summing per group gives the same numbers without allocating per pod.
/// "Samples" are the entries of upstream's metrics map: one per PodMetrics (or per-pod value) that yields a
/// value, including superfluous ones for pods the lister does not know.
/// </summary>
internal struct PodScan
{
    public int Ready, Unready, Missing, Ignored;
    /// <summary>Entries in the metrics map before ignored and unready pods are removed.</summary>
    public int SampleCount;
    /// <summary>Entries removed because their pod is ignored or unready.</summary>
    public int RemovedSamples;
    public Int128 SampleSum, RemovedSum, ReadySum;
    public Int128 ReadyRequests, UnreadyRequests, MissingRequests;
    /// <summary>Σ request × max(100, target) / 100 over missing pods, per pod truncated as upstream.</summary>
    public Int128 MissingFallback;
    /// <summary>First request that could not be determined, in pod order (only when requests were asked for).</summary>
    public string? RequestError;

    /// <summary>len(metrics) after removing ignored and unready pods.</summary>
    public readonly int MetricsCount => SampleCount - RemovedSamples;
    /// <summary>Σ metrics after removing ignored and unready pods (ready pods plus superfluous samples).</summary>
    public readonly Int128 MetricsSum => SampleSum - RemovedSum;

    /// <summary>Scan against metrics.k8s.io samples: a pod's value is the sum over its containers, or one container's usage.</summary>
    public static PodScan OfResource(IReadOnlyList<PodState> pods, IReadOnlyList<PodMetricsSample> samples, string resource,
        string? container, bool withRequests, int fallbackPercent, ControllerSettings settings, DateTimeOffset now)
    {
        var scan = new PodScan();
        var values = ArrayPool<long>.Shared.Rent(Math.Max(1, samples.Count));
        var index = new SampleIndex(samples);
        try
        {
            for (var j = 0; j < samples.Count; j++)
            {
                if (TrySampleValue(samples[j], resource, container, out var v))
                {
                    values[j] = v;
                    scan.SampleCount++;
                    scan.SampleSum += v;
                }
                else
                {
                    values[j] = NoValue;
                }
            }
            var isCpu = resource == "cpu";
            for (var i = 0; i < pods.Count; i++)
            {
                var pod = pods[i];
                var j = index.Find(pod.Name, i);
                var has = j >= 0 && values[j] != NoValue;
                var value = has ? values[j] : 0;
                var group = has
                    ? PodGroups.Classify(pod, true, samples[j].Timestamp, samples[j].Window, isCpu, settings, now)
                    : PodGroups.Classify(pod, false, default, default, isCpu, settings, now);
                scan.Add(pod, group, has, value, resource, container, withRequests, fallbackPercent);
            }
        }
        finally
        {
            index.Dispose();
            ArrayPool<long>.Shared.Return(values);
        }
        return scan;
    }

    /// <summary>Scan against a custom-metrics Pods reading: one value per pod name; no CPU readiness rules.</summary>
    public static PodScan OfPerPod(IReadOnlyList<PodState> pods, IReadOnlyDictionary<string, Quantity> perPod,
        ControllerSettings settings, DateTimeOffset now)
    {
        var scan = new PodScan();
        if (perPod is Dictionary<string, Quantity> dict)
        {
            foreach (var kv in dict) scan.SampleSum += Milli.Of(kv.Value);
        }
        else
        {
            foreach (var kv in perPod) scan.SampleSum += Milli.Of(kv.Value);
        }
        scan.SampleCount = perPod.Count;
        for (var i = 0; i < pods.Count; i++)
        {
            var pod = pods[i];
            var has = perPod.TryGetValue(pod.Name, out var q);
            var value = has ? Milli.Of(q) : 0;
            var group = PodGroups.Classify(pod, has, default, default, false, settings, now);
            scan.Add(pod, group, has, value, "", null, false, 0);
        }
        return scan;
    }

    private const long NoValue = long.MinValue;

    private void Add(PodState pod, PodGroup group, bool has, long value, string resource, string? container,
        bool withRequests, int fallbackPercent)
    {
        long request = 0;
        // Upstream computes requests for every listed pod, ignored ones included, and fails on the first gap.
        if (withRequests && !ResourceRequests.TryGetMilli(pod, resource, container, out request, out var error))
            RequestError ??= error;
        switch (group)
        {
            case PodGroup.Ready:
                Ready++;
                ReadySum += value;
                ReadyRequests += request;
                break;
            case PodGroup.Unready:
                Unready++;
                UnreadyRequests += request;
                if (has) { RemovedSamples++; RemovedSum += value; }
                break;
            case PodGroup.Missing:
                Missing++;
                MissingRequests += request;
                MissingFallback += (Int128)request * fallbackPercent / 100;
                break;
            default:
                Ignored++;
                if (has) { RemovedSamples++; RemovedSum += value; }
                break;
        }
    }

    /// <summary>
    /// A PodMetrics' value for the resource (HPA: getPodMetrics / getContainerMetrics): the sum over all
    /// containers, unless one lacks the resource or there are none; or the named container's usage.
    /// </summary>
    private static bool TrySampleValue(PodMetricsSample sample, string resource, string? container, out long milli)
    {
        milli = 0;
        var containers = sample.Containers;
        if (string.IsNullOrEmpty(container))
        {
            if (containers.Count == 0) return false;
            for (var k = 0; k < containers.Count; k++)
            {
                if (!containers[k].Usage.TryGetValue(resource, out var q)) return false;
                milli += Milli.Of(q);
            }
            return true;
        }
        for (var k = 0; k < containers.Count; k++)
        {
            if (containers[k].Name != container) continue;
            if (!containers[k].Usage.TryGetValue(resource, out var q)) return false;
            milli = Milli.Of(q);
            return true;
        }
        return false;
    }
}
