using static TorchSharp.torch;

namespace Workflow.Torch.Weights;

/// <summary>Reads the tensors of one or more weight files (safetensors or torch.save zip) into one dictionary.</summary>
public static class StateDictReader
{
    /// <summary>Reads every file; a name present in two files is an error (shards never overlap).</summary>
    public static Dictionary<string, Tensor> Read(IReadOnlyList<string> files)
    {
        var all = new Dictionary<string, Tensor>();
        try
        {
            foreach (string file in files)
            {
                Dictionary<string, Tensor> part = file.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                    ? SafetensorsFile.Load(file)
                    : PyTorchCheckpointFile.Load(file);
                foreach (var (name, tensor) in part)
                {
                    if (!all.TryAdd(name, tensor))
                    {
                        foreach (Tensor t in part.Values) t.Dispose();
                        throw new InvalidDataException($"Tensor '{name}' appears in more than one weight file (second: {Path.GetFileName(file)}).");
                    }
                }
            }
            return all;
        }
        catch
        {
            foreach (Tensor t in all.Values) t.Dispose();
            throw;
        }
    }
}
