namespace ElasticScaler.LoadTest.Reports;

/// <summary>Writes every report format into one folder and returns the paths.</summary>
internal static class ReportWriter
{
    public const string Html = "report.html";
    public const string Markdown = "summary.md";
    public const string Csv = "timeseries.csv";
    public const string Json = "report.json";
    public const string JUnit = "junit.xml";

    public static IReadOnlyList<string> Write(LoadRunResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        void Save(string name, string content)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, content);
            files.Add(path);
        }

        Save(Json, JsonReport.Render(result));
        Save(Csv, CsvReport.Render(result));
        Save(Markdown, MarkdownReport.Render(result));
        Save(JUnit, JUnitReport.Render(result));
        Save(Html, HtmlReport.Render(result));
        return files;
    }
}
