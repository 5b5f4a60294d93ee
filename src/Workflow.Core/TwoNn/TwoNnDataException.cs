namespace Workflow.Core.TwoNn;

/// <summary>
/// The data do not allow a TwoNN estimate (non-finite values, too few distinct points, an undefined fit).
/// The message says what was found and what to do; we never return NaN or a silent number instead.
/// </summary>
public sealed class TwoNnDataException : Exception
{
    /// <summary>Creates the exception with a message for people.</summary>
    public TwoNnDataException(string message) : base(message) { }
}
