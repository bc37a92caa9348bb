using System.Reflection;

namespace ElasticScaler.Core.Tests;

public sealed class ReasonsTests
{
    [Fact]
    public void Every_reason_constant_equals_its_name()
    {
        var constants = typeof(Reasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).ToList();
        Assert.NotEmpty(constants);
        Assert.All(constants, f => Assert.Equal(f.Name, (string)f.GetRawConstantValue()!));
    }
}
