using Xunit.Abstractions;

namespace ElasticScaler.Core.Tests.Hpa;

/// <summary>
/// A <see cref="ControllerCase"/> as theory data. It serializes as the upstream test name, so xunit discovers each
/// row as its own test case (filterable and shown by that name) instead of folding the table into one.
/// </summary>
public sealed class ControllerRow : IXunitSerializable
{
    public ControllerRow() { }

    public ControllerRow(ControllerCase row) => Case = row;

    public ControllerCase Case { get; private set; } = null!;

    public void Serialize(IXunitSerializationInfo info) => info.AddValue("name", Case.Name);

    public void Deserialize(IXunitSerializationInfo info) => Case = HorizontalControllerCases.ByName(info.GetValue<string>("name"));

    public override string ToString() => Case.Name;
}
