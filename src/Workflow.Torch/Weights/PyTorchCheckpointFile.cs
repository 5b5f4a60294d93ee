using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Text;
using static TorchSharp.torch;

namespace Workflow.Torch.Weights;

/// <summary>
/// Reads a state dict saved by <c>torch.save</c> in the zip format (PyTorch ≥ 1.6: <c>pytorch_model.bin</c>):
/// <c>&lt;name&gt;/data.pkl</c> is a pickle in which each tensor is <c>torch._utils._rebuild_tensor_v2(storage, offset,
/// size, stride, …)</c> and each storage a persistent id <c>('storage', torch.FloatStorage, key, location, numel)</c>
/// whose bytes are the archive entry <c>&lt;name&gt;/data/&lt;key&gt;</c>. Only the pickle opcodes and globals a state dict
/// uses are understood; anything else (a pickled module, arbitrary classes) is refused, never executed.
/// </summary>
public static class PyTorchCheckpointFile
{
    /// <summary>Loads every tensor of the state dict (on the CPU, in its stored dtype, contiguous).</summary>
    /// <exception cref="InvalidDataException">Not a zip-format checkpoint, truncated, or not a plain state dict.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        string file = Path.GetFileName(path);
        using FileStream stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        if (stream.Length < 4 || stream.Read(magic) < 4 || magic[0] != 'P' || magic[1] != 'K')
            throw new InvalidDataException(
                $"{file} is not a zip-format PyTorch checkpoint (PyTorch ≥ 1.6). Legacy checkpoints are not supported: " +
                "re-save it with torch.save(model.state_dict(), path) on a recent PyTorch, or use model.safetensors.");
        stream.Position = 0;
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{file} is damaged or truncated (its zip directory cannot be read: {e.Message}). Delete it and download it again.", e);
        }

        using (archive)
        {
            ZipArchiveEntry pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl")
                ?? throw new InvalidDataException($"{file} holds no data.pkl: it is not a torch.save checkpoint.");
            string root = pickle.FullName[..^"data.pkl".Length];
            byte[] program;
            try
            {
                using var s = pickle.Open();
                using var buffer = new MemoryStream();
                s.CopyTo(buffer);
                program = buffer.ToArray();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{file} is damaged ({e.Message}). Delete it and download it again.", e);
            }

            var storages = new StorageCache(archive, root, file);
            try
            {
                object result = new Unpickler(program, file).Run();
                if (result is not Dictionary<object, object> dict)
                    throw new InvalidDataException($"{file} does not hold a state dict (a mapping from names to tensors).");
                var tensors = new Dictionary<string, Tensor>(dict.Count);
                foreach (var (key, value) in dict)
                {
                    if (key is string name && value is TensorRecipe recipe) tensors[name] = recipe.Build(storages);
                }
                return tensors;
            }
            finally
            {
                storages.Dispose();
            }
        }
    }

    private sealed record Global(string Module, string Name);
    private sealed record StorageRef(string Key, ScalarType Type, long Count);

    private sealed record TensorRecipe(StorageRef Storage, long Offset, long[] Size, long[] Stride)
    {
        public Tensor Build(StorageCache storages)
        {
            using var scope = NewDisposeScope();
            Tensor flat = storages.Get(Storage);
            Tensor view = Size.Length == 0 ? flat.narrow(0, Offset, 1).reshape([]) : flat.as_strided(Size, Stride, Offset);
            return view.contiguous().clone().MoveToOuterDisposeScope();
        }
    }

    /// <summary>Reads each storage once (tensors may share one) and checks its size against the archive entry.</summary>
    private sealed class StorageCache(ZipArchive archive, string root, string file) : IDisposable
    {
        private readonly Dictionary<string, Tensor> loaded = new();

        public Tensor Get(StorageRef storage)
        {
            if (loaded.TryGetValue(storage.Key, out Tensor? t)) return t;
            ZipArchiveEntry entry = archive.GetEntry(root + "data/" + storage.Key)
                ?? throw new InvalidDataException($"{file} lacks the storage entry data/{storage.Key}: the file is truncated or damaged. Download it again.");
            t = empty([storage.Count], storage.Type);
            long expected = storage.Count * t.ElementSize;
            if (entry.Length < expected)
                throw new InvalidDataException($"{file}: storage data/{storage.Key} holds {entry.Length} bytes but {expected} are needed. Download the file again.");
            if (expected > 0)
            {
                using Stream s = entry.Open();
                try
                {
                    s.ReadExactly(t.bytes);
                }
                catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
                {
                    throw new InvalidDataException($"{file}: storage data/{storage.Key} cannot be read ({e.Message}). Download the file again.", e);
                }
            }
            loaded[storage.Key] = t;
            return t;
        }

        public void Dispose()
        {
            foreach (Tensor t in loaded.Values) t.Dispose();
        }
    }

    /// <summary>A pickle machine restricted to what <c>torch.save(state_dict)</c> emits.</summary>
    private sealed class Unpickler(byte[] program, string file)
    {
        private static readonly object Mark = new();
        private readonly List<object?> stack = new();
        private readonly Dictionary<long, object?> memo = new();
        private int position;

        public object Run()
        {
            while (true)
            {
                byte op = ReadByte();
                switch (op)
                {
                    case 0x80: ReadByte(); break; // PROTO
                    case 0x95: Take(8); break; // FRAME
                    case (byte)'.': return Pop() ?? throw Bad("the pickle ends with None");
                    case (byte)'(': stack.Add(Mark); break;
                    case (byte)'}': stack.Add(new Dictionary<object, object>()); break;
                    case (byte)']': stack.Add(new List<object?>()); break;
                    case (byte)')': stack.Add(Array.Empty<object?>()); break;
                    case (byte)'N': stack.Add(null); break;
                    case 0x88: stack.Add(true); break;
                    case 0x89: stack.Add(false); break;
                    case (byte)'K': stack.Add((long)ReadByte()); break;
                    case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
                    case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
                    case 0x8a: stack.Add(ReadLong(ReadByte())); break; // LONG1
                    case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
                    case (byte)'X': stack.Add(Encoding.UTF8.GetString(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4))))); break;
                    case 0x8c: stack.Add(Encoding.UTF8.GetString(Take(ReadByte()))); break; // SHORT_BINUNICODE
                    case (byte)'U': stack.Add(Encoding.Latin1.GetString(Take(ReadByte()))); break; // SHORT_BINSTRING
                    case (byte)'T': stack.Add(Encoding.Latin1.GetString(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4))))); break;
                    case (byte)'C': stack.Add(Take(ReadByte()).ToArray()); break; // SHORT_BINBYTES
                    case (byte)'B': stack.Add(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4))).ToArray()); break;
                    case (byte)'c': stack.Add(new Global(ReadLine(), ReadLine())); break; // GLOBAL
                    case 0x93: { object? name = Pop(); object? module = Pop(); stack.Add(new Global((string)module!, (string)name!)); break; } // STACK_GLOBAL
                    case (byte)'q': memo[ReadByte()] = Peek(); break; // BINPUT
                    case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek(); break; // LONG_BINPUT
                    case 0x94: memo[memo.Count] = Peek(); break; // MEMOIZE
                    case (byte)'h': stack.Add(Memo(ReadByte())); break; // BINGET
                    case (byte)'j': stack.Add(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // LONG_BINGET
                    case (byte)'t': stack.Add(PopToMark().ToArray()); break; // TUPLE
                    case 0x85: stack.Add(new[] { Pop() }); break; // TUPLE1
                    case 0x86: { object? b = Pop(), a = Pop(); stack.Add(new[] { a, b }); break; } // TUPLE2
                    case 0x87: { object? c = Pop(), b = Pop(), a = Pop(); stack.Add(new[] { a, b, c }); break; } // TUPLE3
                    case (byte)'a': { object? v = Pop(); ((List<object?>)Peek()!).Add(v); break; } // APPEND
                    case (byte)'e': { var items = PopToMark(); ((List<object?>)Peek()!).AddRange(items); break; } // APPENDS
                    case (byte)'s': { object? v = Pop(), k = Pop(); SetItem(Peek(), k, v); break; } // SETITEM
                    case (byte)'u': // SETITEMS
                    {
                        var items = PopToMark();
                        for (int i = 0; i + 1 < items.Count; i += 2) SetItem(Peek(), items[i], items[i + 1]);
                        break;
                    }
                    case (byte)'Q': stack.Add(PersistentLoad(Pop())); break; // BINPERSID
                    case (byte)'R': { object? args = Pop(), callable = Pop(); stack.Add(Reduce(callable, (object?[])args!)); break; } // REDUCE
                    case 0x81: { object? args = Pop(), cls = Pop(); stack.Add(Reduce(cls, (object?[])args!)); break; } // NEWOBJ
                    case (byte)'b': Pop(); break; // BUILD: OrderedDict's state (_metadata) is not needed
                    case (byte)'0': Pop(); break; // POP
                    default:
                        throw Bad($"unsupported pickle opcode 0x{op:x2} at byte {position - 1}");
                }
            }
        }

        private object? PersistentLoad(object? pid)
        {
            // ('storage', torch.FloatStorage, key, location, numel)
            if (pid is not object?[] { Length: >= 5 } t || t[0] is not "storage" || t[1] is not Global type || t[2] is not string key)
                throw Bad("a persistent id is not a tensor storage");
            long count = Convert.ToInt64(t[4]);
            return new StorageRef(key, StorageType(type.Name), count);
        }

        private object? Reduce(object? callable, object?[] args)
        {
            if (callable is not Global g) throw Bad("REDUCE on something that is not a global");
            switch (g.Module + "." + g.Name)
            {
                case "collections.OrderedDict":
                    return new Dictionary<object, object>();
                case "torch._utils._rebuild_tensor_v2":
                case "torch._utils._rebuild_tensor":
                    if (args.Length < 4 || args[0] is not StorageRef storage)
                        throw Bad("a tensor is rebuilt from something that is not a storage");
                    return new TensorRecipe(storage, Convert.ToInt64(args[1]), Longs(args[2]), Longs(args[3]));
                case "torch._utils._rebuild_parameter":
                    return args[0];
                default:
                    throw Bad($"it refers to {g.Module}.{g.Name}; only plain state dicts (tensors in an OrderedDict) are supported. " +
                              "Re-save with torch.save(model.state_dict(), path)");
            }
        }

        private static long[] Longs(object? tuple) => ((object?[])tuple!).Select(Convert.ToInt64).ToArray();

        private ScalarType StorageType(string name) => name switch
        {
            "FloatStorage" => ScalarType.Float32,
            "DoubleStorage" => ScalarType.Float64,
            "HalfStorage" => ScalarType.Float16,
            "BFloat16Storage" => ScalarType.BFloat16,
            "LongStorage" => ScalarType.Int64,
            "IntStorage" => ScalarType.Int32,
            "ShortStorage" => ScalarType.Int16,
            "CharStorage" => ScalarType.Int8,
            "ByteStorage" => ScalarType.Byte,
            "BoolStorage" => ScalarType.Bool,
            _ => throw Bad($"storage type {name} is not supported"),
        };

        private static void SetItem(object? target, object? key, object? value)
        {
            if (target is Dictionary<object, object> d && key is not null && value is not null) d[key] = value;
        }

        private object? Memo(long index) =>
            memo.TryGetValue(index, out object? v) ? v : throw Bad($"memo entry {index} is missing");

        private List<object?> PopToMark()
        {
            int mark = stack.FindLastIndex(x => ReferenceEquals(x, Mark));
            if (mark < 0) throw Bad("MARK expected");
            var items = stack.GetRange(mark + 1, stack.Count - mark - 1);
            stack.RemoveRange(mark, stack.Count - mark);
            return items;
        }

        private object? Pop()
        {
            if (stack.Count == 0) throw Bad("stack underflow");
            object? v = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return v;
        }

        private object? Peek() => stack.Count > 0 ? stack[^1] : throw Bad("stack underflow");

        private byte ReadByte() => position < program.Length ? program[position++] : throw Bad("the pickle ends early (truncated)");

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || position + count > program.Length) throw Bad("the pickle ends early (truncated)");
            var span = new ReadOnlySpan<byte>(program, position, count);
            position += count;
            return span;
        }

        private string ReadLine()
        {
            int end = Array.IndexOf(program, (byte)'\n', position);
            if (end < 0) throw Bad("the pickle ends early (truncated)");
            string s = Encoding.ASCII.GetString(program, position, end - position);
            position = end + 1;
            return s;
        }

        private long ReadLong(int length)
        {
            var value = new BigInteger(Take(length), isUnsigned: false, isBigEndian: false);
            return (long)value;
        }

        private InvalidDataException Bad(string what) =>
            new($"{file} cannot be read as a PyTorch state dict: {what}.");
    }
}
