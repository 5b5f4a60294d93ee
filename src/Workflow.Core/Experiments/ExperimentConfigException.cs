namespace Workflow.Core.Experiments;

/// <summary>An experiment file that does not validate: names the file, the field, the value and what is allowed.</summary>
public sealed class ExperimentConfigException : Exception
{
    /// <summary>Creates the error for <paramref name="field"/> (dotted path such as <c>dataset.per_class</c>).</summary>
    public ExperimentConfigException(string file, string field, string? value, string allowed)
        : base($"{file}: field '{field}'" + (value is null ? " is missing" : $" has value '{value}'") + $"; expected {allowed}.")
    {
        File = file;
        Field = field;
        Value = value;
    }

    /// <summary>Creates an error that is not about one field (unreadable file, YAML syntax).</summary>
    public ExperimentConfigException(string message, Exception? inner = null) : base(message, inner)
    {
        File = "";
        Field = "";
    }

    /// <summary>The experiment file.</summary>
    public string File { get; }

    /// <summary>The dotted path of the offending field.</summary>
    public string Field { get; }

    /// <summary>The offending value, or null when the field is missing.</summary>
    public string? Value { get; }
}
