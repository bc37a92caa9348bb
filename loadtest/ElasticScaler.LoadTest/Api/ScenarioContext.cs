namespace ElasticScaler.LoadTest;

/// <summary>What a scenario invocation knows about itself (NBomber's <c>IScenarioContext</c>, trimmed).</summary>
public interface IScenarioContext
{
    /// <summary>The scenario's name as registered.</summary>
    string ScenarioName { get; }

    /// <summary>The virtual user (closed model) or injected copy number (open model) running this invocation.</summary>
    long CopyNumber { get; }

    /// <summary>How many invocations this copy has started, counting this one.</summary>
    long InvocationNumber { get; }

    /// <summary>Cancelled when the test is aborted hard; normal ends let the invocation finish.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Per-copy storage that survives between invocations of a virtual user.</summary>
    IDictionary<string, object> Data { get; }

    /// <summary>Stops the whole test; the run ends with exit code 1 and the reason in the report.</summary>
    void StopCurrentTest(string reason);
}

/// <summary>What <c>WithInit</c> and <c>WithClean</c> receive.</summary>
public interface IScenarioInitContext
{
    /// <summary>The scenario's name as registered.</summary>
    string ScenarioName { get; }

    /// <summary>Cancelled when the run is cancelled.</summary>
    CancellationToken CancellationToken { get; }
}

internal sealed class ScenarioContext(string scenarioName, long copyNumber, CancellationToken token, Action<string> stopTest,
    Engine.StepRecorders steps, TimeProvider time) : IScenarioContext
{
    private Dictionary<string, object>? _data;

    public string ScenarioName { get; } = scenarioName;
    public long CopyNumber { get; } = copyNumber;
    public long InvocationNumber { get; set; }
    public CancellationToken CancellationToken { get; } = token;
    public IDictionary<string, object> Data => _data ??= [];
    public Engine.StepRecorders Steps { get; } = steps;
    public TimeProvider Time { get; } = time;

    /// <summary>The virtual user's own keep-alive connection for the lean HTTP client, kept between invocations.</summary>
    public object? HttpConnection { get; set; }
    public void StopCurrentTest(string reason) => stopTest(reason);
}

internal sealed record ScenarioInitContext(string ScenarioName, CancellationToken CancellationToken) : IScenarioInitContext;
