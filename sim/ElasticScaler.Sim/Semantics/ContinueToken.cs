using System.Text;

namespace ElasticScaler.Sim.Semantics;

/// <summary>The opaque continue token of a paged list: the last key served and the list's resourceVersion.</summary>
public static class ContinueToken
{
    public static string Encode(string lastKey, long rv) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"v\":\"meta.k8s.io/v1\",\"rv\":{rv},\"start\":\"{lastKey}\\u0000\"}}"));

    public static (string LastKey, long ResourceVersion) Decode(string token)
    {
        try
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!;
            var start = (string)json["start"]!;
            return (start.TrimEnd('\0'), (long)json["rv"]!);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            throw Api.ApiException.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
