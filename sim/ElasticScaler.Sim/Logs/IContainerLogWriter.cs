namespace ElasticScaler.Sim.Logs;

/// <summary>
/// Where what a simulated container prints goes: the sim's kubelet writes each container's start-up line, the demo
/// app (sim.Workload) its pods' access logs; the API server's pods/log reads them back. The sim defines it and the
/// others plug into it, so the API server depends on neither.
/// </summary>
public interface IContainerLogWriter
{
    /// <summary>
    /// Appends one line (without its newline) to a container's log at <paramref name="at"/>. A line for a pod the API
    /// server no longer holds is not kept: its log went with the pod.
    /// </summary>
    void Write(string ns, string pod, string container, DateTimeOffset at, string line);
}
