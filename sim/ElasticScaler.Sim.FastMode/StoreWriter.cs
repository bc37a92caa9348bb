using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Service.Kube;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// The service's write transport (<see cref="IKubeWriter"/>) into the in-process sim: each write goes by its REST
/// path and JSON body through <see cref="ResourceRequests"/>, the rules the sim's HTTP front serves, so fast mode
/// acts with the service's own <c>Actuator</c> and <c>DecisionActuation</c> and the sim's controllers react as they
/// would to the service. An API error comes back as <see cref="KubeApiException"/> with the Status's code, reason
/// and message, as it would over HTTP. Synchronous underneath: the store answers at once, on the caller's thread.
/// </summary>
public sealed class StoreWriter(ResourceRequests requests) : IKubeWriter
{
    public Task<JsonDocument?> CreateAsync(string collectionPath, JsonNode body, CancellationToken ct) =>
        Answer("create", collectionPath, () => requests.Create(collectionPath, Object(body)));

    public Task<JsonDocument?> ReplaceAsync(string path, JsonNode body, CancellationToken ct) =>
        Answer("update", path, () => requests.Update(path, Object(body)));

    public Task<JsonDocument?> MergePatchAsync(string path, JsonNode patch, CancellationToken ct) =>
        Answer("patch", path, () => requests.Patch(path, ResourceService.MergePatch, patch));

    public Task<JsonDocument?> JsonPatchAsync(string path, JsonNode patch, CancellationToken ct) =>
        Answer("patch", path, () => requests.Patch(path, ResourceService.JsonPatch, patch));

    public Task<JsonDocument?> DeleteAsync(string path, JsonNode? options, CancellationToken ct) =>
        Answer("delete", path, () => requests.Delete(path, options));

    /// <summary>A body that is not an object is refused as the HTTP front refuses it.</summary>
    private static JsonObject Object(JsonNode body) =>
        body as JsonObject ?? throw ApiException.BadRequest($"json: cannot unmarshal {body.GetValueKind().ToString().ToLowerInvariant()} into Go value of type map[string]interface {{}}");

    private static Task<JsonDocument?> Answer(string verb, string path, Func<JsonObject> call)
    {
        try
        {
            // The answer is serialized as it would be on the wire, so the caller owns a document nobody else mutates.
            return Task.FromResult<JsonDocument?>(JsonDocument.Parse(call().ToJsonString()));
        }
        catch (ApiException e)
        {
            return Task.FromException<JsonDocument?>(new KubeApiException((HttpStatusCode)e.Code, e.Reason, e.Message, verb, path));
        }
    }
}
