using System.Runtime.CompilerServices;
using ElasticScaler.LoadTest.Http;
using ElasticScaler.LoadTest.Stats;

namespace ElasticScaler.LoadTest.Engine;

/// <summary>The phase a scenario is in, as shown by progress and reports.</summary>
internal enum ScenarioPhase
{
    Waiting,
    Init,
    WarmUp,
    Bombing,
    Done,
}

/// <summary>
/// Runs one scenario through init, warm-up, the measured phase and clean. The closed model keeps N virtual users
/// looping; the open model starts invocations on a schedule and measures each from its intended start.
/// </summary>
internal sealed class ScenarioRunner(ScenarioProps props, LoadPlan plan, TimeProvider time, Action<string> stopTest)
{
    // How often the closed model's controller re-reads the plan; ramps move in steps this fine.
    private static readonly TimeSpan ControlTick = TimeSpan.FromMilliseconds(20);

    // How long the end of a phase waits for invocations still in flight before cancelling them.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private volatile int _closedTarget;
    private long _iterationsStarted;
    private PlanPoint _current = new(-1, "waiting", 0, false);
    private long _measureStart;
    private long _measureEnd;

    public ScenarioProps Props { get; } = props;
    public LoadPlan Plan { get; } = plan;
    public MetricsRecorder Metrics { get; } = new();
    public StepRecorders Steps { get; } = new();
    public ScenarioPhase Phase { get; private set; } = ScenarioPhase.Waiting;
    public PlanPoint Current => _current;

    /// <summary>Timestamp (TimeProvider ticks) when measuring began; 0 before.</summary>
    public long MeasureStart => Interlocked.Read(ref _measureStart);

    /// <summary>How long the measured phase has run (or ran).</summary>
    public TimeSpan Measured
    {
        get
        {
            var start = MeasureStart;
            if (start == 0)
            {
                return TimeSpan.Zero;
            }

            var end = Interlocked.Read(ref _measureEnd);
            return end == 0 ? time.GetElapsedTime(start) : time.GetElapsedTime(start, end);
        }
    }

    public async Task InitAsync(CancellationToken token)
    {
        Phase = ScenarioPhase.Init;
        if (Props.Init is { } init)
        {
            await init(new ScenarioInitContext(Props.ScenarioName, token)).ConfigureAwait(false);
        }
    }

    public async Task CleanAsync(CancellationToken token)
    {
        if (Props.Clean is { } clean)
        {
            await clean(new ScenarioInitContext(Props.ScenarioName, token)).ConfigureAwait(false);
        }
    }

    /// <summary>Warm-up then the measured phase. <paramref name="stop"/> ends early but lets invocations finish; <paramref name="hard"/> cancels them.</summary>
    public async Task RunAsync(Action onMeasureStart, CancellationToken stop, CancellationToken hard)
    {
        if (Plan.Stages.Count == 0)
        {
            Phase = ScenarioPhase.Done;
            return;
        }

        if (Props.WarmUpDuration > TimeSpan.Zero && !stop.IsCancellationRequested)
        {
            Phase = ScenarioPhase.WarmUp;
            var first = Plan.Stages.FirstOrDefault(s => s.To > 0 || s.From > 0);
            var level = first is null ? 1 : Math.Max(first.From, first.To);
            var warm = Plan.Model == LoadModel.Closed
                ? LoadPlan.Build([Simulation.KeepConstant((int)Math.Max(1, level), Props.WarmUpDuration)])
                : LoadPlan.Build([Simulation.Inject(Math.Max(1, level), TimeSpan.FromSeconds(1), Props.WarmUpDuration)]);
            await DriveAsync(warm, "warm-up", stop, hard).ConfigureAwait(false);
            Interlocked.Exchange(ref _iterationsStarted, 0);
        }

        Metrics.Reset();
        Steps.Reset();
        _ = Metrics.TakeInterval();
        Interlocked.Exchange(ref _measureStart, time.GetTimestamp());
        Phase = ScenarioPhase.Bombing;
        onMeasureStart();
        try
        {
            await DriveAsync(Plan, null, stop, hard).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Exchange(ref _measureEnd, time.GetTimestamp());
            Phase = ScenarioPhase.Done;
            _current = _current with { StageName = "done", Target = 0, Finished = true };
        }
    }

    private Task DriveAsync(LoadPlan plan, string? stageLabel, CancellationToken stop, CancellationToken hard) =>
        plan.Model == LoadModel.Closed ? RunClosedAsync(plan, stageLabel, stop, hard) : RunOpenAsync(plan, stageLabel, stop, hard);

    private void Publish(PlanPoint point, string? stageLabel) =>
        _current = stageLabel is null ? point : point with { StageName = stageLabel };

    private bool TakeIteration(LoadPlan plan) =>
        plan.Iterations is not { } max || Interlocked.Increment(ref _iterationsStarted) <= max;

    private bool IterationsDone(LoadPlan plan) =>
        plan.Iterations is { } max && Interlocked.Read(ref _iterationsStarted) >= max;

