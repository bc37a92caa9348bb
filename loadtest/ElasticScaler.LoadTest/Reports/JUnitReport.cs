using System.Globalization;
using System.Xml.Linq;

namespace ElasticScaler.LoadTest.Reports;

/// <summary>JUnit XML with one test case per threshold, so CI systems show the release gate like unit tests.</summary>
internal static class JUnitReport
{
    public static string Render(LoadRunResult result)
    {
        var cases = result.Thresholds.Select(t =>
        {
            var testCase = new XElement("testcase",
                new XAttribute("classname", $"{result.TestName}.{t.Scenario}"),
                new XAttribute("name", t.Threshold),
                new XAttribute("time", "0"));
            if (!t.Passed)
            {
                testCase.Add(new XElement("failure", new XAttribute("message", t.Message), $"{t.Threshold}: actual {t.Actual}"));
            }

            return testCase;
        }).ToList();
        if (result.AbortReason is not null || result.Error is not null)
        {
            cases.Add(new XElement("testcase", new XAttribute("classname", result.TestName), new XAttribute("name", "run completed"),
                new XAttribute("time", "0"),
                new XElement("failure", new XAttribute("message", result.AbortReason ?? result.Error ?? ""))));
        }

        if (result.Agents.Count > 0)
        {
            // One case for the agents: a partial result fails it, so CI shows the verdict covered only some of them.
            var agents = new XElement("testcase", new XAttribute("classname", result.TestName), new XAttribute("name", "all agents ran"), new XAttribute("time", "0"));
            if (result.AgentCoverage is not null)
            {
                agents.Add(new XElement("failure", new XAttribute("message", $"partial result: the verdict {result.AgentCoverage}"),
                    string.Join("\n", result.Agents.Where(a => a.IsProblem).Select(a => $"agent {a.Index} ({a.Address}): {a.Problem ?? a.Status}"))));
            }

            cases.Add(agents);
        }

        var seconds = result.ScenarioStats.Count == 0 ? 0 : result.ScenarioStats.Max(s => s.Duration.TotalSeconds);
        var suite = new XElement("testsuite",
            new XAttribute("name", result.TestName),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", 0),
            new XAttribute("time", seconds.ToString("0.###", CultureInfo.InvariantCulture)),
            new XAttribute("timestamp", result.StartedUtc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            cases);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite)).Declaration + "\n" + new XElement("testsuites", suite);
    }
}
