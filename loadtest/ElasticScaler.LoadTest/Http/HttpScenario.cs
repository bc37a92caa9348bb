namespace ElasticScaler.LoadTest.Http;

/// <summary>Which HTTP client sends the requests.</summary>
public enum HttpClientKind
{
    /// <summary>Lean sockets for http:// over HTTP/1.1, HttpClient for https:// or HTTP/2.</summary>
    Auto,
    /// <summary>Always the lean socket client (http:// and HTTP/1.1 only).</summary>
    Lean,
    /// <summary>Always HttpClient (SocketsHttpHandler).</summary>
    HttpClient,
}

/// <summary>Builds a scenario that sends a weighted mix of HTTP requests.</summary>
public static class HttpScenario
{
    /// <summary>
    /// A scenario whose every invocation sends the next request of the mix. The mix is a smooth weighted
    /// round-robin (weights 3:1 send A A B A … exactly 75 % / 25 %), so short runs keep the ratio.
    /// </summary>
    public static ScenarioProps Create(string name, IReadOnlyList<RequestSpec> requests, HttpClientKind client = HttpClientKind.Auto,
        bool http2 = false, int maxConnections = 1000)
    {
        if (requests.Count == 0)
        {
            throw new LoadConfigException("requests: none given; fix: pass --url URL or list requests in the scenario file");
        }

        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            if (!r.Url.IsAbsoluteUri || (r.Url.Scheme != Uri.UriSchemeHttp && r.Url.Scheme != Uri.UriSchemeHttps))
            {
                throw new LoadConfigException($"requests[{i}].url: '{r.Url}' is not an absolute http:// or https:// URL; fix: e.g. http://127.0.0.1:8080/");
            }

            if (r.Weight <= 0)
            {
                throw new LoadConfigException($"requests[{i}].weight: {r.Weight} must be above 0; fix: use 1 or more");
            }

            if (r.Timeout <= TimeSpan.Zero)
            {
                throw new LoadConfigException($"requests[{i}].timeout: must be positive; fix: e.g. 5s");
            }

            if (client == HttpClientKind.Lean && (http2 || r.Url.Scheme != Uri.UriSchemeHttp))
            {
                throw new LoadConfigException($"requests[{i}].url: the lean client speaks http:// and HTTP/1.1 only; fix: use --client auto or --client httpclient");
            }
        }

        var prepared = requests.Select(PreparedRequest.From).ToArray();
        var order = WeightedOrder(requests.Select(r => r.Weight).ToArray());
        var useLean = client == HttpClientKind.Lean || (client == HttpClientKind.Auto && !http2 && requests.All(r => r.Url.Scheme == Uri.UriSchemeHttp));
        LeanHttpClient? lean = null;
        HttpClientSender? sender = null;
        long next = -1;
        return Scenario.CreateFast(name, ctx =>
            {
                var request = prepared[order[(int)((ulong)Interlocked.Increment(ref next) % (ulong)order.Length)]];
                return useLean ? lean!.SendAsync(request, ctx) : sender!.SendAsync(request.Spec);
            })
            .WithInit(ctx =>
            {
                lean = useLean ? new LeanHttpClient(ctx.CancellationToken) : null;
                sender = useLean ? null : new HttpClientSender(maxConnections, http2, ctx.CancellationToken);
                return Task.CompletedTask;
            })
            .WithClean(_ =>
            {
                lean?.Dispose();
                sender?.Dispose();
                return Task.CompletedTask;
            });
    }

    /// <summary>Smooth weighted round-robin (as nginx's upstream balancer): one cycle of sum(weights) picks.</summary>
    internal static int[] WeightedOrder(int[] weights)
    {
        var total = weights.Sum();
        var current = new int[weights.Length];
        var order = new int[total];
        for (var n = 0; n < total; n++)
        {
            var best = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                current[i] += weights[i];
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= total;
            order[n] = best;
        }

        return order;
    }
}
