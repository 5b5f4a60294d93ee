using Workflow.Core.IO;
using Workflow.Core.TwoNn;

namespace Workflow.Cli.Commands;

/// <summary>Reads a point cloud given on the command line: a 2-D .npy matrix, or a Parquet embedding file (vectors + labels).</summary>
internal static class PointCloudFile
{
    /// <summary>The points, and the labels when the file carries them (Parquet).</summary>
    public static (PointMatrix Points, int[]? Labels) Load(FileInfo input, string column)
    {
        if (!input.Exists) throw new FileNotFoundException($"No such file: {input.FullName}. Give a 2-D .npy matrix or a Parquet embedding file.", input.FullName);
        if (input.Extension.Equals(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            EmbeddingTable table = EmbeddingParquet.Read(input.FullName, column);
            return (table.Vectors, table.Labels);
        }
        return (NpyFile.ReadMatrix(input.FullName), null);
    }

    /// <summary>Labels from a 1-D .npy file, checked against the number of rows.</summary>
    public static int[] LoadLabels(FileInfo labelsFile, FileInfo input, int rows)
    {
        int[] labels = NpyFile.ReadLabels(labelsFile.FullName);
        if (labels.Length != rows)
            throw new InvalidDataException($"{labelsFile.Name} holds {labels.Length} labels but {input.Name} has {rows} rows; need one label per row.");
        return labels;
    }
}
