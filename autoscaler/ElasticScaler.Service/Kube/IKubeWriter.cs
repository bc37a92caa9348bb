using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticScaler.Service.Kube;

/// <summary>
/// The writes the service makes to the API, by REST path (<see cref="ApiResource.CollectionPath"/>,
/// <see cref="ApiResource.ObjectPath"/>) and JSON body: the transport <see cref="Controller.Actuator"/> acts through.
/// <see cref="KubeApi"/> sends them over HTTP; another transport (fast mode's, straight into an in-process
/// simulator) can be plugged in, so the same actuation code runs against both. Each call answers the server's
/// body (null when it sent none) and throws <see cref="KubeApiException"/> for an answer that is not a success,
/// with the Status object's code, reason and message.
/// </summary>
public interface IKubeWriter
{
    /// <summary>POST to a collection.</summary>
    Task<JsonDocument?> CreateAsync(string collectionPath, JsonNode body, CancellationToken ct);

    /// <summary>PUT an object (or its status subresource).</summary>
    Task<JsonDocument?> ReplaceAsync(string path, JsonNode body, CancellationToken ct);

    /// <summary>PATCH with a JSON merge patch (RFC 7386).</summary>
    Task<JsonDocument?> MergePatchAsync(string path, JsonNode patch, CancellationToken ct);

    /// <summary>PATCH with a JSON patch (RFC 6902), for the test-and-set edits a merge patch cannot say.</summary>
    Task<JsonDocument?> JsonPatchAsync(string path, JsonNode patch, CancellationToken ct);

    /// <summary>DELETE, with DeleteOptions as the body when given.</summary>
    Task<JsonDocument?> DeleteAsync(string path, JsonNode? options, CancellationToken ct);
}
