using ElasticScaler.LoadTest.Cli;

// Socket continuations run inline on the epoll thread instead of hopping to the thread pool: for a generator whose
// work per response is tiny, the hop costs more than the work (measured in docs/benchmarks.md). Must be set before
// the first socket is created; an explicit environment setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C ends the run gracefully (reports are still written); a second one kills the process.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
// SIGTERM (a pod stopped, kill PID) ends the run the same graceful way: an agent stops, a coordinator deletes its Job
// and still writes its reports.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
});
return await LoadTestCommand.InvokeAsync(args, Console.Out, Console.Error, cancel.Token);
