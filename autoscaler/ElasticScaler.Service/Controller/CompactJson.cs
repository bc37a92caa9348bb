using System.Text.Json;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// An object's JSON as the service keeps it: compact UTF-8 without <c>metadata.managedFields</c>, which server-side
/// apply fills with a record of every field's owner (often more than half of a Deployment) and which the service
/// never reads. Omitted from a later update, the API server keeps the stored managedFields as they are.
/// </summary>
public static class CompactJson
{
    public static byte[] WithoutManagedFields(JsonElement obj)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        // Relaxed escaping: the bytes are only ever parsed again, never put into a page, and escaping would grow them.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (obj.ValueKind != JsonValueKind.Object)
            {
                obj.WriteTo(writer);
            }
            else
            {
                writer.WriteStartObject();
                foreach (var property in obj.EnumerateObject())
                {
                    if (property.NameEquals("metadata") && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        writer.WritePropertyName(property.Name);
                        writer.WriteStartObject();
                        foreach (var m in property.Value.EnumerateObject())
                            if (!m.NameEquals("managedFields")) m.WriteTo(writer);
                        writer.WriteEndObject();
                    }
                    else property.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
        }
        return buffer.WrittenSpan.ToArray();
    }
}
