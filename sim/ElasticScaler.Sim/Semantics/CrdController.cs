using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Semantics;

/// <summary>Keeps the registry in step with CRD objects: a written CRD serves its versions at once, a removed one stops and takes its objects along.</summary>
public sealed class CrdController
{
    private readonly ResourceService _service;

    public CrdController(ResourceService service)
    {
        _service = service;
        service.CrdChanged = OnChanged;
    }

    /// <summary>Registers every CRD already in the store (after loading persisted state).</summary>
    public void Resync()
    {
        var crdType = _service.Registry.FindAnyVersion("apiextensions.k8s.io", "customresourcedefinitions")!;
        foreach (var o in _service.Store.List(crdType.StorageKey, null).Items)
            OnChanged(null, o.Parse());
    }

    private void OnChanged(JsonObject? old, JsonObject? now)
    {
        if (now is not null)
        {
            var types = CrdRules.TypesOf(now);
            _service.Registry.SetCustomTypes((string)now["spec"]!["group"]!, (string)now["spec"]!["names"]!["plural"]!, types);
            return;
        }
        if (old is null)
            return;
        var group = (string)old["spec"]!["group"]!;
        var plural = (string)old["spec"]!["names"]!["plural"]!;
        var existing = _service.Registry.FindAnyVersion(group, plural);
        if (existing is not null)
            foreach (var o in _service.Store.List(existing.StorageKey, null).Items)
                _service.Store.Remove(existing.StorageKey, o.Namespace, o.Name);
        _service.Registry.SetCustomTypes(group, plural, []);
    }
}
