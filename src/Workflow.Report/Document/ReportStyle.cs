namespace Workflow.Report.Document;

/// <summary>The report's inline stylesheet: system fonts only (no web fonts), print friendly.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --accent: #0b5394; --paper: #ffffff; --band: #f6f8fa; }
        * { box-sizing: border-box; }
        html { background: var(--band); }
        body { margin: 0 auto; max-width: 1180px; padding: 32px 40px 48px; background: var(--paper); color: var(--ink);
               font: 15px/1.55 "DejaVu Sans", "Liberation Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        header { border-bottom: 2px solid var(--ink); margin-bottom: 8px; }
        h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
        .subtitle { color: var(--muted); margin: 0 0 12px; }
        nav ol { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 0 0 14px; font-size: 14px; }
        nav a, a { color: var(--accent); text-decoration: none; }
        nav a:hover, a:hover { text-decoration: underline; }
        section { padding-top: 12px; border-bottom: 1px solid var(--rule); padding-bottom: 18px; }
        h2 { font-size: 20px; margin: 18px 0 10px; }
        h3 { font-size: 16px; margin: 18px 0 8px; color: var(--muted); }
        p { margin: 8px 0; max-width: 960px; }
        figure { margin: 18px 0 22px; }
        .panels { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
        .panels svg { max-width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 4px; background: #fff; }
        figcaption { font-size: 13.5px; color: var(--muted); margin-top: 8px; max-width: 960px; }
        .table { overflow-x: auto; margin: 14px 0 20px; }
        table { border-collapse: collapse; font-size: 13.5px; font-variant-numeric: tabular-nums; }
        .caption { font-size: 13.5px; color: var(--muted); margin: 0 0 6px; max-width: 960px; }
        th, td { border-bottom: 1px solid var(--rule); padding: 5px 10px; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--ink); background: var(--band); white-space: nowrap; }
        tbody th { font-weight: 600; white-space: nowrap; }
        .num { text-align: right; white-space: nowrap; }
        .mid { text-align: center; }
        td { overflow-wrap: anywhere; }
        td.hash { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
        footer { color: var(--muted); font-size: 12.5px; margin-top: 18px; }
        @media print { html { background: #fff; } body { padding: 0; } section { break-inside: avoid-page; } }

        """;
}
