using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>
/// A tiny in-process stand-in for the Kubernetes API that answers the few GETs the replica sampler makes: deployment
/// shop/web (selector app=web), its pods (2 on node-a, then one more on the virtual node vk-1 per sample, up to 3),
/// the nodes, and ElasticScaler shop/web (status ecsReplicas 4, eciReplicas 2).
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _podLists;

    private FakeKubernetesApi(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Requests { get; } = new();
    public string KubeconfigPath { get; private set; } = "";

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new FakeKubernetesApi(app);
        app.Use(async (ctx, next) =>
        {
            api.Requests.Enqueue($"{ctx.Request.Method} {ctx.Request.Path}{ctx.Request.QueryString}");
            await next(ctx);
        });
        app.MapGet("/apis/apps/v1/namespaces/shop/deployments/web", () => Results.Text("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
             "spec":{"replicas":5,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}}}
            """, "application/json"));
        app.MapGet("/api/v1/namespaces/shop/pods", (HttpContext ctx) =>
        {
            if (ctx.Request.Query["labelSelector"] != "app=web")
            {
                return Results.BadRequest();
            }

            var eci = Math.Min(Interlocked.Increment(ref api._podLists) - 1, 3);
            var pods = new List<string>
            {
                Pod("web-a1", "node-a", "Running"),
                Pod("web-a2", "node-a", "Running"),
                Pod("web-done", "node-a", "Succeeded"),
                """{"metadata":{"name":"web-pending"},"spec":{"containers":[]},"status":{"phase":"Pending"}}""",
            };
            pods.AddRange(Enumerable.Range(0, eci).Select(i => Pod($"web-v{i}", "vk-1", "Running")));
            return Results.Text($$"""{"apiVersion":"v1","kind":"PodList","metadata":{},"items":[{{string.Join(",", pods)}}]}""", "application/json");
        });
        app.MapGet("/api/v1/nodes", () => Results.Text("""
            {"apiVersion":"v1","kind":"NodeList","metadata":{},"items":[
              {"metadata":{"name":"node-a","labels":{"kubernetes.io/hostname":"node-a"}}},
              {"metadata":{"name":"vk-1","labels":{"type":"virtual-kubelet"}}}]}
            """, "application/json"));
        app.MapGet("/apis/autoscaling.elasticscaler.io/v1alpha1/namespaces/shop/elasticscalers/web", () => Results.Text("""
            {"apiVersion":"autoscaling.elasticscaler.io/v1alpha1","kind":"ElasticScaler","metadata":{"name":"web","namespace":"shop"},
             "spec":{},"status":{"ecsReplicas":4,"eciReplicas":2,"desiredReplicas":6}}
            """, "application/json"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.KubeconfigPath = Path.Combine(Path.GetTempPath(), $"lt-kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(api.KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {address}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake
            users:
            - name: fake
              user:
                token: test-token
            """);
        return api;
    }

    private static string Pod(string name, string node, string phase) =>
        "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"nodeName\":\"" + node +
        "\",\"containers\":[]},\"status\":{\"phase\":\"" + phase + "\"}}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(KubeconfigPath);
    }
}
