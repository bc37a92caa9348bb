namespace ElasticScaler.LoadTest;

/// <summary>Measures one user action inside a scenario separately, as NBomber's <c>Step.Run</c>.</summary>
public static class Step
{
    /// <summary>Runs <paramref name="run"/>, records its latency and outcome under <paramref name="name"/>, and returns its response.</summary>
    /// <example><code>var login = await Step.Run("login", ctx, async () => Response.Ok());</code></example>
    public static async Task<Response> Run(string name, IScenarioContext context, Func<Task<Response>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var time = context is ScenarioContext ours ? ours.Time : TimeProvider.System;
        var started = time.GetTimestamp();
        Response response;
        try
        {
            response = await run().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            response = Response.Fail(statusCode: "exception", message: ex.Message, errorKind: Http.ErrorClassifier.Classify(ex));
        }

        if (context is ScenarioContext own)
        {
            own.Steps.Get(name).Record(time.GetElapsedTime(started), response);
        }

        return response;
    }
}
