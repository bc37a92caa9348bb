using System.Globalization;

namespace ElasticScaler.Sim.Workload;

/// <summary>
/// The lines the demo app's pods print, as `kubectl logs` shows them: a ready line when a pod starts serving, then
/// one access line per request it answered, in nginx's combined format plus the latency:
/// <c>127.0.0.1 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 27 "-" "curl/8.5.0" 41ms</c>.
/// </summary>
public static class AccessLog
{
    public static string Ready(PodLoad pod, LoadModelOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"demo app ready: serving on :80 at {pod.CapacityCores:0.###} cores ({pod.ServiceTime.TotalMilliseconds:0.#} ms a request, queue limit {options.QueueLimit}, timeout {options.Timeout.TotalSeconds:0.#}s)");

    public static string Request(string remote, DateTimeOffset at, string method, string target, string protocol, int status,
        long bytes, string? userAgent, TimeSpan latency) => string.Create(CultureInfo.InvariantCulture,
        $"{remote} - - [{at.UtcDateTime:dd/MMM/yyyy:HH:mm:ss} +0000] \"{method} {target} {protocol}\" {status} {bytes} \"-\" \"{(string.IsNullOrEmpty(userAgent) ? "-" : userAgent)}\" {Math.Round(latency.TotalMilliseconds):0}ms");
}
