using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Api;

/// <summary>One field error of an Invalid answer (details.causes[]).</summary>
public sealed record FieldCause(string Field, string Reason, string Message)
{
    public static FieldCause Invalid(string field, object? value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {Render(value)}: {detail}");

    public static FieldCause Required(string field, string detail = "") =>
        new(field, "FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldCause NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported",
            $"Unsupported value: {Render(value)}: supported values: {string.Join(", ", supported.Select(s => "\"" + s + "\""))}");

    public static FieldCause Forbidden(string field, string detail) => new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    public static FieldCause TooLong(string field, int max) =>
        new(field, "FieldValueTooLong", $"Too long: may not be more than {max} bytes");

    /// <summary>Go's %v/%q rendering of a value in validation messages: strings quoted, numbers bare.</summary>
    public static string Render(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        JsonValue v when v.TryGetValue<string>(out var s) => "\"" + s + "\"",
        JsonNode n => n.ToJsonString(),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public string Text => $"{Field}: {Message}";
}

/// <summary>An API error that becomes a Status body with the real reason, code and details.</summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;

    public JsonObject ToStatus() => Status(Code, Reason, Message, Details?.DeepClone().AsObject());

    public static JsonObject Status(int code, string reason, string message, JsonObject? details) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details ?? new JsonObject(),
        ["code"] = code,
    };

    private static JsonObject NameDetails(ResourceType t, string name)
    {
        var d = new JsonObject { ["name"] = name };
        if (t.Group.Length > 0)
            d["group"] = t.Group;
        d["kind"] = t.Plural;
        return d;
    }

    public static ApiException NotFound(ResourceType t, string name) =>
        new(404, "NotFound", $"{t.GroupResource} \"{name}\" not found", NameDetails(t, name));

    public static ApiException NotFoundGroupResource(string group, string plural, string name)
    {
        var d = new JsonObject { ["name"] = name };
        if (group.Length > 0)
            d["group"] = group;
        d["kind"] = plural;
        return new(404, "NotFound", $"{(group.Length == 0 ? plural : plural + "." + group)} \"{name}\" not found", d);
    }

    public static ApiException NoSuchResource() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException AlreadyExists(ResourceType t, string name) =>
        new(409, "AlreadyExists", $"{t.GroupResource} \"{name}\" already exists", NameDetails(t, name));

    public static ApiException Conflict(ResourceType t, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {t.GroupResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            NameDetails(t, name));

    public static ApiException ConflictMessage(ResourceType t, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {t.GroupResource} \"{name}\": {why}", NameDetails(t, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message = "the server does not allow this method on the requested resource") =>
        new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    /// <summary>
    /// A protobuf body the sim cannot turn into JSON without losing something (a kind or field it has no table for):
    /// a 415 that says why and how to send the object instead, never a silently smaller object.
    /// </summary>
    public static ApiException ProtobufNotDecoded(string why) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - {why}; send it as application/json instead (with kubectl: kubectl create ... --dry-run=client -o yaml | kubectl apply -f -)");

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException Internal(string message) => new(500, "InternalError", $"Internal error occurred: {message}");

    public static ApiException Invalid(string group, string kind, string name, IReadOnlyList<FieldCause> causes)
    {
        var groupKind = group.Length == 0 ? kind : kind + "." + group;
        var text = causes.Count == 1 ? causes[0].Text : "[" + string.Join(", ", causes.Select(c => c.Text)) + "]";
        var d = new JsonObject { ["name"] = name };
        if (group.Length > 0)
            d["group"] = group;
        d["kind"] = kind;
        d["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = c.Reason,
            ["message"] = c.Message,
            ["field"] = c.Field,
        }).ToArray());
        return new(422, "Invalid", $"{groupKind} \"{name}\" is invalid: {text}", d);
    }

    public static ApiException Invalid(ResourceType t, string name, IReadOnlyList<FieldCause> causes) => Invalid(t.Group, t.Kind, name, causes);
}
