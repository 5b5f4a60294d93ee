namespace Workflow.Report;

/// <summary>Settings of a report rendering.</summary>
/// <param name="Date">The date printed in the report; fixed in tests so the output is deterministic.</param>
public sealed record ReportOptions(DateTimeOffset Date);
