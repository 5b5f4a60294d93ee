namespace Workflow.Torch.Weights;

/// <summary>
/// The rule the safetensors library enforces when it opens a file (<c>Metadata::validate</c> and the
/// <c>MetadataIncompleteBuffer</c> check of <c>read_metadata</c>): sorted by offset, the tensors tile the data
/// section exactly, from byte 0 to its end, with no overlap, gap or trailing bytes. Two tensors sharing bytes would
/// otherwise load silently as aliases of each other.
/// </summary>
internal static class SafetensorsLayout
{
    /// <exception cref="InvalidDataException">Overlapping or non-contiguous <c>data_offsets</c>, or bytes left over.</exception>
    public static void CheckContiguous(string file, IReadOnlyList<SafetensorsEntry> entries, long dataLength)
    {
        long expected = 0;
        string? previous = null;
        foreach (SafetensorsEntry entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin != expected)
                throw new InvalidDataException(
                    $"{file} is not a valid safetensors file: tensor '{entry.Name}' starts at byte {entry.Begin} of the data section, " +
                    (entry.Begin < expected
                        ? $"inside '{previous}' (which ends at {expected}): data_offsets overlap"
                        : $"but {(previous is null ? "the data section starts" : $"'{previous}' ends")} at {expected}: data_offsets leave a gap") +
                    " (the safetensors library rejects this as InvalidOffset). Re-save the weights with safetensors.");
            expected = entry.End;
            previous = entry.Name;
        }
        if (expected != dataLength)
            throw new InvalidDataException(
                $"{file} is not a valid safetensors file: its tensors end at byte {expected} of the data section, which holds {dataLength} bytes " +
                "(the safetensors library rejects this as MetadataIncompleteBuffer). Re-save the weights with safetensors.");
    }
}
