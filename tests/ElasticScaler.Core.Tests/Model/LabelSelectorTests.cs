using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.Tests.Model;

/// <summary>
/// The label selector grammar, checked with apimachinery's own tables (pkg/labels/selector_test.go: TestSelectorParse,
/// TestSetSelectorParser, TestSelectorMatches, TestRequirementSelectorMatching) plus the error texts HPA prints.
/// </summary>
public sealed class LabelSelectorTests
{
    /// <summary>TestSelectorParse's good strings: each parses, and prints back without its blanks.</summary>
    [Theory]
    [InlineData("x=a,y=b,z=c")]
    [InlineData("")]
    [InlineData("x!=a,y=b")]
    [InlineData("x=")]
    [InlineData("x= ")]
    [InlineData("x=,z= ")]
    [InlineData("x= ,z= ")]
    [InlineData("!x")]
    [InlineData("x>1")]
    [InlineData("x>1,z<5")]
    public void A_good_selector_parses_and_prints_back(string text)
    {
        Assert.True(LabelSelector.TryParse(text, out var selector, out var error), error);
        Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), selector.ToString());
    }

    /// <summary>TestSetSelectorParser: the text, whether it parses, and the canonical form it parses to (sorted by key; values sorted, "" kept).</summary>
    [Theory]
    [InlineData("", true, "")]
    [InlineData("\rx", true, "x")]
    [InlineData("this-is-a-dns.domain.com/key-with-dash", true, "this-is-a-dns.domain.com/key-with-dash")]
    [InlineData("this-is-another-dns.domain.com/key-with-dash in (so,what)", true, "this-is-another-dns.domain.com/key-with-dash in (so,what)")]
    [InlineData("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", true, "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)")]
    [InlineData("foo  in\t (abc)", true, "foo in (abc)")]
    [InlineData("x notin\n (abc)", true, "x notin (abc)")]
    [InlineData("x  notin\t\t\t(abc,def)", true, "x notin (abc,def)")]
    [InlineData("x in (abc,def)", true, "x in (abc,def)")]
    [InlineData("x in (abc,)", true, "x in (,abc)")]
    [InlineData("x in ()", true, "x in ()")]
    [InlineData("x notin (abc,,def),bar,z in (),w", true, "bar,w,x notin (,abc,def),z in ()")]
    [InlineData("x,y in (a)", true, "x,y in (a)")]
    [InlineData("x=a", true, "x=a")]
    [InlineData("x>1", true, "x>1")]
    [InlineData("x<7", true, "x<7")]
    [InlineData("x=a,y!=b", true, "x=a,y!=b")]
    [InlineData("x=a,y!=b,z in (h,i,j)", true, "x=a,y!=b,z in (h,i,j)")]
    [InlineData("x notin ( )", true, "x notin ()")]
    [InlineData("x notin (, a)", true, "x notin (,a)")]
    [InlineData("a ", true, "a")]
    [InlineData("a in (x,y,notin, z,in)", true, "a in (in,notin,x,y,z)")]   // the words in and notin as values
    [InlineData("notin=in", true, "notin=in")]
    [InlineData("x=a,a=x", true, "a=x,x=a")]                                  // TestDeterministicParse
    [InlineData("a=x,x=a", true, "a=x,x=a")]
    [InlineData("x=a||y=b", false, "")]
    [InlineData("x==a==b", false, "")]
    [InlineData("!x=a", false, "")]
    [InlineData("x<a", false, "")]
    [InlineData("x,,y", false, "")]
    [InlineData(",x,y", false, "")]
    [InlineData("x nott in (y)", false, "")]
    [InlineData("a in (xyz),", false, "")]
    [InlineData("a in (xyz)b notin ()", false, "")]
    [InlineData("a in (xyz abc)", false, "")]
    [InlineData("a notin(", false, "")]
    [InlineData("a (", false, "")]
    [InlineData("(", false, "")]
    public void Parses_as_apimachinery_does(string text, bool valid, string canonical)
    {
        bool parsed = LabelSelector.TryParse(text, out var selector, out var error);

        Assert.Equal(valid, parsed);
        if (valid) Assert.Equal(canonical, selector.ToString());
        else Assert.NotEmpty(error);
    }

    public static TheoryData<string, string> Errors => new()
    {
        { "cheddar cheese", "unable to parse requirement: found 'cheese', expected: in, notin, =, ==, !=, gt, lt" },
        { "app=web,", "found '', expected: identifier after ','" },
        { "app=web tier=front", "found 'tier', expected: ',' or 'end of string'" },
        { "=web", "found '=', expected: !, identifier, or 'end of string'" },
        { "!=web", "found '!=', expected: !, identifier, or 'end of string'" },
        { "app in web", "unable to parse requirement: found 'web' expected: '('" },
        { "app in (web", "unable to parse requirement: found '', expected: ',' or ')'" },
        { "app in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier" },
        { "app in (a,=)", "unable to parse requirement: found '=', expected: ',', or identifier" },
        { "app==", "" },   // parses: the empty value
        { "app===web", "unable to parse requirement: found '=', expected: identifier" },
        { "!", "unable to parse requirement: found '', expected: identifier" },
        { "app>one", "unable to parse requirement: values[0]: Invalid value: \"one\": for 'Gt', 'Lt' operators, the value must be an integer" },
        { "app>-1", "unable to parse requirement: values[0][app]: Invalid value: \"-1\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" },
        { "app=b@d", "unable to parse requirement: values[0][app]: Invalid value: \"b@d\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" },
        { "app in (ok,z@,a@)", "unable to parse requirement: [values[0][app]: Invalid value: \"a@\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'), values[2][app]: Invalid value: \"z@\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')]" },
        { "-app", "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" },
        { "Example.com/app=x", "unable to parse requirement: <nil>: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" },
        { "/app", "unable to parse requirement: <nil>: Invalid value: \"/app\": prefix part must be non-empty" },
        { "a/b/c", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')" },
        { "example.com/", "unable to parse requirement: <nil>: Invalid value: \"example.com/\": name part must be non-empty; name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" },
        { new string('a', 64), "unable to parse requirement: <nil>: Invalid value: \"" + new string('a', 64) + "\": name part must be no more than 63 characters" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void A_bad_selector_is_refused_with_apimachinerys_message(string text, string expected)
    {
        bool parsed = LabelSelector.TryParse(text, out var selector, out var error);

        Assert.Equal(expected.Length == 0, parsed);
        Assert.Equal(expected, error);
        if (!parsed) Assert.Same(LabelSelector.Everything, selector);
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void Checking_without_building_gives_the_same_answer_as_parsing(string text, string expected)
    {
        var problem = LabelSelector.Check(text, out int count);

        Assert.Equal(expected.Length == 0 ? null : expected, problem);
        if (problem is null)
        {
            LabelSelector.TryParse(text, out var selector, out _);
            Assert.Equal(selector.Requirements.Count, count);
        }
    }

    [Theory]
    [InlineData("app=web,tier in (a,b),!canary,rank>3,zone", 5)]
    [InlineData("", 0)]
    [InlineData("  \t", 0)]
    public void Checking_counts_the_requirements(string text, int expected)
    {
        Assert.Null(LabelSelector.Check(text, out int count));
        Assert.Equal(expected, count);
    }

    [Fact]
    public void Checking_a_good_selector_allocates_nothing()
    {
        // The decision checks the target's selector on every sync; a steady sync should pay no garbage for it.
        const string text = "app=wordpress,tier in (web,api),!canary";
        Assert.Null(LabelSelector.Check(text, out _));   // warm up (JIT, statics)

        long before = GC.GetAllocatedBytesForCurrentThread();
        var problem = LabelSelector.Check(text, out int count);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((null, 3), (problem, count));
        Assert.Equal(0, allocated);
    }

    /// <summary>TestSelectorMatches and TestRequirementSelectorMatching, as text and label sets ("k=v;k2=v2").</summary>
    [Theory]
    [InlineData("", "x=y", true)]
    [InlineData("x=y", "x=y", true)]
    [InlineData("x=y,z=w", "x=y;z=w", true)]
    [InlineData("x!=y,z!=w", "x=z;z=a", true)]
    [InlineData("notin=in", "notin=in", true)]
    [InlineData("x", "x=z", true)]
    [InlineData("!x", "y=z", true)]
    [InlineData("x>1", "x=2", true)]
    [InlineData("x<1", "x=0", true)]
    [InlineData("x=z", "", false)]
    [InlineData("x=y", "x=z", false)]
    [InlineData("x=y,z=w", "x=w;z=w", false)]
    [InlineData("x!=y,z!=w", "x=z;z=w", false)]
    [InlineData("x", "y=z", false)]
    [InlineData("!x", "x=z", false)]
    [InlineData("x>1", "x=0", false)]
    [InlineData("x<1", "x=2", false)]
    [InlineData("foo=bar,baz=blah", "foo=bar;baz=blah", true)]
    [InlineData("foo=bar,foobar=bar,baz=blah", "foo=bar;baz=blah", false)]
    [InlineData("x in (foo),y notin (alpha)", "x=foo;y=baz", true)]
    [InlineData("x in (foo),y in (alpha)", "x=foo;y=baz", false)]
    [InlineData("x notin (),y", "y=", true)]
    [InlineData("!x,y", "y=", true)]
    [InlineData("x notin (),!y", "y=", false)]
    [InlineData("x in ()", "y=baz", false)]
    [InlineData("z>1", "z=2", true)]
    [InlineData("z>1", "z=v2", false)]
    [InlineData("app=wordpress,tier in (a,b)", "app=wordpress;tier=b;pod-template-hash=7c9", true)]
    public void Matches_as_apimachinery_does(string text, string labels, bool matches)
    {
        Assert.True(LabelSelector.TryParse(text, out var selector, out var error), error);
        var set = labels.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

        Assert.Equal(matches, selector.Matches(set));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\r\n")]
    public void No_text_is_the_empty_selector_that_matches_everything(string? text)
    {
        Assert.True(LabelSelector.TryParse(text, out var selector, out _));
        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(new Dictionary<string, string> { ["any"] = "thing" }));
        Assert.Equal("", selector.ToString());
    }

    [Fact]
    public void Selectors_are_equal_by_their_requirements()
    {
        LabelSelector.TryParse("tier in (b,a),app=web", out var a, out _);
        LabelSelector.TryParse("app=web, tier in (a,b,a)", out var b, out _);
        LabelSelector.TryParse("app==web,tier in (a,b)", out var c, out _);

        Assert.Equal(a, b);
        Assert.Equal("app=web,tier in (a,b)", a.ToString());
        Assert.NotEqual(a, c);   // == prints and compares as its own operator, as apimachinery keeps it
        Assert.Equal(new LabelRequirement("tier", LabelOperator.In, ["a", "b"]), a.Requirements[1]);
    }

    /// <summary>LabelSelectorAsSelector: a spec's matchLabels and matchExpressions as the text a ?labelSelector= query sends.</summary>
    [Fact]
    public void A_spec_selector_becomes_the_canonical_text_sorted_by_key()
    {
        var spec = new Spec.LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["verb"] = "GET", ["app"] = "web" },
            MatchExpressions =
            [
                new Spec.LabelSelectorRequirement { Key = "tier", Operator = "In", Values = ["web", "api", "web"] },
                new Spec.LabelSelectorRequirement { Key = "canary", Operator = "DoesNotExist" },
            ],
        };
        Assert.True(LabelSelector.TryFrom(spec, out var selector, out var error), error);
        Assert.Equal("app=web,!canary,tier in (api,web),verb=GET", selector.ToString());
        Assert.True(LabelSelector.TryFrom(null, out var none, out _));
        Assert.True(none.IsEmpty);
    }

    [Theory]
    [InlineData("In", new string[0], "matchExpressions[0].values: for 'In', 'NotIn' operators, values set can't be empty")]
    [InlineData("Exists", new[] { "x" }, "matchExpressions[0].values: values set must be empty for Exists and DoesNotExist")]
    [InlineData("Gt", new[] { "1" }, "matchExpressions[0].operator: \"Gt\": must be one of In, NotIn, Exists, DoesNotExist")]
    public void A_bad_spec_selector_says_which_entry_and_why(string op, string[] values, string expected)
    {
        var spec = new Spec.LabelSelector { MatchExpressions = [new Spec.LabelSelectorRequirement { Key = "tier", Operator = op, Values = values }] };
        Assert.False(LabelSelector.TryFrom(spec, out _, out var error));
        Assert.Equal(expected, error);
    }
}
