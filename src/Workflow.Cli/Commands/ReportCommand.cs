using System.CommandLine;
using System.Globalization;
using Workflow.Cli.Stages;
using Workflow.Pipeline;
using Workflow.Report;

namespace Workflow.Cli.Commands;

/// <summary>
/// <c>idim report --input dir [--output dir] [--date ISO-8601]</c>: renders index.html, report.md and the SVG
/// figures from twonn.csv, correlation.json and run.json in the input folder.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var input = new Option<DirectoryInfo?>("--input") { Description = "Folder holding twonn.csv, correlation.json and run.json (artifacts/<experiment>); not with --experiment." };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Folder for index.html, report.md and figures (default: <input>/report)." };
        var date = new Option<string?>("--date")
        {
            Description = "Date printed in the report (ISO 8601, e.g. 2025-01-31T12:00:00Z); default: $SOURCE_DATE_EPOCH if set, else now.",
        };
        var command = new Command("report", "Render the report: one self-contained HTML file (inline SVG figures) and Markdown with SVG files beside it.");
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(date);
        var stage = new StageOptions();
        stage.AddTo(command, withDevice: false);
        command.SetAction(parse =>
        {
            stage.RefuseMixedModes(parse, "report", [(input, null), (output, null), (date, null)]);
            if (stage.InStageMode(parse)) return StageCommand.RunStage(stage.Read(parse), StageNames.Report);
            if (parse.GetValue(input) is not { } folder)
            {
                Console.Error.WriteLine("error: give --input <folder>, or --experiment <name> to run the Report stage.");
                return 1;
            }
            return Run(folder, parse.GetValue(output), parse.GetValue(date));
        });
        return command;
    }

    private static int Run(DirectoryInfo input, DirectoryInfo? output, string? dateText)
    {
        try
        {
            string outputFolder = output?.FullName ?? Path.Combine(input.FullName, "report");
            var document = ReportWriter.Write(input.FullName, outputFolder, new ReportOptions(ReportStage.ReportDate(dateText)));
            int figures = document.Sections.SelectMany(s => s.Blocks).OfType<Workflow.Report.Document.Figure>().Count();
            Console.WriteLine($"report: {figures} figures; wrote {Path.Combine(outputFolder, ReportWriter.HtmlFileName)} " +
                              $"and {Path.Combine(outputFolder, ReportWriter.MarkdownFileName)}");
            return 0;
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or KeyNotFoundException or IOException
                                       or ArgumentOutOfRangeException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

}