    private async Task RunClosedAsync(LoadPlan plan, string? stageLabel, CancellationToken stop, CancellationToken hard)
    {
        var capacity = (int)Math.Max(1, plan.Peak);
        var running = new int[capacity];
        var users = new List<Task>();
        var start = time.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            var point = plan.At(time.GetElapsedTime(start));
            Publish(point, stageLabel);
            if (point.Finished || IterationsDone(plan))
            {
                break;
            }

            var target = (int)Math.Min(capacity, point.Target);
            _closedTarget = target;
            for (var i = 0; i < target; i++)
            {
                if (Interlocked.CompareExchange(ref running[i], 1, 0) == 0)
                {
                    users.Add(RunVirtualUserAsync(i, running, plan, stop, hard));
                }
            }

            try
            {
                await Task.Delay(ControlTick, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _closedTarget = 0;
        await DrainAsync(Task.WhenAll(users), hard).ConfigureAwait(false);
    }

    private async Task RunVirtualUserAsync(int index, int[] running, LoadPlan plan, CancellationToken stop, CancellationToken hard)
    {
        await Task.Yield();
        var context = new ScenarioContext(Props.ScenarioName, index, hard, stopTest, Steps, time);
        if (Props.ThinkTime > TimeSpan.Zero)
        {
            // Users who start together would otherwise send in lockstep, a burst every think time: each first
            // request waits a random part of one think time, so the same users spread evenly over it.
            await ThinkAsync(Props.ThinkTime * Random.Shared.NextDouble(), stop).ConfigureAwait(false);
        }

        while (true)
        {
            if (index >= _closedTarget || stop.IsCancellationRequested)
            {
                Volatile.Write(ref running[index], 0);
                // The controller may have raised the target between our check and the release: take the slot back.
                if (index < _closedTarget && !stop.IsCancellationRequested && Interlocked.CompareExchange(ref running[index], 1, 0) == 0)
                {
                    continue;
                }

                return;
            }

            if (!TakeIteration(plan))
            {
                _closedTarget = 0;
                continue;
            }

            await InvokeAsync(context, time.GetTimestamp(), hard).ConfigureAwait(false);
            if (Props.ThinkTime > TimeSpan.Zero)
            {
                await ThinkAsync(Props.ThinkTime, stop).ConfigureAwait(false);
            }
        }
    }

    private async Task ThinkAsync(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The run is stopping: the loop's check releases the slot.
        }
    }

    private async Task RunOpenAsync(LoadPlan plan, string? stageLabel, CancellationToken stop, CancellationToken hard)
    {
        var start = time.GetTimestamp();
        var frequency = (double)time.TimestampFrequency;
        var cap = Math.Max(1, Props.MaxInFlight);
        double due = 0;
        long copy = 0;
        var pending = new PendingCounter();
        var finished = false;
        while (!stop.IsCancellationRequested && !finished)
        {
            var now = time.GetElapsedTime(start).TotalSeconds;
            Publish(plan.At(TimeSpan.FromSeconds(now)), stageLabel);
            // Start everything that is due. Starts are spaced 1/rate apart (k6: "spaced fractionally"), and each
            // keeps its intended time: a start made late (GC pause, busy scheduler) is still measured from when it
            // should have happened, so a stall cannot hide (wrk2's coordinated-omission fix).
            while (due <= now)
            {
                var point = plan.At(TimeSpan.FromSeconds(due));
                if (point.Finished || IterationsDone(plan))
                {
                    finished = true;
                    break;
                }

                if (point.Target <= 0)
                {
                    due += 0.01;
                    continue;
                }

                if (Metrics.InFlight >= cap)
                {
                    Metrics.RecordDropped();
                }
                else if (TakeIteration(plan))
                {
                    var intended = start + (long)(due * frequency);
                    var context = new ScenarioContext(Props.ScenarioName, copy++, hard, stopTest, Steps, time) { };
                    pending.Add();
                    _ = RunInjectedAsync(context, intended, pending, hard);
                }

                due += 1.0 / point.Target;
            }

            var wait = due - time.GetElapsedTime(start).TotalSeconds;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(wait, 0.001, 0.05)), time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await DrainAsync(pending.WhenZeroAsync(), hard).ConfigureAwait(false);
    }

    private async Task RunInjectedAsync(ScenarioContext context, long intended, PendingCounter pending, CancellationToken hard)
    {
        try
        {
            await InvokeAsync(context, intended, hard).ConfigureAwait(false);
        }
        finally
        {
            pending.Done();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask InvokeAsync(ScenarioContext context, long intendedStart, CancellationToken hard)
    {
        Metrics.Enter();
        Response response;
        try
        {
            context.InvocationNumber++;
            response = await Props.Run(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (hard.IsCancellationRequested)
        {
            Metrics.Exit();
            return;
        }
        catch (Exception ex)
        {
            response = Response.Fail(statusCode: "exception", message: ex.Message, errorKind: ErrorClassifier.Classify(ex));
        }

        Metrics.Exit();
        Metrics.Record(time.GetElapsedTime(intendedStart), response);
    }

    private async Task DrainAsync(Task remaining, CancellationToken hard)
    {
        try
        {
            await remaining.WaitAsync(DrainTimeout, time, hard).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // Invocations still running after the drain timeout are abandoned: the hard token cancels them.
        }
    }

    /// <summary>Counts injected invocations in flight and completes a task when the count drops to zero.</summary>
    private sealed class PendingCounter
    {
        private int _count;
        private TaskCompletionSource? _zero;

        public void Add() => Interlocked.Increment(ref _count);

        public void Done()
        {
            if (Interlocked.Decrement(ref _count) == 0)
            {
                Volatile.Read(ref _zero)?.TrySetResult();
            }
        }

        public Task WhenZeroAsync()
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _zero, tcs);
            if (Volatile.Read(ref _count) == 0)
            {
                tcs.TrySetResult();
            }

            return tcs.Task;
        }
    }
}
